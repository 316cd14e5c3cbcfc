"""FlowGram documents for the platform tests: wf-engine's fixtures (FlowGram's own test
workflows, under ``workflows/engine/tests/fixtures``) and a few built here."""

from __future__ import annotations

import copy
import json
from pathlib import Path

ENGINE_FIXTURES = Path(__file__).resolve().parents[1] / "engine" / "tests" / "fixtures"


def fixture(name: str) -> dict:
    """One of the engine's FlowGram fixtures by file name, e.g. ``fixture("branch")``."""
    return json.loads((ENGINE_FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def ref(*path: str) -> dict:
    return {"type": "ref", "content": list(path)}


def const(value) -> dict:
    return {"type": "constant", "content": value}


def edge(source: str, target: str, port: str | None = None) -> dict:
    out = {"sourceNodeID": source, "targetNodeID": target}
    if port is not None:
        out["sourcePortID"] = port
    return out


def with_start_inputs(document: dict, properties: dict) -> dict:
    """``document`` whose start node takes these extra properties."""
    document = copy.deepcopy(document)
    start = next(n for n in document["nodes"] if n["type"] == "start")
    start["data"]["outputs"]["properties"].update(properties)
    return document


def chain(length: int) -> dict:
    """start → c0 → … → end: ``length`` cheap nodes (conditions that always take ``else``)."""
    nodes = [{"id": "start_0", "type": "start", "meta": {"position": {"x": 0, "y": 0}},
              "data": {"title": "Start", "outputs": {"type": "object",
                                                     "properties": {"x": {"type": "number", "default": 1}}}}}]  # fmt: skip
    edges, previous = [], "start_0"
    for index in range(length):
        node_id = f"c{index}"
        nodes.append({"id": node_id, "type": "condition", "meta": {"position": {"x": 200 * (index + 1), "y": 0}},
                      "data": {"title": node_id, "conditions": [{"key": "never", "value": {
                          "left": ref("start_0", "x"), "operator": "lt", "right": const(0)}}]}})  # fmt: skip
        edges.append(edge(previous, node_id, None if previous == "start_0" else "else"))
        previous = node_id
    nodes.append({"id": "end_0", "type": "end", "meta": {"position": {"x": 200 * (length + 1), "y": 0}},
                  "data": {"title": "End", "inputsValues": {"x": ref("start_0", "x")},
                           "inputs": {"type": "object", "properties": {"x": {"type": "number"}}}}})  # fmt: skip
    edges.append(edge(previous, "end_0", "else"))
    return {"nodes": nodes, "edges": edges}
