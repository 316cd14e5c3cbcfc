"""Tokens per second of one long answer with no delay: platform (WebSocket) vs direct raw read.

    .venv/bin/python bench/throughput.py --tokens 5000

Starts the platform (bench/_harness.py), then alternates ``--repeats`` times a
direct streamed read of the scripted server (httpx2 + orjson, the physical
limit) and the same answer as a chat turn over a WebSocket to daphne. Tokens/s
is the scenario's token count over the time from sending the request to the
last token arriving (also printed: first token to last token, the streaming
rate without the fixed start-up cost). Prints the median of each and the ratio platform ÷ direct.
Target: ratio >= 0.6.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import Platform, WSClient, direct_stream


async def measure(platform: Platform, *, tokens: int, repeats: int = 3, out=print) -> dict:
    import httpx2 as httpx

    turns = [{"tokens": tokens, "delay_ms": 0, "usage": {"prompt_tokens": 10, "completion_tokens": tokens}}]
    marker = platform.scenario(f"long{tokens}", turns)
    expected = platform.expected_text(marker)
    direct, through, events, lost, wrong = [], [], [], 0, 0
    direct_stream_rate, through_stream_rate = [], []
    async with httpx.AsyncClient(timeout=300) as client, WSClient(platform) as ws:
        await ws.turn(f"{marker} warm-up")
        for i in range(repeats):
            d = await direct_stream(client, platform.llm.base_url, f"{marker} {i}")
            p = await ws.turn(f"{marker} {i}", timeout=300)
            direct.append(tokens / (d["stamps"][-1] - d["started"]))
            through.append(tokens / (p["stamps"][-1] - p["started"]))
            events.append(len(p["stamps"]))
            direct_stream_rate.append(tokens / max(1e-6, d["stamps"][-1] - d["stamps"][0]))
            through_stream_rate.append(tokens / max(1e-6, p["stamps"][-1] - p["stamps"][0]))
            if p["text"] != expected or p["terminal"] != "result":
                wrong += 1
                lost += max(0, len(expected) - len(p["text"]))
    result = {
        "tokens": tokens, "repeats": repeats, "direct_tok_s": statistics.median(direct),
        "platform_tok_s": statistics.median(through), "token_events": statistics.median(events),
        "wrong_runs": wrong, "lost_chars": lost,
        "direct_first_to_last_tok_s": statistics.median(direct_stream_rate),
        "platform_first_to_last_tok_s": statistics.median(through_stream_rate),
    }  # fmt: skip
    result["ratio"] = result["platform_tok_s"] / result["direct_tok_s"]
    out(f"\none {tokens}-token answer, no delay, median of {repeats}")
    out(f"{'direct (raw HTTP)':22} {result['direct_tok_s']:>10,.0f} tok/s")
    out(f"{'platform (WebSocket)':22} {result['platform_tok_s']:>10,.0f} tok/s"
        f"   ({result['token_events']:.0f} token events)")  # fmt: skip
    out(f"{'ratio':22} {result['ratio']:>10.2f}   (target >= 0.6; request sent -> last token)")
    out(f"first -> last token only: direct {result['direct_first_to_last_tok_s']:,.0f} tok/s, "
        f"platform {result['platform_first_to_last_tok_s']:,.0f} tok/s")  # fmt: skip
    out(f"wrong runs: {wrong}, lost chars: {lost}")
    return result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    with Platform(worker_concurrency=50) as platform:
        return asyncio.run(measure(platform, tokens=args.tokens, repeats=args.repeats))


if __name__ == "__main__":
    main()
