"""bench/subagent_start.py at tiny size on its own platform: the figures exist and are sane (no speed
target here: that is the bench's to print)."""

from __future__ import annotations

import pytest

from bench._smoke import smoke_figures


@pytest.mark.e2e
def test_subagent_start_bench_smoke():
    figures = smoke_figures("bench.subagent_start")
    assert figures["runs"] == 3
    for kind in ("sub", "tool"):
        # 0 is a real reading: events stamped on arrival, and a tool_start written in the same stream batch
        # as the first token that follows it arrives with it (make test saw sub_p50_ms 0.0 once).
        assert 0 <= figures[f"{kind}_p50_ms"] <= figures[f"{kind}_p90_ms"] < 30_000, figures
    assert figures["extra_p50_ms"] == round(figures["sub_p50_ms"] - figures["tool_p50_ms"], 2)
    assert figures["probe"]["seconds"] > 0
