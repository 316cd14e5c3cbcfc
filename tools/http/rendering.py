"""The template language of admin-defined HTTP tools, and nothing else.

Two placeholders exist:

- ``{param}`` — a tool argument (a property of the tool's JSON-schema parameters);
- ``{{secret:NAME}}`` — a stored :class:`~tools.models.HttpToolSecret`.

Rendering is one left-to-right pass over the *template*: substituted values are
never scanned again, so an argument such as ``"{{secret:API_KEY}}"`` stays that
literal text and cannot pull a secret into a place the admin did not put it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from tools.registry import ToolError

TOKEN = re.compile(r"\{\{secret:(?P<secret>[A-Za-z0-9_]+)\}\}|\{(?P<param>[A-Za-z_][A-Za-z0-9_]*)\}")
EXACT_PARAM = re.compile(r"^\{([A-Za-z_][A-Za-z0-9_]*)\}$")


def params_in(text: str) -> set[str]:
    return {m.group("param") for m in TOKEN.finditer(text) if m.group("param")}


def secrets_in(text: str) -> set[str]:
    return {m.group("secret") for m in TOKEN.finditer(text) if m.group("secret")}


def strings_in(value: Any) -> list[str]:
    """Every string (keys and values) inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [*value.keys(), *(s for v in value.values() for s in strings_in(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings_in(v)]
    return []


def as_text(value: Any) -> str:
    """An argument as it appears inside text: JSON spelling for non-strings."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def render_text(
    template: str,
    arguments: Mapping[str, Any],
    secrets: Mapping[str, str],
    *,
    encode: Callable[[str], str] = lambda s: s,
) -> str:
    """Fill placeholders; ``encode`` is applied to argument values (not to secrets)."""

    def fill(match: re.Match) -> str:
        if name := match.group("secret"):
            if name not in secrets:
                raise ToolError(f"the tool's secret {name} is not set")
            return secrets[name]
        name = match.group("param")
        if name not in arguments or arguments[name] is None:
            return ""
        return encode(as_text(arguments[name]))

    return TOKEN.sub(fill, template)


_ABSENT = object()


def render_json(template: Any, arguments: Mapping[str, Any], secrets: Mapping[str, str]) -> Any:
    """Fill a JSON body template. A string that is exactly ``"{param}"`` becomes the
    argument itself (keeping its JSON type); its key is dropped when the argument is absent."""

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            exact = EXACT_PARAM.match(node)
            if exact:
                return arguments.get(exact.group(1), _ABSENT)
            return render_text(node, arguments, secrets)
        if isinstance(node, Mapping):
            filled = {key: walk(value) for key, value in node.items()}
            return {key: value for key, value in filled.items() if value is not _ABSENT}
        if isinstance(node, list):
            return [value for value in (walk(item) for item in node) if value is not _ABSENT]
        return node

    result = walk(template)
    return None if result is _ABSENT else result


def path_segment(value: Any) -> str:
    """An argument as one URL path segment: percent-encoded, ``/`` included."""
    text = as_text(value)
    if text in ("", ".", ".."):
        raise ToolError("a path argument may not be empty, '.' or '..'")
    return quote(text, safe="")
