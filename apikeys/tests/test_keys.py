"""Personal API keys over REST, as bearer credentials on every transport, and in the admin."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.test import Client
from rest_framework.test import APIClient

from apikeys.models import ApiKey
from tomato_agent.asgi import application

pytestmark = pytest.mark.django_db


def _create(client, **body) -> dict:
    response = client.post("/api/keys", {"name": "laptop", **body}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def _bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_create_shows_the_secret_once_and_stores_only_its_hash(auth_client):
    created = _create(auth_client)
    secret = created["key"]
    assert secret.startswith("tmt_")
    assert len(secret) == 47
    assert created["prefix"] == secret[:12]
    assert created["scopes"] == ["chat", "workflows", "read"]
    assert created["status"] == "active"
    stored = ApiKey.objects.get(id=created["id"])
    assert secret not in {str(value) for value in stored.__dict__.values()}
    listed = auth_client.get("/api/keys").json()
    assert [k["id"] for k in listed] == [created["id"]]
    assert "key" not in listed[0]
    assert "key" not in auth_client.get(f"/api/keys/{created['id']}").json()


def test_the_list_holds_the_callers_keys_only_and_another_users_key_is_a_404(auth_client, make_user):
    mine = _create(auth_client)
    other = APIClient()
    other.force_authenticate(make_user())
    theirs = _create(other, name="theirs")
    assert [k["id"] for k in auth_client.get("/api/keys").json()] == [mine["id"]]
    assert auth_client.get(f"/api/keys/{theirs['id']}").status_code == 404
    assert auth_client.delete(f"/api/keys/{theirs['id']}").status_code == 404
    assert _bearer(theirs["key"]).get("/api/auth/me").status_code == 200  # still works: not revoked


def test_a_key_works_as_a_bearer_token_and_fails_at_once_when_revoked(auth_client):
    created = _create(auth_client)
    keyed = _bearer(created["key"])
    me = keyed.get("/api/auth/me")
    assert me.status_code == 200
    assert me.json()["username"] == auth_client.user.username
    # The async views (SSE) take it too: an unknown run is a 404, not a 401.
    assert keyed.get("/api/runs/0123456789abcdef/events").status_code == 404
    assert auth_client.delete(f"/api/keys/{created['id']}").status_code == 204
    for path in ("/api/auth/me", "/api/runs/0123456789abcdef/events", "/api/conversations"):
        refused = keyed.get(path)
        assert refused.status_code == 401, path
        assert refused.json()["error"]["code"] == "invalid_api_key"
    assert auth_client.get("/api/keys").json() == []
    assert auth_client.delete(f"/api/keys/{created['id']}").status_code == 404


def test_expiry(auth_client):
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    refused = auth_client.post("/api/keys", {"name": "old", "expires_at": past}, format="json")
    assert refused.status_code == 400
    created = _create(auth_client, expires_at=(datetime.now(UTC) + timedelta(days=1)).isoformat())
    assert _bearer(created["key"]).get("/api/auth/me").status_code == 200
    ApiKey.objects.filter(id=created["id"]).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert _bearer(created["key"]).get("/api/auth/me").status_code == 401
    assert auth_client.get("/api/keys").json()[0]["status"] == "expired"


def test_bad_input_is_a_400_naming_the_field(auth_client):
    assert "scopes" in auth_client.post("/api/keys", {"name": "x", "scopes": ["admin"]}, format="json").json()
    assert "scopes" in auth_client.post("/api/keys", {"name": "x", "scopes": []}, format="json").json()
    assert "name" in auth_client.post("/api/keys", {"name": ""}, format="json").json()
    assert "name" in auth_client.post("/api/keys", {}, format="json").json()
    assert ApiKey.objects.count() == 0


def test_scopes_limit_what_a_key_may_do(auth_client):
    read_only = _bearer(_create(auth_client, scopes=["read"])["key"])
    assert read_only.get("/api/conversations").status_code == 200
    assert read_only.get("/api/tools").status_code == 200
    refused = read_only.post("/api/chat", {"message": "hi"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "insufficient_scope"
    assert "chat" in refused.json()["error"]["message"]

    chat_only = _bearer(_create(auth_client, name="bot", scopes=["chat"])["key"])
    assert chat_only.get("/api/conversations").status_code == 200  # a chat client reads its history
    assert chat_only.get("/api/tools").status_code == 403
    assert chat_only.post("/api/conversations", {"title": "x"}, format="json").status_code == 201

    # No key manages keys or the account, whatever its scopes.
    full = _bearer(_create(auth_client, name="full")["key"])
    for method, path in (
        ("post", "/api/keys"),
        ("get", "/api/keys"),
        ("post", "/api/auth/logout-all"),
        ("post", "/api/auth/logout"),
    ):
        response = getattr(full, method)(path, {"name": "more"}, format="json")
        assert response.status_code == 403, (method, path)
    assert full.get("/api/auth/me").status_code == 200  # the logout attempts revoked nothing


def test_each_key_has_its_own_rate_limit(auth_client):
    limited = _create(auth_client, requests_per_minute=3)
    other = _bearer(_create(auth_client, name="other")["key"])
    keyed = _bearer(limited["key"])
    assert [keyed.get("/api/auth/me").status_code for _ in range(3)] == [200, 200, 200]
    refused = keyed.get("/api/auth/me")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert other.get("/api/auth/me").status_code == 200
    assert auth_client.get("/api/auth/me").status_code == 200  # the login token is not the key


def test_last_use_is_recorded_with_the_client_ip(auth_client):
    created = _create(auth_client)
    assert created["last_used_at"] is None
    Client(HTTP_AUTHORIZATION=f"Bearer {created['key']}", REMOTE_ADDR="203.0.113.9").get("/api/auth/me")
    listed = auth_client.get("/api/keys").json()[0]
    assert listed["last_used_ip"] == "203.0.113.9"
    assert datetime.fromisoformat(listed["last_used_at"]) > datetime.now(UTC) - timedelta(minutes=1)


def test_websocket_auth_frame_takes_a_chat_key(auth_client, mongo_db):
    chat_key = _create(auth_client, scopes=["chat"])["key"]
    read_key = _create(auth_client, name="reader", scopes=["read"])["key"]

    async def auth(secret: str):
        ws = WebsocketCommunicator(application, "/ws/chat/")
        await ws.connect(timeout=5)
        await ws.send_json_to({"type": "auth", "token": secret})
        out = await ws.receive_output(timeout=5)
        await ws.disconnect()
        return out

    ok = async_to_sync(auth)(chat_key)
    assert '"auth_ok"' in ok["text"]
    assert async_to_sync(auth)(read_key)["code"] == 4403
    assert async_to_sync(auth)(chat_key[:-2] + "xx")["code"] == 4401


def test_admin_creates_a_key_showing_its_secret_once_and_revokes(client, make_user):
    staff = make_user(is_staff=True, is_superuser=True)
    owner = make_user()
    client.force_login(staff)
    response = client.post(
        "/admin/apikeys/apikey/add/",
        {"user": owner.id, "name": "ci", "scopes": ["read"], "expires_at_0": "", "expires_at_1": ""},
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    secret = next(word for m in shown for word in m.split() if word.startswith("tmt_"))
    key = ApiKey.objects.get(user=owner)
    assert key.scopes == ["read"]
    assert _bearer(secret).get("/api/auth/me").json()["username"] == owner.username
    listing = client.get("/admin/apikeys/apikey/")
    assert secret not in listing.content.decode()
    client.post("/admin/apikeys/apikey/", {"action": "revoke", "_selected_action": [key.id]})
    assert _bearer(secret).get("/api/auth/me").status_code == 401


@pytest.mark.e2e
def test_websocket_messages_count_against_the_keys_limit(worker, auth_client, scenario):
    secret = _create(auth_client, scopes=["chat"], requests_per_minute=2)["key"]  # the auth frame is one
    marker = scenario([{"content": "ok"}])

    async def go():
        ws = WebsocketCommunicator(application, "/ws/chat/")
        await ws.connect(timeout=5)
        await ws.send_json_to({"type": "auth", "token": secret})
        await ws.receive_json_from(timeout=5)
        await ws.send_json_to({"type": "message", "content": f"{marker} one"})
        frames = [await ws.receive_json_from(timeout=10)]
        while frames[-1]["type"] not in ("result", "error"):
            frames.append(await ws.receive_json_from(timeout=10))
        await ws.send_json_to({"type": "message", "content": f"{marker} two"})
        refused = await ws.receive_json_from(timeout=10)
        await ws.disconnect()
        return frames, refused

    frames, refused = async_to_sync(go)()
    assert frames[-1]["type"] == "result"
    assert refused["type"] == "error"
    assert refused["data"]["code"] == "rate_limited"
