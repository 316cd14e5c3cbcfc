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
        assert 0 < figures[f"{kind}_p50_ms"] <= figures[f"{kind}_p90_ms"] < 30_000, figures
    assert figures["extra_p50_ms"] == round(figures["sub_p50_ms"] - figures["tool_p50_ms"], 2)
    assert figures["probe"]["seconds"] > 0
