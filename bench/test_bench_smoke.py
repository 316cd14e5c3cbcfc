"""Every latency/throughput bench at tiny size, so they cannot rot (no speed targets here).

One subprocess (``python -m bench._harness --smoke``) boots one platform — the
scripted LLM as a subprocess, one gevent worker, one daphne — on its own Celery
queue, MongoDB database and SQLite file (reusing this session's Valkey and
SecantusDB), runs bench/ttft_ws.py, throughput.py, concurrent_runs.py (over
WebSockets) and history_page.py with a few turns each, and prints their figures
as JSON. The test checks the figures are sane and that no token was lost,
duplicated or reordered.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _finite_ms(value) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and -1000 < value < 30_000


@pytest.fixture(scope="module")
def smoke() -> dict:
    env = dict(os.environ)
    for name in ("DJANGO_SETTINGS_MODULE", "CELERY_QUEUE", "MONGO_DB_NAME", "DATABASE_URL", "LLM_BASE_URL"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "bench._harness", "--smoke"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=110,
    )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("SMOKE-JSON ")]
    failure = f"smoke run failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert done.returncode == 0, failure
    assert lines, failure
    return json.loads(lines[-1][len("SMOKE-JSON ") :])


@pytest.mark.e2e
def test_ttft_ws_smoke(smoke):
    r = smoke["ttft_ws"]
    assert r["turns"] == 4
    assert r["bad_turns"] == 0
    for key in ("direct_p50", "direct_p99", "platform_p50", "platform_p99", "diff_p50", "diff_p99"):
        assert _finite_ms(r[key]), (key, r)
    assert 0 < r["direct_p50"] <= r["direct_p99"]
    assert 0 < r["platform_p50"] <= r["platform_p99"]


@pytest.mark.e2e
def test_throughput_smoke(smoke):
    r = smoke["throughput"]
    assert r["wrong_runs"] == 0
    assert r["lost_chars"] == 0
    assert r["direct_tok_s"] > 0
    assert r["platform_tok_s"] > 0
    assert 0 < r["ratio"] < 10
    assert 1 <= r["token_events"] <= 300  # coalesced, never more events than tokens


@pytest.mark.e2e
def test_concurrent_runs_smoke(smoke):
    direct, platform = smoke["concurrent_runs"]
    assert platform["label"] == "platform-ws"
    for row in (direct, platform):
        assert row["runs"] == row["complete"] == 8, row
        assert row["lost_chars"] == row["wrong_or_duplicated"] == row["reordered"] == 0, row
        for key in ("ttft_p50", "ttft_p99", "gap_p50", "gap_p99"):
            assert _finite_ms(row[key]), (key, row)


@pytest.mark.e2e
def test_history_page_smoke(smoke):
    r = smoke["history_page"]
    assert r["bad"] == 0
    assert r["samples"] == 10
    assert 0 < r["selector_p50"] <= r["selector_p99"] < 30_000
    assert 0 < r["http_p50"] <= r["http_p99"] < 30_000
