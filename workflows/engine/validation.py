"""Validation: FlowGram's TaskValidate rules, plus what a person needs to fix a workflow.

:func:`validate` returns readable errors, each naming the node (or edge) it is
about; an empty list means the workflow can run with these inputs. The checks:
the JSON shape; exactly one start and one end node on the main canvas; one
``block-start`` and one ``block-end`` in every loop; known node types; edges
between existing nodes of one canvas, leaving a condition by one of its
branches; no cycles (loops repeat through their body, never through edges);
every node reachable and leading somewhere; references to variables that exist
and are computed before the node runs; the node settings the runtime needs;
no code node without a sandbox; and the inputs against the start node's
``outputs`` JSON schema (after defaults).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any

from workflows.engine import conditions
from workflows.engine.document import (
    AGENT,
    BLOCK_END,
    BLOCK_START,
    BREAK,
    CODE,
    CONDITION,
    CONTINUE,
    DECORATION,
    END,
    HTTP,
    LLM,
    LOOP,
    ROOT,
    RUNNABLE,
    START,
    TERMINATING,
    TOOL,
    VARIABLE,
    Document,
    Node,
)
from workflows.engine.values import (
    ARRAY,
    BOOLEAN,
    DATETIME,
    GLOBAL,
    INTEGER,
    LOCALS_SUFFIX,
    MAP,
    NUMBER,
    OBJECT,
    STRING,
    declared_type,
    parse_json_content,
    properties_of,
    ref_parts,
    template_refs,
)

HTTP_METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"})
HTTP_BODY_TYPES = frozenset({"none", "JSON", "form-data", "x-www-form-urlencoded", "raw-text", "binary"})
LOCAL_KEYS = frozenset({"item", "index"})


def validate(schema: Any, inputs: Mapping | None = None, *, code_runner_available: bool = False) -> list[str]:
    """Readable errors that stop this workflow from running with these inputs; ``[]`` when it can run."""
    errors = _shape(schema)
    if errors:
        return errors
    errors += _unique_ids(schema)
    if errors:
        return errors
    doc = Document(schema)
    errors += _start_end(doc)
    errors += _containers(doc)
    errors += _types(doc, code_runner_available=code_runner_available)
    errors += _edges(doc)
    cyclic = _cycles(doc, errors)
    if not cyclic:
        unreached = _connectivity(doc, errors)
        errors += _references(doc, skip=unreached)
    errors += _settings(doc)
    if inputs is not None:
        errors += check_inputs(schema, inputs)
    return errors


# --- shape -------------------------------------------------------------------------------------


def _shape(schema: Any) -> list[str]:
    if not isinstance(schema, Mapping):
        return ["The workflow schema must be a JSON object with nodes and edges."]
    errors: list[str] = []
    if not isinstance(schema.get("nodes"), list):
        errors.append('The workflow schema must have a "nodes" array.')
    if not isinstance(schema.get("edges"), list):
        errors.append('The workflow schema must have an "edges" array.')
    if schema.get("globalVariable") is not None and not isinstance(schema["globalVariable"], Mapping):
        errors.append('"globalVariable" must be a JSON schema object.')
    if errors:
        return errors
    _shape_canvas(schema["nodes"], schema["edges"], "nodes", "edges", errors)
    return errors


def _shape_canvas(nodes: list, edges: list, where: str, edges_where: str, errors: list[str]) -> None:
    for index, node in enumerate(nodes):
        path = f"{where}[{index}]"
        if not isinstance(node, Mapping):
            errors.append(f"{path} must be an object.")
            continue
        node_id = node.get("id")
        if not isinstance(node_id, str) or not node_id.strip():
            errors.append(f"{path}.id must be a non-empty string.")
            continue
        name = f'Node "{node_id}"'
        if not isinstance(node.get("type"), str) or not node["type"].strip():
            errors.append(f"{name} ({path}) must have a type.")
        if node.get("meta") is not None and not isinstance(node.get("meta"), Mapping):
            errors.append(f"{name}: meta must be an object.")
        data = node.get("data")
        if data is not None and not isinstance(data, Mapping):
            errors.append(f"{name}: data must be an object.")
            data = None
        for key in ("inputs", "outputs", "inputsValues"):
            if data is not None and data.get(key) is not None and not isinstance(data[key], Mapping):
                errors.append(f"{name}: data.{key} must be an object.")
        if data is not None and data.get("title") is not None and not isinstance(data["title"], str):
            errors.append(f"{name}: data.title must be a string.")
        blocks, block_edges = node.get("blocks"), node.get("edges")
        if blocks is not None and not isinstance(blocks, list):
            errors.append(f"{name}: blocks must be an array.")
            blocks = None
        if block_edges is not None and not isinstance(block_edges, list):
            errors.append(f"{name}: edges must be an array.")
            block_edges = None
        if blocks is not None:
            _shape_canvas(blocks, block_edges or [], f"{name} blocks", f"{name} edges", errors)
    for index, edge in enumerate(edges):
        path = f"{edges_where}[{index}]"
        if not isinstance(edge, Mapping):
            errors.append(f"{path} must be an object.")
            continue
        for key in ("sourceNodeID", "targetNodeID"):
            if not isinstance(edge.get(key), str) or not edge[key].strip():
                errors.append(f"{path}.{key} must be a non-empty string.")
        for key in ("sourcePortID", "targetPortID"):
            if edge.get(key) is not None and not isinstance(edge[key], str | int):
                errors.append(f"{path}.{key} must be a string.")


def _unique_ids(schema: Mapping) -> list[str]:
    seen: set[str] = set()
    errors: list[str] = []

    def visit(nodes: list) -> None:
        for node in nodes:
            if node["id"] in seen:
                errors.append(f'Node id "{node["id"]}" is used by more than one node.')
            seen.add(node["id"])
            if isinstance(node.get("blocks"), list):
                visit(node["blocks"])

    visit(schema["nodes"])
    return errors


# --- structure ---------------------------------------------------------------------------------


def _of_type(doc: Document, canvas: str, type_: str) -> list[Node]:
    return [doc.nodes[n] for n in doc.canvases[canvas].nodes if doc.nodes[n].type == type_]


def _start_end(doc: Document) -> list[str]:
    errors = []
    starts, ends = _of_type(doc, ROOT, START), _of_type(doc, ROOT, END)
    if not starts:
        errors.append("The workflow needs a start node.")
    elif len(starts) > 1:
        errors.append(
            f"The workflow needs exactly one start node; it has {len(starts)}: "
            + ", ".join(n.label for n in starts)
            + "."
        )
    if not ends:
        errors.append("The workflow needs an end node.")
    elif len(ends) > 1:
        errors.append(
            f"The workflow needs exactly one end node; it has {len(ends)}: " + ", ".join(n.label for n in ends) + "."
        )
    for node in doc.nodes.values():
        if node.canvas != ROOT and node.type in (START, END):
            errors.append(
                f"{node.type.capitalize()} node {node.label} must be on the main canvas, "
                f"not inside {doc.nodes[node.canvas].label}."
            )
        if node.type in (BLOCK_START, BLOCK_END, BREAK, CONTINUE) and not any(
            c.type == LOOP for c in doc.containers(node)
        ):
            errors.append(f"Node {node.label} ({node.type}) only works inside a loop.")
    return errors


def _containers(doc: Document) -> list[str]:
    errors = []
    for node in doc.nodes.values():
        if node.id not in doc.canvases:
            if node.type == LOOP:
                errors.append(f"Loop {node.label} has no body: it needs a block-start and a block-end node.")
            continue
        starts, ends = _of_type(doc, node.id, BLOCK_START), _of_type(doc, node.id, BLOCK_END)
        if len(starts) != 1 or len(ends) != 1:
            errors.append(
                f"{node.type.capitalize()} {node.label} needs exactly one block-start and one block-end "
                f"node in its body (it has {len(starts)} and {len(ends)})."
            )
    return errors


def _types(doc: Document, *, code_runner_available: bool) -> list[str]:
    errors = []
    for node in doc.nodes.values():
        if node.type == CODE and not code_runner_available:
            errors.append(
                f"Code node {node.label} cannot run: code runs only in a sandbox, "
                "and no sandbox is available on this platform."
            )
        elif node.type not in RUNNABLE and node.type not in DECORATION:
            errors.append(f'Node {node.label} has the unknown type "{node.type}".')
        elif node.type in DECORATION and (node.in_edges or node.out_edges):
            errors.append(f"Node {node.label} is a {node.type}: it cannot be connected.")
    return errors


def _edges(doc: Document) -> list[str]:
    errors = []
    for canvas in doc.canvases.values():
        where = "" if canvas.id == ROOT else f" inside {doc.nodes[canvas.id].label}"
        for edge in canvas.edges:
            name = f'Edge "{edge.source}" → "{edge.target}"{where}'
            ends_ok = True
            for role, node_id in (("source", edge.source), ("target", edge.target)):
                node = doc.nodes.get(node_id)
                if node is None:
                    errors.append(f'{name}: its {role} node "{node_id}" does not exist.')
                    ends_ok = False
                elif node.canvas != canvas.id:
                    other = "the main canvas" if node.canvas == ROOT else doc.nodes[node.canvas].label
                    errors.append(f"{name}: its {role} node is on {other}; edges cannot cross into or out of a loop.")
                    ends_ok = False
            if not ends_ok:
                continue
            source = doc.nodes[edge.source]
            if edge.source == edge.target:
                errors.append(f"{name}: a node cannot connect to itself.")
            if source.type in TERMINATING:
                errors.append(f"{name}: nothing can follow a {source.type} node.")
            if doc.nodes[edge.target].type in (START, BLOCK_START):
                errors.append(f"{name}: nothing can lead into a {doc.nodes[edge.target].type} node.")
            if source.type == CONDITION:
                branches = _branch_keys(source)
                if edge.source_port is None:
                    errors.append(
                        f"{name}: an edge leaving condition {source.label} must start at one of its "
                        f"branches ({', '.join(branches)})."
                    )
                elif str(edge.source_port) not in branches:
                    errors.append(
                        f'{name}: condition {source.label} has no branch "{edge.source_port}" '
                        f"(its branches: {', '.join(branches)})."
                    )
    return errors


def _branch_keys(node: Node) -> list[str]:
    items = node.data.get("conditions")
    keys = (
        [c["key"] for c in items if isinstance(c, Mapping) and isinstance(c.get("key"), str)]
        if isinstance(items, list)
        else []
    )
    return [*keys, conditions.ELSE]


def _cycles(doc: Document, errors: list[str]) -> bool:
    """Append an error per canvas with a cycle; True when any was found."""
    found = False
    for canvas in doc.canvases.values():
        cycle = _find_cycle(doc, canvas.nodes)
        if cycle:
            found = True
            where = "" if canvas.id == ROOT else f" inside {doc.nodes[canvas.id].label}"
            errors.append(
                f"The workflow has a cycle{where}: {' → '.join(cycle)}. Repeat work with a loop node instead."
            )
    return found


def _find_cycle(doc: Document, node_ids: list[str]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 visiting, 2 done
    for root in node_ids:
        if state.get(root):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(e.target for e in doc.nodes[root].out_edges))]
        path = [root]
        state[root] = 1
        while stack:
            current, successors = stack[-1]
            step = next(successors, None)
            if step is None:
                state[current] = 2
                stack.pop()
                path.pop()
            elif state.get(step) == 1:
                return [*path[path.index(step) :], step]
            elif not state.get(step):
                state[step] = 1
                path.append(step)
                stack.append((step, iter(e.target for e in doc.nodes[step].out_edges)))
    return None


def _connectivity(doc: Document, errors: list[str]) -> set[str]:
    """Append errors for nodes that never run or lead nowhere; returns the nodes that never run."""
    unreached: set[str] = set()
    for canvas in doc.canvases.values():
        entry_type = START if canvas.id == ROOT else BLOCK_START
        entries = _of_type(doc, canvas.id, entry_type)
        if len(entries) != 1:
            continue
        reached = {entries[0].id}
        stack = [entries[0].id]
        while stack:
            for edge in doc.nodes[stack.pop()].out_edges:
                if edge.target not in reached:
                    reached.add(edge.target)
                    stack.append(edge.target)
        entry_name = "the start node" if canvas.id == ROOT else f"the block-start of {doc.nodes[canvas.id].label}"
        for node_id in canvas.nodes:
            node = doc.nodes[node_id]
            if node.type in DECORATION:
                continue
            if node_id not in reached:
                unreached.add(node_id)
                errors.append(f"Node {node.label} is not connected to {entry_name}, so it would never run.")
            elif node.type not in TERMINATING and not node.out_edges:
                errors.append(f"Node {node.label} has no outgoing edge; connect it to the next node.")
    return unreached


# --- references ----------------------------------------------------------------------------------


def node_values(node: Node) -> Iterator[tuple[str, Any, str]]:
    """Every flow value a node reads: (where, value, role); role is ``loopOutputs`` for a loop's outputs."""
    data = node.data
    values = data.get("inputsValues")
    if isinstance(values, Mapping):
        for key, value in values.items():
            yield f'input "{key}"', value, "input"
    if node.type == CONDITION and isinstance(data.get("conditions"), list):
        for item in data["conditions"]:
            value = item.get("value") if isinstance(item, Mapping) else None
            if isinstance(value, Mapping):
                key = item.get("key")
                yield f'condition "{key}" (left)', value.get("left"), "input"
                if value.get("right") is not None:
                    yield f'condition "{key}" (right)', value.get("right"), "input"
    if node.type == LOOP:
        yield "loopFor", data.get("loopFor"), "input"
        outputs = data.get("loopOutputs")
        if isinstance(outputs, Mapping):
            for key, value in outputs.items():
                yield f'loop output "{key}"', value, "loopOutputs"
    if node.type == VARIABLE and isinstance(data.get("assign"), list):
        for index, row in enumerate(data["assign"]):
            if isinstance(row, Mapping):
                name = row.get("left") if isinstance(row.get("left"), str) else f"row {index + 1}"
                if row.get("operator") == "assign":
                    yield f'assignment "{name}" (target)', row.get("left"), "input"
                yield f'assignment "{name}"', row.get("right"), "input"
    if node.type == HTTP:
        api = data.get("api") if isinstance(data.get("api"), Mapping) else {}
        yield "the URL", api.get("url"), "input"
        for field in ("headersValues", "paramsValues"):
            if isinstance(data.get(field), Mapping):
                for key, value in data[field].items():
                    yield f'{field[:-6].rstrip("s")} "{key}"', value, "input"
        body = data.get("body") if isinstance(data.get("body"), Mapping) else {}
        for field in ("json", "rawText", "binary"):
            if body.get(field) is not None:
                yield f"the {field} body", body[field], "input"
        for field in ("formDataValues", "xWwwFormUrlencodedValues"):
            if isinstance(body.get(field), Mapping):
                for key, value in body[field].items():
                    yield f'body field "{key}"', value, "input"


