"""Workflow runs through the platform: N concurrent runs, and how soon a node's event reaches a client.

    .venv/bin/python bench/workflow_runs.py --n 100 --tokens 60 --delay-ms 20
    .venv/bin/python bench/workflow_runs.py --latency-runs 5 --latency-items 20

Starts what it needs (bench/_harness.py: embedded Valkey and SecantusDB unless
REDIS_URL/MONGO_URL are set, the scripted LLM as a subprocess, one gevent
Celery worker, one daphne) and measures two things, over WebSockets to daphne:

* **concurrent runs** — N runs at once of a 5-node workflow (start → condition
  → llm → variable → end), each started with ``POST /api/workflows/{id}/runs``
  and followed on its own socket with a ``resume`` frame. Prints how many
  completed, the characters of the llm node's streamed tokens lost, duplicated
  or reordered against the scripted answer, the event ids out of order, and
  the wall time and p50/p99 run time.
* **node event latency** — a workflow whose loop runs an llm node per item;
  for every ``node_finished`` a client receives live, the time from the node
  finishing (its ``ended_at`` in the run report, the worker's clock) to the
  frame arriving (this process's clock, same machine), split at the moment the
  event was written to Redis (its stream id). FlowGram's own client polls the
  report every 500 ms; the target here is 20 ms.

Not a test: the numbers depend on the machine. ``--smoke`` runs both at tiny
size and prints ``SMOKE-JSON`` (bench/test_workflow_runs_smoke.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._client import WSClient
from bench._client import pct as _pct
from bench._harness import Platform
from bench.concurrent_runs import ids_ordered

TERMINAL = ("result", "cancelled", "error")


def _ref(*path: str) -> dict:
    return {"type": "ref", "content": list(path)}


def _node(node_id: str, type_: str, x: int, data: dict) -> dict:
    return {"id": node_id, "type": type_, "meta": {"position": {"x": x, "y": 0}}, "data": {"title": node_id, **data}}


def _llm_data(prompt: str) -> dict:
    constant = lambda value: {"type": "constant", "content": value}  # noqa: E731
    return {
        "inputsValues": {
            "modelName": constant(""),
            "apiKey": constant(""),
            "apiHost": constant(""),
            "temperature": constant(0),
            "systemPrompt": constant("bench"),
            "prompt": {"type": "template", "content": prompt},
        },
        "inputs": {"type": "object", "required": ["prompt"], "properties": {"prompt": {"type": "string"}}},
        "outputs": {"type": "object", "properties": {"result": {"type": "string"}}},
    }


def five_nodes() -> dict:
    """start(query) → condition_0 (query is not empty) → llm_0 → variable_0 (answer = llm result) → end(answer)."""
    return {
        "nodes": [
            _node(
                "start_0",
                "start",
                0,
                {"outputs": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}},
            ),
            _node(
                "condition_0",
                "condition",
                300,
                {
                    "conditions": [
                        {"key": "if_ok", "value": {"left": _ref("start_0", "query"), "operator": "is_not_empty"}}
                    ]
                },
            ),
            _node("llm_0", "llm", 600, _llm_data("{{start_0.query}}")),
            _node(
                "variable_0",
                "variable",
                900,
                {"assign": [{"operator": "declare", "left": "answer", "right": _ref("llm_0", "result")}]},
            ),
            _node(
                "end_0",
                "end",
                1200,
                {
                    "inputsValues": {"answer": _ref("variable_0", "answer")},
                    "inputs": {"type": "object", "properties": {"answer": {"type": "string"}}},
                },
            ),
        ],
        "edges": [
            {"sourceNodeID": "start_0", "targetNodeID": "condition_0"},
            {"sourceNodeID": "condition_0", "targetNodeID": "llm_0", "sourcePortID": "if_ok"},
            {"sourceNodeID": "llm_0", "targetNodeID": "variable_0"},
            {"sourceNodeID": "variable_0", "targetNodeID": "end_0"},
        ],
    }


def loop_of_llms() -> dict:
    """start(query, items) → loop_0 { llm_0 } → end: one llm node per item, finishing one after another."""
    return {
        "nodes": [
            _node(
                "start_0",
                "start",
                0,
                {
                    "outputs": {
                        "type": "object",
                        "properties": {
                            "query": {"type": "string"},
                            "items": {"type": "array", "items": {"type": "string"}},
                        },
                    }
                },
            ),
            {
                **_node(
                    "loop_0",
                    "loop",
                    300,
                    {
                        "loopFor": _ref("start_0", "items"),
                        "loopOutputs": {"results": _ref("llm_0", "result")},
                        "outputs": {"type": "object", "properties": {"results": {"type": "array"}}},
                    },
                ),
                "blocks": [
                    _node("block_start_0", "block-start", 0, {}),
                    _node("llm_0", "llm", 200, _llm_data("{{start_0.query}} {{loop_0_locals.item}}")),
                    _node("block_end_0", "block-end", 400, {}),
                ],
                "edges": [
                    {"sourceNodeID": "block_start_0", "targetNodeID": "llm_0"},
                    {"sourceNodeID": "llm_0", "targetNodeID": "block_end_0"},
                ],
            },
            _node(
                "end_0",
                "end",
                600,
                {
                    "inputsValues": {"results": _ref("loop_0", "results")},
                    "inputs": {"type": "object", "properties": {"results": {"type": "array"}}},
                },
            ),
        ],
        "edges": [
            {"sourceNodeID": "start_0", "targetNodeID": "loop_0"},
            {"sourceNodeID": "loop_0", "targetNodeID": "end_0"},
        ],
    }


def _workflow(platform: Platform, name: str, document: dict) -> int:
    from workflows.services import workflow_create

    return workflow_create(user=platform.user, name=name, schema=document).pk


async def _start(http, platform: Platform, workflow_id: int, inputs: dict) -> str:
    response = await http.post(
        f"{platform.daphne_url}/api/workflows/{workflow_id}/runs",
        json={"inputs": inputs},
        headers={"Authorization": f"Token {platform.token}"},
    )
    if response.status_code != 202:
        raise RuntimeError(f"starting a run answered {response.status_code}: {response.text[:300]}")
    return response.json()["run_id"]


async def _follow(client: WSClient, run_id: str, *, timeout: float = 300) -> dict:
    """Resume a run on the socket and read it to its terminal event (frames with receipt times)."""
    import aiohttp
    import orjson

    await client.ws.send_str(json.dumps({"type": "resume", "run_id": run_id, "after": "0-0"}))
    frames = []
    deadline = time.perf_counter() + timeout
    while True:
        msg = await client.ws.receive(timeout=max(0.1, deadline - time.perf_counter()))
        if msg.type != aiohttp.WSMsgType.TEXT:
            raise RuntimeError(f"socket ended: {msg.type}")
        frame = orjson.loads(msg.data)
        frame["_at"] = time.time()
        frames.append(frame)
        if frame.get("type") in TERMINAL and "id" in frame:
            return {"frames": frames, "terminal": frame["type"]}


async def _connected(platform: Platform, n: int) -> list[WSClient]:
    clients = [platform.ws_client() for _ in range(n)]
    for group in range(0, n, 50):  # connect (not timed) in groups, as users would arrive
        await asyncio.gather(*(c.__aenter__() for c in clients[group : group + 50]))
    return clients


async def _concurrent(platform: Platform, workflow_id: int, n: int, marker: str) -> tuple[list[dict], float]:
    import httpx2 as httpx

    clients = await _connected(platform, n)
    try:
        async with httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=n + 10)) as http:

            async def one(client: WSClient) -> dict:
                started = time.perf_counter()
                run_id = await _start(http, platform, workflow_id, {"query": marker})
                admitted = time.perf_counter()
                run = await _follow(client, run_id)
                run["seconds"], run["start_seconds"] = time.perf_counter() - started, admitted - started
                return run

            started = time.perf_counter()
            runs = await asyncio.gather(*(one(c) for c in clients))
            return runs, time.perf_counter() - started
    finally:
        await asyncio.gather(*(c.__aexit__(None, None, None) for c in clients), return_exceptions=True)


def measure_concurrent(platform: Platform, *, n: int = 100, tokens: int = 60, delay_ms: float = 20, out=print) -> dict:
    name = f"wfc{uuid.uuid4().hex[:8]}"
    marker = platform.scenario(
        name, [{"token_words": ["alpha", "beta", "gamma", "delta"], "tokens": tokens, "delay_ms": delay_ms}]
    )
    expected = platform.expected_text(marker)
    workflow_id = _workflow(platform, "bench: 5 nodes", five_nodes())
    asyncio.run(_concurrent(platform, workflow_id, 1, marker))  # warm up: imports and connections, not timed
    with platform.probe() as probe:
        runs, wall = asyncio.run(_concurrent(platform, workflow_id, n, marker))
    lost = wrong = unordered = incomplete = 0
    for run in runs:
        frames = run["frames"]
        text = "".join(f["data"] for f in frames if f.get("type") == "token" and f.get("scope") == ["node:llm_0"])
        result = frames[-1]
        ok = run["terminal"] == "result" and result["data"]["outputs"] == {"answer": expected}
        incomplete += not ok
        lost += max(0, len(expected) - len(text))
        wrong += text != expected
        unordered += not ids_ordered([f["id"] for f in frames if "id" in f])
    seconds = [r["seconds"] * 1000 for r in runs]
    starts = [r["start_seconds"] * 1000 for r in runs]
    figures = {
        "runs": n,
        "complete": n - incomplete,
        "lost_chars": lost,
        "wrong_text": wrong,
        "reordered": unordered,
        "tokens": tokens,
        "delay_ms": delay_ms,
        "wall_s": round(wall, 3),
        "run_p50_ms": round(_pct(seconds, 0.5), 1),
        "run_p99_ms": round(_pct(seconds, 0.99), 1),
        "scripted_answer_ms": round(tokens * delay_ms, 1),
        "start_p50_ms": round(_pct(starts, 0.5), 1),
        "start_p99_ms": round(_pct(starts, 0.99), 1),
    }
    out(
        f"{n} concurrent runs of a 5-node workflow (start, condition, llm, variable, end), "
        f"llm answer {tokens} tokens x {delay_ms:g} ms, one worker, one daphne, WebSockets:"
    )
    out(f"  completed {figures['complete']}/{n}   lost chars {lost}   wrong text {wrong}   reordered {unordered}")
    out(
        f"  wall {figures['wall_s']} s   run p50 {figures['run_p50_ms']} ms   p99 {figures['run_p99_ms']} ms"
        f"   (the scripted answer alone: {figures['scripted_answer_ms']} ms)"
    )
    out(
        f"  of which POST /api/workflows/{{id}}/runs answered: p50 {figures['start_p50_ms']} ms   "
        f"p99 {figures['start_p99_ms']} ms"
    )
    out(f"  {platform.describe()}; {probe.line()}")
    figures["probe"] = probe.result
    return figures


async def _latency_runs(platform: Platform, workflow_id: int, runs: int, marker: str, items: int) -> list[dict]:
    import httpx2 as httpx

    [client] = await _connected(platform, 1)
    try:
        async with httpx.AsyncClient(timeout=120) as http:
            out = []
            for _ in range(runs):
                run_id = await _start(
                    http, platform, workflow_id, {"query": marker, "items": [str(i) for i in range(items)]}
                )
                run = await _follow(client, run_id)
                run["run_id"] = run_id
                out.append(run)
            return out
    finally:
        await client.__aexit__(None, None, None)


def measure_latency(platform: Platform, *, runs: int = 5, items: int = 20, delay_ms: float = 30, out=print) -> dict:
    from runs.reports import report_for_worker

    name = f"wfl{uuid.uuid4().hex[:8]}"
    marker = platform.scenario(name, [{"content": "one two three", "first_delay_ms": delay_ms}])
    workflow_id = _workflow(platform, "bench: loop of llm nodes", loop_of_llms())
    total, write, deliver = [], [], []
    with platform.probe() as probe:
        measured = asyncio.run(_latency_runs(platform, workflow_id, runs, marker, items))
    for run in measured:
        report = report_for_worker(run_id=run["run_id"])
        ended = {}
        for node in report["nodes"]:
            for snapshot in node["snapshots"]:
                ended[(node["id"], tuple(snapshot["iteration"]))] = snapshot["ended_at"]
        for frame in run["frames"]:
            if frame.get("type") != "node_finished" or frame["data"]["node_id"] != "llm_0":
                continue  # the llm nodes finish while the client follows live (each waits for the model first)
            iteration = tuple(int(part[5:]) for part in frame.get("scope", []) if part.startswith("iter:"))
            finished_ms = ended[("llm_0", iteration)]
            written_ms = int(frame["id"].split("-")[0])
            received_ms = frame["_at"] * 1000
            total.append(received_ms - finished_ms)
            write.append(written_ms - finished_ms)
            deliver.append(received_ms - written_ms)
    figures = {
        "events": len(total),
        "p50_ms": round(_pct(total, 0.5), 1),
        "p99_ms": round(_pct(total, 0.99), 1),
        "max_ms": round(max(total), 1) if total else None,
        "within_20ms": sum(1 for t in total if t <= 20),
        "write_p50_ms": round(_pct(write, 0.5), 1),
        "deliver_p50_ms": round(_pct(deliver, 0.5), 1),
    }
    out(
        f"node event latency: {figures['events']} node_finished events ({runs} runs x {items} llm nodes in a loop), "
        "node end (worker clock) to WebSocket frame (client clock), same machine, ms resolution:"
    )
    out(
        f"  p50 {figures['p50_ms']} ms   p99 {figures['p99_ms']} ms   max {figures['max_ms']} ms   "
        f"within 20 ms: {figures['within_20ms']}/{figures['events']}   (target: 20 ms; FlowGram polls every 500 ms)"
    )
    out(
        f"  of which: node end to Redis write p50 {figures['write_p50_ms']} ms, "
        f"Redis to the client p50 {figures['deliver_p50_ms']} ms"
    )
    out(f"  {probe.line()}")
    return figures


def smoke() -> dict:
    with Platform(worker_concurrency=20, runs_in_flight=50) as platform:
        return {
            "concurrent": measure_concurrent(platform, n=6, tokens=12, delay_ms=10),
            "latency": measure_latency(platform, runs=1, items=4, delay_ms=20),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="concurrent runs")
    parser.add_argument("--tokens", type=int, default=60)
    parser.add_argument("--delay-ms", type=float, default=20)
    parser.add_argument("--latency-runs", type=int, default=5)
    parser.add_argument("--latency-items", type=int, default=20)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    if args.smoke:
        print("SMOKE-JSON " + json.dumps(smoke()))
        return
    with Platform(worker_concurrency=max(250, args.n + 10), runs_in_flight=max(600, args.n * 2)) as platform:
        figures = {
            "concurrent": measure_concurrent(platform, n=args.n, tokens=args.tokens, delay_ms=args.delay_ms),
            "latency": measure_latency(platform, runs=args.latency_runs, items=args.latency_items),
        }
    print("JSON " + json.dumps(figures))


if __name__ == "__main__":
    main()
