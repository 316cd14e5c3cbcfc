"""The http node: FlowGram's request settings, sent through the platform's SSRF-safe sender.

Settings (``data``): ``api.method`` and ``api.url`` (a template); ``headersValues``
and ``paramsValues`` (values by name); ``body.bodyType`` — ``none``, ``JSON``
(``body.json``, a template), ``raw-text`` (``body.rawText``), ``binary``,
``form-data`` / ``x-www-form-urlencoded`` (``body.formDataValues`` /
``body.xWwwFormUrlencodedValues``); ``timeout.timeout`` in milliseconds and
``timeout.retryTimes``. Outputs: ``{headers, statusCode, body}``.

Secrets: ``{{secret:NAME}}`` in the URL, a header, a param or the body is
filled from the vault (:attr:`Env.vault`), only where the workflow's author
wrote it — never from a value a variable brought in — and the value is masked
everywhere the run reports.

Retries: a request that could not be sent or got 429/502/503/504 is tried again
up to ``retryTimes`` times, waiting 1 s, 2 s, 4 s… between attempts (cancel
interrupts the wait); a refused destination is not retried.
"""

from __future__ import annotations

import json
import re
import secrets as random_tokens
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from tools import net
from tools.registry import ToolError
from workflows.engine.context import NodeContext, NodeOutcome, wait_cancellable
from workflows.engine.interface import Cancelled, HttpRequest, HttpResponse, NodeError
from workflows.engine.values import as_text, render_template, resolve

DEFAULT_TIMEOUT_MS = 10_000
MAX_TIMEOUT_MS = 300_000
MAX_RETRIES = 5
BACKOFF_BASE_S = 1.0
RETRY_STATUSES = frozenset({429, 502, 503, 504})
SECRET_ONLY = re.compile(r"\{\{\s*secret:([A-Za-z0-9_]+)\s*\}\}")
CONTENT_TYPES = {
    "JSON": "application/json",
    "raw-text": "text/plain",
    "binary": "application/octet-stream",
    "x-www-form-urlencoded": "application/x-www-form-urlencoded",
}


def safe_sender(*, extra_allowed_hosts: Iterable[str] = ()) -> Callable[[HttpRequest], HttpResponse]:
    """An :attr:`Env.http_client` over ``tools.net.fetch`` (every hop checked, redirects re-checked)."""
    allowed = tuple(extra_allowed_hosts)

    def send(request: HttpRequest) -> HttpResponse:
        result = net.fetch(
            request.method,
            request.url,
            headers=request.headers,
            params=request.params,
            content=request.body,
            timeout=request.timeout,
            max_bytes=request.max_bytes,
            truncate=True,
            extra_allowed_hosts=allowed,
            cancel=request.cancel,
        )
        headers = {key.lower(): value for key, value in result.headers.items()}
        return HttpResponse(status=result.status, headers=headers, body=result.text(), truncated=result.truncated)

    return send


def run_http(ctx: NodeContext) -> NodeOutcome:
    data, env = ctx.data, ctx.env
    api = data.get("api") if isinstance(data.get("api"), Mapping) else {}
    method = str(api.get("method") or "GET").upper()
    secret = _vault(ctx)
    url_value = api.get("url") if isinstance(api.get("url"), Mapping) else {}
    url = render_template(str(url_value.get("content") or ""), ctx.scope, secret=secret).strip()
    if not url:
        raise NodeError("the URL is empty")
    headers = _fields(ctx, data.get("headersValues"), secret)
    params = _fields(ctx, data.get("paramsValues"), secret)
    body_settings = data.get("body") if isinstance(data.get("body"), Mapping) else {}
    body_type = body_settings.get("bodyType") or "none"
    body, content_type = _body(ctx, body_settings, body_type, secret)
    if body is not None and method in ("GET", "HEAD"):
        body = None  # as fetch() does: GET and HEAD carry no body
    if content_type and not any(key.lower() == "content-type" for key in headers):
        headers["Content-Type"] = content_type
    limits = data.get("timeout") if isinstance(data.get("timeout"), Mapping) else {}
    timeout_ms = _number(limits.get("timeout"), DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS)
    retries = int(_number(limits.get("retryTimes"), 0, 0, MAX_RETRIES))
    ctx.shown_inputs = {
        "method": method,
        "url": url,
        "headers": headers,
        "params": params,
        "bodyType": body_type,
        "body": body.decode("utf-8", "replace") if body is not None else "",
        "timeout": timeout_ms,
        "retryTimes": retries,
    }
    if env.http_client is None:
        raise NodeError("http nodes cannot send requests on this platform")
    request = HttpRequest(
        method=method, url=url, headers=headers, params=params, body=body, timeout=timeout_ms / 1000, cancel=ctx.stop
    )
    response = _send_with_retries(ctx, request, retries)
    return NodeOutcome(
        outputs={
            "headers": {k: ctx.secrets.text(v) for k, v in response.headers.items()},
            "statusCode": response.status,
            "body": ctx.secrets.text(response.body),
        }
    )