def _refs_in(value: Any) -> list[list[str]]:
    if not isinstance(value, Mapping):
        return []
    if value.get("type") == "ref":
        parts = ref_parts(value)
        return [parts] if parts else []
    if value.get("type") == "template" and isinstance(value.get("content"), str):
        return template_refs(value["content"])
    return []


def _references(doc: Document, *, skip: set[str]) -> list[str]:
    errors = []
    global_props = properties_of(doc.global_declare)
    start = doc.first_of(ROOT, START)
    start_props = properties_of(start.data.get("outputs")) if start else {}
    for node in doc.nodes.values():
        if node.type in DECORATION or node.id in skip:
            continue
        containers = doc.containers(node)
        visible = set(doc.ancestors(node.id))
        for container in containers:
            visible |= doc.ancestors(container.id)
        loops = {c.id for c in containers if c.type == LOOP}
        for where, value, role in node_values(node):
            if isinstance(value, Mapping) and value.get("type") == "ref" and ref_parts(value) is None:
                content = value.get("content")
                if content not in (None, []):
                    errors.append(f"Node {node.label}: {where} is a reference without a node and a variable name.")
                continue
            for parts in _refs_in(value):
                problem = _ref_problem(doc, node, parts, role, visible, loops, global_props, start, start_props)
                if problem:
                    errors.append(f"Node {node.label}: {where} {problem}.")
    return errors


