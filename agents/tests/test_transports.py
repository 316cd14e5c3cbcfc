"""WebSocket and SSE transports over the same event stream."""

import json

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.test import AsyncClient

from agents import history, services
from agents.tests.fixtures import read_events, text_of
from runs import events
from tomato_agent.asgi import application

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.e2e]


async def _ws_connect(token: str | None, headers=None):
    communicator = WebsocketCommunicator(application, "/ws/chat/", headers=headers or [])
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    if token:
        await communicator.send_json_to({"type": "auth", "token": token})
        ack = await communicator.receive_json_from(timeout=5)
        assert ack["type"] == "auth_ok"
    return communicator


async def _frames_until_end(communicator, timeout=20):
    frames = []
    while True:
        frame = await communicator.receive_json_from(timeout=timeout)
        frames.append(frame)
        if frame["type"] in ("result", "cancelled") or (frame["type"] == "error" and "id" in frame):
            return frames


def test_websocket_chat_turn(worker, auth_client, scenario):
    marker = scenario([{"content": "Hello over the socket, 안녕하세요."}])

    async def go():
        ws = await _ws_connect(auth_client.token)
        await ws.send_json_to({"type": "message", "conversation_id": None, "content": f"{marker} hi"})
        frames = await _frames_until_end(ws)
        await ws.disconnect()
        return frames

    frames = async_to_sync(go)()
    assert frames[0]["type"] == "session"
    assert frames[-1]["type"] == "result"
    assert all(f["run_id"] == frames[0]["run_id"] for f in frames)
    text = "".join(f["data"] for f in frames if f["type"] == "token")
    assert text == frames[-1]["data"]["content"] == "Hello over the socket, 안녕하세요."


def test_websocket_malformed_frames_keep_socket_open(auth_client, mongo_db):
    async def go():
        ws = await _ws_connect(auth_client.token)
        replies = []
        for raw in ["not json", "[]", json.dumps({"type": "nope"}), json.dumps({"no": "type"}),
                    json.dumps({"type": "message", "content": ""}), json.dumps({"type": "resume", "run_id": "x", "after": "bad"})]:  # fmt: skip
            await ws.send_to(text_data=raw)
            replies.append(await ws.receive_json_from(timeout=5))
        await ws.send_to(text_data=json.dumps({"type": "message", "content": "x" * 70000}))
        closed = await ws.receive_output(timeout=5)
        await ws.disconnect()
        return replies, closed

    replies, closed = async_to_sync(go)()
    assert [r["type"] for r in replies] == ["error"] * 6
    assert {r["data"]["code"] for r in replies} == {"invalid_request"}
    assert closed == {"type": "websocket.close", "code": 1009}


def test_websocket_requires_auth(mongo_db):
    async def go():
        ws = WebsocketCommunicator(application, "/ws/chat/")
        await ws.connect(timeout=5)
        await ws.send_json_to({"type": "message", "content": "hi"})
        closed = await ws.receive_output(timeout=5)
        bad = WebsocketCommunicator(application, "/ws/chat/")
        await bad.connect(timeout=5)
        await bad.send_json_to({"type": "auth", "token": "not-a-token"})
        closed_bad = await bad.receive_output(timeout=5)
        return closed, closed_bad

    closed, closed_bad = async_to_sync(go)()
    assert closed["code"] == 4401
    assert closed_bad["code"] == 4401


@pytest.mark.django_db(transaction=True)
def test_websocket_session_cookie_needs_matching_origin(client, user, mongo_db):
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()

    async def go(origin: bytes):
        ws = WebsocketCommunicator(application, "/ws/chat/", headers=[(b"cookie", cookie), (b"origin", origin)])
        await ws.connect(timeout=5)
        # An empty message: an authenticated socket answers with an error frame and stays open.
        await ws.send_json_to({"type": "message", "content": ""})
        out = await ws.receive_output(timeout=5)
        await ws.disconnect()
        return out

    evil = async_to_sync(go)(b"http://evil.example")
    assert evil == {"type": "websocket.close", "code": 4403}  # closed at connect, before any frame
    good = async_to_sync(go)(b"http://localhost")
    assert good["type"] == "websocket.send"
    assert json.loads(good["text"])["data"]["code"] == "invalid_request"


