"""bench/workflow_runs.py at tiny size on its own platform: the figures exist and are sane, and no
token was lost (no speed target here: those are the bench's to print)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.e2e
def test_workflow_runs_bench_smoke():
    env = dict(os.environ)
    for name in ("DJANGO_SETTINGS_MODULE", "CELERY_QUEUE", "MONGO_DB_NAME", "DATABASE_URL", "LLM_BASE_URL"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "bench.workflow_runs", "--smoke"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=110,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("SMOKE-JSON ")]
    assert done.returncode == 0, f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    figures = json.loads(lines[-1][len("SMOKE-JSON ") :])
    concurrent = figures["concurrent"]
    assert concurrent["runs"] == concurrent["complete"] == 6, concurrent
    assert concurrent["lost_chars"] == concurrent["wrong_text"] == concurrent["reordered"] == 0, concurrent
    assert 0 < concurrent["run_p50_ms"] <= concurrent["run_p99_ms"]
    latency = figures["latency"]
    assert latency["events"] == 4, latency
    assert -50 < latency["p50_ms"] <= latency["p99_ms"] < 30_000, latency
