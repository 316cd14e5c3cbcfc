"""The official ``openai`` Python SDK against a real daphne serving ``/v1``: models, completions
(streaming and not), conversation continuity, reasoning and tool steps, usage, errors, cancel."""

from __future__ import annotations

import time

import openai
import pytest

from agents import history
from apikeys import services as keys
from runs import reports

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

MODEL = "tomato-agent"


@pytest.fixture
def owner(make_user):
    return make_user()


@pytest.fixture
def client(live_server_url, owner):
    _, secret = keys.key_create(user=owner, name="sdk")
    return openai.OpenAI(base_url=f"{live_server_url}/v1", api_key=secret, max_retries=0, timeout=30)


def _extra(obj, name):
    return (obj.model_extra or {}).get(name)


def test_models_lists_the_default_agent(client):
    ids = [model.id for model in client.models.list()]
    assert ids[0] == MODEL
    assert client.models.retrieve(MODEL).owned_by == "tomato-agent"
    with pytest.raises(openai.NotFoundError) as caught:
        client.models.retrieve("gpt-4o")
    assert caught.value.body["code"] == "model_not_found"


def test_a_completion_runs_the_agent_with_its_tools_and_records_it(client, owner, scenario, llm_server):
    marker = scenario(
        [
            {
                "reasoning": "Arithmetic: use the calculator.",
                "tool_calls": [{"name": "calculator", "arguments": {"expression": "6*7"}}],
            },
            {"content": "6 times 7 is 42."},
        ]
    )
    raw = client.chat.completions.with_raw_response.create(
        model=MODEL, messages=[{"role": "user", "content": f"{marker} what is 6*7?"}]
    )
    completion = raw.parse()
    message = completion.choices[0].message
    assert message.content == "6 times 7 is 42."
    assert completion.choices[0].finish_reason == "stop"
    reasoning = _extra(message, "reasoning_content")
    assert "Arithmetic: use the calculator." in reasoning
    assert "Calculator" in reasoning
    assert '"result": 42' in reasoning
    assert _extra(message, "reasoning") == reasoning
    assert completion.usage.total_tokens > 0
    assert completion.model == MODEL
    # The platform ran its tool: the model got the calculator's result back.
    assert any(m["role"] == "tool" and "42" in m["content"] for m in llm_server.requests()[-1]["messages"])
    # Recorded in the key owner's history, attributed to the key.
    conversation_id = raw.headers["x-conversation-id"]
    stored = history.messages_for(user_id=owner.id, conversation_id=conversation_id)
    assert [m["role"] for m in stored] == ["user", "assistant"]
    assert stored[1]["content"] == "6 times 7 is 42."
    report = reports.report_get(user_id=owner.id, run_id=raw.headers["x-run-id"])
    assert report["api_key_id"] is not None


def test_streaming_gives_the_answer_in_content_and_the_steps_in_reasoning(client, owner, scenario):
    answer = "Streaming works, piece by piece, with 토마토 too."
    marker = scenario(
        [
            {"reasoning": "Let me check the time.", "tool_calls": [{"name": "current_time", "arguments": {}}]},
            {"content": answer, "delay_ms": 5},
        ]
    )
    stream = client.chat.completions.create(
        model=MODEL, stream=True, messages=[{"role": "user", "content": f"{marker} time?"}]
    )
    chunks = list(stream)
    content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    reasoning = "".join(_extra(c.choices[0].delta, "reasoning_content") or "" for c in chunks if c.choices)
    assert content == answer
    assert "Let me check the time." in reasoning
    assert "Clock" in reasoning
    assert chunks[0].choices[0].delta.role == "assistant"
    assert {c.id for c in chunks} == {chunks[0].id}
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert last.usage.total_tokens > 0
    assert all(c.usage is None for c in chunks[:-1])
    conversations = history.conversations_for(user_id=owner.id)
    assert len(conversations) == 1
    stored = history.messages_for(user_id=owner.id, conversation_id=conversations[0]["_id"])
    assert stored[-1]["content"] == content


def test_include_usage_sends_the_usage_in_a_last_chunk_without_choices(client, scenario):
    marker = scenario([{"content": "Counted."}])
    chunks = list(
        client.chat.completions.create(
            model=MODEL,
            stream=True,
            stream_options={"include_usage": True},
            messages=[{"role": "user", "content": f"{marker} count"}],
        )
    )
    assert chunks[-1].choices == []
    assert chunks[-1].usage.total_tokens > 0
    assert chunks[-2].choices[0].finish_reason == "stop"
    assert chunks[-2].usage is None


def test_the_next_request_of_a_client_continues_the_same_conversation(client, owner, scenario, llm_server):
    first_marker = scenario([{"content": "Hello Ann."}])
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": f"{first_marker} I am Ann."}]
    first = client.chat.completions.with_raw_response.create(model=MODEL, messages=messages)
    messages.append({"role": "assistant", "content": first.parse().choices[0].message.content})
    messages.append({"role": "user", "content": f"{scenario([{'content': 'You are Ann.'}])} Who am I?"})
    second = client.chat.completions.with_raw_response.create(model=MODEL, messages=messages)
    assert second.parse().choices[0].message.content == "You are Ann."
    assert second.headers["x-conversation-id"] == first.headers["x-conversation-id"]
    sent = llm_server.requests()[-1]["messages"]
    assert [m["role"] for m in sent] == ["system", "user", "assistant", "user"]
    assert sent[2]["content"] == "Hello Ann."
    assert len(history.conversations_for(user_id=owner.id)) == 1
    # An explicit conversation_id (the platform's extension) continues it too, whatever the history.
    third = client.chat.completions.with_raw_response.create(
        model=MODEL,
        messages=[{"role": "user", "content": f"{scenario([{'content': 'Still Ann.'}])} again"}],
        extra_body={"conversation_id": first.headers["x-conversation-id"]},
    )
    assert third.headers["x-conversation-id"] == first.headers["x-conversation-id"]
    stored = history.messages_for(user_id=owner.id, conversation_id=first.headers["x-conversation-id"])
    assert [m["content"] for m in stored][-1] == "Still Ann."
    assert len(stored) == 6


