"""Double texting: a message while the conversation's answer still runs (``if_busy``), end to end."""

from __future__ import annotations

import pytest

from agents import history, services
from agents.tests.fixtures import read_events, text_of
from agents.tests.test_e2e_runs import read_until_tokens
from runs import events
from runs.web import admission
from tomato_agent.errors import InvalidRequest
from tomato_agent.redis_client import get_redis

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]


def test_reject_is_the_default_and_a_bad_choice_is_a_400(worker, user, scenario):
    slow = scenario([{"content": "slow " * 20, "delay_ms": 20}])
    first = services.chat_start(user=user, conversation_id=None, content=f"{slow} go")
    with pytest.raises(admission.ConversationBusy):
        services.chat_start(user=user, conversation_id=first.conversation_id, content="again")
    with pytest.raises(InvalidRequest):
        services.chat_start(user=user, conversation_id=first.conversation_id, content="x", if_busy="later")
    assert read_events(first.run_id)[-1].type == events.RESULT


def test_enqueue_runs_each_message_after_the_one_before_in_order(worker, user, scenario, llm_server):
    slow = scenario([{"content": "first answer " * 10, "delay_ms": 15}])
    first = services.chat_start(user=user, conversation_id=None, content=f"{slow} one")
    conversation = first.conversation_id
    second = services.chat_start(
        user=user,
        conversation_id=conversation,
        if_busy="enqueue",
        content=f"{scenario([{'content': 'second answer'}])} two",
    )
    third = services.chat_start(
        user=user,
        conversation_id=conversation,
        if_busy="enqueue",
        content=f"{scenario([{'content': 'third answer'}])} three",
    )
    assert read_events(second.run_id)[0].data["queued"] is True
    runs = [first, second, third]
    ends = [read_events(run.run_id, timeout=30) for run in runs]
    assert [e[-1].type for e in ends] == [events.RESULT] * 3
    assert [text_of(e) for e in ends] == ["first answer " * 10, "second answer", "third answer"]
    # The history is in order, and each answer's model saw the answers before it in full: each one
    # started only once the one before had ended and was stored.
    page = history.messages_for(user_id=user.id, conversation_id=conversation)
    assert [m["content"] for m in page if m["role"] == "assistant"] == [
        "first answer " * 10,
        "second answer",
        "third answer",
    ]
    for run, before in ((second, ["first answer " * 10]), (third, ["first answer " * 10, "second answer"])):
        marker = "two" if run is second else "three"
        sent = [r for r in llm_server.requests() if str(r["messages"][-1]["content"]).endswith(marker)][-1]
        assert [m["content"] for m in sent["messages"] if m["role"] == "assistant"] == before


def test_interrupt_cancels_the_running_answer_keeps_its_partial_text_and_answers(worker, user, scenario, llm_server):
    slow = scenario([{"content": "word " * 300, "delay_ms": 20}])
    first = services.chat_start(user=user, conversation_id=None, content=f"{slow} long")
    assert read_until_tokens(get_redis(), first.run_id, 5) >= 5
    second = services.chat_start(
        user=user,
        conversation_id=first.conversation_id,
        if_busy="interrupt",
        content=f"{scenario([{'content': 'New answer.'}])} stop, do this",
    )
    first_events = read_events(first.run_id)
    assert first_events[-1].type == events.CANCELLED
    partial = text_of(first_events)
    assert 0 < len(partial) < len("word " * 300)
    stored = history.message_get(user_id=user.id, message_id=first_events[-1].data["message_id"])
    assert (stored["status"], stored["content"]) == ("cancelled", partial)
    second_events = read_events(second.run_id)
    assert second_events[-1].type == events.RESULT
    assert text_of(second_events) == "New answer."
    # The new answer's model saw the interrupted one's partial text.
    sent = llm_server.requests()[-1]
    assert [m["content"] for m in sent["messages"] if m["role"] == "assistant"] == [partial]


def test_a_queued_message_cancelled_before_its_turn_leaves_the_line(worker, user, scenario):
    slow = scenario([{"content": "slow " * 30, "delay_ms": 15}])
    first = services.chat_start(user=user, conversation_id=None, content=f"{slow} one")
    queued = services.chat_start(
        user=user, conversation_id=first.conversation_id, if_busy="enqueue", content="never answered"
    )
    after = services.chat_start(
        user=user,
        conversation_id=first.conversation_id,
        if_busy="enqueue",
        content=f"{scenario([{'content': 'after'}])} next",
    )
    admission.run_cancel(user=user, run_id=queued.run_id)
    assert read_events(queued.run_id)[-1].type == events.CANCELLED
    assert read_events(first.run_id)[-1].type == events.RESULT
    assert text_of(read_events(after.run_id, timeout=30)) == "after"
