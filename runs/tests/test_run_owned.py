"""A run can be followed and cancelled by its owner from the moment its id exists.

The web side records a chat turn's run report after the run is admitted and its
id sent to the client (the insert is deferred and group-committed), so a client
that resumes or cancels at once may arrive before the report. The run is then
known as the owner's run in flight in Redis; anyone else still gets a 404/4403.
"""

from __future__ import annotations

import time

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from accounts.services import token_issue
from runs import events, state
from runs.web.admission import run_cancel, run_owned
from tomato_agent.asgi import application
from tomato_agent.errors import NotFound
from tomato_agent.mongo import new_id

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admitted(make_user, redis_conn):
    """A run admitted for its owner whose report is not written yet."""
    owner = make_user()
    run_id = new_id()
    assert (
        state.admit(redis_conn, run_id=run_id, user_id=owner.id, conversation_id=None, now=time.time(), cap=4) == "ok"
    )
    yield owner, run_id
    state.release(redis_conn, run_id=run_id, conversation_id=None, user_id=owner.id)


def test_the_owner_finds_a_run_admitted_before_its_report_and_nobody_else_does(admitted, make_user, redis_conn):
    owner, run_id = admitted
    assert run_owned(user_id=owner.id, run_id=run_id)["status"] == events.QUEUED
    assert run_cancel(user=owner, run_id=run_id) == "cancelling"
    with pytest.raises(NotFound):
        run_owned(user_id=make_user().id, run_id=run_id)
    with pytest.raises(NotFound):
        run_cancel(user=make_user(), run_id=run_id)
    state.release(redis_conn, run_id=run_id, conversation_id=None, user_id=owner.id)
    with pytest.raises(NotFound):
        run_owned(user_id=owner.id, run_id=run_id)


async def _resume(token: str, run_id: str):
    communicator = WebsocketCommunicator(application, "/ws/chat/")
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    await communicator.send_json_to({"type": "auth", "token": token})
    assert (await communicator.receive_json_from(timeout=5))["type"] == "auth_ok"
    await communicator.send_json_to({"type": "resume", "run_id": run_id, "after": "0-0"})
    return communicator


def test_a_websocket_resume_right_after_the_start_follows_the_run(admitted, make_user, redis_conn):
    owner, run_id = admitted
    owner_token, _ = token_issue(user=owner)
    stranger_token, _ = token_issue(user=make_user())

    async def go():
        mine = await _resume(owner_token, run_id)
        theirs = await _resume(stranger_token, run_id)
        closed = await theirs.receive_output(timeout=5)
        state.finish(redis_conn, run_id, events.CANCELLED, {}, ttl=60, conversation_id=None, user_id=owner.id)
        frame = await mine.receive_json_from(timeout=10)
        await mine.disconnect()
        await theirs.disconnect()
        return closed, frame

    closed, frame = async_to_sync(go)()
    assert closed == {"type": "websocket.close", "code": 4403}
    assert frame["type"] == events.CANCELLED
    assert frame["run_id"] == run_id
