"""End-to-end tests with the real ``openai`` client against the scripted server."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from typing import Any

import openai
import pytest

from scripted_llm import ScriptedLLMServer, tokenize

USER = "user"
KOREAN = "안녕하세요!  토마토 에이전트입니다.\n오늘은 맑음 ☀️ — supercalifragilistic 끝."


def ask(text: str) -> list[dict[str, Any]]:
    return [{"role": "system", "content": "You are a test."}, {"role": USER, "content": text}]


def consume(stream: Any, received: list[str]) -> None:
    for chunk in stream:
        received.append(chunk.choices[0].delta.content or "")


def collect(stream: Any) -> tuple[list[Any], str]:
    chunks = list(stream)
    content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    return chunks, content


def test_models_and_health(llm_server: ScriptedLLMServer, llm_client: openai.OpenAI) -> None:
    assert [m.id for m in llm_client.models.list()] == ["scripted-demo", "no-tools-demo"]
    with urllib.request.urlopen(llm_server.root_url + "/health", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"status": "ok"}


def test_streamed_content_is_exact(llm_server: ScriptedLLMServer, llm_client: openai.OpenAI) -> None:
    llm_server.add_scenario("ko", [{"content": KOREAN}])
    chunks, content = collect(
        llm_client.chat.completions.create(model="scripted-demo", messages=ask("[scenario:ko] 인사해 줘"), stream=True)
    )
    assert content == KOREAN
    content_chunks = [c for c in chunks if c.choices and c.choices[0].delta.content]
    assert len(content_chunks) >= 8, "content is streamed piece by piece"
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert all(c.object == "chat.completion.chunk" and c.id == chunks[0].id for c in chunks)


def test_non_streaming_completion(llm_server: ScriptedLLMServer, llm_client: openai.OpenAI) -> None:
    llm_server.add_scenario("plain", [{"content": KOREAN, "reasoning": "짧게 생각함"}])
    messages = ask("[scenario:plain] go")
    response = llm_client.chat.completions.create(model="scripted-demo", messages=messages)
    choice = response.choices[0]
    assert response.object == "chat.completion"
    assert choice.message.content == KOREAN
    assert choice.message.model_extra["reasoning_content"] == "짧게 생각함"
    assert choice.finish_reason == "stop"
    chars = sum(len(m["content"]) for m in messages)
    assert response.usage.prompt_tokens == chars // 4
    assert response.usage.completion_tokens == 2 + len(tokenize(KOREAN))  # 2 reasoning pieces
    assert response.usage.total_tokens == response.usage.prompt_tokens + response.usage.completion_tokens


@pytest.mark.parametrize("field", ["reasoning_content", "reasoning"])
def test_reasoning_is_streamed(llm_server: ScriptedLLMServer, llm_client: openai.OpenAI, field: str) -> None:
    thought = "First, think about the question. Then answer."
    llm_server.add_scenario("think", [{"reasoning": thought, "reasoning_field": field, "content": "42"}])
    chunks, content = collect(
        llm_client.chat.completions.create(model="scripted-demo", messages=ask("[scenario:think]"), stream=True)
    )
    reasoning = "".join((c.choices[0].delta.model_extra or {}).get(field) or "" for c in chunks if c.choices)
    assert reasoning == thought
    assert content == "42"
    first_reasoning = next(i for i, c in enumerate(chunks) if (c.choices[0].delta.model_extra or {}).get(field))
    first_content = next(i for i, c in enumerate(chunks) if c.choices[0].delta.content)
    assert first_reasoning < first_content


def test_parallel_tool_calls_stream(llm_server: ScriptedLLMServer, llm_client: openai.OpenAI) -> None:
    calls = [
        {"name": "calculator", "arguments": {"expression": "12*(3+4)"}},
        {"name": "code_search", "arguments": {"query": "파일 읽기", "limit": 3}},
    ]
    llm_server.add_scenario("tools", [{"reasoning": "Two tools.", "tool_calls": calls}])
    chunks, content = collect(
        llm_client.chat.completions.create(model="scripted-demo", messages=ask("[scenario:tools]"), stream=True)
    )
    assert content == ""
    assembled: dict[int, dict[str, str]] = {}
    first_deltas = {}
    for chunk in chunks:
        for delta in chunk.choices[0].delta.tool_calls or []:
            entry = assembled.setdefault(delta.index, {"id": "", "name": "", "arguments": ""})
            if delta.id:
                first_deltas[delta.index] = delta
                entry["id"] = delta.id
                entry["name"] = delta.function.name
            entry["arguments"] += delta.function.arguments or ""
    assert sorted(assembled) == [0, 1]
    for index, call in enumerate(calls):
        first = first_deltas[index]
        assert first.type == "function"
        assert first.function.arguments == ""
        assert assembled[index]["id"].startswith("call_")
        assert assembled[index]["name"] == call["name"]
        assert json.loads(assembled[index]["arguments"]) == call["arguments"]
    pieces = [c for c in chunks if c.choices[0].delta.tool_calls and not c.choices[0].delta.tool_calls[0].id]
    assert len(pieces) >= 4, "arguments arrive in several pieces"
    assert chunks[-1].choices[0].finish_reason == "tool_calls"

    response = llm_client.chat.completions.create(model="scripted-demo", messages=ask("[scenario:tools]"))
    message = response.choices[0].message
    assert [c.function.name for c in message.tool_calls] == ["calculator", "code_search"]
    assert json.loads(message.tool_calls[1].function.arguments) == calls[1]["arguments"]
    assert message.content is None
    assert response.choices[0].finish_reason == "tool_calls"


def test_include_usage_chunk(llm_server: ScriptedLLMServer, llm_client: openai.OpenAI) -> None:
    llm_server.add_scenario("u", [{"content": "a b c", "usage": {"prompt_tokens": 12, "completion_tokens": 7}}])
    llm_server.add_scenario("nousage", [{"content": "a b c", "usage": None}])
    chunks = list(
        llm_client.chat.completions.create(
            model="scripted-demo",
            messages=ask("[scenario:u]"),
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    last = chunks[-1]
    assert last.choices == []
    assert (last.usage.prompt_tokens, last.usage.completion_tokens, last.usage.total_tokens) == (12, 7, 19)
    assert all(c.usage is None for c in chunks[:-1])

    plain = list(llm_client.chat.completions.create(model="m", messages=ask("[scenario:u]"), stream=True))
    assert all(c.choices and c.usage is None for c in plain)
    omitted = list(
        llm_client.chat.completions.create(
            model="m", messages=ask("[scenario:nousage]"), stream=True, stream_options={"include_usage": True}
        )
    )
    assert all(c.choices for c in omitted)


def test_http_error_times_then_success(llm_server: ScriptedLLMServer, llm_client: openai.OpenAI) -> None:
    llm_server.add_scenario(
        "flaky", [{"content": "recovered", "error": {"status": 500, "message": "boom", "times": 2}}]
    )
    for _ in range(2):
        with pytest.raises(openai.InternalServerError) as info:
            llm_client.chat.completions.create(model="m", messages=ask("[scenario:flaky]"), stream=True)
        assert info.value.status_code == 500
        assert "boom" in str(info.value)
    _, content = collect(llm_client.chat.completions.create(model="m", messages=ask("[scenario:flaky]"), stream=True))
    assert content == "recovered"

    llm_server.add_scenario("limited", [{"content": "ok", "error": {"status": 429, "retry_after": 1}}])
    with pytest.raises(openai.RateLimitError) as rate:
        llm_client.chat.completions.create(model="m", messages=ask("[scenario:limited]"))
    assert rate.value.response.headers["retry-after"] == "1"


def test_mid_stream_abort_raises(llm_server: ScriptedLLMServer, llm_client: openai.OpenAI) -> None:
    llm_server.add_scenario("drop", [{"content": "one two three four five six", "error_after_tokens": 3}])
    received: list[str] = []
    stream = llm_client.chat.completions.create(model="m", messages=ask("[scenario:drop]"), stream=True)
    with pytest.raises(openai.APIConnectionError):
        consume(stream, received)
    assert "".join(received) == "one two three "

    llm_server.add_scenario(
        "sse",
        [{"content": "one two three", "error_after_tokens": {"tokens": 1, "mode": "sse", "message": "overloaded"}}],
    )
    received = []
    stream = llm_client.chat.completions.create(model="m", messages=ask("[scenario:sse]"), stream=True)
    with pytest.raises(openai.APIError, match="overloaded"):
        consume(stream, received)
    assert "".join(received) == "one "
    # The connection pool keeps working afterwards.
    llm_server.add_scenario("after", [{"content": "still fine"}])
    assert (
        llm_client.chat.completions.create(model="m", messages=ask("[scenario:after]")).choices[0].message.content
        == "still fine"
    )


def test_no_tools_model_rejects_tools(llm_server: ScriptedLLMServer, llm_client: openai.OpenAI) -> None:
    tools = [{"type": "function", "function": {"name": "calculator", "parameters": {"type": "object"}}}]
    with pytest.raises(openai.BadRequestError) as info:
        llm_client.chat.completions.create(model="no-tools-demo", messages=ask("what is 12*7"), tools=tools)
    assert info.value.status_code == 400
    assert info.value.code == "tools_not_supported"


def test_turn_progression_and_past_end(llm_server: ScriptedLLMServer, llm_client: openai.OpenAI) -> None:
    llm_server.add_scenario(
        "two",
        [
            {"tool_calls": [{"name": "lookup", "arguments": '{"q": "x"}', "id": "call_fixed"}]},
            {"content": "final answer"},
        ],
    )
    history = ask("[scenario:two] go")
    first = llm_client.chat.completions.create(model="m", messages=history).choices[0].message
    assert first.tool_calls[0].id == "call_fixed"
    assert first.tool_calls[0].function.arguments == '{"q": "x"}'
    history += [
        first.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": "call_fixed", "content": "RESULT-123"},
    ]
    second = llm_client.chat.completions.create(model="m", messages=history).choices[0].message
    assert second.content == "final answer"
    history += [{"role": "assistant", "content": second.content}]
    third = llm_client.chat.completions.create(model="m", messages=history).choices[0].message
    assert third.content == "final answer"
    sent = llm_server.requests(limit=2)
    assert len(sent) == 2
    assert sent[0]["messages"][-1] == {"role": "tool", "tool_call_id": "call_fixed", "content": "RESULT-123"}
    assert sent[0]["messages"][0] == {"role": "system", "content": "You are a test."}


def test_max_tokens_gives_length(llm_server: ScriptedLLMServer, llm_client: openai.OpenAI) -> None:
    llm_server.add_scenario("long", [{"tokens": 50}])
    response = llm_client.chat.completions.create(model="m", messages=ask("[scenario:long]"), max_tokens=5)
    assert response.choices[0].finish_reason == "length"
    assert response.choices[0].message.content == "tok0 tok1 tok2 tok3 tok4 "


def test_unknown_scenario_is_400(llm_client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError, match="Unknown scenario"):
        llm_client.chat.completions.create(model="m", messages=ask("[scenario:missing] hi"))


def test_control_api_over_http(llm_server: ScriptedLLMServer, llm_client: openai.OpenAI) -> None:
    def call(method: str, path: str, payload: Any = None) -> tuple[int, Any]:
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(llm_server.root_url + path, data=data, method=method)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    status, body = call(
        "POST", "/_control/scenarios", {"name": "ctl", "turns": [{"content": "from control"}], "match": "^magic"}
    )
    assert (status, body["ok"]) == (200, True)
    assert (
        llm_client.chat.completions.create(model="m", messages=ask("magic words")).choices[0].message.content
        == "from control"
    )
    status, body = call("GET", "/_control/requests?limit=1")
    assert status == 200
    assert body["data"][0]["messages"][-1]["content"] == "magic words"
    status, body = call("POST", "/_control/scenarios", {"name": "bad", "turns": [{"contnet": "x"}]})
    assert status == 400
    assert "unknown keys" in body["error"]["message"]
    assert call("DELETE", "/_control/scenarios/ctl")[0] == 200
    assert call("DELETE", "/_control/scenarios/ctl")[0] == 404
    assert (
        "scripted demo model"
        in llm_client.chat.completions.create(model="m", messages=ask("magic words")).choices[0].message.content
    )
    assert call("POST", "/_control/reset")[0] == 200
    assert call("GET", "/_control/requests")[1]["data"] == []


def test_api_key_required() -> None:
    with ScriptedLLMServer(api_key="sekrit") as llm_server:
        llm_server.add_scenario("hi", [{"content": "hello"}])
        with openai.OpenAI(base_url=llm_server.base_url, api_key="wrong", max_retries=0, timeout=5) as bad:
            request = {"model": "m", "messages": ask("[scenario:hi]")}
            with pytest.raises(openai.AuthenticationError) as info:
                bad.chat.completions.create(**request)
        assert info.value.status_code == 401
        assert info.value.code == "invalid_api_key"
        with openai.OpenAI(base_url=llm_server.base_url, api_key="sekrit", max_retries=0, timeout=5) as good:
            answer = good.chat.completions.create(model="m", messages=ask("[scenario:hi]"))
        assert answer.choices[0].message.content == "hello"
        assert llm_server.requests()[0]["messages"][-1]["content"] == "[scenario:hi]"
        with urllib.request.urlopen(llm_server.root_url + "/health", timeout=5) as response:
            assert response.status == 200


def test_script_file_rules(tmp_path: Any) -> None:
    script = {
        "scenarios": {"greet": {"turns": [{"content": "Hi from the script."}]}},
        "rules": [{"match": "(?i)hello", "scenario": "greet"}],
    }
    path = tmp_path / "script.json"
    path.write_text(json.dumps(script), encoding="utf-8")
    with (
        ScriptedLLMServer(script=path, models=["alpha"]) as llm_server,
        openai.OpenAI(base_url=llm_server.base_url, api_key="x", max_retries=0, timeout=5) as oai,
    ):
        models = [m.id for m in oai.models.list()]
        by_rule = oai.chat.completions.create(model="alpha", messages=ask("Hello!"))
        by_marker = oai.chat.completions.create(model="alpha", messages=ask("[scenario:greet]"))
        other = oai.chat.completions.create(model="alpha", messages=ask("Goodbye"))
    assert models == ["alpha"]
    assert by_rule.choices[0].message.content == "Hi from the script."
    assert by_marker.choices[0].message.content == "Hi from the script."
    assert other.choices[0].message.content.startswith("(scripted demo model)")


def test_raw_http_keep_alive_and_chunked_body(llm_server: ScriptedLLMServer) -> None:
    llm_server.add_scenario("raw", [{"content": "raw ok"}])
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": "[scenario:raw]"}]}).encode()
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    with socket.create_connection(("127.0.0.1", llm_server.port), timeout=5) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.sendall(
            b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/json\r\n\r\n" + chunked
        )
        sock.sendall(b"GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        for _ in range(100):  # bounded: the llm_server closes after the third response
            part = sock.recv(65536)
            if not part:
                break
            data += part
    assert data.count(b"HTTP/1.1 ") == 3
    assert data.startswith(b"HTTP/1.1 200 OK")
    assert b'"content":"raw ok"' in data
    assert b"HTTP/1.1 404 Not Found" in data


def _raw_chunks(server: ScriptedLLMServer, content: str) -> list[bytes]:
    """The HTTP chunks of one streamed answer, read off a raw socket."""
    import json as _json
    import socket

    body = _json.dumps({"model": "scripted-demo", "stream": True, "messages": [{"role": "user", "content": content}]})
    request = (
        f"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}"
    ).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    rest = data.split(b"\r\n\r\n", 1)[1]
    chunks = []
    while True:
        size_line, rest = rest.split(b"\r\n", 1)
        size = int(size_line, 16)
        if size == 0:
            return chunks
        chunks.append(rest[:size])
        rest = rest[size + 2 :]


def test_one_http_chunk_per_token_by_default() -> None:
    turns = [{"tokens": 50, "delay_ms": 0, "usage": {"prompt_tokens": 1, "completion_tokens": 50}}]
    with ScriptedLLMServer(delay_ms=0, scenarios={"many": turns}) as per_token, \
            ScriptedLLMServer(delay_ms=0, scenarios={"many": turns}, pack=True) as packed:  # fmt: skip
        chunks = _raw_chunks(per_token, "[scenario:many] go")
        assert all(chunk.count(b"data: ") == 1 for chunk in chunks), chunks[:3]
        content = [c for c in chunks if b'"content":"tok' in c]
        assert len(content) == 50
        packed_chunks = _raw_chunks(packed, "[scenario:many] go")
        assert len(packed_chunks) < 5
        assert b"".join(packed_chunks).count(b'"content":"tok') == 50
