"""Unit tests for the scenario language (no network)."""

from __future__ import annotations

import pytest

from scripted_llm.demo import code_query, demo_turn, detect_intents, find_expression
from scripted_llm.scenario import (
    RequestError,
    ScenarioStore,
    build_plan,
    split_arguments,
    tokenize,
    turn_index,
    validate_turns,
)

TEXTS = [
    "Hello, world!",
    "  leading and trailing  ",
    "안녕하세요, 반갑습니다! 오늘 날씨가 좋네요.\n\n줄바꿈\t탭",
    "emoji 🍅🍅 and a verylongwordthatneedssplittingintopieces.",
    "",
    "\n",
    "code:\n```python\nprint('hi')\n```\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_tokenize_round_trips_exactly(text: str) -> None:
    pieces = tokenize(text)
    assert "".join(pieces) == text
    assert all(pieces), "no empty pieces"
    assert all(len(p.rstrip()) <= 12 for p in pieces)


def test_tokenize_splits_into_several_pieces() -> None:
    assert tokenize("one two  three") == ["one ", "two  ", "three"]
    assert len(tokenize("abcdefghijklmnopqrstuvwxyz ")) == 4


def test_split_arguments_gives_a_few_pieces() -> None:
    text = '{"expression": "12*(3+4)", "precision": 2}'
    pieces = split_arguments(text)
    assert "".join(pieces) == text
    assert 2 <= len(pieces) <= 3
    assert split_arguments("") == []


def test_turn_index_counts_assistants_after_last_user() -> None:
    messages = [
        {"role": "system", "content": "s"},
        {"role": "user", "content": "q1"},
        {"role": "assistant", "content": "a1"},
        {"role": "user", "content": "q2"},
        {"role": "assistant", "tool_calls": []},
        {"role": "tool", "content": "r", "tool_call_id": "c"},
    ]
    assert turn_index(messages) == 1
    assert turn_index(messages[:4]) == 0


def test_validate_rejects_typos_and_bad_values() -> None:
    with pytest.raises(ValueError, match="unknown keys"):
        validate_turns([{"contnet": "x"}])
    with pytest.raises(ValueError, match="status"):
        validate_turns([{"error": {"status": 200}}])
    with pytest.raises(ValueError, match="name"):
        validate_turns([{"tool_calls": [{"arguments": {}}]}])
    with pytest.raises(ValueError, match="non-empty"):
        validate_turns([])
    assert validate_turns({"turns": [{"content": "ok"}]}) == [{"content": "ok"}]


def test_plan_computed_usage_and_length_truncation() -> None:
    request = {"messages": [{"role": "user", "content": "x" * 40}]}
    plan = build_plan({"reasoning": "a b", "content": "c d e"}, request)
    assert plan.usage == {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
    short = build_plan({"content": "c d e f"}, {**request, "max_tokens": 2})
    assert short.finish_reason == "length"
    assert "".join(short.content) == "c d "
    explicit = build_plan({"content": "x", "usage": {"prompt_tokens": 3}}, request)
    assert explicit.usage == {"prompt_tokens": 3, "completion_tokens": 0, "total_tokens": 3}
    assert build_plan({"content": "x", "usage": None}, request).usage is None


def test_synthetic_tokens() -> None:
    plan = build_plan({"tokens": 5}, {"messages": []})
    assert plan.content == ["tok0 ", "tok1 ", "tok2 ", "tok3 ", "tok4 "]
    words = build_plan({"tokens": 3, "token_words": ["a", "b"]}, {"messages": []})
    assert words.content == ["a ", "b ", "a "]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what is 12*(3+4)?", "12*(3+4)"),
        ("Compute 2 + 2.", "2 + 2"),
        ("(7-3)/2 please", "(7-3)/2"),
        ("3.5*2", "3.5*2"),
        ("released 2024-01-05", None),
        ("version 3 is out", None),
        ("Write 3-4 sentences", None),
        ("what is 10-3?", "10-3"),
    ],
)
def test_find_expression(text: str, expected: str | None) -> None:
    assert find_expression(text) == expected


def test_intents_and_code_query() -> None:
    assert [i.tool for i in detect_intents("What time is it?")] == ["current_time"]
    seoul = detect_intents("지금 몇 시야?")
    assert seoul[0].arguments == {"timezone": "Asia/Seoul"}
    assert detect_intents("hello there") == []
    assert code_query("Show me a code snippet for parsing JSON") == "parsing JSON"
    assert code_query("How do I read a file in Python?") == "read a file in Python"
    assert code_query("파이썬 파일 읽기 코드 예제 보여줘") == "파이썬 파일 읽기"


def test_demo_prompt_mode_observation_as_user_message() -> None:
    action = '```json\n{"action": "calculator", "action_input": {"expression": "12*7"}}\n```'
    request = {
        "model": "no-tools-demo",
        "messages": [
            {"role": "system", "content": "You can use: calculator, code_search."},
            {"role": "user", "content": "what is 12*7"},
            {"role": "assistant", "content": action},
            {"role": "user", "content": 'Observation: {"result": 84}'},
        ],
    }
    turn = demo_turn(request, prompt_mode=True)
    assert turn["content"].startswith("```json\n")
    assert '"action": "final_answer"' in turn["content"]
    assert "The calculator returned 84." in turn["content"]


def test_store_selection_rules_and_errors() -> None:
    store = ScenarioStore(
        script={
            "scenarios": {"weather": {"turns": [{"content": "sunny"}]}},
            "rules": [{"match": "(?i)weather", "scenario": "weather"}],
        }
    )
    req = {"model": "m", "messages": [{"role": "user", "content": "Weather today?"}]}
    assert store.resolve(req).turn == {"content": "sunny"}
    bad = {"model": "m", "messages": [{"role": "user", "content": "[scenario:nope] hi"}]}
    with pytest.raises(RequestError) as info:
        store.resolve(bad)
    assert info.value.status == 400
    store.add("e", [{"content": "ok", "error": {"status": 503, "times": 2}}])
    res = store.resolve({"model": "m", "messages": [{"role": "user", "content": "[scenario:e]"}]})
    statuses = [getattr(store.take_error(res), "status", None) for _ in range(3)]
    assert statuses == [503, 503, None]


def test_demo_runs_a_python_block_and_nothing_else() -> None:
    text = "please run this code:\n```python\nprint(6*7)\n```\nwhat time is it?"
    [intent] = detect_intents(text)
    assert intent.tool == "run_python"
    assert intent.arguments == {"code": "print(6*7)"}
    request = {
        "messages": [{"role": "user", "content": text}],
        "tools": [{"type": "function", "function": {"name": "run_python", "parameters": {}}}],
    }
    turn = demo_turn(request)
    assert turn["tool_calls"] == [{"name": "run_python", "arguments": {"code": "print(6*7)"}}]
    request["messages"] += [
        {"role": "assistant", "tool_calls": [{"id": "c1", "function": {"name": "run_python", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": '{"status": "ok", "stdout": "42\\n", "stderr": ""}'},
    ]
    answer = demo_turn(request)["content"]
    assert "It printed:" in answer
    assert "42" in answer