def _ref_problem(doc, node, parts, role, visible, loops, global_props, start, start_props) -> str | None:
    target, key = parts[0], parts[1]
    shown = ".".join(parts)
    if target == GLOBAL:
        if key not in global_props:
            return f'refers to the global variable "{key}", which is not declared'
        return None
    if target.endswith(LOCALS_SUFFIX) and target[: -len(LOCALS_SUFFIX)] in doc.nodes:
        loop_id = target[: -len(LOCALS_SUFFIX)]
        if loop_id not in loops and not (role == "loopOutputs" and loop_id == node.id):
            return f'refers to "{shown}", but only nodes inside loop "{loop_id}" can use its locals'
        if key not in LOCAL_KEYS:
            return f'refers to "{shown}"; a loop\'s locals are "item" and "index"'
        return None
    if target not in doc.nodes:
        return f'refers to "{shown}", but there is no node "{target}"'
    if target == node.id and role != "loopOutputs":
        return f'refers to "{shown}", its own output'
    if role == "loopOutputs" and target in node.children:
        return None
    if target not in visible:
        return f'refers to "{shown}", but node "{target}" does not run before it'
    if start is not None and target == start.id and start_props and key not in start_props:
        return f'refers to "{shown}", but the start node has no input "{key}"'
    return None


