"""Fixtures for tool tests: a local HTTP server, a fake resolver, and a guard that
fails any test whose code tries to reach a non-loopback address."""

from __future__ import annotations

import contextlib
import ipaddress
import json
import logging
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from tools import net


@dataclass
class Received:
    method: str
    path: str  # raw, as on the request line (percent-encoding kept)
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | dict | list = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_length: bool = True  # False: no Content-Length, the body ends when the connection closes


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 with a replaceable responder; records requests."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.requests: list[Received] = []
        self.responder: Callable[[Received], Reply] = lambda request: Reply(200, {"ok": True})
        self.release = threading.Event()  # slow responders wait on this; set at teardown
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, format, *args):  # keep test output quiet
                pass

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                parts = urlsplit(self.path)
                request = Received(
                    method=self.command,
                    path=parts.path,
                    query=parse_qs(parts.query),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=self.rfile.read(length) if length else b"",
                )
                server.requests.append(request)
                reply = server.responder(request)
                body = reply.body
                if isinstance(body, dict | list):
                    body = json.dumps(body).encode()
                    reply.headers.setdefault("Content-Type", "application/json")
                elif isinstance(body, str):
                    body = body.encode()
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if reply.content_length:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)  # the client may stop reading (size limit)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def local_server():
    server = LocalServer()
    yield server
    server.close()


@pytest.fixture
def other_server():
    server = LocalServer()
    yield server
    server.close()


@pytest.fixture
def allow_local(settings):
    """Admit the loopback test servers through the SSRF policy, as an operator would."""
    settings.TOOLS_HTTP_ALLOWED_HOSTS = ["127.0.0.1"]


class FakeDNS:
    """Stands in for getaddrinfo: names map to address lists (or a list of answers per call)."""

    def __init__(self) -> None:
        self.answers: dict[str, list[list[str]]] = {}
        self.calls: list[str] = []

    def add(self, name: str, *answers: list[str]) -> None:
        self.answers[name] = list(answers)

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):
        self.calls.append(host)
        queue = self.answers.get(host)
        if not queue:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        addresses = queue.pop(0) if len(queue) > 1 else queue[0]
        infos = []
        for address in addresses:
            if ipaddress.ip_address(address).version == 6:
                infos.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0)))
            else:
                infos.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)))
        return infos


@pytest.fixture
def fake_dns(monkeypatch):
    dns = FakeDNS()
    monkeypatch.setattr(net, "getaddrinfo", dns)
    return dns


@pytest.fixture(autouse=True)
def no_outside_connections(monkeypatch):
    """Tool tests never reach past loopback: record and refuse any other connect()."""
    attempts: list[object] = []
    original = socket.socket.connect

    def is_loopback(host: str) -> bool:
        try:
            return ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            return host == "localhost"

    def connect(sock, address):
        if isinstance(address, tuple) and not is_loopback(str(address[0])):
            attempts.append(address)
            raise ConnectionRefusedError(f"test guard: refused to connect to {address!r}")
        return original(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield attempts
    assert attempts == [], f"a test tried to reach the outside: {attempts}"


class RawLogs(logging.Handler):
    """Log lines exactly as our code emits them.

    Attached to the ``tools`` and ``httpx`` loggers, it runs before the records
    propagate to the root handlers, whose redaction filter (tomato_agent.logging)
    rewrites records in place — so a leak here is a leak in our code, not masked.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.lines.append(f"{record.name}: {text}")

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def raw_logs():
    handler = RawLogs()
    loggers = [logging.getLogger(name) for name in ("tools", "httpx")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
    yield handler
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)
