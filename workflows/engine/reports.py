"""What a run tells about itself: per-node reports and the workflow's result.

A node that runs several times (inside a loop) has one report with a snapshot
per run, each tagged with its ``iteration`` path (``[3]``, or ``[3, 0]`` in a
nested loop); the report's own fields are the latest snapshot's.
:meth:`WorkflowResult.to_flowgram` shapes it all as FlowGram's task report.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

PENDING, PROCESSING, SUCCEEDED, FAILED, CANCELLED, SKIPPED = (
    "pending",
    "processing",
    "succeeded",
    "failed",
    "cancelled",
    "skipped",
)
MAX_SNAPSHOTS = 200  # per node; later runs are counted, not kept


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class NodeReport:
    id: str
    type: str
    title: str
    status: str = PENDING
    started_at: int | None = None  # epoch ms, first run
    ended_at: int | None = None  # epoch ms, latest run
    duration_ms: int = 0  # summed over runs
    inputs: dict = field(default_factory=dict)
    outputs: dict = field(default_factory=dict)
    error: dict | None = None
    branch: str | None = None
    usage: dict | None = None
    runs: int = 0
    snapshots: list[dict] = field(default_factory=list)
    dropped_snapshots: int = 0
    iterations: list[dict] | None = None  # loop nodes: how each iteration ended
    notes: list[str] = field(default_factory=list)
    logs: str = ""  # what a code node printed (latest run)

    def to_dict(self) -> dict:
        out = {
            "id": self.id,
            "type": self.type,
            "title": self.title,
            "status": self.status,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "duration_ms": self.duration_ms,
            "inputs": self.inputs,
            "outputs": self.outputs,
            "error": self.error,
            "branch": self.branch,
            "runs": self.runs,
            "snapshots": self.snapshots,
        }
        if self.usage:
            out["usage"] = self.usage
        if self.dropped_snapshots:
            out["dropped_snapshots"] = self.dropped_snapshots
        if self.iterations is not None:
            out["iterations"] = self.iterations
        if self.notes:
            out["notes"] = self.notes
        if self.logs:
            out["logs"] = self.logs
        return out


@dataclass
class WorkflowResult:
    status: str  # succeeded | failed | cancelled
    outputs: dict = field(default_factory=dict)
    error: dict | None = None  # {code, message, node_id?}
    reports: dict[str, NodeReport] = field(default_factory=dict)
    usage: dict = field(default_factory=lambda: {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0})
    steps: list[dict] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)  # {type: info|warning|error, message, node_id?, timestamp}
    inputs: dict = field(default_factory=dict)  # after defaults, secrets scrubbed
    model: str = ""  # the model of the first llm node that answered
    started_at: int = 0
    ended_at: int = 0

    @property
    def duration_ms(self) -> int:
        return max(0, self.ended_at - self.started_at)

    def reports_dict(self) -> dict[str, dict]:
        return {node_id: report.to_dict() for node_id, report in self.reports.items()}

    def to_flowgram(self, task_id: str) -> dict:
        """The report as FlowGram's ``GET /api/task/report`` answers it (status spelled ``canceled``)."""

        def status(value: str) -> str:
            return {CANCELLED: "canceled", "running": PROCESSING, "queued": PENDING}.get(value, value)

        def timing(started: int | None, ended: int | None, terminated: bool) -> dict:
            data = {
                "startTime": started or self.started_at,
                "terminated": terminated,
                "timeCost": max(0, (ended or now_ms()) - (started or self.started_at)),
            }
            if ended is not None and terminated:
                data["endTime"] = ended
            return data

        reports: dict[str, Any] = {}
        for node_id, report in self.reports.items():
            if report.status in (SKIPPED, PENDING):
                continue
            terminated = report.status != PROCESSING
            reports[node_id] = {
                "id": node_id,
                "status": status(report.status),
                **timing(report.started_at, report.ended_at, terminated),
                "snapshots": [
                    {
                        "id": f"{node_id}#{i}",
                        "nodeID": node_id,
                        "inputs": s.get("inputs", {}),
                        "outputs": s.get("outputs", {}),
                        "data": {},
                        **({"branch": s["branch"]} if s.get("branch") else {}),
                        **({"error": s["error"]["message"]} if s.get("error") else {}),
                    }
                    for i, s in enumerate(report.snapshots)
                ],
            }
        messages: dict[str, list] = {"log": [], "info": [], "debug": [], "error": [], "warning": []}
        for index, message in enumerate(self.messages):
            entry = {
                "id": f"m{index}",
                "type": message["type"],
                "message": message["message"],
                "timestamp": message["timestamp"],
            }
            if message.get("node_id"):
                entry["nodeID"] = message["node_id"]
            messages.setdefault(message["type"], []).append(entry)
        return {
            "id": task_id,
            "inputs": self.inputs,
            "outputs": self.outputs,
            "workflowStatus": {
                "status": status(self.status),
                **timing(self.started_at, self.ended_at, self.status in (SUCCEEDED, FAILED, CANCELLED)),
            },
            "reports": reports,
            "messages": messages,
        }
