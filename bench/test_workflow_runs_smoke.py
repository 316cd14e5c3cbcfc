"""bench/workflow_runs.py at tiny size on its own platform: the figures exist and are sane, and no
token was lost (no speed target here: those are the bench's to print)."""

from __future__ import annotations

import pytest

from bench._smoke import smoke_figures


@pytest.mark.e2e
def test_workflow_runs_bench_smoke():
    figures = smoke_figures("bench.workflow_runs")
    concurrent = figures["concurrent"]
    assert concurrent["runs"] == concurrent["complete"] == 6, concurrent
    assert concurrent["lost_chars"] == concurrent["wrong_text"] == concurrent["reordered"] == 0, concurrent
    assert 0 < concurrent["run_p50_ms"] <= concurrent["run_p99_ms"]
    latency = figures["latency"]
    assert latency["events"] == 4, latency
    assert -50 < latency["p50_ms"] <= latency["p99_ms"] < 30_000, latency
