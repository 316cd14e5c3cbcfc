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
