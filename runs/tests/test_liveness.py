"""Heartbeats carry cancel to blocked work; a lost run ends once, with what it streamed."""

import time
from datetime import UTC, datetime

import orjson
import pytest

from runs import events, keys, reports, state
from runs.kinds import CancelToken
from runs.liveness import run_mark_lost, streamed_text
from runs.worker.heartbeats import Heartbeats
from tomato_agent.mongo import new_id


def test_a_beat_refreshes_the_heartbeat_and_delivers_cancel_to_blocked_work(redis_conn, settings):
    settings.WORKER_HEARTBEAT_SECONDS = 0.05
    beats = Heartbeats()
    run_id = new_id()
    token = CancelToken()
    redis_conn.set(keys.heartbeat_key(run_id), b"running", px=200)
    beats.add(run_id, token)
    try:
        time.sleep(0.4)
        assert redis_conn.get(keys.heartbeat_key(run_id)) == b"running"  # kept alive past its 200 ms TTL
        assert not token.cancelled
        state.request_cancel(redis_conn, run_id)
        assert token.wait(2.0), "the cancel flag did not reach the run's token"
    finally:
        beats.discard(run_id)
        redis_conn.delete(keys.heartbeat_key(run_id), keys.cancel_key(run_id))


def test_a_cancel_reaches_the_run_at_once_not_at_the_next_beat(redis_conn, settings):
    settings.WORKER_HEARTBEAT_SECONDS = 30.0  # no beat within this test: only the published cancel can land
    beats = Heartbeats()
    run_id, other = new_id(), new_id()
    token, bystander = CancelToken(), CancelToken()
    beats.add(run_id, token)
    beats.add(other, bystander)
    try:
        deadline = time.monotonic() + 5
        while redis_conn.pubsub_numsub(keys.CANCEL_CHANNEL)[0][1] < 1 and time.monotonic() < deadline:
            time.sleep(0.01)  # the listener has subscribed
        started = time.monotonic()
        state.request_cancel(redis_conn, run_id)
        assert token.wait(2.0), "the published cancel did not reach the run's token"
        assert time.monotonic() - started < 1.0
        assert not bystander.cancelled  # only the run named
    finally:
        beats.discard(run_id)
        beats.discard(other)
        redis_conn.delete(keys.cancel_key(run_id))


def test_a_run_that_ends_wakes_the_runs_waiting_in_its_conversations_line(redis_conn):
    beats = Heartbeats()
    holder, user_id, conversation_id = new_id(), 7, new_id()
    beats.add(holder, CancelToken())  # a run held: the listener runs
    try:
        deadline = time.monotonic() + 5
        while redis_conn.pubsub_numsub(keys.TURN_CHANNEL)[0][1] < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        admitted = state.admit(
            redis_conn, run_id=holder, user_id=user_id, conversation_id=conversation_id, now=time.time(), cap=4
        )
        assert admitted == "ok"
        waiting = beats.turn_watch(keys.conversation_lock_key(user_id, conversation_id))
        elsewhere = beats.turn_watch(keys.conversation_lock_key(user_id, new_id()))
        assert state.finish(
            redis_conn, holder, events.RESULT, {}, ttl=60, conversation_id=conversation_id, user_id=user_id
        )
        assert waiting.wait(0.8), "the release was not heard (a waiting run would sit out its 1 s recheck)"
        assert not elsewhere.is_set()
    finally:
        beats.discard(holder)
        redis_conn.delete(keys.stream_key(holder), keys.done_key(holder))


