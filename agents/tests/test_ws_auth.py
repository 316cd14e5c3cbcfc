"""An open WebSocket keeps working only while its credential does: logout, logout-all, expiry and
deactivation close it with 4401, on the next frame or, idle, within the watch interval."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.services import token_issue
from tomato_agent.asgi import application

pytestmark = [pytest.mark.django_db(transaction=True)]

PROBE = json.dumps({"type": "message", "content": ""})  # answered with an error frame while authenticated


async def _open_with_token(token: str) -> WebsocketCommunicator:
    ws = WebsocketCommunicator(application, "/ws/chat/")
    assert (await ws.connect(timeout=5))[0]
    await ws.send_json_to({"type": "auth", "token": token})
    assert (await ws.receive_json_from(timeout=5))["type"] == "auth_ok"
    return ws


async def _probe(ws) -> dict:
    await ws.send_to(text_data=PROBE)
    return await ws.receive_output(timeout=5)


def _revoke(how: str, user, token: str) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    if how == "logout":
        assert client.post("/api/auth/logout").status_code == 204
    elif how == "logout-all":
        other = APIClient()
        other.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=user)[0]}")
        assert other.post("/api/auth/logout-all").status_code == 204
    elif how == "expiry":
        AuthToken.objects.filter(user=user).update(expiry=timezone.now() - timedelta(seconds=1))
    elif how == "deactivation":
        user.is_active = False
        user.save()


@pytest.mark.parametrize("how", ["logout", "logout-all", "expiry", "deactivation"])
def test_a_token_socket_closes_4401_once_its_credential_ends(user, settings, mongo_db, how):
    settings.WS_AUTH_RECHECK_SECONDS = 0  # no cached answer: the next frame sees the change
    token, _ = token_issue(user=user)

    async def go():
        ws = await _open_with_token(token)
        before = await _probe(ws)
        from asgiref.sync import sync_to_async

        await sync_to_async(_revoke)(how, user, token)
        after = await _probe(ws)
        await ws.disconnect()
        return before, after

    before, after = async_to_sync(go)()
    assert json.loads(before["text"])["data"]["code"] == "invalid_request"  # still open and authenticated
    assert after == {"type": "websocket.close", "code": 4401}


def _after_logout(user, then) -> dict:
    """Open a token socket, log its token out, then ``await then(ws)``: what the socket said."""
    token, _ = token_issue(user=user)

    async def go():
        from asgiref.sync import sync_to_async

        ws = await _open_with_token(token)
        await sync_to_async(_revoke)("logout", user, token)
        out = await then(ws)
        await ws.disconnect()
        return out

    return async_to_sync(go)()


def test_the_check_is_cached_a_few_seconds_at_most(user, settings, mongo_db):
    settings.WS_AUTH_RECHECK_SECONDS = 0.5

    async def probe_later(ws):
        import asyncio

        await asyncio.sleep(0.6)
        return await _probe(ws)

    assert _after_logout(user, probe_later) == {"type": "websocket.close", "code": 4401}


def test_an_idle_socket_is_closed_by_the_watch(user, settings, mongo_db):
    settings.WS_AUTH_WATCH_SECONDS = 0.2

    async def listen(ws):
        return await ws.receive_output(timeout=5)  # no frame sent: the watch notices

    assert _after_logout(user, listen) == {"type": "websocket.close", "code": 4401}


def test_a_session_socket_ends_with_the_session(client, user, settings, mongo_db):
    settings.WS_AUTH_RECHECK_SECONDS = 0
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()

    async def go():
        from asgiref.sync import sync_to_async

        ws = WebsocketCommunicator(
            application, "/ws/chat/", headers=[(b"cookie", cookie), (b"origin", b"http://localhost")]
        )
        assert (await ws.connect(timeout=5))[0]
        before = await _probe(ws)
        await sync_to_async(client.post)("/logout")
        after = await _probe(ws)
        await ws.disconnect()
        return before, after

    before, after = async_to_sync(go)()
    assert json.loads(before["text"])["data"]["code"] == "invalid_request"
    assert after == {"type": "websocket.close", "code": 4401}


def test_a_frame_nested_too_deep_is_a_bad_frame_not_a_crash(user, mongo_db):
    token, _ = token_issue(user=user)

    async def go():
        ws = await _open_with_token(token)
        await ws.send_to(text_data="[" * 3000 + "]" * 3000)
        deep = await ws.receive_json_from(timeout=5)
        too_deep = json.loads("[" * 80 + "1" + "]" * 80)  # JSON_MAX_DEPTH is 64
        await ws.send_to(text_data=json.dumps({"type": "message", "content": "x", "extra": too_deep}))
        nested = await ws.receive_json_from(timeout=5)
        after = await _probe(ws)  # the socket is still open
        await ws.disconnect()
        return deep, nested, after

    deep, nested, after = async_to_sync(go)()
    assert deep["type"] == nested["type"] == "error"
    assert deep["data"]["code"] == nested["data"]["code"] == "invalid_request"
    assert after["type"] == "websocket.send"
