"""Enabled HTTP tools as registry tools, cached per process.

:func:`http_tools_source` is registered with ``registry.add_source``. It costs one
Redis ``GET`` of the version counter per call; the database is read only when
that counter moved (``tools.http.services`` bumps it on every write). The cache
holds secrets encrypted; they are decrypted for the duration of one call.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import redis
from django.db import DatabaseError

from tomato_agent.logging import register_secret
from tomato_agent.redis_client import get_redis
from tools import net
from tools.http import rendering
from tools.http.services import VERSION_KEY
from tools.registry import Tool, ToolContext, ToolError, TransientToolError
from tools.secrets import redact, secret_decrypt

log = logging.getLogger(__name__)

DEFAULT_OUTPUT_RULES = "The result is the raw response body of the service; it may be truncated."


@dataclass(frozen=True)
class HttpToolSpec:
    """One HTTP tool as loaded from the database (immutable, safe to share)."""

    name: str
    alias: str
    description: str
    output_rules: str
    method: str
    url_template: str
    parameters: dict
    headers: dict
    query_params: dict
    body_mode: str
    body_template: Any
    timeout: float
    max_response_bytes: int
    staff_only: bool
    path_params: tuple[str, ...]
    secret_names: frozenset[str]
    idempotent: bool = False

    @property
    def host(self) -> str:
        return urlsplit(self.url_template).hostname or ""


class HttpToolResponse(str):
    """The response body (what the model reads), carrying its status for the visible result."""

    status: int
    truncated: bool
    size: int

    def __new__(cls, text: str, *, status: int, truncated: bool, size: int) -> HttpToolResponse:
        response = super().__new__(cls, text)
        response.status, response.truncated, response.size = status, truncated, size
        return response


# --- calling ----------------------------------------------------------------------------------


def call_http_tool(spec: HttpToolSpec, sealed: Mapping[str, str], arguments: dict) -> HttpToolResponse:
    """Render the request, send it through :mod:`tools.net`, return the (redacted) body."""
    secrets = {name: secret_decrypt(token) for name, token in sealed.items() if name in spec.secret_names}
    for value in secrets.values():
        register_secret(value)  # every log handler redacts it from now on, whoever logs it
    try:
        return _call(spec, secrets, arguments)
    except ToolError as exc:  # the same kind (a transient one stays transient), its message redacted
        raise (TransientToolError if isinstance(exc, TransientToolError) else ToolError)(
            redact(str(exc), secrets.values())
        ) from None


def _call(spec: HttpToolSpec, secrets: dict[str, str], arguments: dict) -> HttpToolResponse:
    missing = [name for name in spec.path_params if arguments.get(name) is None]
    if missing:
        raise ToolError(f"missing argument(s) for the URL: {', '.join(missing)}")
    url = rendering.render_text(spec.url_template, arguments, {}, encode=rendering.path_segment)
    params: dict[str, str] = {}
    for key, template in spec.query_params.items():
        exact = rendering.EXACT_PARAM.match(template)
        if exact and arguments.get(exact.group(1)) is None:
            continue  # an optional argument the model left out
        params[key] = rendering.render_text(template, arguments, secrets)
    headers = {key: rendering.render_text(value, {}, secrets) for key, value in spec.headers.items()}
    body: Any = None
    if spec.body_mode == "template":
        body = rendering.render_json(spec.body_template, arguments, secrets)
    elif spec.body_mode == "arguments":
        body = {key: value for key, value in arguments.items() if key not in spec.path_params}

    started = time.monotonic()
    result = net.fetch(
        spec.method,
        url,
        headers=headers,
        params=params,
        json=body,
        timeout=spec.timeout,
        max_bytes=spec.max_response_bytes,
        truncate=True,
    )
    log.info(
        "http tool %s: %s %s answered %s, %d bytes%s, %d ms",
        spec.name, spec.method, spec.host, result.status, len(result.body),
        " (truncated)" if result.truncated else "", (time.monotonic() - started) * 1000,
    )  # fmt: skip
    if result.status == 429 or result.status >= 500:
        raise TransientToolError(f"the service answered HTTP {result.status}")
    if not 200 <= result.status < 300:
        raise ToolError(f"the service answered HTTP {result.status}")
    text = redact(result.text(), secrets.values())
    if result.truncated:
        text = _drop_partial_secret(text, secrets.values())
        text += f"\n[response truncated at {spec.max_response_bytes} bytes]"
    return HttpToolResponse(text, status=result.status, truncated=result.truncated, size=len(result.body))


def _drop_partial_secret(text: str, secrets: Any) -> str:
    """A body cut mid-secret must not end with the secret's first characters."""
    for secret in secrets:
        for length in range(len(secret) - 1, 2, -1):
            if text.endswith(secret[:length]):
                return text[:-length] + "[redacted]"
    return text


