"""A workflow run's events over every transport: native SSE (with replay), WebSocket (resume,
cancel), GenOS and SpotLight formats."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.test import AsyncClient

from agents.tests.fixtures import read_events
from runs import events
from tomato_agent.asgi import application
from workflows.tests.flows import fixture

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]


def sse_events(body: bytes) -> list[tuple[str, str, str]]:
    """(id, event, data) of each SSE message; comments skipped."""
    out = []
    for block in body.decode().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if line and not line.startswith(":"))
        if "event" in fields:
            out.append((fields.get("id", ""), fields["event"], fields["data"]))
    return out


async def collect(response) -> bytes:
    return b"".join([chunk async for chunk in response.streaming_content])


def start_run(client, document, inputs) -> str:
    workflow = client.post("/api/workflows", {"name": "t", "schema": document}, format="json").json()
    response = client.post(f"/api/workflows/{workflow['id']}/runs", {"inputs": inputs}, format="json")
    assert response.status_code == 202, response.content
    assert response.json()["events_url"] == f"/api/runs/{response.json()['run_id']}/events"
    return response.json()["run_id"]


def get_sse(token: str, path: str, headers: dict | None = None) -> bytes:
    async def go():
        response = await AsyncClient().get(path, headers={"Authorization": f"Token {token}", **(headers or {})})
        assert response.status_code == 200
        return await collect(response)

    return async_to_sync(go)()


def test_native_sse_carries_node_events_and_replays_after_an_event_id(worker, auth_client, reply):
    marker = reply("streamed answer")
    run_id = start_run(auth_client, fixture("loop"), {"tasks": [marker, marker]})
    parsed = sse_events(get_sse(auth_client.token, f"/api/runs/{run_id}/events"))
    names = [name for _, name, _ in parsed]
    assert names[0] == "session"
    assert names[-2:] == ["workflow_finished", "result"]
    started = [json.loads(d) for _, n, d in parsed if n == "node_started"]
    assert started[0] == {"node_id": "start_0", "type": "start", "title": "Start"}
    # Nested work: the data is wrapped with its scope.
    nested = [json.loads(d) for _, n, d in parsed if n == "node_finished" and '"scope"' in d]
    assert nested[0]["scope"] == ["node:loop_0", "iter:0"]
    assert nested[0]["data"]["node_id"] == "block_start_0"
    tokens = [json.loads(d) for _, n, d in parsed if n == "token"]
    assert "".join(t["data"] for t in tokens if t["scope"] == ["node:loop_0", "iter:1", "node:llm_0"]) == (
        "streamed answer"
    )
    replay = sse_events(get_sse(auth_client.token, f"/api/runs/{run_id}/events", {"Last-Event-ID": parsed[3][0]}))
    assert replay == parsed[4:]


def test_websocket_resume_and_cancel_a_workflow_run(worker, auth_client, reply):
    marker = reply("tick " * 100, delay_ms=50)
    run_id = start_run(auth_client, fixture("basic-llm"), {"query": marker})

    async def go():
        ws = WebsocketCommunicator(application, "/ws/chat/")
        assert (await ws.connect(timeout=5))[0]
        await ws.send_json_to({"type": "auth", "token": auth_client.token})
        assert (await ws.receive_json_from(timeout=5))["type"] == "auth_ok"
        await ws.send_json_to({"type": "resume", "run_id": run_id, "after": "0-0"})
        frames, asked = [], False
        while True:
            frame = await ws.receive_json_from(timeout=20)
            frames.append(frame)
            if frame["type"] == "token" and frame.get("scope") == ["node:llm_0"] and not asked:
                await ws.send_json_to({"type": "cancel", "run_id": run_id})
                asked = True
            if frame["type"] in events.TERMINAL and "id" in frame:
                break
        await ws.disconnect()
        return frames

    frames = async_to_sync(go)()
    assert frames[0]["type"] == "session"
    assert all(f["run_id"] == run_id for f in frames)
    assert frames[-1]["type"] == "cancelled"
    llm_done = next(f for f in frames if f["type"] == "node_finished" and f["data"]["node_id"] == "llm_0")
    assert llm_done["data"]["status"] == "cancelled"
    assert llm_done["data"]["outputs"]["result"].startswith("tick")
    assert next(f for f in frames if f["type"] == "workflow_finished")["data"]["status"] == "cancelled"


def test_genos_format_shows_node_progress(worker, auth_client, reply):
    marker = reply("hi there")
    run_id = start_run(auth_client, fixture("branch"), {"mode": 3, "prompt": marker})
    read_events(run_id)
    body = get_sse(auth_client.token, f"/api/runs/{run_id}/events?format=genos").decode()
    chunks = [json.loads(line[5:]) for line in body.splitlines() if line.startswith("data:")]
    assert chunks[0] == {"event": "session", "data": {"chatId": None, "runId": run_id}}
    assert chunks[-1] == {"event": "result", "data": None}
    nodes = [c["data"] for c in chunks if c["event"] == "agentFlowExecutedData"]
    assert [(n["nodeId"], n["status"]) for n in nodes if n["nodeId"] == "node:llm_3"] == [
        ("node:llm_3", "INPROGRESS"),
        ("node:llm_3", "FINISHED"),
    ]
    assert all(n["nodeId"] not in ("node:llm_1", "node:llm_2") for n in nodes)  # skipped: not shown
    done = next(n for n in nodes if n["nodeId"] == "node:llm_3" and n["status"] == "FINISHED")
    assert done["nodeLabel"] == "LLM_3"
    assert json.loads(done["data"]["output"]["content"]) == {"result": "hi there"}
    assert not any(c["event"] == "token" for c in chunks)  # node tokens are not the run's answer


def test_spotlight_format_shows_nodes_as_tool_calls(worker, auth_client, reply):
    run_id = start_run(auth_client, fixture("loop-break-continue"), {"tasks": [reply("x") for _ in range(4)]})
    read_events(run_id)
    parsed = sse_events(get_sse(auth_client.token, f"/api/runs/{run_id}/events?format=spotlight"))
    names = [n for _, n, _ in parsed]
    assert names[-1] == "done"
    assert json.loads(parsed[-1][2])["finish_reason"] == "stop"
    starts = [json.loads(d) for _, n, d in parsed if n == "tool_start"]
    results = [json.loads(d) for _, n, d in parsed if n == "tool_result"]
    assert {s["tool_call_id"] for s in starts} == {r["tool_call_id"] for r in results}
    pick = [r for r in results if r["tool_call_id"].endswith("node:condition_0")]
    assert [r["tool_call_id"] for r in pick] == [f"node:loop_0/iter:{i}/node:condition_0" for i in range(4)]
    assert pick[0]["name"] == "Condition #0"
    assert pick[0]["ok"] is True
    end = next(r for r in results if r["tool_call_id"] == "node:end_0")
    assert end["content"] == {"outputs": ["x"], "indexes": [3]}
