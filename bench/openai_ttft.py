"""Time to first token through the OpenAI-compatible endpoint, beside native SSE, with an API key.

    .venv/bin/python bench/openai_ttft.py --turns 100

Starts the platform (bench/_harness.py), creates an API key for the bench user,
then, turn by turn, a chat turn over ``POST /api/chat/stream`` (native SSE,
login token) and one over ``POST /v1/chat/completions`` with ``stream: true``
(the key: its verification, scope and rate-limit checks are on this path), each
in a new conversation, reading to the end. Prints p50/p99 of the time to the
first answer token of each, and the difference per turn. No target: it shows
what the OpenAI layer (key checks, chunk writing) adds.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import Platform, add_platform_args, pct, sse_turn

TURNS = [{"tokens": 5, "delay_ms": 0, "first_delay_ms": 0, "usage": {"prompt_tokens": 10, "completion_tokens": 5}}]


async def openai_turn(client, base_url: str, key: str, content: str) -> dict:
    """A streamed completion read to ``[DONE]``: when each content chunk arrived, and the text."""
    import orjson

    started = time.perf_counter()
    stamps, text = [], []
    body = {"model": "tomato-agent", "stream": True, "messages": [{"role": "user", "content": content}]}
    headers = {"Authorization": f"Bearer {key}"}
    async with client.stream("POST", f"{base_url}/v1/chat/completions", json=body, headers=headers) as response:
        if response.status_code != 200:
            raise RuntimeError(f"completion failed: HTTP {response.status_code} {await response.aread()}")
        async for line in response.aiter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            choices = orjson.loads(line[6:]).get("choices") or [{}]
            piece = choices[0].get("delta", {}).get("content")
            if piece:
                stamps.append(time.perf_counter())
                text.append(piece)
    return {"started": started, "stamps": stamps, "text": "".join(text)}


async def measure(platform: Platform, *, key: str, turns: int, warmup: int = 5, out=print) -> dict:
    import aiohttp
    import httpx2 as httpx

    marker = platform.scenario("openai-ttft", TURNS)
    expected = platform.expected_text(marker)
    native, openai, diff = [], [], []
    bad = 0
    async with httpx.AsyncClient(timeout=60) as client, aiohttp.ClientSession() as session:
        for i in range(warmup + turns):
            content = f"{marker} turn {i}"
            sse = await sse_turn(session, platform.daphne_url, platform.token, content)
            compat = await openai_turn(client, platform.daphne_url, key, content)
            if sse["text"] != expected or compat["text"] != expected:
                bad += 1
                continue
            if i < warmup:
                continue
            s_ms = (sse["stamps"][0] - sse["started"]) * 1000
            o_ms = (compat["stamps"][0] - compat["started"]) * 1000
            native.append(s_ms)
            openai.append(o_ms)
            diff.append(o_ms - s_ms)
    result = {
        "turns": turns,
        "bad_turns": bad,
        "sse_p50": pct(native, 0.5),
        "sse_p99": pct(native, 0.99),
        "openai_p50": pct(openai, 0.5),
        "openai_p99": pct(openai, 0.99),
        "diff_p50": pct(diff, 0.5),
        "diff_p99": pct(diff, 0.99),
    }
    out(f"\ntime to first answer token, {turns} sequential turns (after {warmup} warm-up); {platform.describe()}")
    out(f"{'':34} {'p50':>9} {'p99':>9}")
    out(f"{'native SSE (login token)':34} {result['sse_p50']:>7.2f}ms {result['sse_p99']:>7.2f}ms")
    out(f"{'/v1/chat/completions (API key)':34} {result['openai_p50']:>7.2f}ms {result['openai_p99']:>7.2f}ms")
    out(f"{'difference per turn':34} {result['diff_p50']:>+7.2f}ms {result['diff_p99']:>+7.2f}ms")
    out(f"bad turns: {bad}")
    return result


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5)
    add_platform_args(parser)
    args = parser.parse_args(argv)
    with Platform(worker_concurrency=50, pack=args.pack) as platform:
        from apikeys.services import key_create

        _, key = key_create(user=platform.user, name="bench", requests_per_minute=100_000)
        return asyncio.run(measure(platform, key=key, turns=args.turns, warmup=args.warmup))


if __name__ == "__main__":
    main()
