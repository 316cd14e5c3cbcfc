"""N concurrent streaming runs vs N concurrent direct LLM streams, over the WebSocket and native SSE.

    .venv/bin/python bench/concurrent_runs.py --n 200 --tokens 200 --delay-ms 40 [--transports ws,sse]
        [--web-processes 1] [--worker-processes 1] [--client-processes K] [--pack]

Starts what it needs (bench/_harness.py: embedded Valkey and SecantusDB unless
REDIS_URL/MONGO_URL are set, the scripted LLM as a subprocess sending one chunk
per token, the gevent Celery worker(s), the daphne(s), nginx in front of more
than one), then runs the same scripted answer N times at once, one phase per
transport: read directly from the scripted server over HTTP (the baseline),
then as N new chats over N WebSockets (``message`` frames, every socket
connected before the clock starts), then as N ``POST /api/chat/stream``. All N
start in the same instant, so the TTFT figures are those of a burst of N new
chats. With N >= 200 the measuring client runs in separate processes (default
2; ``--client-processes``) and reports its own CPU. Prints completed runs,
lost / duplicated / reordered tokens, TTFT and the inter-token gap above the
scripted delay, the CPU of every process and the machine load for each phase.
Not a test: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._client import pct
from bench._harness import Platform, add_platform_args, run_streams


def ids_ordered(ids: list[str]) -> bool:
    keys = [tuple(map(int, i.split("-"))) for i in ids if i]
    return keys == sorted(keys) and len(set(keys)) == len(keys)


def summarise(label: str, results: list[dict], expected: str, delay_s: float) -> dict:
    ttft = [(r["stamps"][0] - r["started"]) * 1000 for r in results if r["stamps"]]
    gaps = [(b - a - delay_s) * 1000 for r in results for a, b in zip(r["stamps"], r["stamps"][1:], strict=False)]
    complete = sum(1 for r in results if r["text"] == expected and r.get("terminal", "result") == "result")
    lost = sum(max(0, len(expected) - len(r["text"])) for r in results if expected.startswith(r["text"]))
    wrong = sum(1 for r in results if not expected.startswith(r["text"]) or len(r["text"]) > len(expected))
    reordered = sum(1 for r in results if r.get("ids") and not ids_ordered(r["ids"]))
    events = sorted(len(r["stamps"]) for r in results)
    return {"label": label, "runs": len(results), "complete": complete, "lost_chars": lost,
            "wrong_or_duplicated": wrong, "reordered": reordered, "token_events_p50": pct(events, 0.5),
            "ttft_p50": pct(ttft, 0.5), "ttft_p99": pct(ttft, 0.99),
            "gap_p50": pct(gaps, 0.5), "gap_p99": pct(gaps, 0.99)}  # fmt: skip


def measure(platform: Platform, *, n: int, tokens: int, delay_ms: float, transports=("ws", "sse"),
            client_processes: int | None = None, out=print) -> list[dict]:  # fmt: skip
    turns = [{"tokens": tokens, "delay_ms": delay_ms, "usage": {"prompt_tokens": 10, "completion_tokens": tokens}}]
    marker = platform.scenario(f"conc{n}x{tokens}", turns)
    expected = platform.expected_text(marker)
    processes = client_processes if client_processes is not None else (2 if n >= 200 else 0)
    rows = []
    for transport in ("direct", *transports):
        results, probe = run_streams(platform, transport, n, f"{marker} go", processes=processes)
        row = summarise("direct" if transport == "direct" else f"platform-{transport}", results, expected,
                        delay_ms / 1000)  # fmt: skip
        row["probe"] = probe.result
        delivered = max(1.0, sum(len(r["text"]) for r in results) * tokens / max(1, len(expected)))
        seconds = probe.result["seconds"]
        # CPU cost per delivered token: steadier than latency on a shared machine, and what capacity scales with.
        row["cpu_us_per_token"] = {group: pct_ / 100 * seconds / delivered * 1e6
                                   for group, pct_ in probe.result["cpu_pct"].items()}  # fmt: skip
        row["cpu_us_per_token"]["platform"] = probe.result["platform_cpu_pct"] / 100 * seconds / delivered * 1e6
        rows.append(row)
    _print(rows, n=n, tokens=tokens, delay_ms=delay_ms, processes=processes, platform=platform, out=out)
    return rows


def _print(rows: list[dict], *, n: int, tokens: int, delay_ms: float, processes: int, platform: Platform,
           out=print) -> None:  # fmt: skip
    where = f"{processes} client processes" if processes else "client in the bench process"
    out(f"\n{n} concurrent streams, {tokens} tokens at {delay_ms:g} ms each; {platform.describe()}; {where}")
    out(f"{'':14} {'runs':>5} {'complete':>8} {'lost':>5} {'dup/wrong':>9} {'reord':>5} {'events':>6} "
        f"{'ttft p50':>9} {'ttft p99':>9} {'gap+ p50':>9} {'gap+ p99':>9} {'platf CPU':>9} {'client CPU':>10}")  # fmt: skip
    for r in rows:
        cpu = r["probe"]["cpu_pct"]
        out(f"{r['label']:14} {r['runs']:>5} {r['complete']:>8} {r['lost_chars']:>5} {r['wrong_or_duplicated']:>9} "
            f"{r['reordered']:>5} {r['token_events_p50']:>6.0f} {r['ttft_p50']:>7.1f}ms {r['ttft_p99']:>7.1f}ms "
            f"{r['gap_p50']:>7.1f}ms {r['gap_p99']:>7.1f}ms {r['probe']['platform_cpu_pct']:>8.0f}% "
            f"{cpu.get('client', float('nan')):>9.0f}%")  # fmt: skip
    direct = rows[0]
    for r in rows[1:]:
        out(f"{r['label']}: added p99 gap vs direct {r['gap_p99'] - direct['gap_p99']:+.1f} ms; "
            f"added ttft p50 {r['ttft_p50'] - direct['ttft_p50']:+.1f} ms")  # fmt: skip
    for r in rows:
        out(f"  {r['label']}: " + _probe_line(r["probe"]))
        per = ", ".join(f"{k} {v:.0f}" for k, v in r["cpu_us_per_token"].items() if v >= 0.5)
        out(f"  {r['label']}: CPU µs per delivered token: {per}")


def _probe_line(result: dict) -> str:
    parts = ", ".join(f"{k} {v:.0f}%" for k, v in result["cpu_pct"].items())
    return f"CPU over {result['seconds']:.1f}s: {parts}; load {result['load_before']} -> {result['load_after']}"


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--delay-ms", type=float, default=40.0)
    parser.add_argument("--concurrency", type=int, default=0, help="gevent pool size per worker (default n+50)")
    parser.add_argument("--web-processes", type=int, default=1)
    parser.add_argument("--worker-processes", type=int, default=1)
    parser.add_argument("--client-processes", type=int, default=None, help="default: 2 when n >= 200, else 0")
    add_platform_args(parser)
    args = parser.parse_args(argv)
    with Platform(worker_concurrency=args.concurrency or args.n + 50, runs_in_flight=args.n + 10,
                  web_processes=args.web_processes, worker_processes=args.worker_processes,
                  pack=args.pack) as platform:  # fmt: skip
        return measure(platform, n=args.n, tokens=args.tokens, delay_ms=args.delay_ms,
                       transports=args.transports, client_processes=args.client_processes)  # fmt: skip


if __name__ == "__main__":
    main()
