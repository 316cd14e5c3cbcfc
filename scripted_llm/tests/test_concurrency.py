"""Concurrency and subprocess tests."""

from __future__ import annotations

import asyncio

import openai

from scripted_llm import ScriptedLLMProcess, ScriptedLLMServer

CONTENT = " ".join(f"word{i}" for i in range(20))


def test_100_concurrent_streams(llm_server: ScriptedLLMServer) -> None:
    llm_server.add_scenario("busy", [{"content": CONTENT, "delay_ms": 5}])

    async def one(llm_client: openai.AsyncOpenAI, i: int) -> str:
        stream = await llm_client.chat.completions.create(
            model="scripted-demo",
            messages=[{"role": "user", "content": f"[scenario:busy] request {i}"}],
            stream=True,
        )
        parts = []
        async for chunk in stream:
            if chunk.choices:
                parts.append(chunk.choices[0].delta.content or "")
        return "".join(parts)

    async def main() -> list[str]:
        async with openai.AsyncOpenAI(
            base_url=llm_server.base_url, api_key="x", max_retries=0, timeout=20
        ) as llm_client:
            return await asyncio.wait_for(asyncio.gather(*(one(llm_client, i) for i in range(100))), timeout=30)

    results = asyncio.run(main())
    assert results == [CONTENT] * 100
    stats = llm_server.stats()
    assert stats["requests"] == 100
    assert stats["active_streams"] == 0
    assert stats["peak_streams"] >= 50, stats


def test_subprocess_server() -> None:
    with ScriptedLLMProcess(api_key="k", models=["scripted-demo"]) as proc:
        assert proc.base_url.startswith("http://127.0.0.1:")
        assert proc.port > 0
        proc.add_scenario("sub", [{"content": "from a subprocess"}])
        with openai.OpenAI(base_url=proc.base_url, api_key="k", max_retries=0, timeout=5) as llm_client:
            stream = llm_client.chat.completions.create(
                model="scripted-demo",
                messages=[{"role": "user", "content": "[scenario:sub]"}],
                stream=True,
            )
            text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        assert text == "from a subprocess"
        assert proc.requests(limit=1)[0]["messages"][0]["content"] == "[scenario:sub]"
        assert proc.remove_scenario("sub") is True
        assert proc.remove_scenario("sub") is False
        code = proc.stop()
    assert code == 0
