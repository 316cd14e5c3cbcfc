"""bench/openai_ttft.py at tiny size, so it cannot rot (no speed target): a few turns over native SSE
and /v1/chat/completions with an API key on a platform of its own, every answer whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench._smoke import bench_run

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.e2e
@pytest.mark.timeout(240)
def test_openai_ttft_bench_smoke():
    done = bench_run(["bench/openai_ttft.py", "--turns", "3", "--warmup", "1"], timeout=200, own_services=True)
    assert "bad turns: 0" in done.stdout
    figures = re.findall(r"^/v1/chat/completions \(API key\)\s+([\d.]+)ms\s+([\d.]+)ms$", done.stdout, re.MULTILINE)
    assert figures, done.stdout[-2000:]
    assert 0 < float(figures[0][0]) < 30_000