# --- node settings -----------------------------------------------------------------------------


def _settings(doc: Document) -> list[str]:
    errors = []
    for node in doc.nodes.values():
        check = _SETTINGS.get(node.type)
        if check is not None:
            errors += [f"Node {node.label}: {problem}." for problem in check(node, doc)]
    return errors


def _condition_settings(node: Node, doc: Document) -> list[str]:
    items = node.data.get("conditions")
    if not isinstance(items, list):
        return ["a condition node needs a list of conditions"]
    problems, keys = [], set()
    for index, item in enumerate(items):
        value = item.get("value") if isinstance(item, Mapping) else None
        key = item.get("key") if isinstance(item, Mapping) else None
        if not isinstance(key, str) or not key:
            problems.append(f"condition {index + 1} has no key")
            continue
        if key in keys or key == conditions.ELSE:
            problems.append(f'the branch key "{key}" is used twice (or is the reserved "else")')
        keys.add(key)
        if not isinstance(value, Mapping) or not isinstance(value.get("left"), Mapping):
            problems.append(f'condition "{key}" has no left-hand value')
            continue
        if value["left"].get("type") != "ref":
            problems.append(f'condition "{key}": the left-hand side must be a reference to a variable')
        operator = value.get("operator")
        if operator not in conditions.OPERATORS:
            problems.append(f'condition "{key}" has an unknown operator "{operator}"')
            continue
        left_type = _static_type(doc, value["left"])
        if left_type is not None:
            try:
                conditions.check(left_type, operator)
            except conditions.ConditionError as exc:
                problems.append(f'condition "{key}": {exc}')
    return problems


