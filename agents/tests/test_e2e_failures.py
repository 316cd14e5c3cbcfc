"""Worker loss and prompt mode, each with a worker process of its own."""

import signal
import time

import pytest
from asgiref.sync import async_to_sync

from agents import history, services
from agents.tests.fixtures import read_events, text_of
from runs import events, keys, reports
from runs.web import follow

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]


def test_killed_worker_yields_worker_lost_within_10s(dedicated_worker, user, scenario):
    proc = dedicated_worker()
    marker = scenario([{"content": "tick " * 400, "delay_ms": 25}])
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} long")
    from tomato_agent.redis_client import get_redis

    redis = get_redis()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        tokens = [f for _, f in redis.xrange(keys.stream_key(started.run_id)) if f[b"t"] == b"token"]
        if len(tokens) >= 5:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=5)
    killed_at = time.monotonic()

    async def watch():
        seen = []
        async for event in follow.tail(started.run_id):
            if event is not None:
                seen.append(event)
        return seen

    seen = async_to_sync(watch)()
    assert time.monotonic() - killed_at < 10
    assert seen[-1].type == events.ERROR
    assert seen[-1].data["code"] == "worker_lost"
    report = reports.report_get(user_id=user.id, run_id=started.run_id)
    assert report["status"] == "failed"
    stored = history.message_get(user_id=user.id, message_id=report["assistant_message_id"])
    assert stored["content"] == text_of(seen)
    # The conversation is free again.
    assert not redis.exists(keys.conversation_lock_key(user.id, started.conversation_id))


def test_prompt_mode_with_a_model_without_tool_calling(dedicated_worker, user, llm_server):
    dedicated_worker(AGENT_TOOL_MODE="prompt", LLM_MODEL="no-tools-demo")
    started = services.chat_start(user=user, conversation_id=None, content="what is 12*(3+4)?")
    evts = read_events(started.run_id)
    assert evts[-1].type == events.RESULT
    start = next(e.data for e in evts if e.type == events.TOOL_START)
    assert start["tool"] == "calculator"
    result = next(e.data for e in evts if e.type == events.TOOL_RESULT)
    assert result["visible"] == {"result": 84}
    answer = text_of(evts)
    assert "84" in answer
    assert "{" not in answer  # the JSON action never reaches the person
    # The model was never sent `tools` (it would have answered 400).
    assert all("tools" not in body for body in llm_server.requests(limit=2))


def test_unwatched_lost_run_frees_its_conversation_and_reports_failed(
    dedicated_worker, auth_client, scenario, settings
):
    """Nobody follows the run when its worker dies: the next message and the report still recover."""
    user = auth_client.user
    proc = dedicated_worker()
    marker = scenario([{"content": "tock " * 400, "delay_ms": 25}])
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} long")
    from tomato_agent.redis_client import get_redis

    redis = get_redis()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and redis.get(keys.heartbeat_key(started.run_id)) != b"running":
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=5)
    deadline = time.monotonic() + 10  # the heartbeat expires (WORKER_LOST_AFTER_SECONDS in tests: 3 s)
    while time.monotonic() < deadline and redis.exists(keys.heartbeat_key(started.run_id)):
        time.sleep(0.1)
    # The conversation takes a new message at once (no waiting for the lock's safety TTL)...
    again = services.chat_start(user=user, conversation_id=started.conversation_id, content="still there?")
    assert again.conversation_id == started.conversation_id
    # ...and the lost run's report says what happened.
    report = auth_client.get(f"/api/runs/{started.run_id}").json()
    assert report["status"] == "failed"
    assert report["error"]["code"] == "worker_lost"
    # A run nobody follows and nobody posts after is ended by the sweeper, not by reading its report.
    redis.delete(keys.heartbeat_key(again.run_id))  # its queued heartbeat ran out: no worker took it
    assert auth_client.get(f"/api/runs/{again.run_id}").json()["status"] == "queued"  # reading changes nothing
    from runs.sweeper import sweep_once

    time.sleep(settings.WORKER_LOST_AFTER_SECONDS)  # the sweeper leaves runs younger than a heartbeat alone
    assert sweep_once(exclusive=False) >= 1
    report = auth_client.get(f"/api/runs/{again.run_id}").json()
    assert (report["status"], report["error"]["code"]) == ("failed", "worker_lost")
