"""A backing service that cannot be reached is a 503 ``service_unavailable`` (HTTP) or an error frame
(WebSocket), never a 500 or a hang. The full outages (servers stopped 30 s) are in test_outages.py."""

from __future__ import annotations

import json

import pytest
import redis
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from accounts.services import token_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(monkeypatch):
    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise redis.ConnectionError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

            return fail

    import runs.web.admission

    monkeypatch.setattr(runs.web.admission, "get_redis", lambda: Down())


def test_plain_and_drf_views_answer_503_when_redis_is_down(auth_client, redis_down, mongo_db):
    for path, body in (("/api/chat/stream", {"message": "hi"}), ("/api/chat", {"message": "hi"})):
        response = auth_client.post(path, body, format="json")
        assert response.status_code == 503, path
        assert response.json()["error"]["code"] == "service_unavailable"
        assert response["Retry-After"] == "5"


def test_drf_views_answer_503_when_mongo_is_down(auth_client, monkeypatch, mongo_db):
    import pymongo.errors

    from agents import history

    def down(**kwargs):
        raise pymongo.errors.ServerSelectionTimeoutError("127.0.0.1:27027: [Errno 111] Connection refused")

    monkeypatch.setattr(history, "conversations_for", down)
    response = auth_client.get("/api/conversations")
    assert (response.status_code, response.json()["error"]["code"]) == (503, "service_unavailable")


def test_a_websocket_message_gets_an_error_frame_when_redis_is_down(user, redis_down, mongo_db):
    token, _ = token_issue(user=user)

    async def go():
        from tomato_agent.asgi import application

        ws = WebsocketCommunicator(application, "/ws/chat/")
        await ws.connect(timeout=5)
        await ws.send_json_to({"type": "auth", "token": token})
        await ws.receive_json_from(timeout=5)
        await ws.send_to(text_data=json.dumps({"type": "message", "content": "hi"}))
        frame = await ws.receive_json_from(timeout=10)
        await ws.disconnect()
        return frame

    frame = async_to_sync(go)()
    assert (frame["type"], frame["data"]["code"]) == ("error", "service_unavailable")
