"""The Python SDK against a live server (daphne, a Celery worker, the scripted LLM): the generated
REST client, and the streaming layer — typed events, resume after a dropped connection with nothing
lost or duplicated, cancel, waiting for the result — sync and async."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from agents import history
from apikeys import services as keys

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


@pytest.fixture
def owner(make_user):
    return make_user()


@pytest.fixture
def api_key(owner) -> str:
    _, secret = keys.key_create(user=owner, name="sdk tests")
    return secret


def _ids_in_order(events) -> bool:
    ids = [tuple(map(int, e.id.split("-"))) for e in events]
    return ids == sorted(ids) and len(ids) == len(set(ids))


def test_the_generated_client_is_typed_rest(live_server_url, api_key, owner):
    from tomato_client.api.auth import auth_me_retrieve
    from tomato_client.api.keys import keys_list
    from tomato_client.models import Me
    from tomato_sdk import Tomato

    with Tomato(live_server_url, api_key=api_key) as tomato:
        me = auth_me_retrieve.sync(client=tomato.rest)
        assert isinstance(me, Me)
        assert me.username == owner.username
        # Keys cannot manage keys: the generated client returns the typed error body.
        refused = keys_list.sync_detailed(client=tomato.rest)
        assert refused.status_code == 403
        assert refused.parsed.error.code == "insufficient_scope"


def test_chat_stream_gives_typed_events_and_the_result(live_server_url, api_key, owner, scenario):
    from tomato_client.models import ResultEventData, SessionEventData, ToolStartEventData
    from tomato_sdk import Tomato

    marker = scenario(
        [
            {
                "reasoning": "Use the calculator.",
                "tool_calls": [{"name": "calculator", "arguments": {"expression": "6*7"}}],
            },
            {"content": "It is 42."},
        ]
    )
    with Tomato(live_server_url, api_key=api_key) as tomato, tomato.chat.stream(f"{marker} 6*7?") as run:
        events = list(run)
    assert isinstance(events[0].data, SessionEventData)
    assert events[0].data.run_id == run.run_id
    starts = [e for e in events if e.type == "tool_start"]
    assert isinstance(starts[0].data, ToolStartEventData)
    assert starts[0].data.label == "Calculator"
    assert isinstance(events[-1].data, ResultEventData)
    assert "".join(e.text for e in events) == "It is 42." == run.result.content
    assert run.result.status == "succeeded"
    assert run.result.usage["total_tokens"] > 0
    stored = history.messages_for(user_id=owner.id, conversation_id=events[0].data.conversation_id)
    assert stored[-1]["content"] == "It is 42."


def test_a_dropped_connection_resumes_with_nothing_lost_or_duplicated(proxy, api_key, scenario):
    from tomato_sdk import Tomato

    answer = " ".join(f"w{i:03d}" for i in range(150))
    marker = scenario([{"content": answer, "delay_ms": 10}])
    token = uuid.uuid4().hex
    tomato = Tomato(proxy.url, api_key=api_key, headers={"X-Test-Drop": f"{token}:1500"})
    with tomato, tomato.chat.stream(f"{marker} count", backoff=0.05) as run:
        events = list(run)
    assert proxy.dropped == 1
    assert run._state.reconnects >= 1
    assert _ids_in_order(events)
    assert "".join(e.text for e in events) == answer == run.result.content


def test_cancel_stops_the_run_and_keeps_the_partial_answer(live_server_url, api_key, scenario):
    from tomato_sdk import Tomato

    marker = scenario([{"content": "word " * 300, "delay_ms": 20}])
    with Tomato(live_server_url, api_key=api_key) as tomato, tomato.chat.stream(f"{marker} long") as run:
        seen = []
        for event in run:
            seen.append(event)
            if sum(1 for e in seen if e.type == "token") == 5:
                run.cancel()
        result = run.result
    assert seen[-1].type == "cancelled"
    assert result.status == "cancelled"
    assert result.content == "".join(e.text for e in seen)
    assert 0 < len(result.content) < len("word " * 300)


def test_follow_replays_any_run_and_until_done_waits(live_server_url, api_key, scenario):
    from tomato_sdk import RunFailed, Tomato

    with Tomato(live_server_url, api_key=api_key) as tomato:
        result = tomato.chat.send(f"{scenario([{'content': 'Replayed.'}])} hi")
        assert result.content == "Replayed."
        replay = list(tomato.runs.follow(result.run_id))
        assert replay[0].type == "session"
        assert replay[-1].type == "result"
        second_half = list(tomato.runs.follow(result.run_id, after=replay[1].id))
        assert [e.id for e in second_half] == [e.id for e in replay[2:]]
        broken = scenario([{"error": {"status": 400, "message": "nope", "times": None}}])
        with pytest.raises(RunFailed) as caught:
            tomato.chat.send(f"{broken} fail")
        assert caught.value.code.startswith("llm")


def test_the_async_client_streams_resumes_and_cancels(proxy, api_key, scenario):
    from tomato_sdk import AsyncTomato

    answer = " ".join(f"a{i:03d}" for i in range(120))
    resumed = scenario([{"content": answer, "delay_ms": 10}])
    long = scenario([{"content": "slow " * 300, "delay_ms": 20}])
    token = uuid.uuid4().hex

    async def go():
        async with AsyncTomato(proxy.url, api_key=api_key, headers={"X-Test-Drop": f"{token}:1500"}) as tomato:
            async with tomato.chat.stream(f"{resumed} count", backoff=0.05) as run:
                events = [event async for event in run]
            async with tomato.chat.stream(f"{long} long") as slow:
                tokens = 0
                async for event in slow:
                    tokens += event.type == "token"
                    if tokens == 3:
                        await slow.cancel()
            return events, run.result, slow.result

    events, result, cancelled = asyncio.run(go())
    assert proxy.dropped == 1
    assert _ids_in_order(events)
    assert "".join(e.text for e in events) == answer == result.content
    assert cancelled.status == "cancelled"