def _static_type(doc: Document, ref: Any) -> str | None:
    """The declared type of a reference to a start input or a global variable, when known."""
    parts = ref_parts(ref)
    if parts is None or len(parts) != 2:
        return None
    start = doc.first_of(ROOT, START)
    if parts[0] == GLOBAL:
        props = properties_of(doc.global_declare)
    elif start is not None and parts[0] == start.id:
        props = properties_of(start.data.get("outputs"))
    else:
        return None
    return declared_type(props.get(parts[1]))


def _loop_settings(node: Node, doc: Document) -> list[str]:
    if ref_parts(node.data.get("loopFor")) is None:
        return ['"loopFor" must be a reference to an array to loop over']
    outputs = node.data.get("loopOutputs")
    if outputs is not None and not isinstance(outputs, Mapping):
        return ['"loopOutputs" must map output names to references']
    return []


def _http_settings(node: Node, doc: Document) -> list[str]:
    problems = []
    api = node.data.get("api")
    if not isinstance(api, Mapping):
        return ["an http node needs an api with a method and a URL"]
    if str(api.get("method", "")).upper() not in HTTP_METHODS:
        problems.append(f'the method "{api.get("method")}" is not one of {", ".join(sorted(HTTP_METHODS))}')
    url = api.get("url")
    if not isinstance(url, Mapping) or not isinstance(url.get("content"), str) or not url["content"].strip():
        problems.append("the URL is empty")
    body = node.data.get("body")
    body_type = body.get("bodyType", "none") if isinstance(body, Mapping) else "none"
    if body_type not in HTTP_BODY_TYPES:
        problems.append(f'the body type "{body_type}" is not one of {", ".join(sorted(HTTP_BODY_TYPES))}')
    timeout = node.data.get("timeout")
    if timeout is not None and not isinstance(timeout, Mapping):
        problems.append("timeout must be an object with timeout (ms) and retryTimes")
    return problems


