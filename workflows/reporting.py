"""A workflow run's report: what is stored in MongoDB, and FlowGram's task report built from it.

The run report (``runs.reports``) gets these fields from a workflow run:
``inputs`` and ``outputs``; ``nodes``, one report per node in the order they
started — status, inputs, outputs, error, the branch a condition took,
timings, usage and a ``snapshots`` list with one entry per run of the node
(each loop iteration, tagged with its ``iteration`` path); ``messages`` (the
runtime's info / warning / error lines); the workflow's own start and end.
Nodes are a list, not an object keyed by node id, because a FlowGram id may
hold characters MongoDB does not take in a field name.

While a run is in flight its report has no nodes yet: :func:`flowgram_report`
then folds the node events of its stream (``node_started`` / ``node_finished``)
into the same shape, so FlowGram's client, which polls the report, sees nodes
turn from ``processing`` to ``succeeded`` as they run.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import fields as dataclass_fields
from typing import Any

import orjson

from runs import events, keys
from workflows.documents import nodes_walk

VAULT_REF = re.compile(r"\{\{\s*secret:([A-Za-z0-9_]+)\s*\}\}")
FLOWGRAM_STATUS = {events.QUEUED: "pending", events.RUNNING: "processing", events.CANCELLED_STATUS: "canceled"}
MESSAGE_TYPES = ("log", "info", "debug", "error", "warning")


def vault_names(document: dict) -> set[str]:
    """The vault secrets a document's http nodes name (``{{secret:NAME}}``)."""
    names: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            names.update(VAULT_REF.findall(value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for node in nodes_walk(document):
        if node.get("type") == "http":
            walk(node.get("data"))
    return names


def report_fields(result, *, scrub: Callable[[Any], Any]) -> dict:
    """The run report's workflow fields from the runtime's :class:`WorkflowResult`."""
    nodes = sorted(
        result.reports_dict().values(), key=lambda n: (n.get("started_at") is None, n.get("started_at") or 0)
    )
    return scrub(
        {
            "inputs": result.inputs,
            "outputs": result.outputs,
            "nodes": nodes,
            "messages": result.messages,
            "workflow_started_at": result.started_at,
            "workflow_ended_at": result.ended_at,
        }
    )


def _epoch_ms(value) -> int | None:
    return int(value.timestamp() * 1000) if value is not None else None


def _node_report(data: dict):
    from workflows.engine.reports import NodeReport

    known = {f.name for f in dataclass_fields(NodeReport)}
    return NodeReport(**{key: value for key, value in data.items() if key in known})


def live_nodes(redis, run_id: str) -> list[dict]:
    """Node reports folded from a run's stream (node events only; tokens are skipped)."""
    nodes: dict[str, dict] = {}
    last = "-"
    while True:
        entries = redis.xrange(keys.stream_key(run_id), min=last, count=2000)
        if last != "-" and entries and entries[0][0].decode() == last:
            entries = entries[1:]
        if not entries:
            break
        for entry_id, fields in entries:
            type_ = fields.get(b"t")
            if type_ not in (b"node_started", b"node_finished"):
                continue
            data = orjson.loads(fields[b"d"])
            scope = orjson.loads(fields[b"s"]) if fields.get(b"s") else []
            at = int(entry_id.split(b"-")[0])
            node = nodes.setdefault(
                data["node_id"],
                {
                    "id": data["node_id"],
                    "type": data.get("type", ""),
                    "title": data.get("title", ""),
                    "status": "pending",
                    "started_at": None,
                    "ended_at": None,
                    "duration_ms": 0,
                    "runs": 0,
                    "outputs": {},
                    "error": None,
                    "branch": None,
                    "snapshots": [],
                },
            )
            if type_ == b"node_started":
                node["status"], node["runs"] = "processing", node["runs"] + 1
                node["started_at"] = node["started_at"] or at
                continue
            if data.get("status") == "skipped":
                if not node["runs"]:
                    node["status"] = "skipped"
                continue
            node.update(
                status=data.get("status"),
                ended_at=at,
                outputs=data.get("outputs") or {},
                error=data.get("error"),
                branch=data.get("branch"),
            )
            node["duration_ms"] += int(data.get("duration_ms") or 0)
            node["snapshots"].append(
                {
                    "iteration": [int(part[5:]) for part in scope if part.startswith("iter:") and part[5:].isdigit()],
                    "status": data.get("status"),
                    "inputs": {},
                    "outputs": data.get("outputs") or {},
                    "error": data.get("error"),
                    "branch": data.get("branch"),
                }
            )
        last = entries[-1][0].decode()
        if len(entries) < 2000:
            break
    return list(nodes.values())


def flowgram_report(run: dict, *, live: list[dict] | None = None) -> dict:
    """FlowGram's ``TaskReport`` answer for a stored run (``live``: node reports of a run in flight)."""
    from workflows.engine.reports import WorkflowResult

    status = run["status"]
    terminated = status in events.FINISHED
    started = run.get("workflow_started_at") or _epoch_ms(run.get("started_at") or run.get("created_at")) or 0
    ended = run.get("workflow_ended_at") or _epoch_ms(run.get("ended_at")) or started
    nodes = run.get("nodes") if terminated else live
    messages = list(run.get("messages") or ())
    if status == events.FAILED and run.get("error") and not any(m.get("type") == "error" for m in messages):
        messages.append(
            {"type": "error", "message": run["error"].get("message", "The run failed."), "timestamp": ended}
        )
    result = WorkflowResult(
        status=status if terminated else events.RUNNING,
        outputs=run.get("outputs") or {},
        error=run.get("error"),
        reports={node["id"]: _node_report(node) for node in nodes or ()},
        messages=messages,
        inputs=run.get("inputs") or {},
        started_at=started,
        ended_at=ended,
    )
    report = result.to_flowgram(run["_id"])
    if not terminated:
        report["outputs"] = {}
        now = int(time.time() * 1000)
        report["workflowStatus"] = {
            "status": FLOWGRAM_STATUS.get(status, "processing"),
            "terminated": False,
            "startTime": started,
            "timeCost": max(0, now - started),
        }
    elif status == events.CANCELLED_STATUS:
        report["workflowStatus"]["status"] = "canceled"
    for kind in MESSAGE_TYPES:
        report["messages"].setdefault(kind, [])
    return report
