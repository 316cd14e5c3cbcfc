"""The sweeper ends runs whose worker stopped beating, with nobody following them; reading a report
changes nothing."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from runs import events, keys, reports, state
from runs.sweeper import Sweeper, sweep_once
from tomato_agent.mongo import new_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_run(user, redis_conn, mongo_db):
    """A chat run admitted and reported a while ago, whose worker (if any) is gone: no heartbeat."""
    from agents import history

    conversation_id, run_id, answer_id = new_id(), new_id(), new_id()
    history.conversation_create(user_id=user.id, conversation_id=conversation_id)
    assert (
        state.admit(redis_conn, run_id=run_id, user_id=user.id, conversation_id=conversation_id, now=time.time(), cap=4)
        == "ok"
    )
    reports.report_record_queued(
        run_id=run_id,
        user_id=user.id,
        kind="chat",
        model="m",
        created_at=datetime.now(UTC) - timedelta(seconds=30),
        fields={
            "conversation_id": conversation_id,
            "user_message_id": new_id(),
            "assistant_message_id": answer_id,
            "assistant_seq": 2,
        },
    )
    redis_conn.xadd(keys.stream_key(run_id), {"t": events.TOKEN, "d": orjson.dumps("Half an ")})
    redis_conn.xadd(keys.stream_key(run_id), {"t": events.TOKEN, "d": orjson.dumps("answer")})
    yield run_id, conversation_id, answer_id
    state.release(redis_conn, run_id=run_id, conversation_id=conversation_id, user_id=user.id)  # ids are reused
    redis_conn.delete(*(k(run_id) for k in (keys.stream_key, keys.done_key, keys.heartbeat_key)))


def test_reading_a_report_does_not_end_the_run(auth_client, queued_run, redis_conn):
    run_id, _, _ = queued_run
    reports.get_db().runs.update_one({"_id": run_id}, {"$set": {"user_id": auth_client.user.id}})
    assert auth_client.get(f"/api/runs/{run_id}").json()["status"] == "queued"
    assert reports.report_for_worker(run_id=run_id)["status"] == "queued"
    assert not redis_conn.exists(keys.done_key(run_id))


def test_the_sweeper_ends_a_lost_run_that_nobody_follows(queued_run, user, redis_conn, settings):
    from agents import history

    run_id, conversation_id, answer_id = queued_run
    settings.RUN_SWEEP_SECONDS = 0.2
    sweeper = Sweeper(0.2).start()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and reports.report_for_worker(run_id=run_id)["status"] == "queued":
            time.sleep(0.1)
    finally:
        sweeper.stop()
    report = reports.report_get(user_id=user.id, run_id=run_id)
    assert (report["status"], report["error"]["code"]) == ("failed", "worker_lost")
    last = redis_conn.xrevrange(keys.stream_key(run_id), count=1)[0]
    assert events.decode_entry(*last).data["code"] == "worker_lost"  # a follower arriving now sees the end
    assert history.message_get(user_id=user.id, message_id=answer_id)["content"] == "Half an answer"
    assert not redis_conn.exists(keys.conversation_lock_key(user.id, conversation_id))


def test_the_sweeper_leaves_a_beating_run_alone(queued_run, redis_conn):
    run_id, _, _ = queued_run
    redis_conn.set(keys.heartbeat_key(run_id), b"running", ex=30)
    assert sweep_once(exclusive=False) == 0
    assert reports.report_for_worker(run_id=run_id)["status"] == "queued"


def test_a_run_whose_report_was_never_closed_is_closed_from_its_stream(queued_run, user, redis_conn):
    """MongoDB was down when the worker closed the run: the terminal event went out, the report did not."""
    from agents import history

    run_id, conversation_id, answer_id = queued_run
    assert state.finish(
        redis_conn,
        run_id,
        events.ERROR,
        dict(events.INTERNAL),
        ttl=60,
        conversation_id=conversation_id,
        user_id=user.id,
    )
    sweep_once(exclusive=False)
    report = reports.report_get(user_id=user.id, run_id=run_id)
    assert (report["status"], report["error"]["code"]) == ("failed", "internal")
    assert history.message_get(user_id=user.id, message_id=answer_id)["content"] == "Half an answer"


def test_one_process_sweeps_per_interval(queued_run, settings):
    settings.RUN_SWEEP_SECONDS = 30
    from tomato_agent.redis_client import get_redis

    get_redis().delete("sweeper:lock")
    assert sweep_once() == 1
    assert sweep_once() == 0  # another process (or this one) swept moments ago
    get_redis().delete("sweeper:lock")