def _tool_settings(node: Node, doc: Document) -> list[str]:
    name = node.data.get("tool") or node.data.get("toolName")
    return [] if isinstance(name, str) and name else ["a tool node needs the name of the tool to run"]


def _agent_settings(node: Node, doc: Document) -> list[str]:
    values = node.data.get("inputsValues")
    return [] if isinstance(values, Mapping) and values.get("prompt") else ["an agent node needs a prompt"]


def _llm_settings(node: Node, doc: Document) -> list[str]:
    values = node.data.get("inputsValues")
    return [] if isinstance(values, Mapping) and values.get("prompt") else ["an llm node needs a prompt"]


def _variable_settings(node: Node, doc: Document) -> list[str]:
    rows = node.data.get("assign")
    if not isinstance(rows, list):
        return ['a variable node needs a list of assignments ("assign")']
    problems = []
    for index, row in enumerate(rows):
        operator = row.get("operator") if isinstance(row, Mapping) else None
        if operator == "declare":
            if not isinstance(row.get("left"), str) or not row["left"]:
                problems.append(f"declaration {index + 1} has no variable name")
        elif operator == "assign":
            if ref_parts(row.get("left")) is None:
                problems.append(f"assignment {index + 1} must assign to a reference")
        else:
            problems.append(f'row {index + 1} has the unknown operator "{operator}" (declare or assign)')
    return problems


_SETTINGS = {
    CONDITION: _condition_settings,
    LOOP: _loop_settings,
    HTTP: _http_settings,
    TOOL: _tool_settings,
    AGENT: _agent_settings,
    LLM: _llm_settings,
    VARIABLE: _variable_settings,
}


# --- inputs ------------------------------------------------------------------------------------


def _start_declare(schema: Mapping) -> tuple[str, Any] | None:
    for node in schema.get("nodes") or []:
        if isinstance(node, Mapping) and node.get("type") == START:
            data = node.get("data") if isinstance(node.get("data"), Mapping) else {}
            return node.get("id", START), data.get("outputs")
    return None


