"""Values: FlowGram's variable types, the variable scopes, and the three value kinds.

A node's inputs are *flow values*:

* ``{"type": "constant", "content": …}`` — a literal; for object, array and map
  declarations a JSON string is parsed;
* ``{"type": "ref", "content": [nodeID, key, ...path]}`` — another node's output
  (``global`` for the workflow's global variables, ``<loopID>_locals`` for a
  loop's ``item`` and ``index``); the path walks objects by key and arrays by index;
* ``{"type": "template", "content": "… {{node.key.path}} …"}`` — text with refs
  filled in.

Every variable has a FlowGram type (:data:`TYPES`): the declared one when the
node declares its outputs, otherwise the type of its value.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from workflows.engine.interface import NodeError

STRING, INTEGER, NUMBER, BOOLEAN = "string", "integer", "number", "boolean"
OBJECT, ARRAY, MAP, DATETIME, NULL = "object", "array", "map", "date-time", "null"
TYPES = frozenset({STRING, INTEGER, NUMBER, BOOLEAN, OBJECT, ARRAY, MAP, DATETIME, NULL})
JSON_TYPES = frozenset({OBJECT, ARRAY, MAP})
# Types that hold the same values: a ref of one kind may fill an input declared as the other.
_ALIKE = {INTEGER: NUMBER, NUMBER: NUMBER, DATETIME: STRING, STRING: STRING, MAP: OBJECT, OBJECT: OBJECT}

_ISO_8601 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z?$")
TEMPLATE = re.compile(r"\{\{([^{}]+)\}\}")
SECRET_PREFIX = "secret:"
GLOBAL = "global"
LOCALS_SUFFIX = "_locals"


def type_of(value: Any) -> str:
    """The FlowGram type of a JSON value (a float with no fraction counts as an integer, as in JS)."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return INTEGER if value.is_integer() else NUMBER
    if isinstance(value, str):
        return DATETIME if _ISO_8601.match(value) else STRING
    if isinstance(value, list | tuple):
        return ARRAY
    if isinstance(value, Mapping):
        return OBJECT
    return NULL


def compatible(actual: str, declared: str | None) -> bool:
    """Whether a value of type ``actual`` may fill something declared ``declared``."""
    if not declared or declared not in TYPES or actual == declared:
        return True
    return _ALIKE.get(actual, actual) == _ALIKE.get(declared, declared)


def compatible_type(declared: str, value: Any) -> str:
    """The declared type when the value fits it, else the value's own."""
    actual = type_of(value)
    return declared if value is not None and compatible(actual, declared) else actual


def parse_json_content(content: Any, declared: str | None) -> Any:
    """Constants and defaults of object/array/map declarations may be JSON text."""
    if declared in JSON_TYPES and isinstance(content, str):
        try:
            return json.loads(content)
        except ValueError:
            return content
    return content


def declared_type(schema: Any) -> str | None:
    if isinstance(schema, Mapping) and isinstance(schema.get("type"), str):
        return schema["type"]
    return None


def properties_of(schema: Any) -> dict:
    """The ``properties`` of an object JSON schema, or ``{}``."""
    if isinstance(schema, Mapping) and isinstance(schema.get("properties"), Mapping):
        return dict(schema["properties"])
    return {}


class Variable:
    __slots__ = ("items_type", "type", "value")

    def __init__(self, value: Any, type_: str, items_type: str | None = None) -> None:
        self.value = value
        self.type = type_
        self.items_type = items_type


class Scope:
    """Variables by node id, then key. A loop iteration's scope sees its parent's variables."""

    __slots__ = ("parent", "vars")

    def __init__(self, parent: Scope | None = None) -> None:
        self.parent = parent
        self.vars: dict[str, dict[str, Variable]] = {}

    def child(self) -> Scope:
        return Scope(self)

    def set(self, node_id: str, key: str, value: Any, type_: str | None = None, items_type: str | None = None) -> None:
        if type_ is None:
            type_ = type_of(value)
        if items_type is None and type_ == ARRAY and isinstance(value, list) and value:
            items_type = type_of(value[0])
        self.vars.setdefault(node_id, {})[key] = Variable(value, type_, items_type)

    def node(self, node_id: str) -> dict[str, Variable] | None:
        scope: Scope | None = self
        while scope is not None:
            found = scope.vars.get(node_id)
            if found is not None:
                return found
            scope = scope.parent
        return None

    def lookup(self, node_id: str, key: str, path: list | tuple = ()) -> Variable | None:
        """A variable, or the value at ``path`` inside it; None when the node or key is unknown."""
        variables = self.node(node_id)
        variable = variables.get(key) if variables is not None else None
        if variable is None:
            return None
        if not path:
            return variable
        value = walk(variable.value, path)
        return Variable(value, type_of(value), type_of(value[0]) if isinstance(value, list) and value else None)

    def assign(self, node_id: str, key: str, path: list | tuple, value: Any) -> bool:
        """Overwrite a variable (or a part of it) in the scope that holds it; False when there is none."""
        scope: Scope | None = self
        while scope is not None:
            variable = scope.vars.get(node_id, {}).get(key)
            if variable is not None:
                if not path:
                    scope.set(node_id, key, value, compatible_type(variable.type, value))
                    return True
                container = walk(variable.value, path[:-1])
                if isinstance(container, dict):
                    container[str(path[-1])] = value
                    return True
                if isinstance(container, list) and str(path[-1]).isdigit() and int(path[-1]) < len(container):
                    container[int(path[-1])] = value
                    return True
                return False
            scope = scope.parent
        return False

    def set_outputs(self, node_id: str, outputs: Mapping[str, Any], declared: Any) -> None:
        """Store a node's outputs: declared keys with their type (and default when missing), then the rest."""
        props = properties_of(declared)
        for key, schema in props.items():
            type_ = declared_type(schema)
            value = outputs.get(key)
            if value is None and isinstance(schema, Mapping):
                value = parse_json_content(schema.get("default"), type_)
            items = declared_type(schema.get("items")) if isinstance(schema, Mapping) else None
            self.set(node_id, key, value, type_ or type_of(value), items)
        for key, value in outputs.items():
            if key not in props:
                self.set(node_id, key, value)