def _send_with_retries(ctx: NodeContext, request: HttpRequest, retries: int) -> HttpResponse:
    send = ctx.env.http_client
    for attempt in range(retries + 1):
        last = attempt == retries
        try:
            response = wait_cancellable(lambda: send(request), ctx.stop, name=f"http-{ctx.node.id}")
        except net.DestinationNotAllowed as exc:
            raise NodeError(ctx.secrets.text(str(exc))) from None
        except (ToolError, NodeError) as exc:
            if last:
                raise NodeError(ctx.secrets.text(str(exc))) from None
            ctx.notes.append(f"attempt {attempt + 1} failed ({ctx.secrets.text(str(exc))}); retrying")
        else:
            if last or response.status not in RETRY_STATUSES:
                return response
            ctx.notes.append(f"attempt {attempt + 1} answered HTTP {response.status}; retrying")
        if ctx.stop.wait(BACKOFF_BASE_S * 2**attempt):
            raise Cancelled
    raise AssertionError("unreachable")


def _vault(ctx: NodeContext) -> Callable[[str], str]:
    def secret(name: str) -> str:
        value = ctx.env.vault(name) if ctx.env.vault is not None else None
        if value is None:
            raise NodeError(f'the secret "{name}" is not available')
        ctx.secrets.add(value)
        return value

    return secret


def _authored(flow_value: Any, ctx: NodeContext, secret: Callable[[str], str], encode=as_text) -> Any:
    """A value as the http node uses it: secrets filled into constants and templates, never into variables."""
    if isinstance(flow_value, Mapping):
        if flow_value.get("type") == "constant" and isinstance(flow_value.get("content"), str):
            return SECRET_ONLY.sub(lambda m: secret(m.group(1)), flow_value["content"])
        if flow_value.get("type") == "template" and isinstance(flow_value.get("content"), str):
            return render_template(flow_value["content"], ctx.scope, secret=secret, encode=encode) or None
    found = resolve(flow_value, ctx.scope)
    return found.value if found is not None else None


def _fields(ctx: NodeContext, values: Any, secret: Callable[[str], str]) -> dict[str, str]:
    out: dict[str, str] = {}
    if isinstance(values, Mapping):
        for key, flow_value in values.items():
            value = _authored(flow_value, ctx, secret)
            if value is not None and value != "":
                out[str(key)] = as_text(value)
    return out


def _json_text(value: Any) -> str:
    """Inside a JSON body a string is escaped (the template gives its quotes); anything else is its JSON."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)[1:-1]
    return as_text(value) if value is not None else "null"


def _body(ctx: NodeContext, settings: Mapping, body_type: str, secret) -> tuple[bytes | None, str | None]:
    if body_type == "none":
        return None, None
    if body_type in ("JSON", "raw-text", "binary"):
        field = {"JSON": "json", "raw-text": "rawText", "binary": "binary"}[body_type]
        template = settings.get(field) or (settings.get("json") if body_type == "raw-text" else None)
        text = _authored(template, ctx, secret, encode=_json_text if body_type == "JSON" else as_text)
        if text is None:
            raise NodeError(f"the {body_type} body is empty")
        return as_text(text).encode("utf-8"), CONTENT_TYPES[body_type]
    if body_type in ("form-data", "x-www-form-urlencoded"):
        field = "formDataValues" if body_type == "form-data" else "xWwwFormUrlencodedValues"
        fields = _fields(ctx, settings.get(field), secret)
        if body_type == "x-www-form-urlencoded":
            return urlencode(fields).encode("ascii"), CONTENT_TYPES[body_type]
        return _multipart(fields)
    raise NodeError(f'the body type "{body_type}" is not supported')


def _multipart(fields: Mapping[str, str]) -> tuple[bytes, str]:
    boundary = f"----tomato{random_tokens.token_hex(12)}"
    parts = []
    for name, value in fields.items():
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{quoted}"\r\n\r\n{value}\r\n')
    parts.append(f"--{boundary}--\r\n")
    return "".join(parts).encode("utf-8"), f"multipart/form-data; boundary={boundary}"


def _number(value: Any, default: float, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return min(max(value, low), high)
