"""Running a workflow: FlowGram's semantics on threads, with events, reports and cancel.

A canvas (the main one, or one loop iteration's body) runs from its entry node.
A node runs once every incoming edge is settled and at least one of them is
*live*: an edge is live when its source ran and, for a condition, left by the
branch that was taken. A node whose incoming edges are all dead is skipped, and
so are the nodes only it leads to; a node that joins a taken and a skipped
branch still runs. Nodes that become ready together run concurrently (a thread
each, up to ``Env.max_parallel`` per run; past that they run one after another
in the scheduler's thread, which cannot deadlock however deep loops nest).

One failing node fails the run: the others in flight are told to stop. Cancel
(``Env.cancel``) stops what is in flight — an llm stream, an http request, a
tool — without waiting for it to finish; what a node produced so far stays in
its report.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any

from runs import events
from runs.kinds import CancelToken, EventSink, ScopedSink
from tomato_agent.errors import DomainError
from tools.registry import ToolError
from workflows.engine.context import LoopState, NodeContext, NodeOutcome
from workflows.engine.document import AGENT, DECORATION, LLM, ROOT, TERMINATING, Document, Node
from workflows.engine.interface import Cancelled, Env
from workflows.engine.nodes import EXECUTORS, SLOW
from workflows.engine.redaction import EVENT_LIMITS, REPORT_LIMITS, Secrets
from workflows.engine.reports import (
    CANCELLED,
    FAILED,
    MAX_SNAPSHOTS,
    PROCESSING,
    SKIPPED,
    SUCCEEDED,
    NodeReport,
    WorkflowResult,
    now_ms,
)
from workflows.engine.validation import apply_defaults, validate
from workflows.engine.values import Scope, parse_json_content, properties_of, ref_parts, walk

log = logging.getLogger(__name__)

SNAPSHOT_LIMITS = (4_000, 200)
STOP_GRACE_S = 10.0  # how long a stopped run waits for nodes in flight before leaving them behind
_WAKE = object()
INTERNAL_NODE_ERROR = {"code": "internal", "message": "The node failed unexpectedly."}


class SerialSink:
    """The run's sink for many threads: one emit or flush at a time, so concurrent nodes never
    interleave a flush with an emit; ``cancelled`` also reports the run's own stop."""

    def __init__(self, parent: EventSink, stop: CancelToken) -> None:
        self.parent = parent
        self.stop = stop
        self.closed = False
        self._lock = threading.RLock()

    def emit(self, type: str, data: Any, *, scope: Sequence[str] | None = None) -> None:
        with self._lock:
            if not self.closed:
                self.parent.emit(type, data, scope=scope)

    def flush(self) -> None:
        with self._lock:
            if not self.closed:
                self.parent.flush()

    def close(self) -> None:
        """Nothing more reaches the run's stream (a node left behind after a stop may still finish)."""
        with self._lock:
            self.closed = True

    @property
    def cancelled(self) -> bool:
        return self.stop.cancelled or self.parent.cancelled

    def scoped(self, *scope: str) -> ScopedSink:
        return ScopedSink(self, scope)


def scoped(sink: EventSink, *parts: str) -> EventSink:
    return sink.scoped(*parts) if hasattr(sink, "scoped") else ScopedSink(sink, parts)


