"""The start of a sub-agent: from the lead's tool call to the sub-agent's first token, against a plain tool call.

    .venv/bin/python bench/subagent_start.py --runs 40

Starts what it needs (bench/_harness.py: embedded Valkey and SecantusDB unless
REDIS_URL/MONGO_URL are set, the scripted LLM as a subprocess, one gevent
Celery worker; no web process) and runs chat turns of two agents one after
another, each read live from its Redis stream in this process (``XREAD BLOCK``,
each event stamped on arrival):

* **sub-agent** — a lead whose model asks its one sub-agent; measured: the
  lead's ``tool_start`` to the sub-agent's first (scoped) token. That covers
  building the sub-agent (its model through the gateway, its prompt and tools),
  its model request and the first token's write;
* **plain tool** — a lead whose model asks ``calculator``; measured: the
  ``tool_start`` to the lead's first token after the tool (the tool, its
  ``tool_result``, the lead's next model request and that first token's write).

Both end at one new model request's first token from the same scripted server
(answers stream at once), so the difference is what starting a sub-agent costs
over a plain tool round. Target: at most 5 ms more. The resolution is one stream write: events
the worker writes in one group-committed batch (the tool_start and a first token within the 10 ms text
window) arrive together and read as 0 ms apart. Not a test: the numbers
depend on the machine. ``--smoke`` runs a few turns and prints ``SMOKE-JSON``
(bench/test_subagent_start_smoke.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._client import pct as _pct
from bench._harness import Platform

TERMINAL = (b"result", b"cancelled", b"error")


def _follow(redis, run_id: str, timeout: float = 60) -> list[tuple[float, str, bytes, bytes]]:
    """Every event of a run as ``(arrival perf_counter, type, data, scope)``, to the terminal one."""
    from runs import keys

    out, last = [], "0-0"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for _, entries in redis.xread({keys.stream_key(run_id): last}, count=1000, block=1000) or ():
            now = time.perf_counter()
            for entry_id, fields in entries:
                last = entry_id
                out.append((now, fields[b"t"].decode(), fields[b"d"], fields.get(b"s") or b""))
                if fields[b"t"] in TERMINAL:
                    return out
    raise RuntimeError(f"run {run_id} did not end in {timeout}s")


def _gap(evts, *, sub: bool) -> float:
    """ms from the (top-level) tool_start to the first token that follows the tool call."""
    start = next(at for at, type_, _, scope in evts if type_ == "tool_start" and not scope)
    if sub:
        first = next(at for at, type_, _, scope in evts if type_ == "token" and scope and at >= start)
    else:
        result = next(i for i, (_, type_, _, scope) in enumerate(evts) if type_ == "tool_result" and not scope)
        first = next(at for at, type_, _, scope in evts[result:] if type_ == "token" and not scope)
    return (first - start) * 1000


def measure(platform: Platform, *, runs: int = 40, out=print) -> dict:
    from agents import services
    from agents.agent_selectors import tool_name_for
    from agents.agent_services import agent_create
    from tomato_agent.redis_client import get_redis

    user, redis = platform.user, get_redis()
    sub = agent_create(user=user, fields={"name": "Sub", "instructions": "Answer the task.", "tools": []})
    lead_sub = agent_create(user=user, fields={"name": "Lead (sub-agent)", "tools": [], "agents": [sub.id]})
    lead_tool = agent_create(user=user, fields={"name": "Lead (tool)", "tools": ["calculator"]})
    tag = uuid.uuid4().hex[:8]
    sub_marker = platform.scenario(f"sub{tag}", [{"content": "sub answer"}])
    with_sub = platform.scenario(
        f"ls{tag}",
        [
            {"tool_calls": [{"name": tool_name_for(sub), "arguments": {"task": f"{sub_marker} the task"}}]},
            {"content": "lead answer"},
        ],
    )
    with_tool = platform.scenario(
        f"lt{tag}",
        [
            {"tool_calls": [{"name": "calculator", "arguments": {"expression": "6*7"}}]},
            {"content": "lead answer"},
        ],
    )
    gaps: dict[str, list[float]] = {"sub": [], "tool": []}

    def turn(kind: str) -> None:
        agent, marker = (lead_sub, with_sub) if kind == "sub" else (lead_tool, with_tool)
        started = services.chat_start(user=user, conversation_id=None, content=f"{marker} go", agent_id=agent.id)
        evts = _follow(redis, started.run_id)
        if evts[-1][1] != "result":
            raise RuntimeError(f"a {kind} turn ended with {evts[-1][1]}: {evts[-1][2][:300]!r}")
        gaps[kind].append(_gap(evts, sub=kind == "sub"))

    for kind in ("sub", "tool"):  # warm up: imports, connections, caches (not counted)
        turn(kind)
    gaps = {"sub": [], "tool": []}
    with platform.probe() as probe:
        for _ in range(runs):  # interleaved, so both see the same machine
            turn("sub")
            turn("tool")
    figures = {"runs": runs}
    for kind in ("sub", "tool"):
        figures[f"{kind}_p50_ms"] = round(_pct(gaps[kind], 0.5), 2)
        figures[f"{kind}_p90_ms"] = round(_pct(gaps[kind], 0.9), 2)
    figures["extra_p50_ms"] = round(figures["sub_p50_ms"] - figures["tool_p50_ms"], 2)
    out(
        f"sub-agent start vs a plain tool call: {runs} turns of each, interleaved, one gevent worker, "
        "events read live from Redis in this process:"
    )
    out(
        f"  lead's tool_start -> sub-agent's first token: p50 {figures['sub_p50_ms']} ms   "
        f"p90 {figures['sub_p90_ms']} ms"
    )
    out(
        f"  tool_start -> lead's first token after calculator: p50 {figures['tool_p50_ms']} ms   "
        f"p90 {figures['tool_p90_ms']} ms"
    )
    out(
        f"  the sub-agent's first token comes {figures['extra_p50_ms']} ms after the plain tool round's "
        "(p50 difference; negative: sooner; target: <= 5 ms)"
    )
    out(f"  no web process, {platform.worker_processes} gevent worker x {platform.worker_concurrency}; {probe.line()}")
    figures["probe"] = probe.result
    return figures


def smoke() -> dict:
    with Platform(worker_concurrency=10, runs_in_flight=20, daphne=False) as platform:
        return measure(platform, runs=3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--smoke", action="store_true", help="a few turns; print SMOKE-JSON")
    args = parser.parse_args()
    if args.smoke:
        print("SMOKE-JSON " + json.dumps(smoke()))
        return
    with Platform(worker_concurrency=20, runs_in_flight=50, daphne=False) as platform:
        measure(platform, runs=args.runs)


if __name__ == "__main__":
    main()
