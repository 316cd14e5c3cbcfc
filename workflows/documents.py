"""FlowGram documents as data: the shape check on import, the start node's input schema,
and the values in a document that must never be stored or shown (LLM API keys).

Pure functions over JSON values; the runtime's own validation (references,
cycles, node rules) is :func:`workflows.engine.validate`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from tomato_agent.errors import InvalidRequest

MAX_DOCUMENT_BYTES = 1_000_000
MAX_NODES = 2000


def document_parse(value: Any, *, field: str = "schema") -> dict:
    """A FlowGram document from a JSON object or a JSON string (FlowGram's task API sends a string).

    Checks only the outer shape — an object with a ``nodes`` list of objects that have a
    string ``id`` and ``type``, and an ``edges`` list of objects — so a document drawn in
    FlowGram's editor, with node types or fields this platform does not run, is stored as
    it is; whether it can run is :func:`workflows.engine.validate`'s answer.
    """
    if isinstance(value, str | bytes):
        if len(value) > MAX_DOCUMENT_BYTES:
            raise InvalidRequest(f"{field} is larger than {MAX_DOCUMENT_BYTES // 1000} kB.")
        try:
            value = json.loads(value)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InvalidRequest(f"{field} is not valid JSON: {exc}.") from None
    if not isinstance(value, dict):
        raise InvalidRequest(f"{field} must be a FlowGram document: a JSON object with nodes and edges.")
    nodes, edges = value.get("nodes"), value.get("edges", [])
    if not isinstance(nodes, list):
        raise InvalidRequest(f"{field}.nodes must be a list of nodes.")
    if not isinstance(edges, list) or not all(isinstance(edge, dict) for edge in edges):
        raise InvalidRequest(f"{field}.edges must be a list of edge objects.")
    count = 0
    for node in nodes_walk(value):
        count += 1
        if not isinstance(node.get("id"), str) or not node["id"]:
            raise InvalidRequest(f"{field}: every node needs a string id.")
        if not isinstance(node.get("type"), str) or not node["type"]:
            raise InvalidRequest(f"{field}: node {node['id']} needs a string type.")
    if count > MAX_NODES:
        raise InvalidRequest(f"{field} has more than {MAX_NODES} nodes.")
    if len(json.dumps(value, ensure_ascii=False)) > MAX_DOCUMENT_BYTES:
        raise InvalidRequest(f"{field} is larger than {MAX_DOCUMENT_BYTES // 1000} kB.")
    return value


def nodes_walk(document: dict) -> Iterator[dict]:
    """Every node of a document, those inside loops (``blocks``) included; raises on non-objects."""
    stack = list(reversed(document.get("nodes") or []))
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            raise InvalidRequest("schema: every node must be a JSON object.")
        yield node
        blocks = node.get("blocks")
        if blocks is not None:
            if not isinstance(blocks, list):
                raise InvalidRequest(f"schema: node {node.get('id')} has blocks that are not a list.")
            stack.extend(reversed(blocks))
        edges = node.get("edges")
        if edges is not None and (not isinstance(edges, list) or not all(isinstance(e, dict) for e in edges)):
            raise InvalidRequest(f"schema: node {node.get('id')} has edges that are not a list of objects.")


def start_node(document: dict) -> dict | None:
    return next((node for node in document.get("nodes") or () if node.get("type") == "start"), None)


def input_schema(document: dict) -> dict:
    """The JSON schema of a workflow's inputs: the start node's ``data.outputs``."""
    start = start_node(document) or {}
    schema = (start.get("data") or {}).get("outputs")
    return schema if isinstance(schema, dict) else {"type": "object", "properties": {}}


def import_body(body: Any) -> tuple[dict, str | None, str | None]:
    """``(document, name, description)`` from an import body.

    The body is either a FlowGram document exactly as FlowGram's editor exports it
    (``{nodes, edges, …}``), or this platform's export envelope
    ``{name, description, schema}`` whose ``schema`` is that document (or its JSON string).
    """
    if isinstance(body, dict) and "nodes" not in body and "schema" in body:
        name, description = body.get("name"), body.get("description")
        if name is not None and not isinstance(name, str):
            raise InvalidRequest("name must be a string.")
        if description is not None and not isinstance(description, str):
            raise InvalidRequest("description must be a string.")
        return document_parse(body["schema"]), name, description
    return document_parse(body), None, None


def secret_values(document: dict, inputs: dict | None) -> set[str]:
    """API keys an llm node of this document will use: constants, and start inputs it refers to.

    They are scrubbed from everything a run stores or emits (FlowGram's documents
    carry ``apiKey`` as an ordinary input value).
    """
    start = start_node(document) or {}
    found: set[str] = set()
    for node in nodes_walk(document):
        if node.get("type") != "llm":
            continue
        value = ((node.get("data") or {}).get("inputsValues") or {}).get("apiKey")
        if not isinstance(value, dict):
            continue
        content = value.get("content")
        if value.get("type") == "constant" and isinstance(content, str):
            found.add(content)
        elif value.get("type") == "ref" and isinstance(content, list) and len(content) >= 2:
            if content[0] == start.get("id") and isinstance(inputs, dict):
                ref = inputs.get(content[1])
                if isinstance(ref, str):
                    found.add(ref)
        elif value.get("type") == "template" and isinstance(content, str) and "{{" not in content:
            found.add(content)
    return {value for value in found if len(value) >= 4}
