"""FlowGram documents for the end-to-end tests, built the way FlowGram's editor writes them."""

from __future__ import annotations


def start(properties: dict, *, required: list[str] | None = None, node_id: str = "start_0") -> dict:
    outputs = {"type": "object", "properties": properties}
    if required is not None:
        outputs["required"] = required
    return {"id": node_id, "type": "start", "meta": {"position": {"x": 0, "y": 0}},
            "data": {"title": "Start", "outputs": outputs}}  # fmt: skip


def end(values: dict, *, node_id: str = "end_0", x: int = 1200, types: dict | None = None) -> dict:
    """An end node outputting ``values``; ``types`` declares their JSON types (strings unless said)."""
    declared = {key: {"type": (types or {}).get(key, "string")} for key in values}
    return {"id": node_id, "type": "end", "meta": {"position": {"x": x, "y": 0}},
            "data": {"title": "End", "inputsValues": values, "inputs": {"type": "object", "properties": declared}}}  # fmt: skip


def ref(*path: str) -> dict:
    return {"type": "ref", "content": list(path)}


def const(value) -> dict:
    return {"type": "constant", "content": value}


def template(text: str) -> dict:
    return {"type": "template", "content": text}


def llm(node_id: str, prompt: dict, *, x: int = 400, y: int = 0, api_host: str = "", api_key: str = "",
        model: str = "gpt-4o-mini", system: str = "You are helpful.") -> dict:  # fmt: skip
    return {
        "id": node_id, "type": "llm", "meta": {"position": {"x": x, "y": y}},
        "data": {
            "title": node_id.upper(),
            "inputsValues": {"modelName": const(model), "apiKey": const(api_key), "apiHost": const(api_host),
                             "temperature": const(0.5), "systemPrompt": template(system), "prompt": prompt},
            "inputs": {"type": "object", "required": ["modelName", "temperature", "prompt"], "properties": {
                "modelName": {"type": "string"}, "apiKey": {"type": "string"}, "apiHost": {"type": "string"},
                "temperature": {"type": "number"}, "systemPrompt": {"type": "string"}, "prompt": {"type": "string"}}},
            "outputs": {"type": "object", "properties": {"result": {"type": "string"}}},
        },
    }  # fmt: skip


def edge(source: str, target: str, port: str | None = None) -> dict:
    out = {"sourceNodeID": source, "targetNodeID": target}
    if port is not None:
        out["sourcePortID"] = port
    return out


def basic_llm() -> dict:
    """start(query) → llm → end(answer)."""
    return {
        "nodes": [start({"query": {"type": "string"}}, required=["query"]),
                  llm("llm_0", template("{{start_0.query}}")),
                  end({"answer": ref("llm_0", "result")})],
        "edges": [edge("start_0", "llm_0"), edge("llm_0", "end_0")],
    }  # fmt: skip


def branch_llm() -> dict:
    """start(query, formal) → condition(formal is_true) → llm_formal | llm_casual → end(formal, casual)."""
    condition = {
        "id": "condition_0", "type": "condition", "meta": {"position": {"x": 300, "y": 0}},
        "data": {"title": "Formal?", "conditions": [
            {"key": "if_formal", "value": {"left": ref("start_0", "formal"), "operator": "is_true"}}]},
    }  # fmt: skip
    return {
        "nodes": [start({"query": {"type": "string"}, "formal": {"type": "boolean", "default": False}}),
                  condition,
                  llm("llm_formal", template("{{start_0.query}}"), x=700, y=-150),
                  llm("llm_casual", template("{{start_0.query}}"), x=700, y=150),
                  end({"formal": ref("llm_formal", "result"), "casual": ref("llm_casual", "result")})],
        "edges": [edge("start_0", "condition_0"), edge("condition_0", "llm_formal", "if_formal"),
                  edge("condition_0", "llm_casual", "else"), edge("llm_formal", "end_0"),
                  edge("llm_casual", "end_0")],
    }  # fmt: skip


def condition(node_id: str, branches: list[tuple[str, dict]], *, x: int = 300, y: int = 0, title: str = "") -> dict:
    """A condition node: ``branches`` are (key, {left, operator, right?}) in order; ``else`` is implicit."""
    return {"id": node_id, "type": "condition", "meta": {"position": {"x": x, "y": y}},
            "data": {"title": title or node_id, "conditions": [{"key": k, "value": v} for k, v in branches]}}  # fmt: skip


