"""Reading Chat Completions requests and writing a run's events as chunks (pure, no services)."""

from __future__ import annotations

import orjson
import pytest

from openai_api.protocol import BadParameter, ChunkWriter, parse_request
from runs import events
from runs.events import Event


def _event(type_: str, data, scope=None, eid="1-1") -> Event:
    return Event(eid, type_, orjson.dumps(data), orjson.dumps(scope) if scope else None)


def test_a_request_splits_into_the_prompt_and_the_history_before_it():
    request = parse_request(
        {
            "model": "tomato-agent",
            "stream": True,
            "stream_options": {"include_usage": True},
            "messages": [
                {"role": "system", "content": "brief"},
                {"role": "user", "content": "a"},
                {"role": "assistant", "content": [{"type": "text", "text": "b"}]},
                {"role": "user", "content": [{"type": "text", "text": "c"}, {"type": "text", "text": "d"}]},
            ],
            "temperature": 0.3,
            "max_tokens": 10,
        }
    )
    assert request.prompt == "c\nd"
    assert request.history == [("user", "a"), ("assistant", "b")]
    assert (request.stream, request.include_usage) == (True, True)


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"messages": [{"role": "user", "content": "x"}]}, "model"),
        ({"model": "m", "messages": []}, "messages"),
        (
            {"model": "m", "messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": "y"}]},
            "messages",
        ),
        ({"model": "m", "messages": [{"role": "user", "content": "  "}]}, "messages"),
        ({"model": "m", "messages": [{"role": "tool", "content": "x"}]}, "messages[0].role"),
        (
            {"model": "m", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]},
            "messages[0].content",
        ),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "n": 2}, "n"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "tools": [{"type": "function"}]}, "tools"),
        (
            {"model": "m", "messages": [{"role": "user", "content": "x"}], "response_format": {"type": "json_object"}},
            "response_format",
        ),
    ],
)
def test_bad_requests_name_the_parameter(body, param):
    with pytest.raises(BadParameter) as caught:
        parse_request(body)
    assert caught.value.param == param
    assert caught.value.status == 400


def test_chunks_carry_the_answer_in_content_and_everything_else_in_reasoning():
    writer = ChunkWriter(completion_id="chatcmpl-r1", model="tomato-agent")
    chunks = [
        writer.feed(e)
        for e in [
            _event(events.SESSION, {"run_id": "r1"}),
            _event(events.REASONING_TOKEN, "Thinking."),
            _event(
                events.TOOL_START,
                {"call_id": "c", "tool": "calculator", "label": "Calculator", "visible": {"expression": "1+1"}},
            ),
            _event(
                events.TOOL_RESULT,
                {
                    "call_id": "c",
                    "tool": "calculator",
                    "label": "Calculator",
                    "ok": True,
                    "visible": {"result": 2},
                    "error": None,
                    "duration_ms": 1,
                },
            ),
            _event(events.TOKEN, "inner", scope=["agent:bee"]),
            _event(events.TOKEN, "Two."),
        ]
    ]
    assert chunks[0] is None
    assert [c["choices"][0]["delta"].get("content") for c in chunks[1:]] == [None, None, None, None, "Two."]
    reasoning = "".join(c["choices"][0]["delta"].get("reasoning_content", "") for c in chunks[1:])
    assert reasoning.startswith("Thinking.")
    assert '→ Calculator {"expression": "1+1"}' in reasoning
    assert '✓ Calculator: {"result": 2}' in reasoning
    assert "[agent:bee]\ninner" in reasoning
    assert all(
        c["choices"][0]["delta"].get("reasoning") == c["choices"][0]["delta"].get("reasoning_content")
        for c in chunks[1:]
    )
    terminal = _event(
        events.RESULT,
        {
            "message_id": "m",
            "content": "Two.",
            "finish_reason": "stop",
            "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5, "cost_usd": None},
        },
    )
    (last,) = writer.last(terminal)
    assert last["choices"][0]["finish_reason"] == "stop"
    assert last["usage"] == {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}
    whole = writer.completion(terminal)
    assert whole["choices"][0]["message"]["content"] == "Two."
    assert whole["choices"][0]["message"]["reasoning_content"] == reasoning