class WorkflowRun:
    """One run of one workflow; :func:`run_workflow` creates it."""

    def __init__(self, doc: Document, env: Env, inputs: dict) -> None:
        self.doc = doc
        self.env = env
        self.inputs = inputs
        self.secrets = Secrets()
        self.stop = CancelToken()
        self.sink = SerialSink(env.sink, self.stop)
        self.reports: dict[str, NodeReport] = {}
        self.messages: list[dict] = []
        self.steps: list[dict] = []
        self.usage = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
        self.model = ""
        self.outputs: dict | None = None
        self.failure: dict | None = None
        self.closed = False
        self._lock = threading.Lock()
        self._permits = threading.Semaphore(max(0, int(env.max_parallel) - 1))

    # -- scheduling ---------------------------------------------------------------------------

    def run_canvas(
        self,
        canvas_id: str,
        entry_id: str,
        scope: Scope,
        sink: EventSink,
        iteration: tuple[int, ...],
        loop: LoopState | None = None,
    ) -> None:
        """Run one canvas from its entry node until nothing more can run (or the run stops)."""
        doc = self.doc
        waiting = {n: len(doc.nodes[n].in_edges) for n in doc.canvases[canvas_id].nodes}
        live = dict.fromkeys(waiting, 0)
        ready: deque[str] = deque([entry_id])
        done: queue.SimpleQueue = queue.SimpleQueue()
        running = 0
        deadline: float | None = None  # once stopped: how long to wait for the nodes in flight

        def settle(node_id: str, outcome: NodeOutcome) -> None:
            if outcome.status != SUCCEEDED:
                return
            node = doc.nodes[node_id]
            taken = None if node.type in TERMINATING else outcome.branch
            skipped: list[str] = []
            for edge in node.out_edges:
                is_live = node.type not in TERMINATING and (taken is None or edge.source_port == taken)
                self._resolve_edge(edge.target, is_live, waiting, live, ready, skipped)
            while skipped:
                gone = doc.nodes[skipped.pop()]
                self._skip(gone, sink, iteration)
                for edge in gone.out_edges:
                    self._resolve_edge(edge.target, False, waiting, live, ready, skipped)

        def spawn(node_id: str) -> None:
            def target() -> None:
                try:
                    outcome = self.execute(node_id, scope, sink, iteration, loop)
                except Exception:  # execute() handles node errors; this is a bug in the runtime itself
                    log.exception("workflow node %s: the runtime failed", node_id)
                    outcome = NodeOutcome(status=FAILED, error=dict(INTERNAL_NODE_ERROR))
                    self._fail(self.doc.nodes[node_id], outcome.error)
                finally:
                    self._permits.release()
                done.put((node_id, outcome))

            threading.Thread(target=target, name=f"wf-{node_id}", daemon=True).start()

        unregister = self.stop.on_cancel(lambda: done.put(_WAKE))
        try:
            while True:
                while ready and not self.stop.cancelled:
                    node_id = ready.popleft()
                    if (running or ready) and self._permits.acquire(blocking=False):
                        running += 1
                        spawn(node_id)
                    elif running == 0:
                        settle(node_id, self.execute(node_id, scope, sink, iteration, loop))
                    else:
                        ready.appendleft(node_id)  # no thread free: wait for one of ours
                        break
                if running == 0 and (not ready or self.stop.cancelled):
                    return
                if self.stop.cancelled and deadline is None:
                    deadline = time.monotonic() + STOP_GRACE_S
                try:
                    item = done.get(timeout=max(0.0, deadline - time.monotonic()) if deadline else None)
                except queue.Empty:
                    log.warning("workflow nodes still running %.0fs after the run stopped", STOP_GRACE_S)
                    return
                if item is _WAKE:
                    continue
                running -= 1
                if not self.stop.cancelled:
                    settle(*item)
        finally:
            unregister()

    def _resolve_edge(self, target: str, is_live: bool, waiting: dict, live: dict, ready: deque, skipped: list) -> None:
        if target not in waiting:
            return
        waiting[target] -= 1
        if is_live:
            live[target] += 1
        if waiting[target] == 0:
            (ready if live[target] else skipped).append(target)

    # -- one node -----------------------------------------------------------------------------

    def execute(
        self, node_id: str, scope: Scope, sink: EventSink, iteration: tuple[int, ...], loop: LoopState | None
    ) -> NodeOutcome:
        """Run one node (in this thread), with its events and report; never raises."""
        node = self.doc.nodes[node_id]
        if node.type in DECORATION:
            return NodeOutcome()
        started_ms, started = now_ms(), time.perf_counter()
        self._report_begin(node, started_ms)
        sink.emit(events.NODE_STARTED, {"node_id": node.id, "type": node.type, "title": node.title})
        if node.type in SLOW:
            sink.flush()
        ctx = NodeContext(self, node, scope, scoped(sink, f"node:{node.id}"), sink, iteration, loop)
        try:
            if self.stop.cancelled:
                raise Cancelled
            outcome = EXECUTORS[node.type](ctx)
        except Cancelled:
            outcome = NodeOutcome(status=CANCELLED)
        except DomainError as exc:
            outcome = NodeOutcome(status=FAILED, error=exc.as_dict())
        except ToolError as exc:
            outcome = NodeOutcome(status=FAILED, error={"code": "node_failed", "message": str(exc)})
        except Exception:
            log.exception("workflow node %s (%s) failed", node.id, node.type)
            outcome = NodeOutcome(status=FAILED, error=dict(INTERNAL_NODE_ERROR))
        if outcome.inputs is None:
            outcome.inputs = ctx.shown_inputs or {}
        if outcome.error is not None:
            outcome.error = {**outcome.error, "message": self.secrets.text(str(outcome.error.get("message", "")))}
        if outcome.status == SUCCEEDED:
            scope.set_outputs(node.id, outcome.outputs, node.data.get("outputs"))
        duration_ms = int((time.perf_counter() - started) * 1000)
        self._report_end(node, outcome, ctx, started_ms, duration_ms, iteration)
        finished = {
            "node_id": node.id,
            "type": node.type,
            "title": node.title,
            "status": outcome.status,
            "duration_ms": duration_ms,
            "outputs": self.secrets.scrub(outcome.outputs, EVENT_LIMITS),
            "error": outcome.error,
        }
        if outcome.branch is not None:
            finished["branch"] = outcome.branch
        sink.emit(events.NODE_FINISHED, finished)
        sink.flush()
        if outcome.status == FAILED:
            self._fail(node, outcome.error or {})
        return outcome

    def _skip(self, node: Node, sink: EventSink, iteration: tuple[int, ...]) -> None:
        if node.type in DECORATION:
            return
        with self._lock:
            if self.closed:
                return
            report = self._report(node)
            if report.runs == 0:
                report.status = SKIPPED
        sink.emit(
            events.NODE_FINISHED,
            {
                "node_id": node.id,
                "type": node.type,
                "title": node.title,
                "status": SKIPPED,
                "duration_ms": 0,
                "outputs": {},
                "error": None,
            },
        )

    def _fail(self, node: Node, error: dict) -> None:
        with self._lock:
            if self.failure is None:
                message = f"Node {node.label} failed: {error.get('message', 'it failed')}"
                self.failure = {"code": error.get("code") or "node_failed", "message": message, "node_id": node.id}
                self.message("error", error.get("message", ""), node.id)
        self.stop.cancel()

    def message(self, type_: str, text: str, node_id: str | None = None) -> None:
        entry = {"type": type_, "message": self.secrets.text(text), "timestamp": now_ms()}
        if node_id:
            entry["node_id"] = node_id
        self.messages.append(entry)

    def add_usage(self, usage: dict | None, model: str = "") -> None:
        if not usage:
            return
        with self._lock:
            for key in ("prompt_tokens", "completion_tokens", "total_tokens"):
                self.usage[key] += int(usage.get(key) or 0)
            if usage.get("estimated"):
                self.usage["estimated"] = True
            if model and not self.model:
                self.model = model

    # -- reports ------------------------------------------------------------------------------

    def _report(self, node: Node) -> NodeReport:
        report = self.reports.get(node.id)
        if report is None:
            report = self.reports[node.id] = NodeReport(id=node.id, type=node.type, title=node.title)
        return report

    def _report_begin(self, node: Node, started_ms: int) -> None:
        with self._lock:
            if self.closed:
                return
            report = self._report(node)
            report.status = PROCESSING
            report.runs += 1
            if report.started_at is None:
                report.started_at = started_ms

    def _report_end(self, node, outcome: NodeOutcome, ctx: NodeContext, started_ms, duration_ms, iteration) -> None:
        ended_ms = now_ms()
        inputs = self.secrets.scrub(outcome.inputs, REPORT_LIMITS)
        outputs = self.secrets.scrub(outcome.outputs, REPORT_LIMITS)
        snapshot = {
            "iteration": list(iteration),
            "status": outcome.status,
            "inputs": self.secrets.scrub(inputs, SNAPSHOT_LIMITS),
            "outputs": self.secrets.scrub(outputs, SNAPSHOT_LIMITS),
            "error": outcome.error,
            "branch": outcome.branch,
            "started_at": started_ms,
            "ended_at": ended_ms,
            "duration_ms": duration_ms,
        }
        if ctx.notes:
            snapshot["notes"] = list(ctx.notes)
        if outcome.logs:
            snapshot["logs"] = self.secrets.scrub(outcome.logs, SNAPSHOT_LIMITS)
        kind = "llm" if outcome.usage else "tool" if outcome.tool else "node"
        step = {
            "kind": kind,
            "name": outcome.model or outcome.tool or node.id,
            "node_id": node.id,
            "type": node.type,
            "started_at": started_ms,
            "duration_ms": duration_ms,
            "ok": outcome.status == SUCCEEDED,
        }
        if outcome.usage:
            step["usage"] = outcome.usage
        with self._lock:
            if self.closed:
                return
            report = self._report(node)
            report.status = _merge_status(report, outcome.status)
            report.ended_at = ended_ms
            report.duration_ms += duration_ms
            report.inputs, report.outputs = inputs, outputs
            report.error, report.branch = outcome.error, outcome.branch
            if outcome.iterations is not None:
                report.iterations = outcome.iterations
            if outcome.logs:
                report.logs = self.secrets.scrub(outcome.logs, REPORT_LIMITS)
            if outcome.usage:
                total = report.usage or {}
                report.usage = {
                    k: int(total.get(k, 0)) + int(outcome.usage.get(k) or 0)
                    for k in ("prompt_tokens", "completion_tokens", "total_tokens")
                }
            for note in ctx.notes:
                if note not in report.notes:
                    report.notes.append(note)
            if len(report.snapshots) < MAX_SNAPSHOTS:
                report.snapshots.append(snapshot)
            else:
                report.dropped_snapshots += 1
            self.steps.append(step)
        self.add_usage(outcome.usage, outcome.model)


