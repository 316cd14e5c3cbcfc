"""Workflow engine overhead per node, with no LLM time: a chain of trivial nodes.

    .venv/bin/python bench/workflow_engine.py [--nodes 50] [--runs 300] [--gevent]

Builds start → (nodes - 2) variable nodes → end, each variable node declaring
``v`` from the previous node's ``v`` (so every node resolves a reference), and
runs it through ``workflows.engine.run_workflow`` with an in-memory sink —
validation, scheduling, node events, reports, redaction, all of it. Prints the
p50/p95 of a whole run and of a run divided by the node count (the target is
≤ 1 ms per node at p50), and the same for validation alone. ``--gevent``
monkey-patches first, as the Celery worker's gevent pool does.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class NullSink:
    """Counts events; what a run costs without Redis."""

    def __init__(self) -> None:
        self.events = 0

    def emit(self, type, data, *, scope=None) -> None:
        self.events += 1

    def flush(self) -> None:
        pass

    @property
    def cancelled(self) -> bool:
        return False


def chain(n_nodes: int) -> dict:
    """A FlowGram schema: start, ``n_nodes - 2`` variable nodes in a line, end."""
    middle = [f"variable_{i}" for i in range(n_nodes - 2)]
    nodes = [
        {
            "id": "start_0",
            "type": "start",
            "meta": {"position": {"x": 0, "y": 0}},
            "data": {
                "title": "Start",
                "outputs": {"type": "object", "properties": {"seed": {"type": "integer", "default": 1}}},
            },
        }
    ]
    previous = ["start_0", "seed"]
    for index, node_id in enumerate(middle):
        nodes.append(
            {
                "id": node_id,
                "type": "variable",
                "meta": {"position": {"x": 300 * (index + 1), "y": 0}},
                "data": {
                    "title": f"Variable_{index}",
                    "assign": [{"operator": "declare", "left": "v", "right": {"type": "ref", "content": previous}}],
                },
            }
        )
        previous = [node_id, "v"]
    nodes.append(
        {
            "id": "end_0",
            "type": "end",
            "meta": {"position": {"x": 300 * n_nodes, "y": 0}},
            "data": {
                "title": "End",
                "inputsValues": {"v": {"type": "ref", "content": previous}},
                "inputs": {"type": "object", "properties": {"v": {"type": "integer"}}},
            },
        }
    )
    ids = ["start_0", *middle, "end_0"]
    edges = [{"sourceNodeID": a, "targetNodeID": b} for a, b in itertools.pairwise(ids)]
    return {"nodes": nodes, "edges": edges}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(*, n_nodes: int = 50, runs: int = 300, out=print) -> dict:
    from workflows.engine import Env, run_workflow, validate

    schema = chain(n_nodes)
    for _ in range(min(20, runs)):  # warm up imports and caches
        run_workflow(schema, {"seed": 3}, env=Env(sink=NullSink()))
    whole, checks = [], []
    for _ in range(runs):
        sink = NullSink()
        started = time.perf_counter()
        result = run_workflow(schema, {"seed": 3}, env=Env(sink=sink))
        whole.append((time.perf_counter() - started) * 1000)
        if result.status != "succeeded" or result.outputs != {"v": 3}:
            raise RuntimeError(f"the chain did not run: {result.status} {result.error}")
        started = time.perf_counter()
        validate(schema, {"seed": 3})
        checks.append((time.perf_counter() - started) * 1000)
    figures = {
        "nodes": n_nodes,
        "runs": runs,
        "events_per_run": sink.events,
        "run_p50_ms": round(statistics.median(whole), 3),
        "run_p95_ms": round(_percentile(whole, 0.95), 3),
        "per_node_p50_ms": round(statistics.median(whole) / n_nodes, 4),
        "per_node_p95_ms": round(_percentile(whole, 0.95) / n_nodes, 4),
        "validate_p50_ms": round(statistics.median(checks), 3),
    }
    out(f"workflow engine, {n_nodes}-node chain of variable nodes, {runs} runs, in-memory sink:")
    out(f"  whole run      p50 {figures['run_p50_ms']:.3f} ms   p95 {figures['run_p95_ms']:.3f} ms")
    out(
        f"  per node       p50 {figures['per_node_p50_ms']:.4f} ms  p95 {figures['per_node_p95_ms']:.4f} ms"
        "   (target: p50 <= 1 ms)"
    )
    out(f"  validate only  p50 {figures['validate_p50_ms']:.3f} ms")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=50)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--gevent", action="store_true", help="monkey-patch like the worker's gevent pool")
    args = parser.parse_args()
    if args.gevent:
        from gevent import monkey

        monkey.patch_all()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tomato_agent.settings.test")
    import django

    django.setup()
    figures = measure(n_nodes=args.nodes, runs=args.runs)
    print("JSON " + json.dumps(figures))


if __name__ == "__main__":
    main()
