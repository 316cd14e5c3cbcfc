"""bench/sandbox_latency.py at tiny size: it runs and reports sane figures (skipped without a sandbox)."""

import pytest

from bench import sandbox_latency
from sandbox.tests.conftest import sandbox_ready  # noqa: F401 - the skip-with-reason fixture, shared

pytestmark = pytest.mark.usefixtures("sandbox_ready")


def test_sandbox_latency_reports_percentiles():
    lines = []
    figures = sandbox_latency.measure(runs=3, concurrent=3, heavy=False, out=lines.append)
    assert 0 < figures["p50_ms"] <= figures["p99_ms"] < 10_000
    assert 0 < figures["concurrent_p50_ms"] <= figures["concurrent_p99_ms"] <= figures["concurrent_wall_ms"] + 1
    assert any("p50" in line for line in lines)
