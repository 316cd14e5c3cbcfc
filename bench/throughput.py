"""Tokens per second of one long answer with no delay: direct raw read vs the WebSocket vs native SSE.

    .venv/bin/python bench/throughput.py --tokens 5000 [--transports ws,sse] [--pack]

Starts the platform (bench/_harness.py; the scripted LLM sends one HTTP chunk
per token unless ``--pack``), then alternates ``--repeats`` times a direct
streamed read of the scripted server (httpx2 + orjson, the physical limit), the
same answer as a chat turn over a WebSocket, and over ``POST /api/chat/stream``.
Tokens/s is the scenario's token count over the time from sending the request
to the last token arriving (also printed: first token to last token). Prints
the median of each, the ratio platform / direct, how many token events carried
the answer, the platform's CPU and the machine load. Target: ratio >= 0.6.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import Platform, add_platform_args, direct_stream, sse_turn


async def measure(platform: Platform, *, tokens: int, repeats: int = 3, transports=("ws", "sse"), out=print) -> dict:
    import aiohttp
    import httpx2 as httpx

    turns = [{"tokens": tokens, "delay_ms": 0, "usage": {"prompt_tokens": 10, "completion_tokens": tokens}}]
    marker = platform.scenario(f"long{tokens}", turns)
    expected = platform.expected_text(marker)
    rate = {"direct": [], **{t: [] for t in transports}}
    stream_rate = {"direct": [], **{t: [] for t in transports}}
    events = {t: [] for t in transports}
    wrong, lost = 0, 0
    probe = platform.probe()
    async with httpx.AsyncClient(timeout=300) as client, platform.ws_client() as ws, aiohttp.ClientSession() as session:
        await ws.turn(f"{marker} warm-up")
        await sse_turn(session, platform.daphne_url, platform.token, f"{marker} warm-up")
        probe.__enter__()
        for i in range(repeats):
            got = {"direct": await direct_stream(client, platform.llm.base_url, f"{marker} {i}")}
            for transport in transports:
                if transport == "ws":
                    got[transport] = await ws.turn(f"{marker} {i}", timeout=300)
                else:
                    got[transport] = await sse_turn(session, platform.daphne_url, platform.token, f"{marker} {i}")
            for name, p in got.items():
                if p["text"] != expected or p["terminal"] != "result":
                    wrong += 1
                    lost += max(0, len(expected) - len(p["text"]))
                    continue
                rate[name].append(tokens / (p["stamps"][-1] - p["started"]))
                stream_rate[name].append(tokens / max(1e-6, p["stamps"][-1] - p["stamps"][0]))
                if name != "direct":
                    events[name].append(len(p["stamps"]))
    probe.__exit__(None, None, None)
    med = {name: statistics.median(v) if v else float("nan") for name, v in rate.items()}
    result = {"tokens": tokens, "repeats": repeats, "wrong_runs": wrong, "lost_chars": lost,
              "direct_tok_s": med["direct"], "probe": probe.result}  # fmt: skip
    for transport in transports:
        result[transport] = {
            "tok_s": med[transport], "ratio": med[transport] / med["direct"],
            "first_to_last_tok_s": statistics.median(stream_rate[transport]) if stream_rate[transport] else None,
            "token_events": statistics.median(events[transport]) if events[transport] else None,
        }  # fmt: skip
    out(f"\none {tokens}-token answer, no delay, median of {repeats}; {platform.describe()}")
    out(f"{'direct (raw HTTP)':22} {med['direct']:>10,.0f} tok/s   first->last "
        f"{statistics.median(stream_rate['direct']) if stream_rate['direct'] else float('nan'):>10,.0f} tok/s")  # fmt: skip
    for transport in transports:
        r = result[transport]
        out(f"{'platform (' + transport + ')':22} {r['tok_s']:>10,.0f} tok/s   first->last "
            f"{r['first_to_last_tok_s'] or float('nan'):>10,.0f} tok/s   ratio {r['ratio']:.2f} "
            f"({r['token_events'] or 0:.0f} token events)")  # fmt: skip
    out("target: ratio >= 0.6 (request sent -> last token)")
    out(probe.line())
    out(f"wrong runs: {wrong}, lost chars: {lost}")
    return result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    add_platform_args(parser)
    args = parser.parse_args(argv)
    with Platform(worker_concurrency=50, pack=args.pack) as platform:
        return asyncio.run(measure(platform, tokens=args.tokens, repeats=args.repeats, transports=args.transports))


if __name__ == "__main__":
    main()
