"""N concurrent streaming runs through one Celery worker and one daphne vs the direct LLM stream.

    .venv/bin/python bench/concurrent_runs.py --n 200 --tokens 200 --delay-ms 40

Starts what it needs (bench/_harness.py: embedded Valkey and SecantusDB unless
REDIS_URL/MONGO_URL are set, the scripted LLM server as a subprocess, one gevent
Celery worker, one daphne), then runs the same scripted answer N times
concurrently twice: read directly from the scripted server over HTTP, and
through the platform — by default over N WebSockets to daphne (``--transport ws``,
one socket per stream, all connected before the clock starts), or with
``--transport tail`` by calling run_start in this process and tailing the run's
Redis Stream as the web side does (no daphne in the path). Prints completed runs,
lost / duplicated / reordered tokens, time to first token and the inter-token gap
above the scripted delay, and cleans up. Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import Platform, WSClient, direct_stream, ids_ordered
from bench._harness import pct as _pct


async def _direct(base_url: str, n: int, marker: str) -> list[dict]:
    import httpx2 as httpx

    limits = httpx.Limits(max_connections=n + 10)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        return await asyncio.gather(*(direct_stream(client, base_url, marker) for _ in range(n)))


async def _platform_ws(platform: Platform, n: int, marker: str) -> list[dict]:
    clients = [WSClient(platform) for _ in range(n)]
    connected = []
    try:
        for group in range(0, n, 50):  # connect (not timed) in groups, as users would arrive
            batch = clients[group : group + 50]
            await asyncio.gather(*(c.__aenter__() for c in batch))
            connected += batch
        return await asyncio.gather(*(c.turn(marker, timeout=300) for c in clients))
    finally:
        await asyncio.gather(*(c.__aexit__(None, None, None) for c in connected), return_exceptions=True)


async def _platform_tail(user, n: int, marker: str) -> list[dict]:
    from asgiref.sync import sync_to_async

    from agents import services
    from runs import events
    from runs.web import follow

    async def one() -> dict:
        started = time.perf_counter()
        run = await sync_to_async(services.chat_start, thread_sensitive=False)(
            user=user, conversation_id=None, content=marker
        )
        stamps, text, ids, terminal = [], [], [], None
        async for event in follow.tail(run.run_id):
            if event is None:
                continue
            ids.append(event.id)
            if event.type == events.TOKEN:
                stamps.append(time.perf_counter())
                text.append(event.data)
            if event.terminal:
                terminal = event
        return {"started": started, "stamps": stamps, "text": "".join(text), "ids": ids,
                "terminal": terminal.type if terminal else None}  # fmt: skip

    return await asyncio.gather(*(one() for _ in range(n)))


def _summarise(label: str, results: list[dict], expected: str, delay_s: float) -> dict:
    ttft = [(r["stamps"][0] - r["started"]) * 1000 for r in results if r["stamps"]]
    gaps = [(b - a - delay_s) * 1000 for r in results for a, b in zip(r["stamps"], r["stamps"][1:], strict=False)]
    complete = sum(1 for r in results if r["text"] == expected and r.get("terminal", "result") == "result")
    lost = sum(max(0, len(expected) - len(r["text"])) for r in results if expected.startswith(r["text"]))
    wrong = sum(1 for r in results if not expected.startswith(r["text"]) or len(r["text"]) > len(expected))
    reordered = sum(1 for r in results if r.get("ids") and not ids_ordered(r["ids"]))
    return {"label": label, "runs": len(results), "complete": complete, "lost_chars": lost,
            "wrong_or_duplicated": wrong, "reordered": reordered,
            "ttft_p50": _pct(ttft, 0.5), "ttft_p99": _pct(ttft, 0.99),
            "gap_p50": _pct(gaps, 0.5), "gap_p99": _pct(gaps, 0.99)}  # fmt: skip


def measure(platform: Platform, *, n: int, tokens: int, delay_ms: float, transport: str = "ws",
            out=print) -> list[dict]:  # fmt: skip
    turns = [{"tokens": tokens, "delay_ms": delay_ms, "usage": {"prompt_tokens": 10, "completion_tokens": tokens}}]
    marker = platform.scenario(f"conc{n}x{tokens}", turns)
    expected = platform.expected_text(marker)
    content = f"{marker} go"
    rows = []
    direct = asyncio.run(_direct(platform.llm.base_url, n, content))
    rows.append(_summarise("direct", direct, expected, delay_ms / 1000))
    if transport == "ws":
        through = asyncio.run(_platform_ws(platform, n, content))
    else:
        through = asyncio.run(_platform_tail(platform.user, n, content))
    rows.append(_summarise(f"platform-{transport}", through, expected, delay_ms / 1000))
    _print(rows, n=n, tokens=tokens, delay_ms=delay_ms, out=out)
    return rows


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--delay-ms", type=float, default=40.0)
    parser.add_argument("--concurrency", type=int, default=0, help="worker gevent pool size (default n+50)")
    parser.add_argument("--transport", choices=("ws", "tail"), default="ws",
                        help="ws: N WebSockets to daphne; tail: run_start + Redis tail in this process")  # fmt: skip
    args = parser.parse_args(argv)
    with Platform(worker_concurrency=args.concurrency or args.n + 50, runs_in_flight=args.n + 10,
                  daphne=args.transport == "ws") as platform:  # fmt: skip
        return measure(platform, n=args.n, tokens=args.tokens, delay_ms=args.delay_ms, transport=args.transport)


def _print(rows: list[dict], *, n: int, tokens: int, delay_ms: float, out=print) -> None:
    out(f"\n{n} concurrent streams, {tokens} tokens at {delay_ms:g} ms each, one worker process")
    header = f"{'':13} {'runs':>5} {'complete':>8} {'lost':>5} {'dup/wrong':>9} {'reord':>5} {'ttft p50':>9} {'ttft p99':>9} {'gap+ p50':>9} {'gap+ p99':>9}"
    out(header)
    for r in rows:
        out(f"{r['label']:13} {r['runs']:>5} {r['complete']:>8} {r['lost_chars']:>5} {r['wrong_or_duplicated']:>9} "
              f"{r['reordered']:>5} {r['ttft_p50']:>8.1f}ms {r['ttft_p99']:>8.1f}ms {r['gap_p50']:>8.1f}ms {r['gap_p99']:>8.1f}ms")  # fmt: skip
    if len(rows) == 2:
        out(f"added p99 gap vs direct: {rows[1]['gap_p99'] - rows[0]['gap_p99']:+.1f} ms; "
              f"added ttft p50: {rows[1]['ttft_p50'] - rows[0]['ttft_p50']:+.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
