"""The backend of workflow ``code`` nodes: FlowGram's ``main({ params })`` contract in the sandbox.

The workflow engine gets ``Env.code`` from :func:`code_runner` — a callable
taking the engine's :class:`~workflows.engine.interface.CodeRequest`
(``language``, ``source``, ``params``, ``timeout``, ``cancel``) and returning
its :class:`~workflows.engine.interface.CodeResult` (``outputs``, ``error``,
``logs``) — or ``None`` when no sandbox can run here (the engine then refuses
code nodes at validation). Cancelling the run kills the sandbox. ``runner.languages`` says which
languages it runs: ``javascript`` (FlowGram's own, with node) where node is
installed, and ``python`` always.

The contract, for both languages::

    async function main({ params }) { return { key0: params.input }; }    // javascript
    def main(args):  return {"key0": args["params"]["input"]}              # python

``params`` (the node's resolved inputs) is also a variable in scope in
JavaScript, as in FlowGram's runtime. Like that runtime, a returned object
becomes the node's outputs and anything else becomes ``{"result": value}``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sandbox import quota
from sandbox.service import default_limits, sandbox_availability, sandbox_execute
from sandbox.types import Execution, SandboxUnavailable
from workflows.engine.interface import CodeRequest, CodeResult

LOG_CHARS = 20_000


def outputs_of(value: Any) -> dict[str, Any]:
    """FlowGram's rule: an object is the outputs, anything else is wrapped as ``{"result": value}``."""
    return value if isinstance(value, dict) else {"result": value}


class CodeRunner:
    """``CodeRequest -> CodeResult`` for one user's workflow run; never raises for the code's own failures."""

    def __init__(self, languages: tuple[str, ...], *, user_id: int | None) -> None:
        self.languages = frozenset(languages)
        self.user_id = user_id

    def __call__(self, request: CodeRequest) -> CodeResult:
        if request.language not in self.languages:
            return CodeResult(error=f"code nodes in {request.language!r} cannot run here")
        limits = default_limits()
        if request.timeout:
            limits = dataclasses.replace(limits, wall_seconds=min(limits.wall_seconds, request.timeout))
        execution = Execution(
            code=request.source, language=request.language, mode="main", params=request.params, cancel=request.cancel
        )
        try:
            if self.user_id is None:
                result = sandbox_execute(dataclasses.replace(execution, limits=limits))
            else:
                with quota.execution_slot(user_id=self.user_id, lease_seconds=limits.wall_seconds + 30) as left:
                    limits = dataclasses.replace(limits, cpu_seconds=min(limits.cpu_seconds, left))
                    result = sandbox_execute(dataclasses.replace(execution, limits=limits))
                    quota.cpu_charge(user_id=self.user_id, cpu_ms=quota.charged_ms(result, limits))
        except (quota.QuotaExceeded, SandboxUnavailable) as exc:
            return CodeResult(error=str(exc))
        logs = (result.stdout + result.stderr)[-LOG_CHARS:]
        if result.error:
            message = f"{result.error.get('type')}: {result.error.get('message')}"
            return CodeResult(error=message, logs=logs)
        if not result.ok:
            return CodeResult(error=result.message, logs=logs)
        return CodeResult(outputs=outputs_of(result.output), logs=logs)


def code_runner(*, user_id: int | None = None) -> CodeRunner | None:
    """The runner for one user's workflow code nodes (``Env.code``), or None when no sandbox can run code here.

    With ``user_id`` the executions count against that user's sandbox quotas (concurrency, daily CPU).
    """
    availability = sandbox_availability()
    if not availability.available:
        return None
    return CodeRunner(availability.languages, user_id=user_id)
