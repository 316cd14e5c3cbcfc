"""bench/workflow_engine.py at tiny size: the chain runs and the figures are sane (no speed target here)."""

from bench import workflow_engine


def test_workflow_engine_bench_reports_per_node_figures():
    lines = []
    figures = workflow_engine.measure(n_nodes=12, runs=5, out=lines.append)
    assert figures["nodes"] == 12
    assert figures["events_per_run"] == 2 * 12 + 1  # started + finished per node, then workflow_finished
    assert 0 < figures["per_node_p50_ms"] <= figures["per_node_p95_ms"] < 1000
    assert 0 < figures["validate_p50_ms"] < figures["run_p95_ms"]
    assert any("per node" in line for line in lines)