def apply_defaults(schema: Mapping, inputs: Mapping | None) -> dict:
    """The inputs with the start node's defaults filled in where a value is missing (or null).

    Defaults of object, array and map inputs may be JSON text, as FlowGram's
    editor writes them; nested object properties get their defaults too.
    """
    inputs = dict(inputs or {})
    found = _start_declare(schema) if isinstance(schema, Mapping) else None
    if found is None:
        return inputs
    return _fill_defaults(found[1], inputs)


def _fill_defaults(declare: Any, value: dict) -> dict:
    for key, prop in properties_of(declare).items():
        if not isinstance(prop, Mapping):
            continue
        type_ = declared_type(prop)
        if value.get(key) is None and prop.get("default") is not None:
            value[key] = copy.deepcopy(parse_json_content(prop["default"], type_))
        if type_ == OBJECT and isinstance(value.get(key), Mapping) and properties_of(prop):
            value[key] = _fill_defaults(prop, dict(value[key]))
    return value


def check_inputs(schema: Mapping, inputs: Mapping | None) -> list[str]:
    """Errors of the inputs (defaults applied) against the start node's ``outputs`` JSON schema."""
    found = _start_declare(schema)
    if found is None:
        return []
    start_id, declare = found
    if inputs is not None and not isinstance(inputs, Mapping):
        return [f'Inputs (start node "{start_id}"): the inputs must be a JSON object.']
    if declare is None:
        return []
    problems: list[str] = []
    _check_value(apply_defaults(schema, inputs), declare, "", problems)
    return [f'Inputs (start node "{start_id}"): {problem}.' for problem in problems]


_TYPE_NAMES = {
    STRING: "a string",
    INTEGER: "an integer",
    NUMBER: "a number",
    BOOLEAN: "true or false",
    OBJECT: "an object",
    ARRAY: "an array",
    MAP: "an object (map)",
    DATETIME: "a date-time string",
}


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _check_value(value: Any, schema: Any, path: str, problems: list[str]) -> None:
    if not isinstance(schema, Mapping) or schema.get("$ref"):
        return
    where = f'"{path}"' if path else "the inputs"
    enum = schema.get("enum")
    if isinstance(enum, list) and enum and value not in enum:
        problems.append(f"{where} must be one of {', '.join(map(str, enum))}")
        return
    type_ = schema.get("type")
    if type_ is None:
        return
    if type_ not in _TYPE_NAMES:
        problems.append(f'{where} has the unknown type "{type_}" in the start node\'s schema')
        return
    ok = {
        STRING: isinstance(value, str),
        DATETIME: isinstance(value, str),
        BOOLEAN: isinstance(value, bool),
        INTEGER: (isinstance(value, int) and not isinstance(value, bool))
        or (isinstance(value, float) and value.is_integer()),
        NUMBER: isinstance(value, int | float) and not isinstance(value, bool) and value == value,
        OBJECT: isinstance(value, Mapping),
        MAP: isinstance(value, Mapping),
        ARRAY: isinstance(value, list),
    }[type_]
    if not ok:
        problems.append(f"{where} must be {_TYPE_NAMES[type_]}, not {_json_kind(value)}")
        return
    if type_ in (OBJECT, MAP):
        props = properties_of(schema)
        required = set(schema.get("required") or []) if isinstance(schema.get("required"), list) else set()
        required |= {k for k, p in props.items() if isinstance(p, Mapping) and p.get("isPropertyRequired")}
        for key in sorted(required, key=lambda k: list(props).index(k) if k in props else len(props)):
            if key not in value:
                problems.append(f'"{_join(path, key)}" is required')
        for key, prop in props.items():
            if key in value:
                _check_value(value[key], prop, _join(path, key), problems)
        extra = schema.get("additionalProperties")
        if isinstance(extra, Mapping):
            for key, item in value.items():
                if key not in props:
                    _check_value(item, extra, _join(path, key), problems)
    elif type_ == ARRAY and isinstance(schema.get("items"), Mapping):
        for index, item in enumerate(value):
            _check_value(item, schema["items"], f"{path}[{index}]", problems)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
