"""SpotLight's execution plane: POST /v1/run_workflow and GET /v1/workflows.

The secrets of a request (the model's ``api_key``, the vault's values) are
canaries here: after a run they must be nowhere — not in the SSE answer, the
run's Redis stream, its MongoDB report, or any log line of the web process or
the worker.
"""

from __future__ import annotations

import json
import logging

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient

from runs import keys
from tomato_agent.mongo import get_db
from tomato_agent.redis_client import get_redis
from workflows.tests.flows import fixture
from workflows.tests.test_transports import collect, sse_events

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]

KEY_CANARY = "sk-spotlight-canary-7c2e91d4a0b8"
VAULT_CANARY = "vault-canary-e41f0c9b2d77a6"


def post(token: str, payload: dict, path: str = "/v1/run_workflow"):
    async def go():
        response = await AsyncClient().post(
            path, payload, content_type="application/json", headers={"Authorization": f"Token {token}"}
        )
        body = await collect(response) if response.streaming else response.content
        return response, body

    return async_to_sync(go)()


def weather_tool(service_url: str) -> dict:
    return {
        "type": "HTTP",
        "name": "weather",
        "description": "Weather for a city.",
        "parameter_schema": {
            "type": "object",
            "properties": {"city": {"type": "string", "description": "city"}},
            "required": ["city"],
        },
        "execution_config": {
            "url": f"{service_url}/weather",
            "method": "GET",
            "headers": {"X-Key": "{{vault.weather_api_key}}"},
        },
    }


def everything_stored(run_id: str) -> str:
    stream = [(f[b"t"].decode(), f[b"d"].decode()) for _, f in get_redis().xrange(keys.stream_key(run_id))]
    return json.dumps(stream) + json.dumps(get_db().runs.find_one({"_id": run_id}), default=str)


def test_agent_chat_with_the_requests_model_tools_and_vault(
    open_worker, auth_client, scenario, llm_server, echo_service, worker_log, caplog
):
    caplog.set_level(logging.DEBUG)
    marker = scenario(
        [
            {"reasoning": "I should look it up.", "tool_calls": [{"name": "weather", "arguments": {"city": "Seoul"}}]},
            {"content": "Sunny in Seoul."},
        ]
    )
    payload = {
        "task_meta": {"workflow_id": "agent_chat", "trace_id": "trace-sl-123456", "user_id": "user-001"},
        "input": {"messages": [{"role": "user", "content": f"{marker} weather in Seoul?"}], "variables": {}},
        "runtime_config": {
            "model": {
                "model_name": "gpt-4",
                "base_url": llm_server.base_url,
                "api_key": KEY_CANARY,
                "temperature": 0.7,
                "max_tokens": 2000,
            },
            "tools": [weather_tool(echo_service.url)],
            "vault": {"weather_api_key": VAULT_CANARY},
        },
    }
    response, body = post(auth_client.token, payload)
    assert response.status_code == 200, body
    assert response["Content-Type"].startswith("text/event-stream")
    assert response["X-Trace-ID"] == "trace-sl-123456"
    run_id = response["X-Run-ID"]
    parsed = [(name, json.loads(data)) for _, name, data in sse_events(body)]
    names = [name for name, _ in parsed]
    assert names[0] == "tool_thinking"
    assert names[-1] == "done"
    assert {"tool_start", "tool_result", "message_chunk"} <= set(names)
    start = next(d for n, d in parsed if n == "tool_start")
    assert start["name"] == "weather"
    result = next(d for n, d in parsed if n == "tool_result")
    assert result["ok"] is True
    assert "".join(d["content"] for n, d in parsed if n == "message_chunk") == "Sunny in Seoul."
    done = parsed[-1][1]
    assert done["finish_reason"] == "stop"
    assert done["usage"]["total_tokens"] > 0
    # The tool got the vault value; the model got the request's settings.
    assert echo_service.requests[0]["headers"]["X-Key"] == VAULT_CANARY
    assert echo_service.requests[0]["query"] == {"city": ["Seoul"]}
    sent = llm_server.requests()[-1]
    assert sent["model"] == "gpt-4"
    assert sent["temperature"] == 0.7
    assert sent["max_tokens"] == 2000
    # The tool's answer echoed the secret: what went back to the model and the stream is scrubbed.
    tool_message = next(m for m in sent["messages"] if m["role"] == "tool")
    assert VAULT_CANARY not in tool_message["content"]
    report = get_db().runs.find_one({"_id": run_id})
    assert report["user_id"] == auth_client.user.id  # the label is not the owner
    assert report["label_user_id"] == "user-001"
    assert report["trace_id"] == "trace-sl-123456"
    assert report["source"] == "spotlight"
    assert report["status"] == "succeeded"
    logged = [json.loads(line) for line in worker_log().splitlines() if line.startswith("{")]
    run_lines = [line for line in logged if line.get("run_id") == run_id]
    assert run_lines
    assert {line["trace_id"] for line in run_lines} == {"trace-sl-123456"}
    assert any(getattr(r, "trace_id", None) == "trace-sl-123456" for r in caplog.records)
    for text in (body.decode(), everything_stored(run_id), worker_log(), caplog.text):
        assert KEY_CANARY not in text
        assert VAULT_CANARY not in text


