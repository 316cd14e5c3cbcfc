"""The seed's GenOS Python-step client against a real daphne serving POST /chat/stream."""

import json

import pytest
from asgiref.sync import async_to_sync

from agents.tests import genos_step

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def test_genos_python_step_consumes_chat_stream(live_server_url, make_user, scenario):
    from accounts.services import token_issue

    token, _ = token_issue(user=make_user())
    marker = scenario([
        {"reasoning": "Need arithmetic.", "tool_calls": [{"name": "calculator", "arguments": {"expression": "21*2"}}]},
        {"content": "The answer is 42."},
    ])  # fmt: skip
    genos_step.ENDPOINT = f"{live_server_url}/chat/stream"
    genos_step.AUTH = f"Token {token}"
    genos_step.sio_server.emitted.clear()
    out = async_to_sync(genos_step.run)({"question": f"{marker} 21*2?", "socketIOClientId": "sid-1"})
    assert out["text"] == "The answer is 42."
    assert "success" not in out
    labels = [node["nodeLabel"] for node in out["agentFlowExecutedData"]]
    assert "Visible Reasoner" in labels
    assert "Calculator" in labels
    calc = next(n for n in out["agentFlowExecutedData"] if n["nodeLabel"] == "Calculator")
    assert json.loads(calc["data"]["output"]["content"]) == {"expression": "21*2"}
    emitted = [name for name, _ in genos_step.sio_server.emitted]
    assert emitted[-1] == "result"
    assert emitted.count("token") >= 1


def test_genos_step_without_token_gets_no_answer(live_server_url):
    """The endpoint refuses the seed's headers (``x-request-from: internal``) without a token: a 401, which
    the step reads as no answer at all."""
    import aiohttp

    async def raw_status():
        headers = {"x-request-from": "internal", "Authorization": ""}
        async with (
            aiohttp.ClientSession() as session,
            session.post(f"{live_server_url}/chat/stream", json={"question": "hi"}, headers=headers) as resp,
        ):
            return resp.status, await resp.json()

    status, body = async_to_sync(raw_status)()
    assert (status, body["error"]["code"]) == (401, "not_authenticated")
    genos_step.ENDPOINT = f"{live_server_url}/chat/stream"
    genos_step.AUTH = ""
    genos_step.sio_server.emitted.clear()
    out = async_to_sync(genos_step.run)({"question": "hi", "socketIOClientId": "sid-2"})
    assert out == {"question": "hi", "socketIOClientId": "sid-2"}  # nothing added: no text, no nodes, no error
    assert genos_step.sio_server.emitted == []
