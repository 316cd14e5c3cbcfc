"""Cancel stops work in flight; the http node against a local server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import orjson
import pytest

from workflows.engine import http as http_node
from workflows.engine import run_workflow, safe_sender
from workflows.engine.tests.conftest import load

LONG_REPLY = " ".join(f"word{i}" for i in range(120))


def test_cancel_in_the_middle_of_a_loop(sink, make_env, reply, prompts):
    markers = [reply(f"quick {i}") for i in range(2)] + [reply(LONG_REPLY, delay_ms=25) for _ in range(6)]
    cancelled_at = []

    def cancel_on_third_iteration(type_, data, scope):
        if type_ == "token" and scope == ("node:loop_0", "iter:2", "node:llm_0") and not cancelled_at:
            cancelled_at.append(time.monotonic())
            sink.cancel.cancel()

    sink.on_emit = cancel_on_third_iteration
    result = run_workflow(load("loop.json"), {"tasks": markers}, env=make_env())
    returned_after = time.monotonic() - cancelled_at[0]

    assert result.status == "cancelled"
    assert returned_after < 2.0  # the third reply would stream for 3 s more: it was not waited for
    loop = result.reports["loop_0"]
    assert loop.status == "cancelled"
    assert [i["status"] for i in loop.iterations] == ["succeeded", "succeeded", "cancelled"]
    assert loop.outputs == {"results": ["quick 0", "quick 1"], "items": markers[:2], "indexes": [0, 1]}
    third = result.reports["llm_0"].snapshots[2]
    assert third["status"] == "cancelled"
    assert third["iteration"] == [2]
    partial = third["outputs"]["result"]
    assert partial
    assert LONG_REPLY.startswith(partial)
    assert len(partial) < len(LONG_REPLY)
    assert [len(prompts(m)) for m in markers[3:]] == [0] * 5  # later iterations never started
    assert "end_0" not in result.reports  # never reached
    assert sink.events[-1][0] == "workflow_finished"
    assert sink.events[-1][1]["status"] == "cancelled"
    # What streamed before the cancel is exactly the partial output kept in the report.
    assert sink.text(("node:loop_0", "iter:2", "node:llm_0")) == partial


class _Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        server = self.server
        server.seen.append({"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body})
        if server.delay:
            time.sleep(server.delay)
        status = server.statuses.pop(0) if server.statuses else 200
        payload = json.dumps({"ok": status == 200, "echo": body.decode("utf-8", "replace")}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = _answer


@pytest.fixture
def web():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.seen, server.statuses, server.delay = [], [], 0.0
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def host_of(server) -> str:
    return f"127.0.0.1:{server.server_address[1]}"


def test_http_node_against_a_local_server(sink, make_env, web):
    env = make_env(http_client=safe_sender(extra_allowed_hosts=[host_of(web)]))
    inputs = {"host": host_of(web), "path": "/hook", "name": 'Ann "the" tester'}
    result = run_workflow(load("http.json"), inputs, env=env)

    assert result.status == "succeeded", result.error
    [seen] = web.seen
    assert seen["method"] == "POST"
    url = urlsplit(seen["path"])
    assert url.path == "/hook"
    assert parse_qs(url.query) == {"lang": ["en"], "who": ['Ann "the" tester']}
    assert seen["headers"]["X-Trace"] == "wf-test"
    assert seen["headers"]["Content-Type"] == "application/json"
    assert json.loads(seen["body"]) == {"greeting": 'hello Ann "the" tester'}  # values are escaped inside JSON
    assert result.outputs["code"] == 200
    assert result.outputs["type"] == "application/json"
    assert json.loads(result.outputs["res"])["ok"] is True
    http = result.reports["http_0"]
    assert http.inputs["method"] == "POST"
    assert http.inputs["url"] == f"http://{host_of(web)}/hook"
    assert http.outputs["statusCode"] == 200


def test_http_node_refuses_the_inside_of_the_network(sink, make_env, web):
    env = make_env(http_client=safe_sender())  # 127.0.0.1 is not allowlisted
    result = run_workflow(load("http.json"), {"host": host_of(web), "path": "/"}, env=env)

    assert result.status == "failed"
    assert result.error["code"] == "node_failed"
    assert result.error["node_id"] == "http_0"
    assert "destination not allowed: loopback address" in result.error["message"]
    assert web.seen == []
    assert "end_0" not in result.reports


def test_http_retries_with_backoff(sink, make_env, web, monkeypatch):
    monkeypatch.setattr(http_node, "BACKOFF_BASE_S", 0.01)
    web.statuses = [503, 200]
    env = make_env(http_client=safe_sender(extra_allowed_hosts=[host_of(web)]))
    result = run_workflow(load("http.json"), {"host": host_of(web), "path": "/", "name": "x"}, env=env)

    assert result.status == "succeeded", result.error
    assert len(web.seen) == 2
    assert result.outputs["code"] == 200
    assert result.reports["http_0"].notes == ["attempt 1 answered HTTP 503; retrying"]

    web.seen, web.statuses = [], [503, 503, 503]
    result = run_workflow(load("http.json"), {"host": host_of(web), "path": "/", "name": "x"}, env=env)
    assert len(web.seen) == 2  # retryTimes 1: two attempts, then the last answer stands
    assert result.outputs["code"] == 503


def _secret_schema(body_type: str) -> dict:
    schema = load("http.json")
    http = schema["nodes"][2]["data"]
    http["headersValues"]["Authorization"] = {"type": "constant", "content": "Bearer {{secret:HOOK_TOKEN}}"}
    http["paramsValues"]["echo"] = {"type": "ref", "content": ["start_0", "name"]}
    http["body"] = {
        "bodyType": body_type,
        "formDataValues": {
            "who": {"type": "ref", "content": ["start_0", "name"]},
            "key": {"type": "constant", "content": "{{secret:HOOK_TOKEN}}"},
        },
        "xWwwFormUrlencodedValues": {"who": {"type": "ref", "content": ["start_0", "name"]}},
        "rawText": {"type": "template", "content": "raw {{start_0.name}}"},
    }
    return schema


@pytest.mark.parametrize("body_type", ["form-data", "x-www-form-urlencoded", "raw-text"])
def test_http_bodies_and_vault_secrets(sink, make_env, web, body_type):
    token = "vault-canary-7c1d2e3f4a5b"
    vault = {"HOOK_TOKEN": token}.get
    env = make_env(http_client=safe_sender(extra_allowed_hosts=[host_of(web)]), vault=vault)
    # A variable that *reads* like a secret placeholder stays text: secrets fill only what the author wrote.
    name = "{{secret:HOOK_TOKEN}}"
    result = run_workflow(_secret_schema(body_type), {"host": host_of(web), "path": "/", "name": name}, env=env)

    assert result.status == "succeeded", result.error
    [seen] = web.seen
    assert seen["headers"]["Authorization"] == f"Bearer {token}"
    assert parse_qs(urlsplit(seen["path"]).query)["echo"] == [name]
    body = seen["body"].decode()
    content_type = seen["headers"]["Content-Type"]
    if body_type == "form-data":
        assert content_type.startswith("multipart/form-data; boundary=")
        assert f'name="who"\r\n\r\n{name}\r\n' in body
        assert f'name="key"\r\n\r\n{token}\r\n' in body
    elif body_type == "x-www-form-urlencoded":
        assert content_type == "application/x-www-form-urlencoded"
        assert parse_qs(body) == {"who": [name]}
    else:
        assert content_type == "text/plain"
        assert body == f"raw {name}"
    # The server echoed the body back: the secret is masked in the outputs, events and reports.
    everything = sink.dump() + orjson.dumps(result.reports_dict()).decode() + orjson.dumps(result.outputs).decode()
    assert token not in everything
    if body_type == "form-data":
        assert "[redacted]" in result.outputs["res"]


def test_http_missing_secret_fails_the_node(sink, make_env, web):
    env = make_env(http_client=safe_sender(extra_allowed_hosts=[host_of(web)]), vault={}.get)
    result = run_workflow(_secret_schema("raw-text"), {"host": host_of(web), "path": "/", "name": "x"}, env=env)
    assert result.status == "failed"
    assert 'the secret "HOOK_TOKEN" is not available' in result.error["message"]
    assert web.seen == []


def test_cancel_stops_an_http_request_in_flight(sink, make_env, web):
    web.delay = 5.0
    started = []

    def cancel_once_sent(type_, data, scope):
        if type_ == "node_started" and data["node_id"] == "http_0":
            threading.Timer(0.3, sink.cancel.cancel).start()
            started.append(time.monotonic())

    sink.on_emit = cancel_once_sent
    env = make_env(http_client=safe_sender(extra_allowed_hosts=[host_of(web)]))
    result = run_workflow(load("http.json"), {"host": host_of(web), "path": "/slow", "name": "x"}, env=env)

    assert result.status == "cancelled"
    assert time.monotonic() - started[0] < 2.5  # not the server's 5 s
    assert result.reports["http_0"].status == "cancelled"
    assert result.reports["http_0"].inputs["url"].endswith("/slow")


def test_nothing_reaches_the_stream_after_the_run_returned(sink, make_env):
    """A node that ignores cancel is left behind; what it does later is not streamed."""
    from workflows.engine import AgentNodeResult

    finished = threading.Event()

    def stubborn_agent(request, agent_sink, cancel):
        agent_sink.emit("token", "in time")
        agent_sink.flush()
        sink.cancel.cancel()
        time.sleep(0.6)  # ignores the cancel
        agent_sink.emit("token", "too late")
        agent_sink.flush()
        finished.set()
        return AgentNodeResult(status="succeeded", content="too late")

    schema = load("basic-llm.json")
    llm = schema["nodes"][2]
    llm["type"] = "agent"
    result = run_workflow(schema, {"query": "hi"}, env=make_env(agent=stubborn_agent))

    assert result.status == "cancelled"
    assert not finished.is_set()  # the run did not wait for the agent
    assert result.reports["llm_0"].status == "cancelled"
    assert result.reports["llm_0"].outputs == {"result": "in time"}
    assert finished.wait(5)
    assert sink.events[-1][0] == "workflow_finished"
    assert sink.text(("node:llm_0",)) == "in time"
    assert "too late" not in sink.dump()
