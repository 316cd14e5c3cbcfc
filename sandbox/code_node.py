"""The backend of workflow ``code`` nodes: FlowGram's ``main({ params })`` contract in the sandbox.

The workflow engine gets ``env.code`` from :func:`code_runner` — a callable
``CodeRequest -> CodeResult``, or ``None`` when no sandbox can run here (the
engine then refuses code nodes at validation). ``runner.languages`` says which
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
from dataclasses import dataclass, field
from typing import Any

from sandbox import quota
from sandbox.service import default_limits, sandbox_availability, sandbox_execute
from sandbox.types import Execution, SandboxUnavailable

LOG_CHARS = 20_000


@dataclass(frozen=True)
class CodeRequest:
    language: str  # FlowGram's script.language: "javascript" or "python"
    code: str  # script.content
    params: dict[str, Any] = field(default_factory=dict)
    user_id: int | None = None  # whose quota (concurrency, daily CPU) the execution counts against
    timeout_seconds: float | None = None  # at most SANDBOX_WALL_SECONDS


@dataclass
class CodeResult:
    ok: bool
    outputs: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # a sentence for the node's error, with the code's own message
    logs: str = ""  # what the code printed (stdout, then stderr), clipped
    duration_ms: int = 0


def outputs_of(value: Any) -> dict[str, Any]:
    """FlowGram's rule: an object is the outputs, anything else is wrapped as ``{"result": value}``."""
    return value if isinstance(value, dict) else {"result": value}


class CodeRunner:
    """``CodeRequest -> CodeResult``; never raises for the code's own failures."""

    def __init__(self, languages: tuple[str, ...]) -> None:
        self.languages = frozenset(languages)

    def __call__(self, request: CodeRequest) -> CodeResult:
        if request.language not in self.languages:
            return CodeResult(ok=False, error=f"code nodes in {request.language!r} cannot run here")
        limits = default_limits()
        if request.timeout_seconds:
            limits = dataclasses.replace(limits, wall_seconds=min(limits.wall_seconds, request.timeout_seconds))
        execution = Execution(code=request.code, language=request.language, mode="main", params=request.params)
        try:
            if request.user_id is None:
                result = sandbox_execute(dataclasses.replace(execution, limits=limits))
            else:
                with quota.execution_slot(user_id=request.user_id, lease_seconds=limits.wall_seconds + 30) as left:
                    limits = dataclasses.replace(limits, cpu_seconds=min(limits.cpu_seconds, left))
                    result = sandbox_execute(dataclasses.replace(execution, limits=limits))
                    quota.cpu_charge(user_id=request.user_id, cpu_ms=quota.charged_ms(result, limits))
        except (quota.QuotaExceeded, SandboxUnavailable) as exc:
            return CodeResult(ok=False, error=str(exc))
        logs = (result.stdout + result.stderr)[-LOG_CHARS:]
        if result.error:
            message = f"{result.error.get('type')}: {result.error.get('message')}"
            return CodeResult(ok=False, error=message, logs=logs, duration_ms=result.duration_ms)
        if not result.ok:
            return CodeResult(ok=False, error=result.message, logs=logs, duration_ms=result.duration_ms)
        return CodeResult(ok=True, outputs=outputs_of(result.output), logs=logs, duration_ms=result.duration_ms)


def code_runner() -> CodeRunner | None:
    """The runner for workflow code nodes, or None when no sandbox backend can run code here."""
    availability = sandbox_availability()
    if not availability.available:
        return None
    return CodeRunner(availability.languages)