def test_a_history_the_platform_never_saw_is_imported(client, owner, scenario, llm_server):
    marker = scenario([{"content": "Blue, as you said."}])
    raw = client.chat.completions.with_raw_response.create(
        model=MODEL,
        messages=[
            {"role": "user", "content": "My favourite colour is blue."},
            {"role": "assistant", "content": [{"type": "text", "text": "Noted: blue."}]},
            {"role": "user", "content": f"{marker} What is my favourite colour?"},
        ],
    )
    assert raw.parse().choices[0].message.content == "Blue, as you said."
    sent = llm_server.requests()[-1]["messages"]
    assert [(m["role"], m["content"]) for m in sent[1:3]] == [
        ("user", "My favourite colour is blue."),
        ("assistant", "Noted: blue."),
    ]
    stored = history.messages_for(user_id=owner.id, conversation_id=raw.headers["x-conversation-id"])
    assert [m["content"] for m in stored] == [
        "My favourite colour is blue.",
        "Noted: blue.",
        f"{marker} What is my favourite colour?",
        "Blue, as you said.",
    ]


def test_errors_come_in_openai_shape(client, live_server_url, owner, scenario):
    with pytest.raises(openai.AuthenticationError) as caught:
        openai.OpenAI(base_url=f"{live_server_url}/v1", api_key="tmt_not-a-key", max_retries=0).models.list()
    assert caught.value.body["code"] == "invalid_api_key"
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    assert caught.value.body["param"] == "model"
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(
            model=MODEL,
            messages=[{"role": "user", "content": "hi"}],
            tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
        )
    assert caught.value.body["param"] == "tools"
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model=MODEL, messages=[{"role": "assistant", "content": "hi"}])
    assert caught.value.body["param"] == "messages"
    _, reader = keys.key_create(user=owner, name="reader", scopes=["read"])
    read_only = openai.OpenAI(base_url=f"{live_server_url}/v1", api_key=reader, max_retries=0)
    assert [m.id for m in read_only.models.list()] == [MODEL]
    with pytest.raises(openai.PermissionDeniedError) as caught:
        read_only.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "hi"}])
    assert caught.value.body["code"] == "insufficient_scope"
    _, limited = keys.key_create(user=owner, name="limited", requests_per_minute=1)
    slow = openai.OpenAI(base_url=f"{live_server_url}/v1", api_key=limited, max_retries=0)
    slow.models.list()
    with pytest.raises(openai.RateLimitError) as caught:
        slow.models.list()
    assert caught.value.response.headers["retry-after"]


def test_a_failing_model_is_an_api_error_streaming_or_not(client, scenario):
    broken = scenario([{"error": {"status": 400, "message": "the upstream model refused", "times": None}}])
    with pytest.raises(openai.InternalServerError) as caught:
        client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": f"{broken} hi"}])
    assert caught.value.status_code == 502
    assert caught.value.body["code"].startswith("llm")
    stream = client.chat.completions.create(
        model=MODEL, stream=True, messages=[{"role": "user", "content": f"{broken} again"}]
    )
    with pytest.raises(openai.APIError) as caught:
        list(stream)
    assert caught.value.body["code"].startswith("llm")


def test_a_client_that_hangs_up_cancels_the_run(client, owner, scenario):
    marker = scenario([{"content": "word " * 400, "delay_ms": 20}])
    raw = client.chat.completions.with_raw_response.create(
        model=MODEL, stream=True, messages=[{"role": "user", "content": f"{marker} long"}]
    )
    stream = raw.parse()
    for index, _ in enumerate(stream):
        if index == 5:
            break
    stream.close()
    run_id = raw.headers["x-run-id"]
    deadline = time.monotonic() + 20
    status = None
    while time.monotonic() < deadline:
        status = reports.report_get(user_id=owner.id, run_id=run_id)["status"]
        if status in ("cancelled", "succeeded", "failed"):
            break
        time.sleep(0.2)
    assert status == "cancelled"


def test_agents_people_built_are_models_and_answer_with_their_instructions(
    client, owner, make_user, scenario, llm_server
):
    from agents.agent_services import agent_create

    mine = agent_create(user=owner, fields={"name": "Pirate", "instructions": "Speak like a pirate.", "tools": []})
    public = agent_create(user=make_user(), fields={"name": "Shared", "visibility": "public"})
    hidden = agent_create(user=make_user(), fields={"name": "Hidden"})
    ids = [model.id for model in client.models.list()]
    assert ids[0] == MODEL
    assert mine.id in ids
    assert public.id in ids
    assert hidden.id not in ids
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve(hidden.id)
    marker = scenario([{"content": "Arr!"}])
    answer = client.chat.completions.create(model=mine.id, messages=[{"role": "user", "content": f"{marker} hi"}])
    assert answer.choices[0].message.content == "Arr!"
    sent = llm_server.requests()[-1]
    assert sent["messages"][0]["content"].endswith("Speak like a pirate.")
    assert not sent.get("tools")
