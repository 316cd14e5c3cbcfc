"""Time to first token over a real WebSocket to daphne vs a direct raw HTTP read.

    .venv/bin/python bench/ttft_ws.py --turns 200

Starts the platform (bench/_harness.py: embedded services, scripted LLM as a
subprocess, one gevent Celery worker, one daphne), then alternates, turn by turn:
a direct streamed read of the scripted server (httpx2, keep-alive) and a chat
turn over one authenticated WebSocket (``message`` frame, each in a new
conversation). The scenario streams its first token immediately. Prints p50/p99
of both, and of the per-turn difference (platform minus direct).
Target: difference p50 <= +8 ms, p99 <= +20 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import Platform, WSClient, direct_stream, pct

TURNS = [{"tokens": 5, "delay_ms": 0, "first_delay_ms": 0, "usage": {"prompt_tokens": 10, "completion_tokens": 5}}]


async def measure(platform: Platform, *, turns: int, warmup: int = 10, out=print) -> dict:
    import httpx2 as httpx

    marker = platform.scenario("ttft", TURNS)
    expected = platform.expected_text(marker)
    direct_ms, platform_ms, diff_ms = [], [], []
    bad = 0
    async with httpx.AsyncClient(timeout=60) as client, WSClient(platform) as ws:
        for i in range(warmup + turns):
            d = await direct_stream(client, platform.llm.base_url, f"{marker} turn {i}")
            p = await ws.turn(f"{marker} turn {i}")
            if p["text"] != expected or p["terminal"] != "result" or d["text"] != expected:
                bad += 1
            if i < warmup or not d["stamps"] or not p["stamps"]:
                continue
            dm = (d["stamps"][0] - d["started"]) * 1000
            pm = (p["stamps"][0] - p["started"]) * 1000
            direct_ms.append(dm)
            platform_ms.append(pm)
            diff_ms.append(pm - dm)
    breakdown = _worker_breakdown(platform)
    result = {
        "turns": turns, "bad_turns": bad, **breakdown,
        "direct_p50": pct(direct_ms, 0.5), "direct_p99": pct(direct_ms, 0.99),
        "platform_p50": pct(platform_ms, 0.5), "platform_p99": pct(platform_ms, 0.99),
        "diff_p50": pct(diff_ms, 0.5), "diff_p99": pct(diff_ms, 0.99),
    }  # fmt: skip
    out(f"\ntime to first token, {turns} sequential turns (after {warmup} warm-up), new conversation each")
    out(f"{'':22} {'p50':>9} {'p99':>9}")
    out(f"{'direct (raw HTTP)':22} {result['direct_p50']:>7.2f}ms {result['direct_p99']:>7.2f}ms")
    out(f"{'platform (WebSocket)':22} {result['platform_p50']:>7.2f}ms {result['platform_p99']:>7.2f}ms")
    out(f"{'platform - direct':22} {result['diff_p50']:>+7.2f}ms {result['diff_p99']:>+7.2f}ms"
        f"   (target p50 <= +8 ms, p99 <= +20 ms)")  # fmt: skip
    out(f"inside the platform (stored run timings, p50): enqueue->worker start {breakdown['queue_ms_p50']:.0f} ms, "
        f"worker start->first event written {breakdown['first_event_ms_p50']:.0f} ms")  # fmt: skip
    out(f"wrong or incomplete turns: {bad}")
    return result


def _worker_breakdown(platform: Platform) -> dict:
    """Medians of the timings the worker stores on each run (whole milliseconds)."""
    from agents import history

    runs = list(history.get_db().runs.find({"user_id": platform.user.id}, {"timings": 1}))
    queue = [r["timings"]["queue_ms"] for r in runs if (r.get("timings") or {}).get("queue_ms") is not None]
    first = [r["timings"]["first_event_ms"] for r in runs if (r.get("timings") or {}).get("first_event_ms") is not None]
    return {"queue_ms_p50": pct(queue, 0.5), "first_event_ms_p50": pct(first, 0.5)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args(argv)
    with Platform(worker_concurrency=50) as platform:
        return asyncio.run(measure(platform, turns=args.turns, warmup=args.warmup))


if __name__ == "__main__":
    main()
