"""A chat turn end to end: real Redis, MongoDB, Celery worker and openai client vs the scripted server."""

import pytest

from agents import history, services
from agents.tests.fixtures import read_events, text_of
from runs import events, keys, reports
from runs.web import admission

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]


def test_two_parallel_tool_calls_with_reasoning(worker, user, scenario, llm_server):
    marker = scenario([
        {"reasoning": "Two facts are needed; calling both tools.",
         "tool_calls": [{"name": "calculator", "arguments": {"expression": "6*7"}},
                        {"name": "current_time", "arguments": {"timezone": "Asia/Seoul"}}]},
        {"content": "6x7 is 42, and I checked the time in Seoul. 끝!"},
    ])  # fmt: skip
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} what is 6*7 and the time?")
    evts = read_events(started.run_id)
    types = [e.type for e in evts]
    assert types[0] == events.SESSION
    assert types[-1] == events.RESULT
    assert text_of(evts, events.REASONING_TOKEN) == "Two facts are needed; calling both tools."
    starts = [e.data for e in evts if e.type == events.TOOL_START]
    results = [e.data for e in evts if e.type == events.TOOL_RESULT]
    assert {s["tool"] for s in starts} == {"calculator", "current_time"}
    assert {s["label"] for s in starts} == {"Calculator", "Clock"}
    calc = next(r for r in results if r["tool"] == "calculator")
    assert calc["ok"] is True
    assert calc["visible"] == {"result": 42}
    # The model got both tool results back in its next request.
    second = llm_server.requests()[-1]
    tool_messages = [m for m in second["messages"] if m["role"] == "tool"]
    assert len(tool_messages) == 2
    assert '"result": 42' in next(m["content"] for m in tool_messages if "42" in m["content"])
    # Concatenated tokens are exactly the stored message.
    result = evts[-1].data
    stored = history.message_get(user_id=user.id, message_id=result["message_id"])
    assert text_of(evts) == stored["content"] == "6x7 is 42, and I checked the time in Seoul. 끝!"
    assert stored["usage"]["total_tokens"] > 0
    assert result["usage"]["total_tokens"] == stored["usage"]["total_tokens"]
    report = reports.report_get(user_id=user.id, run_id=started.run_id)
    assert report["status"] == "succeeded"
    assert [s["kind"] for s in report["steps"]] == ["llm", "tool", "tool", "llm"]


def test_conversation_continues_with_history(worker, user, scenario, llm_server):
    first = services.chat_start(
        user=user, conversation_id=None, content=f"{scenario([{'content': 'Hello Ann.'}])} I am Ann"
    )
    read_events(first.run_id)
    second = services.chat_start(user=user, conversation_id=first.conversation_id,
                            content=f"{scenario([{'content': 'You are Ann.'}])} who am I?")  # fmt: skip
    evts = read_events(second.run_id)
    assert text_of(evts) == "You are Ann."
    sent = llm_server.requests()[-1]["messages"]
    assert [m["role"] for m in sent] == ["system", "user", "assistant", "user"]
    assert sent[2]["content"] == "Hello Ann."
    page = history.messages_for(user_id=user.id, conversation_id=first.conversation_id)
    assert [m["role"] for m in page] == ["user", "assistant", "user", "assistant"]


def test_second_message_while_running_is_conversation_busy(worker, user, scenario):
    slow = scenario([{"content": "slow " * 30, "delay_ms": 30}])
    started = services.chat_start(user=user, conversation_id=None, content=f"{slow} go")
    with pytest.raises(admission.ConversationBusy):
        services.chat_start(user=user, conversation_id=started.conversation_id, content="again")
    read_events(started.run_id)
    # Once the run ended the conversation takes messages again.
    again = services.chat_start(
        user=user, conversation_id=started.conversation_id, content=f"{scenario([{'content': 'ok'}])}"
    )
    assert read_events(again.run_id)[-1].type == events.RESULT


