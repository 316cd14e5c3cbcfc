"""What a node's executor gets (:class:`NodeContext`) and gives back (:class:`NodeOutcome`)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from runs.kinds import CancelToken, EventSink
from workflows.engine.interface import Cancelled, Env
from workflows.engine.reports import SUCCEEDED
from workflows.engine.values import Scope, resolve_inputs

if TYPE_CHECKING:
    from workflows.engine.document import Document, Node
    from workflows.engine.redaction import Secrets

T = TypeVar("T")


@dataclass
class NodeOutcome:
    """How one run of a node ended. ``inputs`` are what the report shows (secrets already masked)."""

    status: str = SUCCEEDED
    outputs: dict = field(default_factory=dict)
    branch: str | None = None
    error: dict | None = None
    usage: dict | None = None
    model: str = ""  # the model that answered (llm and agent nodes)
    tool: str = ""  # the tool that ran (tool nodes)
    inputs: dict | None = None
    iterations: list[dict] | None = None  # loop nodes
    logs: str = ""  # what a code node printed


class LoopState:
    """One loop iteration: set by a ``break`` or ``continue`` node inside it."""

    __slots__ = ("signal",)

    def __init__(self) -> None:
        self.signal: str | None = None


@dataclass
class NodeContext:
    run: Any  # workflows.engine.runtime.WorkflowRun
    node: Node
    scope: Scope
    sink: EventSink  # this node's own scope: its tokens and nested work
    canvas_sink: EventSink  # where this node's own node_* events go
    iteration: tuple[int, ...]
    loop: LoopState | None
    shown_inputs: dict | None = None  # what the report shows as inputs, if the executor set it
    notes: list[str] = field(default_factory=list)

    @property
    def env(self) -> Env:
        return self.run.env

    @property
    def doc(self) -> Document:
        return self.run.doc

    @property
    def stop(self) -> CancelToken:
        return self.run.stop

    @property
    def secrets(self) -> Secrets:
        return self.run.secrets

    @property
    def data(self) -> dict:
        return self.node.data

    def inputs(self) -> dict:
        """The node's inputs from ``inputsValues`` and its ``inputs`` schema."""
        values = resolve_inputs(self.data.get("inputsValues"), self.data.get("inputs"), self.scope, notes=self.notes)
        self.shown_inputs = values
        return values


def wait_cancellable(call: Callable[[], T], stop: CancelToken, *, name: str) -> T:
    """Run a blocking ``call`` in a helper thread; return its result, or raise :class:`Cancelled` at once on stop.

    The helper is left to finish on its own (the caller aborts what it can,
    e.g. by closing the connection, through ``stop.on_cancel``).
    """
    results: queue.SimpleQueue = queue.SimpleQueue()

    def target() -> None:
        try:
            results.put((True, call()))
        except BaseException as exc:  # handed to the waiting thread, raised there
            results.put((False, exc))

    unregister = stop.on_cancel(lambda: results.put((None, None)))
    try:
        threading.Thread(target=target, name=name, daemon=True).start()
        ok, value = results.get()
    finally:
        unregister()
    if ok is None:
        raise Cancelled
    if not ok:
        raise value
    return value
