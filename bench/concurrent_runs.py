"""N concurrent streaming runs through one Celery worker vs the direct LLM stream.

    .venv/bin/python bench/concurrent_runs.py --n 200 --tokens 200 --delay-ms 40

Starts what it needs (embedded Valkey and SecantusDB unless REDIS_URL/MONGO_URL
are set, the scripted LLM server, one gevent Celery worker), then runs the same
scripted answer N times concurrently twice: read directly from the scripted
server over HTTP, and through the platform (run_start, then tailing the run's
Redis Stream as the web side does). Prints completed runs, lost / duplicated /
reordered tokens, time to first token and the inter-token gap above the
scripted delay, and cleans up. Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def _setup_django(tmp: Path) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ.setdefault("MONGO_DB_NAME", f"tomato_bench_{os.getpid()}")
    os.environ.setdefault("CELERY_QUEUE", f"tomato-bench-{os.getpid()}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tomato_agent.settings.base"
    from tomato_agent import embedded

    embedded.ensure_test_services()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("ensure_mongo_indexes", verbosity=0)


async def _direct(base_url: str, n: int, marker: str) -> list[dict]:
    import httpx2 as httpx
    import orjson

    limits = httpx.Limits(max_connections=n + 10)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:

        async def one() -> dict:
            started = time.perf_counter()
            stamps, text = [], []
            body = {"model": "scripted-demo", "stream": True, "messages": [{"role": "user", "content": marker}]}
            async with client.stream("POST", f"{base_url}/chat/completions", json=body) as response:
                async for line in response.aiter_lines():
                    if line.startswith("data: {"):
                        delta = orjson.loads(line[6:])["choices"]
                        if delta and delta[0]["delta"].get("content"):
                            stamps.append(time.perf_counter())
                            text.append(delta[0]["delta"]["content"])
            return {"started": started, "stamps": stamps, "text": "".join(text)}

        return await asyncio.gather(*(one() for _ in range(n)))


async def _platform(user, n: int, marker: str) -> list[dict]:
    from asgiref.sync import sync_to_async

    from agents import events, runs, stream

    async def one() -> dict:
        started = time.perf_counter()
        run = await sync_to_async(runs.run_start, thread_sensitive=False)(
            user=user, conversation_id=None, content=marker
        )
        stamps, text, ids, terminal = [], [], [], None
        async for event in stream.tail(run.run_id):
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
    reordered = sum(
        1 for r in results if r.get("ids") and r["ids"] != sorted(r["ids"], key=lambda i: tuple(map(int, i.split("-"))))
    )
    return {"label": label, "runs": len(results), "complete": complete, "lost_chars": lost,
            "wrong_or_duplicated": wrong, "reordered": reordered,
            "ttft_p50": _pct(ttft, 0.5), "ttft_p99": _pct(ttft, 0.99),
            "gap_p50": _pct(gaps, 0.5), "gap_p99": _pct(gaps, 0.99)}  # fmt: skip


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--delay-ms", type=float, default=40.0)
    parser.add_argument("--concurrency", type=int, default=0, help="worker gevent pool size (default n+50)")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="tomato-bench-"))
    _setup_django(tmp)
    from django.conf import settings

    from accounts.models import User
    from agents.tests.conftest import start_worker, stop_worker
    from scripted_llm.server import ScriptedLLMProcess

    settings.RUNS_IN_FLIGHT_PER_USER = args.n + 10
    server = ScriptedLLMProcess(port=0).start()  # its own process: no GIL shared with the client side
    worker = None
    try:
        turns = [
            {
                "tokens": args.tokens,
                "delay_ms": args.delay_ms,
                "usage": {"prompt_tokens": 10, "completion_tokens": args.tokens},
            }
        ]
        server.add_scenario("bench", turns)
        expected = "".join(chunk["choices"][0]["delta"].get("content", "") for chunk in _probe(server.base_url))
        worker = start_worker(server.base_url, concurrency=args.concurrency or args.n + 50,
                              extra_env={"RUNS_IN_FLIGHT_PER_USER": str(args.n + 10)})  # fmt: skip
        user, _ = User.objects.get_or_create(username=f"bench-{os.getpid()}")
        marker = "[scenario:bench] go"
        rows = []
        direct = asyncio.run(_direct(server.base_url, args.n, marker))
        rows.append(_summarise("direct", direct, expected, args.delay_ms / 1000))
        platform = asyncio.run(_platform(user, args.n, marker))
        rows.append(_summarise("platform", platform, expected, args.delay_ms / 1000))
    finally:
        if worker is not None:
            stop_worker(worker)
        server.stop()
        from tomato_agent.mongo import get_client

        get_client().drop_database(settings.MONGO_DB_NAME)
    _print(rows, args)
    return rows


def _probe(base_url: str):
    """The exact token text of the scenario, read once without delay."""
    import httpx2 as httpx
    import orjson

    body = {
        "model": "scripted-demo",
        "stream": True,
        "messages": [{"role": "user", "content": "[scenario:bench] probe"}],
    }
    with httpx.stream("POST", f"{base_url}/chat/completions", json=body, timeout=120) as response:
        for line in response.iter_lines():
            if line.startswith("data: {"):
                chunk = orjson.loads(line[6:])
                if chunk["choices"]:
                    yield chunk


def _print(rows: list[dict], args) -> None:
    print(f"\n{args.n} concurrent streams, {args.tokens} tokens at {args.delay_ms:g} ms each, one worker process")
    header = f"{'':10} {'runs':>5} {'complete':>8} {'lost':>5} {'dup/wrong':>9} {'reord':>5} {'ttft p50':>9} {'ttft p99':>9} {'gap+ p50':>9} {'gap+ p99':>9}"
    print(header)
    for r in rows:
        print(f"{r['label']:10} {r['runs']:>5} {r['complete']:>8} {r['lost_chars']:>5} {r['wrong_or_duplicated']:>9} "
              f"{r['reordered']:>5} {r['ttft_p50']:>8.1f}ms {r['ttft_p99']:>8.1f}ms {r['gap_p50']:>8.1f}ms {r['gap_p99']:>8.1f}ms")  # fmt: skip
    if len(rows) == 2:
        print(f"added p99 gap vs direct: {rows[1]['gap_p99'] - rows[0]['gap_p99']:+.1f} ms; "
              f"added ttft p50: {rows[1]['ttft_p50'] - rows[0]['ttft_p50']:+.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