def test_a_stored_workflow_streams_its_answer_and_its_nodes(open_worker, auth_client, reply, llm_server):
    marker = reply("one two three four", delay_ms=30)
    workflow = auth_client.post("/api/workflows", {"name": "qa", "schema": fixture("branch")}, format="json").json()
    payload = {
        "task_meta": {"workflow_id": str(workflow["id"]), "trace_id": "t-2"},
        "input": {
            "messages": [
                {"role": "user", "content": "earlier"},
                {"role": "assistant", "content": "ok"},
                {"role": "user", "content": f"{marker} now"},
            ],
            "variables": {"mode": 2},
        },
        "runtime_config": {"model": {"model_name": "m", "api_key": KEY_CANARY, "temperature": 0.1}},
    }
    response, body = post(auth_client.token, payload)
    assert response.status_code == 200, body
    parsed = [(name, json.loads(data)) for _, name, data in sse_events(body)]
    names = [name for name, _ in parsed]
    # The formal branch's llm streamed its tokens as the answer, live, between its start and its result.
    llm_start = names.index(
        "tool_start",
        next(i for i, (n, d) in enumerate(parsed) if n == "tool_start" and d["tool_call_id"] == "node:llm_2"),
    )
    chunks = [i for i, name in enumerate(names) if name == "message_chunk"]
    llm_end = next(i for i, (n, d) in enumerate(parsed) if n == "tool_result" and d["tool_call_id"] == "node:llm_2")
    assert len(chunks) >= 2
    assert llm_start < chunks[0]
    assert chunks[-1] < llm_end
    assert "".join(parsed[i][1]["content"] for i in chunks) == "one two three four"
    assert parsed[-1] == ("done", {"usage": parsed[-1][1]["usage"], "finish_reason": "stop"})
    # The last user message is the start node's prompt; the node's own temperature wins over the request's.
    assert llm_server.requests()[-1]["messages"][-1]["content"] == f"model two: {marker} now"
    assert llm_server.requests()[-1]["temperature"] == 0.5
    assert KEY_CANARY not in body.decode() + everything_stored(response["X-Run-ID"])


def test_a_model_host_off_the_allowlist_is_refused_before_anything_runs(auth_client, mongo_db):
    payload = {
        "task_meta": {"workflow_id": "agent_chat"},
        "input": {"messages": [{"role": "user", "content": "hi"}]},
        "runtime_config": {
            "model": {"model_name": "x", "base_url": "https://llm.example.net/v1", "api_key": KEY_CANARY}
        },
    }
    response, body = post(auth_client.token, payload)
    assert response.status_code == 400
    error = json.loads(body)["error"]
    assert error["code"] == "llm_host_not_allowed"
    assert "llm.example.net" in error["message"]
    assert KEY_CANARY not in body.decode()
    assert get_db().runs.count_documents({}) == 0


