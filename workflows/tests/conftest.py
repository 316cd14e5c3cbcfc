"""Workflow test fixtures: a local HTTP service for http nodes and SpotLight tools, a worker that may
call it (loopback hosts are refused by the SSRF policy unless allowlisted), the engine tests'
scripted answers (``reply``, ``prompts``) and the chat's browser harness (``browser``, ``server``, ``session``)."""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from agents.tests.fixtures import ROOT, start_worker, stop_worker
from agents.tests.test_ui_browser import browser, server, session  # noqa: F401 - the browser harness
from workflows.engine.tests.conftest import prompts, reply  # noqa: F401 - scripted answers by marker


class EchoService:
    """Answers every request with JSON describing it (the ``X-Key`` header included, so a test can
    check a secret that came back in a response is scrubbed) and records what it received."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                parts = urlsplit(self.path)
                seen = {
                    "method": self.command,
                    "path": parts.path,
                    "query": parse_qs(parts.query),
                    "headers": dict(self.headers),
                    "body": body,
                }
                service.requests.append(seen)
                payload = json.dumps(
                    {"ok": True, "path": parts.path, "query": seen["query"], "key_was": self.headers.get("X-Key", "")}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> EchoService:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def echo_service():
    with EchoService() as service:
        yield service


@pytest.fixture(scope="session")
def _open_worker(llm_server, worker):
    """A worker whose tools may reach 127.0.0.1 and whose llm nodes may use the scripted server by URL;
    JSON logs, so a test can read each line's trace and run ids."""
    from django.conf import settings

    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-wf{uuid.uuid4().hex[:6]}"
    proc = start_worker(
        llm_server.base_url,
        queue=queue,
        concurrency=20,
        extra_env={
            "TOOLS_HTTP_ALLOWED_HOSTS": "127.0.0.1",
            "WORKFLOW_LLM_ALLOWED_HOSTS": "127.0.0.1",
            "LOG_FORMAT": "json",
        },
    )
    yield queue
    stop_worker(proc)


@pytest.fixture
def open_worker(_open_worker, settings):
    """Runs of this test go to the allowlisting worker; the web side allows the same hosts."""
    settings.CELERY_TASK_DEFAULT_QUEUE = _open_worker
    settings.WORKFLOW_LLM_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.TOOLS_HTTP_ALLOWED_HOSTS = ["127.0.0.1"]
    return _open_worker


@pytest.fixture
def worker_log():
    """What the test workers logged (all of them append to one file per test session)."""
    import os

    path = ROOT / "var" / f"test-worker-{os.getpid()}.log"

    def read() -> str:
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    return read