def test_resume_after_disconnect_loses_and_duplicates_nothing(worker, auth_client, scenario):
    content = " ".join(f"w{i}" for i in range(120))
    marker = scenario([{"content": content, "delay_ms": 15}])

    async def go():
        ws = await _ws_connect(auth_client.token)
        await ws.send_json_to({"type": "message", "content": f"{marker} long"})
        seen = []
        while len([f for f in seen if f["type"] == "token"]) < 10:
            seen.append(await ws.receive_json_from(timeout=10))
        await ws.disconnect()
        run_id, last_id = seen[0]["run_id"], seen[-1]["id"]
        ws2 = await _ws_connect(auth_client.token)
        await ws2.send_json_to({"type": "resume", "run_id": run_id, "after": last_id})
        rest = await _frames_until_end(ws2)
        await ws2.disconnect()
        return seen, rest

    seen, rest = async_to_sync(go)()
    ids = [f["id"] for f in seen + rest]
    assert len(ids) == len(set(ids))
    assert ids == sorted(ids, key=lambda i: tuple(map(int, i.split("-"))))
    text = "".join(f["data"] for f in seen + rest if f["type"] == "token")
    assert text == content == rest[-1]["data"]["content"]


def test_two_subscribers_see_the_same_run(worker, auth_client, scenario):
    marker = scenario([{"content": "shared " * 40, "delay_ms": 10}])

    async def go():
        first = await _ws_connect(auth_client.token)
        await first.send_json_to({"type": "message", "content": f"{marker} both"})
        session = await first.receive_json_from(timeout=10)
        second = await _ws_connect(auth_client.token)
        await second.send_json_to({"type": "resume", "run_id": session["run_id"], "after": "0-0"})
        a = [session, *await _frames_until_end(first)]
        b = await _frames_until_end(second)
        await first.disconnect()
        await second.disconnect()
        return a, b

    a, b = async_to_sync(go)()
    assert [f["id"] for f in a] == [f["id"] for f in b]
    assert "".join(f["data"] for f in b if f["type"] == "token") == "shared " * 40


def test_another_users_run_closes_4403(worker, auth_client, make_user, scenario):
    from accounts.services import token_issue

    started = services.chat_start(
        user=auth_client.user, conversation_id=None, content=f"{scenario([{'content': 'x'}])} a"
    )
    read_events(started.run_id)
    intruder_token, _ = token_issue(user=make_user())

    async def go():
        ws = await _ws_connect(intruder_token)
        await ws.send_json_to({"type": "resume", "run_id": started.run_id, "after": "0-0"})
        return await ws.receive_output(timeout=5)

    assert async_to_sync(go)()["code"] == 4403


def _sse_events(body: bytes) -> list[tuple[str, str, str]]:
    out = []
    for block in body.decode().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":"))
        if fields:
            out.append((fields.get("id", ""), fields.get("event", ""), fields.get("data", "")))
    return out


async def _collect(response) -> bytes:
    chunks = []
    async for chunk in response.streaming_content:
        chunks.append(chunk)
    return b"".join(chunks)


def test_native_sse_stream_and_replay_with_last_event_id(worker, auth_client, scenario):
    marker = scenario([{"reasoning": "thinking", "content": "SSE answer here."}])
    headers = {"Authorization": f"Bearer {auth_client.token}"}

    async def go():
        client = AsyncClient()  # per-request headers: constructor headers get mangled for ASGI
        response = await client.post(
            "/api/chat/stream", {"message": f"{marker} sse"}, content_type="application/json", headers=headers
        )
        assert response.status_code == 200
        assert response["X-Accel-Buffering"] == "no"
        assert response["Cache-Control"] == "no-cache"
        body = await _collect(response)
        parsed = _sse_events(body)
        run_id = json.loads(parsed[0][2])["run_id"]
        replay = await client.get(f"/api/runs/{run_id}/events", headers={**headers, "Last-Event-ID": parsed[1][0]})
        return parsed, _sse_events(await _collect(replay))

    parsed, replay = async_to_sync(go)()
    assert parsed[0][1] == "session"
    assert parsed[-1][1] == "result"
    assert "".join(json.loads(d) for _, e, d in parsed if e == "token") == "SSE answer here."
    assert replay == parsed[2:]


