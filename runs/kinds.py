"""Run kinds: what a kind of work (a chat turn, a workflow…) plugs into the spine.

The spine owns admission, the event stream, liveness, cancel, reports, usage
and delivery. A kind owns only what makes it different:

* ``execute(spec, ctx)`` runs in the worker, in plain Python (no Celery, Redis
  or Channels), emits events through ``ctx.sink`` and returns an
  :class:`Outcome`;
* ``persist(run, outcome, timings=…)`` stores the kind's own record (a chat
  turn's assistant message) before the terminal event is written, so a client
  that sees ``result`` finds it in the history;
* ``interrupted(run, status=…, text=…, error=…)`` builds the outcome of a run
  that never executed or whose worker died (cancelled while queued, a crash,
  ``worker_lost``) from the text its stream carried, so ``persist`` can store
  what the person saw.

Kinds register themselves in their app's ``ready()``; the worker's one Celery
task looks the kind up by the name in the run's spec.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from runs.metering import UsageMeter


class CancelToken:
    """Set once when the run is asked to stop; work in flight may register callbacks to abort.

    The worker's heartbeat sets it within one beat of the cancel flag
    appearing, streaming or not (a slow HTTP request, a tool, a queued node),
    so blocking work can be interrupted instead of finishing first.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            with contextlib.suppress(Exception):  # aborting in-flight work is best effort
                callback()

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback`` on cancel (at once if already cancelled); returns a function that unregisters it."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)

                def unregister() -> None:
                    with self._lock:
                        if callback in self._callbacks:
                            self._callbacks.remove(callback)

                return unregister
        callback()
        return lambda: None

    def wait(self, timeout: float | None = None) -> bool:
        return self._event.wait(timeout)


class EventSink(Protocol):
    """Where a kind sends events. Text is buffered until :meth:`flush`."""

    def emit(self, type: str, data: Any, *, scope: Sequence[str] | None = None) -> None: ...

    def flush(self) -> None: ...

    @property
    def cancelled(self) -> bool: ...


class ScopedSink:
    """A sink for nested work (a sub-agent, a workflow node, a loop iteration): every event it
    emits carries ``scope`` in front of its own, on the parent's stream."""

    def __init__(self, parent: EventSink, scope: Sequence[str]) -> None:
        self.parent = parent
        self.scope = tuple(scope)

    def emit(self, type: str, data: Any, *, scope: Sequence[str] | None = None) -> None:
        self.parent.emit(type, data, scope=self.scope + tuple(scope or ()))

    def flush(self) -> None:
        self.parent.flush()

    @property
    def cancelled(self) -> bool:
        return self.parent.cancelled

    def scoped(self, *scope: str) -> ScopedSink:
        return ScopedSink(self.parent, self.scope + scope)


@dataclass
class RunContext:
    """What the spine hands a kind's ``execute``: who, which run, where events go, how to stop, what it spent.

    ``meter`` holds the run's usage and budget: every model call records into
    it (``providers.gateway.ModelGateway``), and the run closes with its total.
    """

    run_id: str
    user_id: int
    is_staff: bool
    sink: EventSink
    cancel: CancelToken
    trace_id: str = ""
    conversation_id: str = ""
    meter: UsageMeter = field(default_factory=UsageMeter)


@dataclass
class Outcome:
    """How a run ended, as the kind reports it to the spine.

    ``result`` is the data of the terminal ``result`` (or ``cancelled``) event;
    ``report`` holds the kind's own fields for the run report (node reports,
    outputs…); ``record`` is whatever :meth:`RunKind.persist` needs.
    """

    status: str  # succeeded | failed | cancelled
    result: dict = field(default_factory=dict)
    error: dict | None = None
    usage: dict | None = None
    model: str = ""
    steps: list[dict] = field(default_factory=list)
    finish_reason: str | None = None
    report: dict = field(default_factory=dict)
    record: Any = None


class RunKind(Protocol):
    name: str

    def execute(self, spec: dict, ctx: RunContext) -> Outcome: ...

    def persist(self, run: dict, outcome: Outcome, *, timings: dict) -> None: ...

    def interrupted(self, run: dict, *, status: str, text: str, error: dict | None) -> Outcome: ...


_kinds: dict[str, RunKind] = {}


def register(kind: RunKind) -> RunKind:
    """Make a kind runnable by name (idempotent for the same object)."""
    existing = _kinds.get(kind.name)
    if existing is not None and existing is not kind and type(existing) is not type(kind):
        raise ValueError(f"another run kind is registered as {kind.name!r}")
    _kinds[kind.name] = kind
    return kind


def get(name: str) -> RunKind:
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"no run kind {name!r} is registered") from None