def test_cancel_mid_stream_keeps_partial_answer(worker, user, scenario):
    marker = scenario([{"content": "word " * 200, "delay_ms": 20}])
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} long please")
    from tomato_agent.redis_client import get_redis

    redis = get_redis()
    # Wait for some tokens, then cancel.
    seen = read_until_tokens(redis, started.run_id, 5)
    assert seen >= 5
    assert admission.run_cancel(user=user, run_id=started.run_id) == "cancelling"
    evts = read_events(started.run_id)
    assert evts[-1].type == events.CANCELLED
    partial = text_of(evts)
    assert 0 < len(partial) < len("word " * 200)
    stored = history.message_get(user_id=user.id, message_id=evts[-1].data["message_id"])
    assert stored["content"] == partial == evts[-1].data["content"]
    assert stored["status"] == "cancelled"
    with pytest.raises(admission.RunFinished):
        admission.run_cancel(user=user, run_id=started.run_id)


def read_until_tokens(redis, run_id: str, n: int, timeout: float = 10.0) -> int:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        entries = redis.xrange(keys.stream_key(run_id))
        count = sum(1 for _, f in entries if f[b"t"] == b"token")
        if count >= n:
            return count
        time.sleep(0.02)
    return 0


def test_llm_500_before_first_token_is_retried(worker, user, scenario):
    marker = scenario([{"error": {"status": 500, "message": "boom", "times": 1}, "content": "recovered"}])
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} hi")
    evts = read_events(started.run_id)
    assert evts[-1].type == events.RESULT
    assert text_of(evts) == "recovered"


def test_llm_failure_after_first_token_is_llm_error(worker, user, scenario):
    marker = scenario([{"content": "one two three four five six", "error_after_tokens": 3}])
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} hi")
    evts = read_events(started.run_id)
    assert evts[-1].type == events.ERROR
    assert evts[-1].data["code"] == "llm_error"
    partial = text_of(evts)
    stored = history.message_get(
        user_id=user.id, message_id=reports.report_get(user_id=user.id, run_id=started.run_id)["assistant_message_id"]
    )
    assert stored["content"] == partial
    assert stored["status"] == "failed"


def test_tool_error_goes_back_to_the_model(worker, user, scenario, llm_server):
    marker = scenario([
        {"tool_calls": [{"name": "calculator", "arguments": {"expression": "__import__('os')"}}]},
        {"content": "That expression is not arithmetic."},
    ])  # fmt: skip
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} compute")
    evts = read_events(started.run_id)
    result = next(e.data for e in evts if e.type == events.TOOL_RESULT)
    assert result["ok"] is False
    assert result["error"]
    assert evts[-1].type == events.RESULT
    tool_msg = next(m for m in llm_server.requests()[-1]["messages"] if m["role"] == "tool")
    assert tool_msg["content"].startswith("Error:")


def test_max_iterations_ends_the_run(worker, user, scenario):
    marker = scenario([{"tool_calls": [{"name": "calculator", "arguments": {"expression": "1+1"}}]}] * 8)
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} loop")
    evts = read_events(started.run_id, timeout=30)
    assert evts[-1].type == events.ERROR
    assert evts[-1].data["code"] == "max_iterations"
    assert sum(1 for e in evts if e.type == events.TOOL_START) == 6


def test_invalid_messages_are_refused(user):
    from tomato_agent.errors import InvalidRequest

    for bad in ("", "   ", None, 42, "x" * 32001):
        with pytest.raises(InvalidRequest):
            services.chat_start(user=user, conversation_id=None, content=bad)


def test_another_users_conversation_is_not_found(worker, user, make_user, scenario):
    started = services.chat_start(user=user, conversation_id=None, content=f"{scenario([{'content': 'mine'}])} hi")
    read_events(started.run_id)
    other = make_user()
    from tomato_agent.errors import NotFound

    with pytest.raises(NotFound):
        services.chat_start(user=other, conversation_id=started.conversation_id, content="let me in")
    with pytest.raises(NotFound):
        admission.run_cancel(user=other, run_id=started.run_id)
