"""Starting a workflow run (web side): the workflow kind's admission.

Every way a workflow runs — a stored workflow by id, a FlowGram task, the
SpotLight ``/v1/run_workflow`` endpoint, a chat bound to a workflow — comes
through :func:`workflow_run_start`: the runtime's cheap validation (shape,
start/end nodes, edges, cycles, references, inputs against the start node's
schema), the start node's defaults, the person's budget, then the spine's
admission and one Celery task. Nothing is queued for a workflow that cannot run.

The document, the inputs and any per-request secrets (a SpotLight model key,
vault values) travel to the worker *sealed* (Fernet, the HTTP-tool secrets
key), so the broker holds no API key in clear text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from django.conf import settings

from runs import reports
from runs import usage as usage_costs
from runs.web.admission import admitted
from tomato_agent.errors import InvalidRequest
from tools.secrets import secret_encrypt
from workflows.documents import secret_values
from workflows.redaction import scrub

KIND = "workflow"
SOURCES = frozenset({"workflow", "task", "spotlight", "chat"})


class WorkflowInvalid(InvalidRequest):
    """The workflow (or its inputs) cannot run; ``errors`` names the nodes and what to fix."""

    def __init__(self, errors: list[str]) -> None:
        shown = "; ".join(errors[:5]) + (f" (and {len(errors) - 5} more)" if len(errors) > 5 else "")
        super().__init__(f"The workflow cannot run: {shown}")
        self.errors = list(errors)

    def as_dict(self) -> dict:
        return {**super().as_dict(), "errors": self.errors}


def code_runner_available() -> bool:
    """Whether code nodes can run: only once a real sandbox backend exists (never unsandboxed)."""
    from workflows.environment import code_runner

    return code_runner() is not None


def schema_errors(document: dict, inputs: dict | None = None) -> list[str]:
    """The runtime's validation of a document (and of inputs, when given): readable strings, [] when valid."""
    from workflows import engine

    return list(engine.validate(document, inputs, code_runner_available=code_runner_available()))


@dataclass(frozen=True)
class StartedWorkflowRun:
    run_id: str
    workflow_id: int | None
    version: int | None
    created_at: float
    inputs: dict = field(default_factory=dict)


SEAL_INFO = b"tomato-agent/workflows/run-spec/v1"


def seal(payload: dict) -> str:
    """The worker's part of a run's spec, encrypted (it may hold an API key or vault values)."""
    return secret_encrypt(orjson.dumps(payload).decode(), info=SEAL_INFO)


_UNSET: Any = object()


def workflow_run_start(
    *,
    user,
    document: dict,
    inputs: Any,
    source: str,
    workflow=None,
    trace_id: str = "",
    runtime: dict | None = None,
    secrets: set[str] | None = None,
    answer: bool = False,
    report_extra: dict | None = None,
    mode: str = "graph",
    budget=_UNSET,
) -> StartedWorkflowRun:
    """Validate, admit and enqueue a workflow run; its events follow on ``run:{run_id}``.

    ``runtime`` holds per-request settings the worker needs (a SpotLight model,
    tools, vault, messages); ``secrets`` are values to scrub from everything the
    run stores or emits; ``answer`` streams the answer node's tokens as the run's
    own (top-level) text, for chat and SpotLight clients. ``budget`` is what
    :func:`runs.usage.budget_left` says (looked up here when not given: async
    callers look it up in Django's thread and run the rest outside it, so
    concurrent starts do not queue behind one another).
    """
    if source not in SOURCES:
        raise ValueError(f"unknown workflow run source {source!r}")
    if inputs is None:
        inputs = {}
    if not isinstance(inputs, dict):
        raise InvalidRequest("inputs must be a JSON object.")
    from workflows import engine

    if mode == "graph":
        errors = schema_errors(document, inputs)
        if errors:
            raise WorkflowInvalid(errors)
        inputs = engine.apply_defaults(document, inputs)
    if budget is _UNSET:
        budget = usage_costs.budget_left(user_id=user.id)
    hidden = set(secrets or ()) | (secret_values(document, inputs) if mode == "graph" else set())
    shown_inputs = scrub(inputs, hidden)
    report_fields = {
        "workflow_id": workflow.pk if workflow is not None else None,
        "workflow_version": workflow.version if workflow is not None else None,
        "workflow_name": workflow.name if workflow is not None else None,
        "source": source,
        "trace_id": trace_id,
        **(report_extra or {}),
    }
    # The staff vault serves only documents a staff member wrote: nobody sends a staff secret to a URL of theirs.
    author = workflow.owner if workflow is not None else user
    runtime = {**(runtime or {}), "staff_vault": bool(author.is_staff)}
    sealed = seal({"schema": document, "inputs": inputs, "runtime": runtime, "secrets": sorted(hidden)})
    with admitted(user=user, conversation_id=None) as run:
        run.enqueue(
            kind=KIND,
            session={"workflow_id": report_fields["workflow_id"], "source": source},
            spec={
                "mode": mode,
                "sealed": sealed,
                "answer": answer,
                "budget": budget,
                "trace_id": trace_id,
                "report_fields": report_fields,
            },
        )
    reports.report_record_queued(
        run_id=run.run_id,
        user_id=user.id,
        kind=KIND,
        model=settings.LLM_MODEL,
        created_at=datetime.fromtimestamp(run.created_at, UTC),
        fields={**report_fields, "inputs": shown_inputs},
    )
    return StartedWorkflowRun(
        run_id=run.run_id,
        workflow_id=report_fields["workflow_id"],
        version=report_fields["workflow_version"],
        created_at=run.created_at,
        inputs=shown_inputs,
    )