@pytest.mark.django_db
def test_a_lost_run_ends_once_and_its_kind_keeps_what_streamed(redis_conn, mongo_db, user):
    from agents import history

    run_id, conversation_id, answer_id = new_id(), new_id(), new_id()
    history.conversation_create(user_id=user.id, conversation_id=conversation_id)
    assert state.admit(redis_conn, run_id=run_id, user_id=user.id, conversation_id=conversation_id,
                       now=time.time(), cap=4) == "ok"  # fmt: skip
    reports.report_record_queued(
        run_id=run_id, user_id=user.id, kind="chat", model="m", created_at=datetime.now(UTC),
        fields={"conversation_id": conversation_id, "user_message_id": new_id(),
                "assistant_message_id": answer_id, "assistant_seq": 2},
    )  # fmt: skip
    for text in ("Hal", "f an answer"):
        redis_conn.xadd(keys.stream_key(run_id), {"t": events.TOKEN, "d": orjson.dumps(text)})
    assert streamed_text(redis_conn, run_id) == "Half an answer"

    assert run_mark_lost(run_id=run_id) is True
    assert run_mark_lost(run_id=run_id) is False  # exactly once
    report = reports.report_get(user_id=user.id, run_id=run_id)
    assert report["status"] == events.FAILED
    assert report["error"]["code"] == "worker_lost"
    assert reports.terminal_from_report(report) == (events.ERROR, events.WORKER_LOST)
    message = history.message_get(user_id=user.id, message_id=answer_id)
    assert message["content"] == "Half an answer"
    assert not redis_conn.exists(keys.conversation_lock_key(user.id, conversation_id))  # the conversation is free again
    redis_conn.delete(keys.stream_key(run_id), keys.done_key(run_id))


def test_another_users_run_is_not_found(mongo_db):
    from tomato_agent.errors import NotFound

    run_id = new_id()
    reports.report_record_queued(run_id=run_id, user_id=1, kind="chat", model="m", created_at=datetime.now(UTC),
                                 fields={})  # fmt: skip
    with pytest.raises(NotFound):
        reports.report_get(user_id=2, run_id=run_id)
    assert reports.report_get(user_id=1, run_id=run_id)["kind"] == "chat"


def _closed_while_redis_was_down(redis_conn, user, conversation_id):
    """A run whose worker stored its answer and closed its report, then could not write its terminal
    event (Redis was down): it still holds the conversation's lock and a slot among the person's runs."""
    run_id = new_id()
    admitted = state.admit(
        redis_conn, run_id=run_id, user_id=user.id, conversation_id=conversation_id, now=time.time(), cap=4
    )
    assert admitted == "ok"
    run = {"_id": run_id, "user_id": user.id, "kind": "chat", "conversation_id": conversation_id}
    reports.report_record_queued(
        run_id=run_id,
        user_id=user.id,
        kind="chat",
        model="m",
        created_at=datetime.now(UTC),
        fields={"conversation_id": conversation_id},
    )
    error = dict(events.UNAVAILABLE)
    reports.report_close(
        run=run,
        status=events.FAILED,
        model="m",
        steps=[],
        usage=None,
        error=error,
        finish_reason=None,
        started_at=None,
        timings={},
        terminal=(events.ERROR, error),
    )
    return run_id


@pytest.mark.django_db
def test_a_run_closed_while_redis_was_down_is_ended_from_its_report(redis_conn, mongo_db, user):
    conversation_id = new_id()
    run_id = _closed_while_redis_was_down(redis_conn, user, conversation_id)
    assert run_mark_lost(run_id=run_id) is True
    assert run_mark_lost(run_id=run_id) is False  # exactly once
    ((_, last),) = redis_conn.xrevrange(keys.stream_key(run_id), count=1)
    assert last[b"t"] == events.ERROR.encode()
    assert orjson.loads(last[b"d"])["code"] == "service_unavailable"  # the ending its report recorded
    assert not redis_conn.exists(keys.conversation_lock_key(user.id, conversation_id))
    assert state.runs_in_flight(redis_conn, user_id=user.id) == []
    redis_conn.delete(keys.stream_key(run_id), keys.done_key(run_id))


@pytest.mark.django_db
def test_runs_closed_while_redis_was_down_do_not_keep_their_owner_at_the_cap(redis_conn, mongo_db, user, settings):
    from runs.web.admission import admitted

    settings.RUNS_IN_FLIGHT_PER_USER = 2
    stuck = [_closed_while_redis_was_down(redis_conn, user, new_id()) for _ in range(2)]
    with admitted(user=user, conversation_id=new_id()) as admission:  # RateLimited without the settling
        assert admission.run_id not in stuck
    redis_conn.delete(*(k(r) for r in stuck for k in (keys.stream_key, keys.done_key)))
