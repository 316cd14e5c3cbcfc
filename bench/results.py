"""The whole results table of issue 13 in one command: every bench, both transports, side by side with direct.

    .venv/bin/python -m bench.results            (or: make bench)
    .venv/bin/python -m bench.results --quick    (small sizes: a few minutes on a loaded machine)

Runs, each on a fresh platform (bench/_harness.py; the scripted LLM sends one
HTTP chunk per token):

1. bench/ttft.py - sequential time to first token, direct vs WebSocket vs SSE;
2. bench/throughput.py - one 5,000-token answer;
3. bench/concurrent_runs.py at N = 200 and N = 500 (a burst of N new chats, then
   N streams of 200 tokens at 40 ms), clients in separate processes;
4. the process curve: N = 200 with 1 or 2 daphne processes (nginx in front of
   two) and 1 or 2 gevent workers.

Every part prints its own detail (CPU of each process, load before and after);
the end prints one table with the date, the commit and the machine load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import concurrent_runs, throughput, ttft
from bench._harness import ROOT, Platform, loadavg


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True, timeout=10).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return "unknown"


PARTS = ("single", "c:200:1:1", "c:500:1:1", "c:200:2:1", "c:200:1:2", "c:200:2:2")


def run_part(part: str, quick: bool = False) -> list[tuple]:
    """One part on its own platform (a Django process configures itself once: one platform per process)."""
    turns, tokens, repeats = (50, 2000, 3) if quick else (200, 5000, 5)
    rows: list[tuple] = []  # (measure, direct, ws, sse, target)
    if part == "single":
        with Platform(worker_concurrency=50) as platform:
            t = asyncio.run(ttft.measure(platform, turns=turns, warmup=10))
            r = asyncio.run(throughput.measure(platform, tokens=tokens, repeats=repeats))
        rows.append((f"TTFT added, {turns} sequential turns, p50 / p99",
                     f"{t['direct_p50']:.1f} / {t['direct_p99']:.1f} ms",
                     f"{t['ws']['diff_p50']:+.1f} / {t['ws']['diff_p99']:+.1f} ms",
                     f"{t['sse']['diff_p50']:+.1f} / {t['sse']['diff_p99']:+.1f} ms", "<= +6 / +15 ms"))  # fmt: skip
        cpu = t["probe"]["cpu_pct"]
        per_turn = {k: v / 100 * t["probe"]["seconds"] / (2 * turns) * 1000 for k, v in cpu.items()}
        rows.append(("CPU ms per started turn (sequential), by process", "",
                     ", ".join(f"{k} {v:.1f}" for k, v in per_turn.items() if k != "llm"), "(both transports)", ""))  # fmt: skip
        rows.append((f"one {tokens}-token answer, rate / direct", f"{r['direct_tok_s']:,.0f} tok/s",
                     f"{r['ws']['ratio']:.2f} ({r['ws']['token_events']:.0f} events)",
                     f"{r['sse']['ratio']:.2f} ({r['sse']['token_events']:.0f} events)", ">= 0.6"))  # fmt: skip
        return rows
    _, n, web, worker = part.split(":")
    _concurrent(rows, n=int(n), web=int(web), worker=int(worker), targets=int(n) if web == worker == "1" else None)
    return rows


def run(quick: bool = False, out=print) -> list[tuple]:
    """Every part in its own process; their detail is printed as it comes, their rows returned."""
    rows: list[tuple] = []
    for part in PARTS if not quick else PARTS[:2] + PARTS[3:]:
        cmd = [sys.executable, "-m", "bench.results", "--part", part] + (["--quick"] if quick else [])
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for line in proc.stdout:
            if line.startswith("PART-JSON "):
                rows.extend(tuple(row) for row in json.loads(line[len("PART-JSON ") :]))
            elif not line.startswith(("Operations to perform", "  Apply", "Running migrations", "MongoDB indexes")):
                out(line.rstrip("\n"))
        if proc.wait() != 0:
            rows.append((f"{part}: FAILED (exit {proc.returncode})", "", "", "", ""))
    return rows


def _concurrent(rows: list, *, n: int, web: int, worker: int, targets: int | None) -> None:
    with Platform(worker_concurrency=n + 50, runs_in_flight=n + 10, web_processes=web,
                  worker_processes=worker) as platform:  # fmt: skip
        d, ws, sse = concurrent_runs.measure(platform, n=n, tokens=200, delay_ms=40)
    where = f"{n} streams, {web} web x {worker} worker"

    def ok(row: dict) -> str:
        return (
            ""
            if row["complete"] == row["runs"] and not row["reordered"]
            else f" ({row['runs'] - row['complete']} incomplete)"
        )

    gap_target = {200: "<= direct + 40 ms", 500: "<= direct + 100 ms"}.get(targets, "")
    rows.append((f"{where}: p99 gap above 40 ms", f"{d['gap_p99']:.0f} ms", f"{ws['gap_p99']:.0f} ms{ok(ws)}",
                 f"{sse['gap_p99']:.0f} ms{ok(sse)}", gap_target))  # fmt: skip
    ttft_target = {200: "<= 600 ms", 500: "<= 2x direct"}.get(targets, "")
    rows.append((f"{where}: burst TTFT p50 / p99", f"{d['ttft_p50']:.0f} / {d['ttft_p99']:.0f} ms",
                 f"{ws['ttft_p50']:.0f} / {ws['ttft_p99']:.0f} ms", f"{sse['ttft_p50']:.0f} / {sse['ttft_p99']:.0f} ms",
                 ttft_target))  # fmt: skip
    rows.append((f"{where}: platform CPU (% of a core) / µs per token", "-",
                 f"{ws['probe']['platform_cpu_pct']:.0f} % / {ws['cpu_us_per_token']['platform']:.0f}",
                 f"{sse['probe']['platform_cpu_pct']:.0f} % / {sse['cpu_us_per_token']['platform']:.0f}",
                 "<= 70 %" if targets == 200 else ""))  # fmt: skip

    def by_process(row: dict) -> str:
        return ", ".join(f"{k} {v:.0f}" for k, v in row["cpu_us_per_token"].items() if k != "platform" and v >= 0.5)

    rows.append((f"{where}: CPU µs per token, by process", "", by_process(ws), by_process(sse), ""))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, N = 200 only")
    parser.add_argument("--part", choices=PARTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.part:
        print("PART-JSON " + json.dumps(run_part(args.part, quick=args.quick)), flush=True)
        return
    started = datetime.now(UTC)
    load_before = loadavg()
    t0 = time.monotonic()
    rows = run(quick=args.quick)
    print(f"\n## Results ({started:%Y-%m-%d %H:%M} UTC, commit {_commit()}, {os.cpu_count()} cores, "
          f"load {load_before} -> {loadavg()}, {time.monotonic() - t0:.0f} s)\n")  # fmt: skip
    print("| measure | direct | WebSocket | SSE | target |")
    print("| --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