def walk(value: Any, path: list | tuple) -> Any:
    """``value[path[0]][path[1]]…`` over objects (by key) and arrays (by index); None when absent."""
    for step in path:
        if isinstance(value, Mapping):
            value = value.get(step if isinstance(step, str) else str(step))
        elif isinstance(value, list) and (isinstance(step, int) or (isinstance(step, str) and step.isdigit())):
            index = int(step)
            value = value[index] if index < len(value) else None
        else:
            return None
    return value


def as_text(value: Any) -> str:
    """A value inside a template: strings as they are, JSON spelling for everything else."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and math.isfinite(value):
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def ref_parts(ref: Any) -> list[str] | None:
    """``[nodeID, key, ...path]`` of a ref value, or None when it is not a usable ref."""
    if not isinstance(ref, Mapping) or ref.get("type") != "ref":
        return None
    content = ref.get("content")
    if not isinstance(content, list) or len(content) < 2 or not all(isinstance(p, str | int) for p in content):
        return None
    return [str(part) for part in content]


def template_refs(text: str) -> list[list[str]]:
    """The refs a template uses (``{{secret:…}}`` placeholders are not refs)."""
    refs = []
    for match in TEMPLATE.finditer(text):
        inner = match.group(1).strip()
        if inner and not inner.startswith(SECRET_PREFIX):
            refs.append(inner.split("."))
    return refs


def render_template(
    text: str, scope: Scope, *, secret: Callable[[str], str] | None = None, encode: Callable[[Any], str] = as_text
) -> str:
    """Fill ``{{node.key.path}}`` (and, when ``secret`` is given, ``{{secret:NAME}}``) in one pass.

    The pass goes over the template only: a filled-in value is never scanned
    again, so a value that itself reads ``{{secret:X}}`` stays that text.
    ``encode`` turns a variable's value into text (secrets are inserted as they are).
    """

    def fill(match: re.Match) -> str:
        inner = match.group(1).strip()
        if inner.startswith(SECRET_PREFIX):
            return secret(inner[len(SECRET_PREFIX) :]) if secret is not None else ""
        parts = inner.split(".")
        if len(parts) < 2:
            return ""
        variable = scope.lookup(parts[0], parts[1], parts[2:])
        return encode(variable.value) if variable is not None else ""

    return TEMPLATE.sub(fill, text)


def resolve(flow_value: Any, scope: Scope, declared: str | None = None) -> Variable | None:
    """The value of a constant, ref or template; None when it has none (an empty or dangling one)."""
    if flow_value is None:
        return None
    kind = flow_value.get("type") if isinstance(flow_value, Mapping) else None
    if kind == "constant":
        schema_type = declared or declared_type(flow_value.get("schema"))
        value = parse_json_content(flow_value.get("content"), schema_type)
        if value is None:
            return None
        return Variable(value, schema_type or type_of(value))
    if kind == "ref":
        parts = ref_parts(flow_value)
        return scope.lookup(parts[0], parts[1], parts[2:]) if parts else None
    if kind == "template":
        content = flow_value.get("content")
        if not isinstance(content, str) or not content:
            return None
        return Variable(render_template(content, scope), STRING)
    if kind == "expression":
        raise NodeError("expression values are not supported; use a constant, a reference or a template")
    raise NodeError(f"a value has an unknown kind {kind!r} (expected constant, ref or template)")


def resolve_inputs(values: Any, declared: Any, scope: Scope, *, notes: list[str] | None = None) -> dict:
    """A node's inputs from its ``inputsValues`` and ``inputs`` schema, as FlowGram reads them.

    A key the schema declares is kept when its value resolves to a compatible
    type; a mismatch is left out (and noted). A node that declares no input
    properties at all gets every value.
    """
    if not isinstance(values, Mapping):
        return {}
    props = properties_of(declared)
    out: dict[str, Any] = {}
    for key, flow_value in values.items():
        if props and key not in props:
            continue
        want = declared_type(props.get(key)) if props else None
        variable = resolve(flow_value, scope, want)
        if variable is None:
            continue
        if not compatible(variable.type, want):
            if notes is not None:
                notes.append(f'input "{key}" expects {want} but got {variable.type}; it was left out')
            continue
        out[key] = variable.value
    return out