@pytest.mark.parametrize(
    ("payload", "status", "text"),
    [
        ({}, 400, "task_meta.workflow_id is required"),
        ({"task_meta": {"workflow_id": "agent_chat"}, "input": {"messages": []}}, 400, "at least one user message"),
        ({"task_meta": {"workflow_id": "agent_chat"}, "input": {"messages": [{"role": "x"}]}}, 400, "needs a role"),
        ({"task_meta": {"workflow_id": "99999"}}, 404, "Workflow not found"),
        ({"task_meta": {"workflow_id": "agent_chat", "trace_id": "bad trace id!"}}, 400, "trace_id"),
        (
            {
                "task_meta": {"workflow_id": "agent_chat"},
                "input": {"messages": [{"role": "user", "content": "x"}]},
                "runtime_config": {"tools": [{"type": "HTTP", "name": "t", "execution_config": {"url": "ftp://x"}}]},
            },
            400,
            "must be an http(s) URL",
        ),
        (
            {
                "task_meta": {"workflow_id": "agent_chat"},
                "input": {"messages": [{"role": "user", "content": "x"}]},
                "runtime_config": {"tools": [weather_tool("http://a.example")]},
            },
            400,
            "weather_api_key",
        ),
    ],
)
def test_bad_payloads_get_a_clear_error(auth_client, mongo_db, payload, status, text):
    response, body = post(auth_client.token, payload)
    assert response.status_code == status
    assert text in json.loads(body)["error"]["message"]


def test_another_users_private_workflow_is_a_404_and_authentication_is_required(auth_client, make_user, mongo_db):
    from workflows.services import workflow_create

    private = workflow_create(user=make_user(), name="theirs", schema=fixture("end-constant"))
    response, _ = post(auth_client.token, {"task_meta": {"workflow_id": str(private.pk)}})
    assert response.status_code == 404

    async def anonymous():
        return await AsyncClient().post("/v1/run_workflow", {}, content_type="application/json")

    assert async_to_sync(anonymous)().status_code == 401


def test_the_service_listing(auth_client, make_user, mongo_db):
    from workflows.services import workflow_create

    mine = workflow_create(user=auth_client.user, name="mine", schema=fixture("end-constant"), description="d")
    shared = workflow_create(user=make_user(), name="shared", schema=fixture("end-constant"), shared=True)
    workflow_create(user=make_user(), name="private", schema=fixture("end-constant"))
    listing = auth_client.get("/v1/workflows").json()
    assert listing["status"] == "ok"
    assert listing["run_endpoint"] == "/v1/run_workflow"
    ids = [w["id"] for w in listing["workflows"]]
    assert ids[0] == "agent_chat"
    assert set(ids[1:]) == {str(mine.pk), str(shared.pk)}


def test_agent_chat_takes_the_conversation_and_system_messages(worker, auth_client, reply, llm_server):
    marker = reply("Bonjour encore.")
    payload = {
        "task_meta": {"workflow_id": "agent_chat"},
        "input": {
            "messages": [
                {"role": "system", "content": "Answer in French."},
                {"role": "user", "content": "hi"},
                {"role": "assistant", "content": "bonjour"},
                {"role": "tool", "content": "stray"},
                {"role": "user", "content": f"{marker} again"},
            ]
        },
    }
    response, body = post(auth_client.token, payload)
    assert response.status_code == 200, body
    parsed = [(name, json.loads(data)) for _, name, data in sse_events(body)]
    assert "".join(d["content"] for n, d in parsed if n == "message_chunk") == "Bonjour encore."
    sent = llm_server.requests()[-1]["messages"]
    assert [m["role"] for m in sent] == ["system", "user", "assistant", "user"]
    assert sent[0]["content"].endswith("Answer in French.")
    assert sent[-1]["content"] == f"{marker} again"
