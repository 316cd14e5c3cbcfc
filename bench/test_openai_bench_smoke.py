"""bench/openai_ttft.py at tiny size, so it cannot rot (no speed target): a few turns over native SSE
and /v1/chat/completions with an API key on a platform of its own, every answer whole."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.e2e
@pytest.mark.timeout(240)
def test_openai_ttft_bench_smoke():
    env = dict(os.environ)
    for name in (
        "DJANGO_SETTINGS_MODULE",
        "CELERY_QUEUE",
        "MONGO_DB_NAME",
        "DATABASE_URL",
        "LLM_BASE_URL",
        "REDIS_URL",
        "MONGO_URL",
    ):
        env.pop(name, None)  # its own services, database and queue
    done = subprocess.run(
        [sys.executable, "bench/openai_ttft.py", "--turns", "3", "--warmup", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=200,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "bad turns: 0" in done.stdout
    figures = re.findall(r"^/v1/chat/completions \(API key\)\s+([\d.]+)ms\s+([\d.]+)ms$", done.stdout, re.MULTILINE)
    assert figures, done.stdout[-2000:]
    assert 0 < float(figures[0][0]) < 30_000
