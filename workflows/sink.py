"""The sink a workflow run hands the runtime (worker side).

It sits between the runtime and the run's stream writer and does three things:

* **one writer at a time** — independent nodes run concurrently and all emit
  into the one run stream; the stream writer buffers per run, so emits and
  flushes are serialised here;
* **no secrets** — every event's data has the run's secret values scrubbed
  (:mod:`workflows.redaction`);
* **the answer** — for chat and SpotLight runs, the tokens of the *answer
  node* (a top-level llm or agent node the end node outputs directly) are also
  emitted as the run's own, top-level ``token`` events the moment they arrive,
  so the answer streams live even behind a condition or a loop; what streamed
  top-level is exactly the answer that is stored.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any

from runs.events import TOKEN, WORKFLOW_FINISHED
from runs.kinds import EventSink, ScopedSink
from workflows.redaction import scrub_forms, secret_forms

ANSWER_NODE_TYPES = frozenset({"llm", "agent"})
ANSWER_KEYS = ("answer", "result", "output", "text", "content", "message", "reply")


def answer_nodes(document: dict) -> tuple[str, ...]:
    """Top-level llm/agent nodes whose ``result`` an end node outputs as it is, in the end's order."""
    top = {node.get("id"): node.get("type") for node in document.get("nodes") or () if isinstance(node, dict)}
    found: list[str] = []
    for node in document.get("nodes") or ():
        if not isinstance(node, dict) or node.get("type") != "end":
            continue
        values = (node.get("data") or {}).get("inputsValues") or {}
        ordered = sorted(values.items(), key=lambda kv: (kv[0] not in ANSWER_KEYS, kv[0]))
        for _, value in ordered:
            content = value.get("content") if isinstance(value, dict) else None
            if (
                isinstance(value, dict)
                and value.get("type") == "ref"
                and isinstance(content, list)
                and len(content) == 2
                and content[1] == "result"
                and top.get(content[0]) in ANSWER_NODE_TYPES
                and content[0] not in found
            ):
                found.append(content[0])
    return tuple(found)


def answer_text(outputs: Any) -> str:
    """The answer in a workflow's outputs when no answer node streamed one (a constant, a code result…)."""
    if isinstance(outputs, str):
        return outputs
    if not isinstance(outputs, dict) or not outputs:
        return ""
    for key in ANSWER_KEYS:
        if isinstance(outputs.get(key), str):
            return outputs[key]
    strings = [value for value in outputs.values() if isinstance(value, str)]
    if len(outputs) == 1 and strings:
        return strings[0]
    import json

    return json.dumps(outputs, ensure_ascii=False, indent=2)


class WorkflowSink:
    """See the module docstring. ``answer_from`` are the answer node ids (empty: no top-level text)."""

    def __init__(self, parent: EventSink, *, secrets: Iterable[str] = (), answer_from: Sequence[str] = ()) -> None:
        self.parent = parent
        self._secrets = {s for s in secrets if s}
        self._forms = secret_forms(self._secrets)
        self._lock = threading.RLock()
        self._answer_scopes = {("node:" + node_id,): node_id for node_id in answer_from}
        self.answer_node: str | None = None  # the node whose tokens became the answer (the first to stream)
        self._answer: list[str] = []
        self._finished: tuple[Any, Sequence[str] | None] | None = None

    def add_secret(self, value: str) -> None:
        with self._lock:
            if value and value not in self._secrets:
                self._secrets.add(value)
                self._forms = secret_forms(self._secrets)

    @property
    def secrets(self) -> frozenset[str]:
        return frozenset(self._secrets)

    def scrub(self, value: Any) -> Any:
        return scrub_forms(value, self._forms) if self._forms else value

    def emit(self, type: str, data: Any, *, scope: Sequence[str] | None = None) -> None:
        with self._lock:
            if self._forms:
                data = scrub_forms(data, self._forms)
            if type == WORKFLOW_FINISHED and not scope:
                self._finished = (data, scope)  # held until the answer is complete (release_finished)
                return
            self.parent.emit(type, data, scope=scope)
            if type == TOKEN and scope and self._answer_scopes:
                node_id = self._answer_scopes.get(tuple(scope))
                if node_id is not None and self.answer_node in (None, node_id):
                    self.answer_node = node_id
                    self._answer.append(data)
                    self.parent.emit(TOKEN, data)

    def emit_answer(self, text: str) -> None:
        """The answer as top-level text when no answer node streamed it."""
        if text:
            with self._lock:
                text = self.scrub(text)
                self._answer.append(text)
                self.parent.emit(TOKEN, text)

    def release_finished(self) -> None:
        """Emit the held ``workflow_finished``: after the answer, so it is the run's last word before the end."""
        with self._lock:
            if self._finished is not None:
                data, scope = self._finished
                self._finished = None
                self.parent.emit(WORKFLOW_FINISHED, data, scope=scope)

    @property
    def answer(self) -> str:
        """Exactly the top-level text this run streamed."""
        return "".join(self._answer)

    def flush(self) -> None:
        with self._lock:
            self.parent.flush()

    @property
    def cancelled(self) -> bool:
        return self.parent.cancelled

    def scoped(self, *scope: str) -> ScopedSink:
        return ScopedSink(self, scope)