def _merge_status(report: NodeReport, latest: str) -> str:
    """A node that ran several times: failed or cancelled once stays so; otherwise its latest status."""
    if report.status in (FAILED, CANCELLED) and report.runs > 1:
        return report.status
    return latest


def _global_scope(doc: Document) -> Scope:
    scope = Scope()
    for key, prop in properties_of(doc.global_declare).items():
        if isinstance(prop, Mapping):
            type_ = prop.get("type") if isinstance(prop.get("type"), str) else None
            items = prop.get("items", {}).get("type") if isinstance(prop.get("items"), Mapping) else None
            scope.set("global", key, parse_json_content(prop.get("default"), type_), type_, items)
    return scope


def _known_secrets(doc: Document, run: WorkflowRun, scope: Scope) -> None:
    """Mask the model keys the run will use from the start: a key given as a workflow input or a
    global variable shows up in the start node's outputs before the llm node reads it."""
    start_id = doc.start.id
    for node in doc.nodes.values():
        values = node.data.get("inputsValues")
        key = values.get("apiKey") if node.type in (LLM, AGENT) and isinstance(values, Mapping) else None
        parts = ref_parts(key)
        if isinstance(key, Mapping) and key.get("type") == "constant":
            run.secrets.add(key.get("content"))
        elif parts and parts[0] == start_id:
            run.secrets.add(walk(run.inputs.get(parts[1]), parts[2:]))
        elif parts:
            found = scope.lookup(parts[0], parts[1], parts[2:])
            run.secrets.add(found.value if found is not None else None)


