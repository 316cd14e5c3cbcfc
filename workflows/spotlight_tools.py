"""SpotLight's per-request tools (``runtime_config.tools``) as registry tools.

A tool is ``{"type": "HTTP", "name", "description", "parameter_schema",
"execution_config": {"url", "method", "headers"?, "timeout"?}}`` or
``{"type": "NATIVE", "name"}`` (a registry tool this user may use). An HTTP
tool is an admin HTTP tool built for one run (:mod:`tools.http.source`): the
same SSRF-safe sender, size cap and redaction. Its URL may hold ``{param}``
path placeholders; its header, URL and query values may name a vault value as
``{{vault.NAME}}`` (also ``{{vault:NAME}}`` or ``{{secret:NAME}}``). Arguments
go in the query string for GET and DELETE, as a JSON body otherwise.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import jsonschema

from tomato_agent.errors import InvalidRequest
from tools.http import rendering
from tools.http.source import HttpToolSpec, build_tool
from tools.registry import Tool
from tools.secrets import secret_encrypt

NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
VAULT_REF = re.compile(r"\{\{\s*(?:vault[.:]|secret:)\s*([A-Za-z0-9_]+)\s*\}\}")
METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
MAX_TOOLS = 64
TOOL_TIMEOUT_MAX = 60.0


def _secret_syntax(text: str) -> str:
    return VAULT_REF.sub(lambda m: "{{secret:" + m.group(1) + "}}", text)


def tools_check(raw: Any, *, vault: dict) -> list[dict]:
    """The request's tools, checked (web side, before a run is queued); InvalidRequest names the tool."""
    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > MAX_TOOLS:
        raise InvalidRequest(f"runtime_config.tools must be a list of at most {MAX_TOOLS} tools.")
    names: set[str] = set()
    for index, tool in enumerate(raw):
        where = f"runtime_config.tools[{index}]"
        if not isinstance(tool, dict):
            raise InvalidRequest(f"{where} must be an object.")
        name, kind = tool.get("name"), str(tool.get("type") or "HTTP").upper()
        if not isinstance(name, str) or not NAME.match(name):
            raise InvalidRequest(f"{where}.name must be letters, digits, _ or - (at most 64).")
        if name in names:
            raise InvalidRequest(f"{where}: the tool name {name} is used twice.")
        names.add(name)
        if kind == "NATIVE":
            continue
        if kind != "HTTP":
            raise InvalidRequest(f"{where}.type must be HTTP or NATIVE.")
        schema = tool.get("parameter_schema") or {"type": "object", "properties": {}}
        if not isinstance(schema, dict) or schema.get("type", "object") != "object":
            raise InvalidRequest(f"{where}.parameter_schema must be a JSON schema of type object.")
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as exc:
            raise InvalidRequest(f"{where}.parameter_schema is not a valid JSON schema: {exc.message}") from None
        config = tool.get("execution_config")
        if not isinstance(config, dict) or not isinstance(config.get("url"), str):
            raise InvalidRequest(f"{where}.execution_config.url is required.")
        parts = urlsplit(config["url"])
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
            raise InvalidRequest(f"{where}.execution_config.url must be an http(s) URL without credentials.")
        if str(config.get("method") or "GET").upper() not in METHODS:
            raise InvalidRequest(f"{where}.execution_config.method must be one of {', '.join(sorted(METHODS))}.")
        headers = config.get("headers") or {}
        if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
            raise InvalidRequest(f"{where}.execution_config.headers must be an object of strings.")
        timeout = config.get("timeout", 30)
        if not isinstance(timeout, int | float) or not 0 < timeout <= TOOL_TIMEOUT_MAX:
            raise InvalidRequest(f"{where}.execution_config.timeout must be 0-{TOOL_TIMEOUT_MAX:g} seconds.")
        used = {m.group(1) for text in [config["url"], *headers.values()] for m in VAULT_REF.finditer(text)}
        missing = sorted(used - set(vault))
        if missing:
            raise InvalidRequest(f"{where} uses vault value(s) the request does not carry: {', '.join(missing)}.")
    return raw


def _spec(tool: dict) -> HttpToolSpec:
    config = tool["execution_config"]
    method = str(config.get("method") or "GET").upper()
    parameters = tool.get("parameter_schema") or {"type": "object", "properties": {}}
    parts = urlsplit(_secret_syntax(config["url"]))
    path_params = tuple(sorted(rendering.params_in(parts.path)))
    query = {key: value for key, value in parse_qsl(parts.query, keep_blank_values=True)}
    declared = [name for name in (parameters.get("properties") or {}) if name not in path_params]
    body_mode = "arguments"
    if method in ("GET", "DELETE"):
        query.update({name: "{" + name + "}" for name in declared if name not in query})
        body_mode = "none"
    headers = {key: _secret_syntax(value) for key, value in (config.get("headers") or {}).items()}
    url = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    secret_names = {m for text in [*headers.values(), *query.values()] for m in rendering.secrets_in(text)}
    return HttpToolSpec(
        name=tool["name"],
        alias=tool.get("alias") or tool["name"],
        description=str(tool.get("description") or ""),
        output_rules="",
        method=method,
        url_template=url,
        parameters=parameters,
        headers=headers,
        query_params=query,
        body_mode=body_mode,
        body_template=None,
        timeout=float(config.get("timeout", 30)),
        max_response_bytes=100_000,
        staff_only=False,
        path_params=path_params,
        secret_names=frozenset(secret_names),
    )


def request_tools(raw: list[dict], *, vault, user_tools: list[Tool]) -> list[Tool]:
    """The run's tools: the request's HTTP tools and the NATIVE ones it names (worker side)."""
    by_name = {tool.name: tool for tool in user_tools}
    tools: list[Tool] = []
    for entry in raw:
        if str(entry.get("type") or "HTTP").upper() == "NATIVE":
            if entry["name"] in by_name:
                tools.append(by_name[entry["name"]])
            continue
        spec = _spec(entry)
        sealed = {name: secret_encrypt(value) for name in spec.secret_names if (value := vault(name)) is not None}
        tools.append(build_tool(spec, sealed))
    return tools
