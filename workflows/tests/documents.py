"""FlowGram documents the workflow tests share (small ones written inline; the editor export as a file)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def editor_export() -> dict:
    """A document in the exact shape FlowGram's free-layout editor exports (comment node, loop blocks, ports)."""
    return load("editor_export.json")


def start_end(*, outputs: dict | None = None, end_values: dict | None = None) -> dict:
    """start → end, the end node echoing the start's ``query``."""
    properties = outputs or {"query": {"type": "string", "default": "hi"}}
    values = end_values or {"echo": {"type": "ref", "content": ["start_0", "query"]}}
    return copy.deepcopy(
        {
            "nodes": [
                {
                    "id": "start_0",
                    "type": "start",
                    "meta": {"position": {"x": 0, "y": 0}},
                    "data": {"title": "Start", "outputs": {"type": "object", "properties": properties}},
                },
                {
                    "id": "end_0",
                    "type": "end",
                    "meta": {"position": {"x": 400, "y": 0}},
                    "data": {
                        "title": "End",
                        "inputsValues": values,
                        "inputs": {"type": "object", "properties": {k: {"type": "string"} for k in values}},
                    },
                },
            ],
            "edges": [{"sourceNodeID": "start_0", "targetNodeID": "end_0"}],
        }
    )
