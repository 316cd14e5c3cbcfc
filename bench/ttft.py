"""Time to first token, sequential turns: direct raw HTTP vs the WebSocket vs native SSE.

    .venv/bin/python bench/ttft.py --turns 200 [--transports ws,sse] [--pack]

Starts the platform (bench/_harness.py: embedded services, the scripted LLM as a
subprocess sending one chunk per token, one gevent Celery worker, one daphne),
then, turn by turn: a direct streamed read of the scripted server (httpx2,
keep-alive), a chat turn over one authenticated WebSocket (``message`` frame),
and a chat turn over ``POST /api/chat/stream`` (keep-alive), each in a new
conversation. The scenario streams its first token immediately. Prints p50/p99
of each and of the per-turn difference from the direct read of the same turn,
the runs' stored timings, the platform's CPU and the machine load.
Target (issue 13): difference p50 <= +6 ms, p99 <= +15 ms on both transports.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import Platform, add_platform_args, direct_stream, pct, sse_turn

TURNS = [{"tokens": 5, "delay_ms": 0, "first_delay_ms": 0, "usage": {"prompt_tokens": 10, "completion_tokens": 5}}]


async def measure(platform: Platform, *, turns: int, warmup: int = 10, transports=("ws", "sse"), out=print) -> dict:
    import aiohttp
    import httpx2 as httpx

    marker = platform.scenario("ttft", TURNS)
    expected = platform.expected_text(marker)
    direct_ms: list[float] = []
    through = {t: [] for t in transports}
    diff = {t: [] for t in transports}
    bad = 0
    probe = platform.probe()
    async with httpx.AsyncClient(timeout=60) as client, platform.ws_client() as ws, aiohttp.ClientSession() as session:
        for i in range(warmup + turns):
            if i == warmup:
                probe.__enter__()
            content = f"{marker} turn {i}"
            d = await direct_stream(client, platform.llm.base_url, content)
            got = {}
            for transport in transports:
                if transport == "ws":
                    got[transport] = await ws.turn(content)
                else:
                    got[transport] = await sse_turn(session, platform.daphne_url, platform.token, content)
            if d["text"] != expected or any(p["text"] != expected or p["terminal"] != "result" for p in got.values()):
                bad += 1
            if i < warmup or not d["stamps"] or not all(p["stamps"] for p in got.values()):
                continue
            dm = (d["stamps"][0] - d["started"]) * 1000
            direct_ms.append(dm)
            for transport, p in got.items():
                pm = (p["stamps"][0] - p["started"]) * 1000
                through[transport].append(pm)
                diff[transport].append(pm - dm)
    probe.__exit__(None, None, None)
    result = {"turns": turns, "bad_turns": bad, **_worker_breakdown(platform),
              "direct_p50": pct(direct_ms, 0.5), "direct_p99": pct(direct_ms, 0.99), "probe": probe.result}  # fmt: skip
    for transport in transports:
        result[transport] = {
            "p50": pct(through[transport], 0.5), "p99": pct(through[transport], 0.99),
            "diff_p50": pct(diff[transport], 0.5), "diff_p99": pct(diff[transport], 0.99),
        }  # fmt: skip
    out(f"\ntime to first token, {turns} sequential turns (after {warmup} warm-up), new conversation each; "
        f"{platform.describe()}")  # fmt: skip
    out(f"{'':24} {'p50':>9} {'p99':>9} {'added p50':>10} {'added p99':>10}")
    out(f"{'direct (raw HTTP)':24} {result['direct_p50']:>7.2f}ms {result['direct_p99']:>7.2f}ms")
    for transport in transports:
        r = result[transport]
        out(f"{'platform (' + transport + ')':24} {r['p50']:>7.2f}ms {r['p99']:>7.2f}ms "
            f"{r['diff_p50']:>+8.2f}ms {r['diff_p99']:>+8.2f}ms")  # fmt: skip
    out("target: added p50 <= +6 ms, p99 <= +15 ms")
    out(f"inside the platform (stored run timings, p50): enqueue->worker start {result['queue_ms_p50']:.0f} ms, "
        f"worker start->first event written {result['first_event_ms_p50']:.0f} ms")  # fmt: skip
    out(probe.line())
    result["cpu_ms_per_turn"] = {
        name: pct_ / 100 * probe.result["seconds"] / (len(transports) * turns) * 1000
        for name, pct_ in probe.result["cpu_pct"].items()
    }
    out(
        "CPU ms per started turn (both transports), by process: "
        + ", ".join(f"{k} {v:.2f}" for k, v in result["cpu_ms_per_turn"].items())
    )
    out(f"wrong or incomplete turns: {bad}")
    return result


def _worker_breakdown(platform: Platform) -> dict:
    """Medians of the timings the worker stores on each run (whole milliseconds)."""
    from tomato_agent.mongo import get_db

    runs = list(get_db().runs.find({"user_id": platform.user.id}, {"timings": 1}))
    queue = [r["timings"]["queue_ms"] for r in runs if (r.get("timings") or {}).get("queue_ms") is not None]
    first = [r["timings"]["first_event_ms"] for r in runs if (r.get("timings") or {}).get("first_event_ms") is not None]
    return {"queue_ms_p50": pct(queue, 0.5), "first_event_ms_p50": pct(first, 0.5)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    add_platform_args(parser)
    args = parser.parse_args(argv)
    with Platform(worker_concurrency=50, pack=args.pack) as platform:
        return asyncio.run(measure(platform, turns=args.turns, warmup=args.warmup, transports=args.transports))


if __name__ == "__main__":
    main()
