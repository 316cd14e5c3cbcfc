"""The built-in demo policy, driven through the real openai client."""

from __future__ import annotations

import json
from typing import Any

import openai

from scripted_llm import ScriptedLLMServer

TOOLS = [
    {
        "type": "function",
        "function": {"name": name, "description": name, "parameters": {"type": "object"}},
    }
    for name in ("calculator", "current_time", "code_search")
]


def test_demo_calculator_round_trip(llm_server: ScriptedLLMServer, llm_client: openai.OpenAI) -> None:
    messages: list[dict[str, Any]] = [{"role": "user", "content": "What is 12*(3+4)?"}]
    stream = llm_client.chat.completions.create(model="scripted-demo", messages=messages, tools=TOOLS, stream=True)
    reasoning, name, arguments, call_id = "", "", "", ""
    for chunk in stream:
        delta = chunk.choices[0].delta
        reasoning += (delta.model_extra or {}).get("reasoning_content") or ""
        for call in delta.tool_calls or []:
            call_id = call.id or call_id
            name = (call.function.name or "") or name
            arguments += call.function.arguments or ""
    assert reasoning == "The question asks for arithmetic; calling calculator."
    assert name == "calculator"
    assert json.loads(arguments) == {"expression": "12*(3+4)"}

    messages += [
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}],
        },
        {"role": "tool", "tool_call_id": call_id, "content": json.dumps({"result": 84})},
    ]
    answer = llm_client.chat.completions.create(model="scripted-demo", messages=messages, tools=TOOLS)
    assert answer.choices[0].message.content == "The calculator returned 84."
    assert answer.choices[0].finish_reason == "stop"
    assert llm_server.requests()[-1]["messages"][-1]["content"] == '{"result": 84}'


def test_demo_time_korean_and_code_search(llm_client: openai.OpenAI) -> None:
    response = llm_client.chat.completions.create(
        model="scripted-demo", messages=[{"role": "user", "content": "지금 몇 시야?"}], tools=TOOLS
    )
    call = response.choices[0].message.tool_calls[0]
    assert call.function.name == "current_time"
    assert json.loads(call.function.arguments) == {"timezone": "Asia/Seoul"}

    question = "Show me a code snippet for reading a file"
    response = llm_client.chat.completions.create(
        model="scripted-demo", messages=[{"role": "user", "content": question}], tools=TOOLS
    )
    call = response.choices[0].message.tool_calls[0]
    assert call.function.name == "code_search"
    assert json.loads(call.function.arguments) == {"query": "reading a file"}
    hits = {"results": [{"title": "Read a file", "language": "python", "code": "open('f').read()"}]}
    messages = [
        {"role": "user", "content": question},
        response.choices[0].message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": call.id, "content": json.dumps(hits)},
    ]
    answer = llm_client.chat.completions.create(model="scripted-demo", messages=messages, tools=TOOLS)
    text = answer.choices[0].message.content
    assert "Read a file" in text
    assert "```python\nopen('f').read()\n```" in text


def test_demo_without_matching_tool_is_honest(llm_client: openai.OpenAI) -> None:
    plain = llm_client.chat.completions.create(
        model="scripted-demo", messages=[{"role": "user", "content": "Tell me a story"}], tools=TOOLS
    )
    assert plain.choices[0].message.content.startswith("(scripted demo model)")
    assert plain.choices[0].message.tool_calls is None
    no_tool = llm_client.chat.completions.create(
        model="scripted-demo", messages=[{"role": "user", "content": "what is 2+2"}]
    )
    assert "no calculator tool" in no_tool.choices[0].message.content


def test_no_tools_model_uses_prompt_mode_actions(llm_client: openai.OpenAI) -> None:
    system = {"role": "system", "content": "Tools: calculator(expression). Reply with JSON actions."}
    messages: list[dict[str, Any]] = [system, {"role": "user", "content": "what is 12*7"}]
    first = llm_client.chat.completions.create(model="no-tools-demo", messages=messages)
    text = first.choices[0].message.content
    assert first.choices[0].message.tool_calls is None
    assert text.startswith("```json\n")
    assert text.endswith("\n```")
    assert json.loads(text[len("```json\n") : -len("\n```")]) == {
        "action": "calculator",
        "action_input": {"expression": "12*7"},
    }
    messages += [
        {"role": "assistant", "content": text},
        {"role": "user", "content": "Observation: 84"},
    ]
    final = llm_client.chat.completions.create(model="no-tools-demo", messages=messages)
    payload = json.loads(final.choices[0].message.content.strip("`").removeprefix("json"))
    assert payload == {"action": "final_answer", "action_input": "The calculator returned 84."}