def two_layer_branch() -> dict:
    """start(kind, level) → cond_kind: a → cond_level: hi → llm_a_hi | else → llm_a_lo; else → llm_b → end."""
    return {
        "nodes": [start({"query": {"type": "string"}, "kind": {"type": "string"}, "level": {"type": "number"}}),
                  condition("cond_kind", [("is_a", {"left": ref("start_0", "kind"), "operator": "eq",
                                                    "right": const("a")})]),
                  condition("cond_level", [("high", {"left": ref("start_0", "level"), "operator": "gte",
                                                     "right": const(5)})], x=600, y=-150),
                  llm("llm_a_hi", template("{{start_0.query}} hi"), x=900, y=-250),
                  llm("llm_a_lo", template("{{start_0.query}} lo"), x=900, y=-50),
                  llm("llm_b", template("{{start_0.query}} b"), x=900, y=150),
                  end({"a_hi": ref("llm_a_hi", "result"), "a_lo": ref("llm_a_lo", "result"),
                       "b": ref("llm_b", "result")})],
        "edges": [edge("start_0", "cond_kind"), edge("cond_kind", "cond_level", "is_a"),
                  edge("cond_kind", "llm_b", "else"), edge("cond_level", "llm_a_hi", "high"),
                  edge("cond_level", "llm_a_lo", "else"), edge("llm_a_hi", "end_0"), edge("llm_a_lo", "end_0"),
                  edge("llm_b", "end_0")],
    }  # fmt: skip


def loop(node_id: str, loop_for: dict, outputs: dict, blocks: list[dict], edges: list[dict], *, x: int = 400,
         y: int = 0) -> dict:  # fmt: skip
    return {
        "id": node_id, "type": "loop", "meta": {"position": {"x": x, "y": y}},
        "data": {"title": node_id, "loopFor": loop_for, "loopOutputs": outputs,
                 "outputs": {"type": "object", "properties": {k: {"type": "array"} for k in outputs}}},
        "blocks": [{"id": f"{node_id}_bs", "type": "block-start", "meta": {"position": {"x": 20, "y": 80}}, "data": {}},
                   *blocks,
                   {"id": f"{node_id}_be", "type": "block-end", "meta": {"position": {"x": 900, "y": 80}}, "data": {}}],
        "edges": edges,
    }  # fmt: skip


def loop_llm() -> dict:
    """start(marker, items[8]) → loop_0 { llm_in(item) } → end(results, items)."""
    body = [llm("llm_in", template("{{start_0.marker}} about {{loop_0_locals.item}}"), x=300, y=80)]
    return {
        "nodes": [start({"marker": {"type": "string"}, "items": {"type": "array", "items": {"type": "string"}}}),
                  loop("loop_0", ref("start_0", "items"),
                       {"results": ref("llm_in", "result"), "seen": ref("loop_0_locals", "item")},
                       body, [edge("loop_0_bs", "llm_in"), edge("llm_in", "loop_0_be")]),
                  end({"results": ref("loop_0", "results"), "seen": ref("loop_0", "seen")},
                      types={"results": "array", "seen": "array"})],
        "edges": [edge("start_0", "loop_0"), edge("loop_0", "end_0")],
    }  # fmt: skip


def loop_break_continue() -> dict:
    """Items 1..8: 3 → continue, 6 → break; loopOutputs keeps the rest: [1, 2, 4, 5]."""
    item = ref("loop_0_locals", "item")
    body = [
        condition(
            "pick",
            [
                ("skip", {"left": item, "operator": "eq", "right": const(3)}),
                ("stop", {"left": item, "operator": "eq", "right": const(6)}),
            ],
            x=200,
            y=80,
        ),
        {"id": "continue_0", "type": "continue", "meta": {"position": {"x": 500, "y": 0}}, "data": {}},
        {"id": "break_0", "type": "break", "meta": {"position": {"x": 500, "y": 160}}, "data": {}},
    ]
    return {
        "nodes": [start({"items": {"type": "array", "items": {"type": "number"}}}),
                  loop("loop_0", ref("start_0", "items"), {"kept": item}, body,
                       [edge("loop_0_bs", "pick"), edge("pick", "continue_0", "skip"), edge("pick", "break_0", "stop"),
                        edge("pick", "loop_0_be", "else")]),
                  end({"kept": ref("loop_0", "kept")}, types={"kept": "array"})],
        "edges": [edge("start_0", "loop_0"), edge("loop_0", "end_0")],
    }  # fmt: skip


