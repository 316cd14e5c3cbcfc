"""bench/subagent_start.py at tiny size on its own platform: the figures exist and are sane (no speed
target here: that is the bench's to print)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.e2e
def test_subagent_start_bench_smoke():
    env = dict(os.environ)
    for name in ("DJANGO_SETTINGS_MODULE", "CELERY_QUEUE", "MONGO_DB_NAME", "DATABASE_URL", "LLM_BASE_URL"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "bench.subagent_start", "--smoke"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=110,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("SMOKE-JSON ")]
    assert done.returncode == 0, f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    figures = json.loads(lines[-1][len("SMOKE-JSON ") :])
    assert figures["runs"] == 3
    for kind in ("sub", "tool"):
        assert 0 < figures[f"{kind}_p50_ms"] <= figures[f"{kind}_p90_ms"] < 30_000, figures
    assert figures["extra_p50_ms"] == round(figures["sub_p50_ms"] - figures["tool_p50_ms"], 2)
    assert figures["probe"]["seconds"] > 0