def test_genos_and_spotlight_formats(worker, auth_client, scenario):
    turns = [{"tool_calls": [{"name": "calculator", "arguments": {"expression": "2+3"}}]}, {"content": "It is 5."}]
    headers = {"Authorization": f"Token {auth_client.token}"}

    async def go(path, body):
        client = AsyncClient()
        response = await client.post(path, body, content_type="application/json", headers=headers)
        return response.status_code, (await _collect(response)).decode()

    status, genos = async_to_sync(go)("/chat/stream", {"question": f"{scenario(turns)} add", "socketIOClientId": "x"})
    assert status == 200
    chunks = [json.loads(line[5:]) for line in genos.splitlines() if line.startswith("data:")]
    names = [c["event"] for c in chunks]
    assert names[0] == "session"
    assert "agentFlowExecutedData" in names
    assert names[-1] == "result"
    node = next(c for c in chunks if c["event"] == "agentFlowExecutedData")
    assert node["data"]["nodeLabel"] == "Calculator"
    assert json.loads(node["data"]["data"]["output"]["content"]) == {"expression": "2+3"}
    assert "".join(c["data"] for c in chunks if c["event"] == "token") == "It is 5."

    status, spot = async_to_sync(go)("/api/chat/stream?format=spotlight", {"message": f"{scenario(turns)} add"})
    parsed = _sse_events(spot.encode())
    names = [e for _, e, _ in parsed]
    assert names[:2] == ["tool_start", "tool_result"]
    assert names[-1] == "done"
    assert "".join(json.loads(d)["content"] for _, e, d in parsed if e == "message_chunk") == "It is 5."


def test_genos_endpoint_ignores_x_request_from(mongo_db, db):
    async def go():
        client = AsyncClient()
        return await client.post(
            "/chat/stream", {"question": "hi"}, content_type="application/json", headers={"x-request-from": "internal"}
        )

    assert async_to_sync(go)().status_code == 401


def test_sync_chat_endpoint(worker, auth_client, scenario):
    response = auth_client.post(
        "/api/chat", {"message": f"{scenario([{'content': 'Synchronous.'}])} go"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["message"]["content"] == "Synchronous."
    assert body["usage"]["total_tokens"] > 0
    stored = history.message_get(user_id=auth_client.user.id, message_id=body["message"]["id"])
    assert stored["run_id"] == body["run_id"]


def test_rest_conversations_and_runs(worker, auth_client, make_user, scenario):
    started = services.chat_start(
        user=auth_client.user, conversation_id=None, content=f"{scenario([{'content': 'ok'}])} title me"
    )
    read_events(started.run_id)
    listing = auth_client.get("/api/conversations").json()
    assert listing["results"][0]["id"] == started.conversation_id
    assert listing["results"][0]["message_count"] == 2
    messages = auth_client.get(f"/api/conversations/{started.conversation_id}/messages").json()["results"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    report = auth_client.get(f"/api/runs/{started.run_id}").json()
    assert report["status"] == "succeeded"
    assert report["steps"][0]["kind"] == "llm"
    assert auth_client.post(f"/api/runs/{started.run_id}/cancel").status_code == 409
    assert (
        auth_client.patch(f"/api/conversations/{started.conversation_id}", {"title": "Renamed"}, format="json").json()[
            "title"
        ]
        == "Renamed"
    )
    # Another user sees 404 everywhere.
    from rest_framework.test import APIClient

    from accounts.services import token_issue

    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=make_user())[0]}")
    for url in (
        f"/api/conversations/{started.conversation_id}",
        f"/api/conversations/{started.conversation_id}/messages",
        f"/api/runs/{started.run_id}",
    ):
        assert other.get(url).status_code == 404
    assert other.delete(f"/api/conversations/{started.conversation_id}").status_code == 404
    assert auth_client.delete(f"/api/conversations/{started.conversation_id}").status_code == 204
    assert auth_client.get(f"/api/runs/{started.run_id}").status_code == 404


def test_per_user_runs_in_flight_cap(worker, user, scenario, settings):
    from tomato_agent.errors import RateLimited

    settings.RUNS_IN_FLIGHT_PER_USER = 2
    slow = scenario([{"content": "slow " * 20, "delay_ms": 30}])
    first = services.chat_start(user=user, conversation_id=None, content=f"{slow} 1")
    second = services.chat_start(user=user, conversation_id=None, content=f"{slow} 2")
    with pytest.raises(RateLimited):
        services.chat_start(user=user, conversation_id=None, content=f"{slow} 3")
    for started in (first, second):
        assert read_events(started.run_id)[-1].type == events.RESULT
    third = services.chat_start(user=user, conversation_id=None, content=f"{slow} 4")
    assert text_of(read_events(third.run_id)) == "slow " * 20
