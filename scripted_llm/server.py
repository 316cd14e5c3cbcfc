"""Asyncio HTTP/1.1 server speaking the OpenAI chat-completions protocol.

* :class:`ScriptedLLMApp` - the asyncio server (used by ``python -m scripted_llm``).
* :class:`ScriptedLLMServer` - runs the app in a background thread (tests, demos).
* :class:`ScriptedLLMProcess` - runs ``python -m scripted_llm`` as a subprocess.

Streams send **one HTTP chunk per SSE event** (one per token), each its own
socket write, as OpenAI, vLLM and OpenRouter do; ``pack=True`` (``--pack``)
packs events with no delay between them into chunks of up to 64 KB instead.

The HTTP layer is deliberately minimal: request line + headers, bodies with
``Content-Length`` (or chunked), keep-alive, JSON responses with
``Content-Length`` and server-sent-event streams with chunked transfer encoding.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, quote, unquote

import orjson

from .scenario import (
    Plan,
    RequestError,
    ScenarioStore,
    build_plan,
    error_body,
    new_id,
)

log = logging.getLogger("scripted_llm")

DEFAULT_MODELS = ("scripted-demo", "no-tools-demo")
MAX_HEADER_BYTES = 64 * 1024
MAX_BODY_BYTES = 32 * 1024 * 1024
FLUSH_BYTES = 64 * 1024
_CHUNK_END = b"0\r\n\r\n"
_PACED, _CONTROL, _ABORT = 0, 1, 2


@dataclass
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 0
    api_key: str | None = None
    delay_ms: float = 0.0
    models: tuple[str, ...] = DEFAULT_MODELS
    backlog: int = 2048
    keepalive_timeout: float = 120.0
    allow_remote_control: bool = False
    pack: bool = False  # pack undelayed events into 64 KB chunks (default: one chunk per event)


@dataclass
class HTTPRequest:
    method: str
    path: str
    query: str
    version: str
    headers: dict[str, str]
    body: bytes
    keep_alive: bool


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def url_host(host: str) -> str:
    """Host part to use in a URL for a server bound to ``host``."""
    if host in ("", "0.0.0.0"):  # noqa: S104 - a comparison, not a bind
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def _is_loopback(peer: Any) -> bool:
    if not peer:
        return True  # unix sockets and the like
    try:
        addr = ipaddress.ip_address(str(peer[0]).split("%")[0])
    except ValueError:
        return False
    mapped = getattr(addr, "ipv4_mapped", None)
    return bool(addr.is_loopback or (mapped is not None and mapped.is_loopback))


class ScriptedLLMApp:
    """The asyncio server. ``await start()``, then ``await close()``."""

    def __init__(self, config: ServerConfig, store: ScenarioStore) -> None:
        self.config = config
        self.store = store
        self.port = config.port
        self._server: asyncio.AbstractServer | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[Any]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._on_connection,
            self.config.host,
            self.config.port,
            backlog=self.config.backlog,
            limit=MAX_HEADER_BYTES,
            reuse_address=True,
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.close()
        tasks = [t for t in self._tasks if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    # ------------------------------------------------------------------ #
    # Connection handling and HTTP parsing
    # ------------------------------------------------------------------ #
    async def _on_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        self._writers.add(writer)
        peer = writer.get_extra_info("peername")
        try:
            while await self._serve_one(reader, writer, peer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        except Exception:
            log.exception("scripted-llm: connection handler failed")
        finally:
            if task is not None:
                self._tasks.discard(task)
            self._writers.discard(writer)
            if not writer.transport.is_closing():
                writer.close()

    async def _serve_one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, peer: Any) -> bool:
        """Serve one request; return whether the connection stays open."""
        try:
            async with asyncio.timeout(self.config.keepalive_timeout):
                head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, TimeoutError):
            return False
        except asyncio.LimitOverrunError:
            return await self._send_json(
                writer, 431, error_body("Request headers too large.", "invalid_request_error"), False
            )
        head = head.lstrip(b"\r\n")
        if not head:
            return True
        lines = head[:-4].split(b"\r\n")
        parts = lines[0].decode("latin-1").split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            return await self._send_json(
                writer, 400, error_body("Malformed request line.", "invalid_request_error"), False
            )
        method, target, version = parts
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, sep, value = line.partition(b":")
            if not sep:
                return await self._send_json(
                    writer, 400, error_body("Malformed header.", "invalid_request_error"), False
                )
            headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
        connection = headers.get("connection", "").lower()
        keep_alive = "close" not in connection if version == "HTTP/1.1" else "keep-alive" in connection

        if headers.get("expect", "").lower() == "100-continue":
            writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        try:
            if "chunked" in headers.get("transfer-encoding", "").lower():
                body = await self._read_chunked(reader)
            else:
                length = int(headers.get("content-length") or 0)
                if length < 0 or length > MAX_BODY_BYTES:
                    raise RequestError(413, "Request body too large.")
                body = await reader.readexactly(length) if length else b""
        except (ValueError, asyncio.LimitOverrunError):
            return await self._send_json(
                writer, 400, error_body("Malformed request body framing.", "invalid_request_error"), False
            )
        except RequestError as exc:
            return await self._send_error(writer, exc, False)

        path, _, query = target.partition("?")
        request = HTTPRequest(method, path, query, version, headers, body, keep_alive)
        return await self._route(request, writer, peer)

    async def _read_chunked(self, reader: asyncio.StreamReader) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = await reader.readuntil(b"\r\n")
            size = int(line.split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":
                    pass
                return b"".join(chunks)
            total += size
            if total > MAX_BODY_BYTES:
                raise RequestError(413, "Request body too large.")
            chunks.append((await reader.readexactly(size + 2))[:-2])

    # ------------------------------------------------------------------ #
    # Responses
    # ------------------------------------------------------------------ #
    async def _send_json(
        self,
        writer: asyncio.StreamWriter,
        status: int,
        obj: Any,
        keep_alive: bool,
        headers: dict[str, str] | None = None,
    ) -> bool:
        body = orjson.dumps(obj)
        lines = [
            f"HTTP/1.1 {status} {_reason(status)}",
            "Content-Type: application/json",
            f"Content-Length: {len(body)}",
            f"Connection: {'keep-alive' if keep_alive else 'close'}",
        ]
        lines.extend(f"{k}: {v}" for k, v in (headers or {}).items())
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()
        return keep_alive

    async def _send_error(self, writer: asyncio.StreamWriter, exc: RequestError, keep_alive: bool) -> bool:
        log.debug("scripted-llm: error %s %s", exc.status, exc.message)
        return await self._send_json(writer, exc.status, exc.body(), keep_alive, exc.headers)

    # ------------------------------------------------------------------ #
    # Routing
    # ------------------------------------------------------------------ #
    async def _route(self, req: HTTPRequest, writer: asyncio.StreamWriter, peer: Any) -> bool:
        path = req.path
        try:
            if path in ("/health", "/healthz", "/v1/health"):
                return await self._send_json(writer, 200, {"status": "ok"}, req.keep_alive)
            self._check_auth(req)
            if path.startswith("/_control/"):
                if not (self.config.allow_remote_control or _is_loopback(peer)):
                    raise RequestError(403, "The control API only accepts loopback clients.")
                return await self._control(req, writer)
            api = path[3:] if path.startswith("/v1/") else path
            if api == "/chat/completions":
                self._require(req, "POST")
                return await self._chat(req, writer)
            if api == "/models":
                self._require(req, "GET")
                data = [self._model(m) for m in self.config.models]
                return await self._send_json(writer, 200, {"object": "list", "data": data}, req.keep_alive)
            if api.startswith("/models/"):
                self._require(req, "GET")
                name = unquote(api[len("/models/") :])
                if name not in self.config.models:
                    raise RequestError(404, f"The model {name!r} does not exist.", code="model_not_found")
                return await self._send_json(writer, 200, self._model(name), req.keep_alive)
            raise RequestError(404, f"Unknown path {path!r}.", code="not_found")
        except RequestError as exc:
            return await self._send_error(writer, exc, req.keep_alive)

    @staticmethod
    def _model(name: str) -> dict[str, Any]:
        return {"id": name, "object": "model", "created": 0, "owned_by": "scripted"}

    @staticmethod
    def _require(req: HTTPRequest, method: str) -> None:
        if req.method != method:
            raise RequestError(405, f"Method {req.method} not allowed; use {method}.")

    def _check_auth(self, req: HTTPRequest) -> None:
        key = self.config.api_key
        if not key:
            return
        scheme, _, token = req.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), key.encode()):
            raise RequestError(401, "Incorrect API key provided.", code="invalid_api_key")

    @staticmethod
    def _json_body(req: HTTPRequest) -> dict[str, Any]:
        try:
            data = orjson.loads(req.body)
        except orjson.JSONDecodeError:
            raise RequestError(400, "We could not parse the JSON body of your request.") from None
        if not isinstance(data, dict):
            raise RequestError(400, "The request body must be a JSON object.")
        return data

    async def _control(self, req: HTTPRequest, writer: asyncio.StreamWriter) -> bool:
        sub = req.path[len("/_control") :].rstrip("/")
        method = req.method
        ka = req.keep_alive
        if sub == "/scenarios" and method == "POST":
            data = self._json_body(req)
            try:
                if "scenarios" in data:
                    names = self.store.add_script(data)
                else:
                    self.store.add(data.get("name"), data.get("turns"), data.get("match"))
                    names = [data["name"]]
            except (ValueError, re.error) as exc:
                raise RequestError(400, str(exc)) from None
            return await self._send_json(writer, 200, {"ok": True, "names": names}, ka)
        if sub == "/scenarios" and method == "GET":
            return await self._send_json(writer, 200, {"data": self.store.names()}, ka)
        if sub.startswith("/scenarios/") and method == "DELETE":
            name = unquote(sub[len("/scenarios/") :])
            if not self.store.remove(name):
                raise RequestError(404, f"No runtime scenario named {name!r}.", code="not_found")
            return await self._send_json(writer, 200, {"ok": True, "deleted": name}, ka)
        if sub == "/requests" and method == "GET":
            raw = parse_qs(req.query).get("limit", [None])[0]
            try:
                limit = int(raw) if raw is not None else None
            except ValueError:
                raise RequestError(400, "limit must be an integer") from None
            data = self.store.requests(limit)
            return await self._send_json(writer, 200, {"object": "list", "data": data}, ka)
        if sub == "/reset" and method == "POST":
            self.store.reset()
            return await self._send_json(writer, 200, {"ok": True}, ka)
        if sub == "/stats" and method == "GET":
            return await self._send_json(writer, 200, self.store.snapshot_stats(), ka)
        raise RequestError(404, f"Unknown control endpoint {method} {req.path!r}.")

    # ------------------------------------------------------------------ #
    # Chat completions
    # ------------------------------------------------------------------ #
    async def _chat(self, req: HTTPRequest, writer: asyncio.StreamWriter) -> bool:
        body = self._json_body(req)
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            raise RequestError(400, "'messages' must be a non-empty array.", param="messages")
        if not all(isinstance(m, dict) for m in messages):
            raise RequestError(400, "Every message must be an object.", param="messages")
        model = body.get("model")
        if not isinstance(model, str) or not model:
            raise RequestError(400, "'model' is required.", param="model")
        self.store.record(body)
        resolution = self.store.resolve(body)
        error = self.store.take_error(resolution)
        if error is not None:
            raise error
        log.debug("scripted-llm: %s turn %d", resolution.scenario, resolution.index)
        plan = build_plan(resolution.turn, body, default_delay_ms=self.config.delay_ms)
        if body.get("stream"):
            options = body.get("stream_options")
            include_usage = isinstance(options, dict) and bool(options.get("include_usage"))
            return await self._stream(writer, plan, model, include_usage, req)
        return await self._complete(writer, plan, model, req.keep_alive)

    async def _complete(self, writer: asyncio.StreamWriter, plan: Plan, model: str, keep_alive: bool) -> bool:
        wait_ms = plan.first_delay_ms + plan.delay_ms * plan.completion_pieces
        if wait_ms > 0:
            await asyncio.sleep(wait_ms / 1000)
        if plan.abort_after is not None:
            if plan.abort_mode == "abort":
                writer.transport.abort()
                return False
            raise RequestError(500, plan.abort_message, type_="server_error")
        response: dict[str, Any] = {
            "id": new_id("chatcmpl-"),
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "system_fingerprint": None,
            "choices": [
                {
                    "index": 0,
                    "message": plan.message(),
                    "logprobs": None,
                    "finish_reason": plan.finish_reason,
                }
            ],
        }
        if plan.usage is not None:
            response["usage"] = plan.usage
        return await self._send_json(writer, 200, response, keep_alive)

    @staticmethod
    def _stream_events(plan: Plan, cid: str, model: str, include_usage: bool) -> Iterator[tuple[bytes, int]]:
        """Lazily yield SSE events as ``(bytes, kind)`` (kind: PACED, CONTROL or ABORT).

        PACED events are separated by ``delay_ms``; an ABORT event marks where
        ``error_after_tokens`` cuts the stream (nothing follows it).
        """
        created = int(time.time())
        head = b"".join(
            (
                b'data: {"id":"',
                cid.encode(),
                b'","object":"chat.completion.chunk","created":',
                str(created).encode(),
                b',"model":',
                orjson.dumps(model),
                b',"system_fingerprint":null,"choices":[{"index":0,"delta":',
            )
        )
        tail = b',"usage":null}\n\n' if include_usage else b"}\n\n"
        open_tail = b',"logprobs":null,"finish_reason":null}]' + tail
        dumps = orjson.dumps

        first_content = "" if plan.has_content or not plan.tool_calls else None
        yield head + dumps({"role": "assistant", "content": first_content}) + open_tail, _CONTROL
        for piece in plan.reasoning:
            yield head + dumps(dict.fromkeys(plan.reasoning_fields, piece)) + open_tail, _PACED
        for i, piece in enumerate(plan.content):
            if i == plan.abort_after:
                yield b"", _ABORT
                return
            yield head + dumps({"content": piece}) + open_tail, _PACED
        if plan.abort_after is not None:
            yield b"", _ABORT
            return
        for index, call in enumerate(plan.tool_calls):
            function = {"name": call.name, "arguments": ""}
            first = {"index": index, "id": call.id, "type": "function", "function": function}
            yield head + dumps({"tool_calls": [first]}) + open_tail, _PACED
            for piece in call.pieces:
                delta = {"tool_calls": [{"index": index, "function": {"arguments": piece}}]}
                yield head + dumps(delta) + open_tail, _PACED
        finish = b',"logprobs":null,"finish_reason":' + dumps(plan.finish_reason) + b"}]"
        yield head + b"{}" + finish + tail, _CONTROL
        if include_usage and plan.usage is not None:
            usage_chunk = {
                "id": cid,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "system_fingerprint": None,
                "choices": [],
                "usage": plan.usage,
            }
            yield b"data: " + dumps(usage_chunk) + b"\n\n", _CONTROL
        yield b"data: [DONE]\n\n", _CONTROL

    async def _stream(
        self,
        writer: asyncio.StreamWriter,
        plan: Plan,
        model: str,
        include_usage: bool,
        req: HTTPRequest,
    ) -> bool:
        chunked = req.version == "HTTP/1.1"
        keep_alive = req.keep_alive and chunked
        cid = new_id("chatcmpl-")
        head = (
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: text/event-stream; charset=utf-8\r\n"
            "Cache-Control: no-cache\r\n"
            f"X-Request-Id: {cid}\r\n"
            + ("Transfer-Encoding: chunked\r\n" if chunked else "")
            + f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n"
        )
        writer.write(head.encode("latin-1"))

        def frame(parts: list[bytes]) -> bytes:
            data = b"".join(parts)
            if not chunked or not data:
                return data
            return b"%x\r\n%b\r\n" % (len(data), data)

        delay = plan.delay_ms / 1000
        pack = self.config.pack
        pending: list[bytes] = []
        size = 0
        paced_seen = 0
        aborted = False
        self.store.stream_started()
        try:
            if plan.first_delay_ms > 0:
                await asyncio.sleep(plan.first_delay_ms / 1000)
            for data, kind in self._stream_events(plan, cid, model, include_usage):
                if kind == _ABORT:
                    aborted = True
                    break
                if kind == _PACED:
                    if paced_seen and delay > 0:
                        if pending:
                            writer.write(frame(pending))
                            pending, size = [], 0
                            await writer.drain()
                        await asyncio.sleep(delay)
                        if writer.transport.is_closing():
                            return False
                    paced_seen += 1
                pending.append(data)
                size += len(data)
                if size >= FLUSH_BYTES or not pack:
                    writer.write(frame(pending))
                    pending, size = [], 0
                    await writer.drain()
                    await asyncio.sleep(0)  # let other streams progress (and each chunk leave on its own)
            if aborted and plan.abort_mode == "abort":
                writer.write(frame(pending))
                await writer.drain()
                await self._wait_flushed(writer)
                writer.transport.abort()
                return False
            if aborted:
                failure = error_body(plan.abort_message, "server_error", code="stream_error")
                pending.append(b"data: " + orjson.dumps(failure) + b"\n\n")
            writer.write(frame(pending) + (_CHUNK_END if chunked else b""))
            await writer.drain()
        finally:
            self.store.stream_finished()
        return keep_alive

    @staticmethod
    async def _wait_flushed(writer: asyncio.StreamWriter, timeout: float = 1.0) -> None:
        deadline = time.monotonic() + timeout
        while writer.transport.get_write_buffer_size() and time.monotonic() < deadline:
            await asyncio.sleep(0.005)


# ---------------------------------------------------------------------- #
# Python API: in-process server and subprocess
# ---------------------------------------------------------------------- #
class _StartStop:
    """``with server:`` starts it and stops it again."""

    def start(self):  # pragma: no cover - defined by the subclasses
        raise NotImplementedError

    def stop(self) -> None:  # pragma: no cover - defined by the subclasses
        raise NotImplementedError

    def __enter__(self):
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class _ControlClient(_StartStop):
    """Talks to the control API over HTTP (used for the subprocess handle)."""

    api_key: str | None

    @property
    def root_url(self) -> str:
        raise NotImplementedError

    def _call(self, method: str, path: str, payload: Any = None) -> Any:
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        data = orjson.dumps(payload) if payload is not None else None
        # Only http://<our host>:<our port>/_control/... URLs are built here.
        request = urllib.request.Request(  # noqa: S310
            self.root_url + path, data=data, method=method, headers=headers
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=10) as response:
                return orjson.loads(response.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            raise RuntimeError(f"control API {method} {path} failed: {exc.code} {detail}") from None


class ScriptedLLMServer(_StartStop):
    """The scripted server running in a background thread with its own event loop.

    >>> with ScriptedLLMServer() as server:
    ...     client = openai.OpenAI(base_url=server.base_url, api_key="x")
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        api_key: str | None = None,
        delay_ms: float = 0.0,
        models: list[str] | tuple[str, ...] | None = None,
        script: str | os.PathLike[str] | dict[str, Any] | None = None,
        scenarios: dict[str, Any] | None = None,
        max_recorded: int = 1000,
        backlog: int = 2048,
        keepalive_timeout: float = 120.0,
        allow_remote_control: bool = False,
        pack: bool = False,
    ) -> None:
        self.config = ServerConfig(
            host=host,
            port=port,
            api_key=api_key,
            delay_ms=delay_ms,
            models=tuple(models or DEFAULT_MODELS),
            backlog=backlog,
            keepalive_timeout=keepalive_timeout,
            allow_remote_control=allow_remote_control,
            pack=pack,
        )
        self.store = ScenarioStore(script=script, scenarios=scenarios, max_recorded=max_recorded)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._app: ScriptedLLMApp | None = None

    # -- lifecycle ------------------------------------------------------ #
    def start(self, timeout: float = 10.0) -> ScriptedLLMServer:
        """Start listening; returns once the socket is bound."""
        if self._thread is not None:
            raise RuntimeError("server already started")
        ready = threading.Event()
        failure: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, args=(ready, failure), name="scripted-llm", daemon=True)
        self._thread.start()
        if not ready.wait(timeout):
            raise TimeoutError("scripted-llm did not start in time")
        if failure:
            self._thread.join(timeout)
            self._thread = None
            raise failure[0]
        return self

    def _run(self, ready: threading.Event, failure: list[BaseException]) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        app = ScriptedLLMApp(self.config, self.store)
        try:
            loop.run_until_complete(app.start())
        except BaseException as exc:  # reported to start()
            failure.append(exc)
            loop.close()
            ready.set()
            return
        self._loop, self._app = loop, app
        ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(app.close())
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server and close all connections (idempotent)."""
        thread, loop = self._thread, self._loop
        if thread is None:
            return
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
        self._thread = self._loop = None

    # -- addresses ------------------------------------------------------ #
    @property
    def host(self) -> str:
        return self.config.host

    @property
    def api_key(self) -> str | None:
        return self.config.api_key

    @property
    def port(self) -> int:
        return self._app.port if self._app is not None else self.config.port

    @property
    def root_url(self) -> str:
        return f"http://{url_host(self.host)}:{self.port}"

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/v1`` - pass this to ``openai.OpenAI(base_url=...)``."""
        return self.root_url + "/v1"

    # -- control -------------------------------------------------------- #
    def add_scenario(self, name: str, turns: list[dict[str, Any]], match: str | None = None) -> None:
        """Register (or replace) a scenario; ``match`` optionally adds a regex rule."""
        self.store.add(name, turns, match)

    def remove_scenario(self, name: str) -> bool:
        return self.store.remove(name)

    def requests(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Bodies of the last ``limit`` chat-completion requests (oldest first)."""
        return self.store.requests(limit)

    def reset(self) -> None:
        self.store.reset()

    def stats(self) -> dict[str, int]:
        return self.store.snapshot_stats()


class ScriptedLLMProcess(_ControlClient):
    """``python -m scripted_llm`` as a subprocess, with the same control methods."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        api_key: str | None = None,
        delay_ms: float = 0.0,
        models: list[str] | tuple[str, ...] | None = None,
        script: str | os.PathLike[str] | dict[str, Any] | None = None,
        extra_args: list[str] | tuple[str, ...] = (),
        python: str = sys.executable,
        stderr: Any = None,
        pack: bool = False,
    ) -> None:
        self.host = host
        self.pack = pack
        self.port = port
        self.api_key = api_key
        self.delay_ms = delay_ms
        self.models = list(models or ())
        self.script = script
        self.extra_args = list(extra_args)
        self.python = python
        self.stderr = stderr
        self.proc: subprocess.Popen[str] | None = None
        self._tmp_script: str | None = None

    @property
    def root_url(self) -> str:
        return f"http://{url_host(self.host)}:{self.port}"

    @property
    def base_url(self) -> str:
        return self.root_url + "/v1"

    def start(self, timeout: float = 20.0) -> ScriptedLLMProcess:
        """Spawn the process and wait for its ``listening on`` line."""
        args = [self.python, "-m", "scripted_llm", "--host", self.host, "--port", str(self.port)]
        args += ["--delay-ms", str(self.delay_ms)]
        if self.pack:
            args.append("--pack")
        for model in self.models:
            args += ["--model", model]
        script = self.script
        if isinstance(script, dict):
            fd, self._tmp_script = tempfile.mkstemp(prefix="scripted-llm-", suffix=".json")
            with os.fdopen(fd, "wb") as fh:
                fh.write(orjson.dumps(script))
            script = self._tmp_script
        if script is not None:
            args += ["--script", str(script)]
        args += self.extra_args
        env = dict(os.environ)
        package_parent = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH")) if p)
        env["PYTHONUNBUFFERED"] = "1"
        if self.api_key:
            env["SCRIPTED_LLM_API_KEY"] = self.api_key  # not on the command line
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.stderr, env=env, text=True)
        lines: queue.Queue[str] = queue.Queue()
        stdout = self.proc.stdout
        assert stdout is not None
        threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            self.stop()
            raise TimeoutError("scripted-llm subprocess did not start in time") from None
        match = re.search(r"listening on http://(\S+):(\d+)/v1", line)
        if not match:
            self.stop()
            raise RuntimeError(f"scripted-llm subprocess failed to start: {line!r}")
        self.port = int(match.group(2))
        return self

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGTERM the process (SIGKILL after ``timeout``); returns its exit code."""
        proc = self.proc
        code = None
        if proc is not None:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout)
            if proc.stdout is not None:
                proc.stdout.close()
            code = proc.returncode
        if self._tmp_script:
            Path(self._tmp_script).unlink(missing_ok=True)
            self._tmp_script = None
        return code

    def add_scenario(self, name: str, turns: list[dict[str, Any]], match: str | None = None) -> None:
        payload: dict[str, Any] = {"name": name, "turns": turns}
        if match:
            payload["match"] = match
        self._call("POST", "/_control/scenarios", payload)

    def remove_scenario(self, name: str) -> bool:
        try:
            self._call("DELETE", f"/_control/scenarios/{quote(name, safe='')}")
        except RuntimeError:
            return False
        return True

    def requests(self, limit: int | None = None) -> list[dict[str, Any]]:
        query = f"?limit={limit}" if limit is not None else ""
        return self._call("GET", f"/_control/requests{query}")["data"]

    def reset(self) -> None:
        self._call("POST", "/_control/reset")

    def stats(self) -> dict[str, int]:
        return self._call("GET", "/_control/stats")
