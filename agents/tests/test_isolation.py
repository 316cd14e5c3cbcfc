"""Another user's conversation is a 404 everywhere a client names one, checked before admission; reads
that bypass the owner are named for who may use them."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from agents import history, services
from runs import keys, state
from tomato_agent.errors import NotFound
from tomato_agent.mongo import new_id

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

# Modules that may talk to MongoDB directly: each takes the requesting user in its selectors and names
# the ones that do not (``…_for_worker``, ``…_for_staff``). A new store of user data belongs here only
# on purpose.
MONGO_MODULES = {
    "tomato_agent/mongo.py",
    "agents/history.py",
    "runs/reports.py",
    "agents/indexes.py",
    "openai_api/threads.py",  # transcript -> conversation, keyed by a hash that includes the owner
}


def test_raw_mongo_access_lives_only_in_the_modules_that_check_owners():
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith((".venv/", "var/", "bench/")) or "/tests/" in rel or rel in MONGO_MODULES:
            continue
        if rel == "conftest.py":
            continue
        if re.search(r"\bget_db\(|\bget_client\(\)\[", path.read_text(errors="replace")):
            offenders.append(rel)
    assert offenders == []


@pytest.fixture
def busy_conversation(make_user, redis_conn):
    """The owner's conversation with an answer in flight: its busy lock is held by a run."""
    owner = make_user()
    conversation = history.conversation_create(user_id=owner.id, title="mine")
    holder = new_id()
    assert (
        state.admit(
            redis_conn, run_id=holder, user_id=owner.id, conversation_id=conversation["_id"], now=time.time(), cap=4
        )
        == "ok"
    )
    redis_conn.set(keys.heartbeat_key(holder), b"running", ex=60)
    yield owner, conversation["_id"], holder
    state.release(redis_conn, run_id=holder, conversation_id=conversation["_id"], user_id=owner.id)
    redis_conn.delete(keys.heartbeat_key(holder))


def test_another_users_busy_conversation_is_404_not_409(busy_conversation, make_user, redis_conn, mongo_db):
    owner, conversation_id, holder = busy_conversation
    intruder = make_user()
    for create_missing in (False, True):  # a conversation id (REST, SSE, WebSocket) or a GenOS chatId
        with pytest.raises(NotFound):
            services.chat_start(
                user=intruder, conversation_id=conversation_id, content="hi", create_missing=create_missing
            )
    assert state.lock_holder(redis_conn, user_id=owner.id, conversation_id=conversation_id) == holder
    assert redis_conn.zcard(keys.user_runs_key(intruder.id)) == 0
    assert history.conversation_get(user_id=owner.id, conversation_id=conversation_id)["message_count"] == 0


def test_ownership_is_checked_before_admission(busy_conversation, make_user, settings, mongo_db):
    """An intruder at their own cap still gets 404, not 429: nothing was admitted for them."""
    _, conversation_id, _ = busy_conversation
    settings.RUNS_IN_FLIGHT_PER_USER = 0
    with pytest.raises(NotFound):
        services.chat_start(user=make_user(), conversation_id=conversation_id, content="hi")


def test_busy_locks_are_per_owner(redis_conn, make_user):
    """The same conversation id under two owners never shares a lock: no attempt can block the owner."""
    first, second, conversation_id = make_user(), make_user(), new_id()
    runs = [new_id(), new_id()]
    try:
        for user, run_id in zip((first, second), runs, strict=True):
            assert (
                state.admit(
                    redis_conn, run_id=run_id, user_id=user.id, conversation_id=conversation_id, now=time.time(), cap=4
                )
                == "ok"
            )
    finally:
        for user, run_id in zip((first, second), runs, strict=True):
            state.release(redis_conn, run_id=run_id, conversation_id=conversation_id, user_id=user.id)


def test_a_refused_turn_leaves_the_conversation_as_it_was(busy_conversation, mongo_db):
    owner, conversation_id, _ = busy_conversation
    from runs.web.admission import ConversationBusy

    with pytest.raises(ConversationBusy):
        services.chat_start(user=owner, conversation_id=conversation_id, content="again")
    assert history.conversation_get(user_id=owner.id, conversation_id=conversation_id)["message_count"] == 0


def test_a_refused_genos_chat_id_claim_is_given_back(make_user, settings, mongo_db):
    settings.RUNS_IN_FLIGHT_PER_USER = 0
    user = make_user()
    from tomato_agent.errors import RateLimited

    with pytest.raises(RateLimited):
        services.chat_start(user=user, conversation_id="my-chat-1", content="hi", create_missing=True)
    assert not history.conversation_exists(user_id=user.id, conversation_id="my-chat-1")


def test_another_users_conversation_is_404_over_http(busy_conversation, make_user, mongo_db):
    from rest_framework.test import APIClient

    from accounts.services import token_issue

    _, conversation_id, _ = busy_conversation
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=make_user())[0]}")
    for path, body in (
        ("/api/chat/stream", {"conversation_id": conversation_id, "message": "hi"}),
        ("/api/chat", {"conversation_id": conversation_id, "message": "hi"}),
        ("/chat/stream", {"chatId": conversation_id, "question": "hi"}),
    ):
        response = client.post(path, body, format="json")
        assert response.status_code == 404, path


def test_staff_reads_say_so(mongo_db, make_user):
    owner = make_user()
    conversation = history.conversation_create(user_id=owner.id, title="t")
    assert history.conversation_for_staff(conversation_id=conversation["_id"])["user_id"] == owner.id
    assert [c["_id"] for c in history.conversations_for_staff(user_id=owner.id)] == [conversation["_id"]]
    with pytest.raises(NotFound):
        history.conversation_for_staff(conversation_id="nope")