def nested_loop() -> dict:
    """rows [[1, 2], [3, 4, 5]]: outer loop over rows, inner over each row's cells → [[1, 2], [3, 4, 5]]."""
    inner = loop(
        "inner",
        ref("outer_locals", "item"),
        {"cells": ref("inner_locals", "item")},
        [],
        [edge("inner_bs", "inner_be")],
        x=200,
        y=80,
    )
    return {
        "nodes": [start({"rows": {"type": "array", "items": {"type": "array", "items": {"type": "number"}}}}),
                  loop("outer", ref("start_0", "rows"), {"table": ref("inner", "cells"),
                                                         "index": ref("outer_locals", "index")},
                       [inner], [edge("outer_bs", "inner"), edge("inner", "outer_be")]),
                  end({"table": ref("outer", "table"), "index": ref("outer", "index")},
                      types={"table": "array", "index": "array"})],
        "edges": [edge("start_0", "outer"), edge("outer", "end_0")],
    }  # fmt: skip


def constants_at_end() -> dict:
    return {
        "nodes": [start({}), end({"n": const(42), "ok": const(True), "label": const("fixed"), "list": const([1, 2, 3])},
                                 types={"n": "number", "ok": "boolean", "list": "array"})],
        "edges": [edge("start_0", "end_0")],
    }  # fmt: skip


def start_defaults() -> dict:
    return {
        "nodes": [start({"city": {"type": "string", "default": "Seoul"}, "days": {"type": "integer", "default": 3},
                         "name": {"type": "string"}}, required=["name"]),
                  end({"city": ref("start_0", "city"), "days": ref("start_0", "days"), "name": ref("start_0", "name")},
                      types={"days": "integer"})],
        "edges": [edge("start_0", "end_0")],
    }  # fmt: skip


def global_variables() -> dict:
    return {
        "nodes": [start({"name": {"type": "string", "default": "Ann"}}),
                  end({"greeting": template("{{global.greeting}}, {{start_0.name}}!"),
                       "raw": ref("global", "greeting")})],
        "edges": [edge("start_0", "end_0")],
        "globalVariable": {"type": "object", "properties": {"greeting": {"type": "string", "default": "Hola"}}},
    }  # fmt: skip


def http_call(url: str, *, header: str = "") -> dict:
    """start(city) → http GET {url}?city={{start_0.city}} (header X-Key: header) → end(status, body)."""
    node = {
        "id": "http_0", "type": "http", "meta": {"position": {"x": 400, "y": 0}},
        "data": {
            "title": "HTTP_0",
            "api": {"method": "GET", "url": template(url)},
            "headersValues": {"X-Key": template(header)} if header else {},
            "paramsValues": {"city": template("{{start_0.city}}")},
            "body": {"bodyType": "none"},
            "timeout": {"timeout": 5000, "retryTimes": 1},
            "outputs": {"type": "object", "properties": {"body": {"type": "string"}, "headers": {"type": "object"},
                                                         "statusCode": {"type": "integer"}}},
        },
    }  # fmt: skip
    return {
        "nodes": [start({"city": {"type": "string", "default": "Busan"}}), node,
                  end({"status": ref("http_0", "statusCode"), "body": ref("http_0", "body")}, types={"status": "integer"})],
        "edges": [edge("start_0", "http_0"), edge("http_0", "end_0")],
    }  # fmt: skip


def parallel_llms() -> dict:
    """start → llm_a and llm_b (independent) → end(a, b)."""
    return {
        "nodes": [start({"marker_a": {"type": "string"}, "marker_b": {"type": "string"}}),
                  llm("llm_a", template("{{start_0.marker_a}} left"), y=-100),
                  llm("llm_b", template("{{start_0.marker_b}} right"), y=100),
                  end({"a": ref("llm_a", "result"), "b": ref("llm_b", "result")})],
        "edges": [edge("start_0", "llm_a"), edge("start_0", "llm_b"), edge("llm_a", "end_0"), edge("llm_b", "end_0")],
    }  # fmt: skip


def chain(length: int) -> dict:
    """start → n0 → n1 … → end: a chain of cheap nodes (conditions that always take ``else``)."""
    nodes = [start({"x": {"type": "number", "default": 1}})]
    edges = []
    previous = "start_0"
    for index in range(length):
        node_id = f"c{index}"
        nodes.append(condition(node_id, [("never", {"left": ref("start_0", "x"), "operator": "lt", "right": const(0)})],
                               x=200 * (index + 1)))  # fmt: skip
        edges.append(edge(previous, node_id, "else" if previous != "start_0" else None))
        previous = node_id
    nodes.append(end({"x": ref("start_0", "x")}, x=200 * (length + 1)))
    edges.append(edge(previous, "end_0", "else"))
    return {"nodes": nodes, "edges": edges}