# --- registry tools ---------------------------------------------------------------------------


def build_tool(spec: HttpToolSpec, sealed: Mapping[str, str]) -> Tool:
    jsonschema.Draft202012Validator.check_schema(spec.parameters)

    def visible_args(arguments: dict) -> dict:
        path = {name: rendering.as_text(arguments[name]) for name in spec.path_params if name in arguments}
        return {"method": spec.method, "host": spec.host, "path_params": path}

    def visible_result(result: Any) -> dict | None:
        if not isinstance(result, HttpToolResponse):
            return None
        return {"status": result.status, "bytes": result.size, "truncated": result.truncated}

    def available(ctx: ToolContext) -> bool:
        return ctx.is_staff or not spec.staff_only

    def run(arguments: dict, ctx: ToolContext) -> HttpToolResponse:
        return call_http_tool(spec, sealed, arguments)

    return Tool(
        name=spec.name,
        alias=spec.alias or spec.name,
        description=spec.description,
        parameters=spec.parameters,
        func=run,
        output_rules=spec.output_rules or DEFAULT_OUTPUT_RULES,
        visible_args=visible_args,
        visible_result=visible_result,
        timeout=spec.timeout + 1.0,  # net.fetch gives up first, with a clearer message
        available=available,
        idempotent=spec.idempotent,
    )


def load_tools() -> tuple[Tool, ...]:
    """Every enabled HTTP tool, built from the database (two queries)."""
    from tools.models import HttpTool, HttpToolSecret

    specs = []
    for row in HttpTool.objects.filter(enabled=True).order_by("name"):
        specs.append(
            HttpToolSpec(
                name=row.name,
                alias=row.alias,
                description=row.description,
                output_rules=row.output_rules,
                method=row.method,
                url_template=row.url_template,
                parameters=row.parameters,
                headers=dict(row.headers or {}),
                query_params=dict(row.query_params or {}),
                body_mode=row.body_mode,
                body_template=row.body_template,
                timeout=row.timeout,
                max_response_bytes=row.max_response_bytes,
                staff_only=row.audience == HttpTool.Audience.STAFF,
                path_params=tuple(row.path_params()),
                secret_names=frozenset(row.secret_names()),
                idempotent=row.idempotent,
            )
        )
    wanted = set().union(*(spec.secret_names for spec in specs)) if specs else set()
    sealed = dict(
        HttpToolSecret.objects.filter(name__in=wanted)
        .exclude(value_encrypted="")
        .values_list("name", "value_encrypted")
    )
    tools = []
    for spec in specs:
        try:
            tools.append(build_tool(spec, {name: sealed[name] for name in spec.secret_names if name in sealed}))
        except Exception:  # e.g. a schema edited in the database by hand; skip that tool only
            log.exception("HTTP tool %s could not be loaded", spec.name)
    return tuple(tools)


_lock = threading.Lock()
_cache: tuple[bytes | None, tuple[Tool, ...]] | None = None


def cached_tools() -> tuple[Tool, ...]:
    """The enabled HTTP tools, reloaded only when the Redis version counter moved."""
    global _cache
    try:
        version = get_redis().get(VERSION_KEY)
    except redis.RedisError:
        log.warning("Redis unavailable; HTTP tools from the process cache")
        cache = _cache
        if cache is not None:
            return cache[1]
        try:
            return load_tools()
        except DatabaseError:
            log.warning("HTTP tools could not be loaded from the database", exc_info=True)
            return ()
    cache = _cache
    if cache is not None and cache[0] == version:
        return cache[1]
    with _lock:
        cache = _cache
        if cache is not None and cache[0] == version:
            return cache[1]
        try:
            tools = load_tools()  # read after the version: a concurrent bump makes us reload again
        except DatabaseError:
            # A run without admin tools beats a failed run; the next call tries again.
            log.warning("HTTP tools could not be loaded from the database", exc_info=True)
            return cache[1] if cache is not None else ()
        _cache = (version, tools)
        return tools


def forget_cached_tools() -> None:
    global _cache
    _cache = None


def http_tools_source(ctx: ToolContext) -> list[Tool]:
    """Registry source: the enabled HTTP tools (the registry filters by ``available``)."""
    return list(cached_tools())