def run_workflow(schema: Mapping, inputs: Mapping | None, *, env: Env) -> WorkflowResult:
    """Validate and run a workflow; emits node events and ``workflow_finished``; never raises for node failures."""
    started = now_ms()
    inputs = dict(inputs or {})
    errors = validate(schema, inputs, code_runner_available=env.code is not None)
    if errors:
        message = "The workflow is not valid: " + " ".join(errors)
        result = WorkflowResult(
            status=FAILED,
            error={"code": "invalid_request", "message": message},
            inputs={},
            started_at=started,
            messages=[{"type": "error", "message": e, "timestamp": started} for e in errors],
            ended_at=now_ms(),
        )
        _finish(env.sink, result, Secrets())
        return result
    doc = Document(schema)
    run = WorkflowRun(doc, env, apply_defaults(schema, inputs))
    scope = _global_scope(doc)
    _known_secrets(doc, run, scope)
    unlink = env.cancel.on_cancel(run.stop.cancel)
    try:
        run.run_canvas(ROOT, doc.start.id, scope, run.sink, ())
    finally:
        unlink()
        with run._lock:
            run.closed = True
    if env.cancel.cancelled:
        status, error = CANCELLED, None
    elif run.failure is not None:
        status, error = FAILED, run.failure
    else:
        status, error = SUCCEEDED, None
        if run.outputs is None:
            run.message("warning", "The end node was not reached; the workflow has no outputs.")
    for report in run.reports.values():
        if report.status == PROCESSING:
            report.status = CANCELLED
    result = WorkflowResult(
        status=status,
        outputs=run.secrets.scrub(run.outputs or {}),
        error=error,
        reports=run.reports,
        usage=dict(run.usage),
        steps=run.steps,
        messages=run.messages,
        inputs=run.secrets.scrub(run.inputs),
        model=run.model,
        started_at=started,
        ended_at=now_ms(),
    )
    _finish(run.sink, result, run.secrets)
    run.sink.close()
    return result


def _finish(sink: EventSink, result: WorkflowResult, secrets: Secrets) -> None:
    sink.emit(
        events.WORKFLOW_FINISHED, {"status": result.status, "outputs": secrets.scrub(result.outputs, EVENT_LIMITS)}
    )
    sink.flush()
