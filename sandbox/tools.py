"""The agent tool ``run_python``: run code in the sandbox, as the requesting user.

Code in; stdout, stderr, the value of the last expression and the files it
produced out. Figures and files are stored (``sandbox.files``) and travel as
ids and URLs: the person sees the images inline, the model sees their names.
Per user, ``SANDBOX_RUNS_PER_USER`` executions may run at once and
``SANDBOX_DAILY_CPU_SECONDS`` of CPU may be used a day (``sandbox.quota``).
The tool is hidden when no sandbox backend can run here.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from typing import Any

from django.conf import settings

from sandbox import files, quota
from sandbox.service import default_limits, sandbox_availability, sandbox_execute
from sandbox.types import Execution, ExecutionResult, SandboxUnavailable
from tools.registry import Tool, ToolContext, ToolError

log = logging.getLogger(__name__)

MAX_CODE_CHARS = 50_000
MODEL_STREAM_CHARS = 8_000  # of stdout and of stderr, for the model
VISIBLE_STREAM_CHARS = 20_000  # of stdout and of stderr, for the person
VISIBLE_CODE_CHARS = MAX_CODE_CHARS


def _clip(text: str, limit: int) -> str:
    """Head and tail of a long text, with how much was left out in between."""
    if len(text) <= limit:
        return text
    head = text[: limit * 3 // 4]
    tail = text[-(limit // 4) :]
    return f"{head}\n… [{len(text) - len(head) - len(tail)} characters omitted] …\n{tail}"


def run_python(arguments: dict, ctx: ToolContext) -> dict[str, Any]:
    code = arguments["code"]
    if not code.strip():
        raise ToolError("code must not be empty")
    limits = default_limits()
    try:
        with quota.execution_slot(user_id=ctx.user_id, lease_seconds=limits.wall_seconds + 30) as cpu_left:
            limits = dataclasses.replace(limits, cpu_seconds=min(limits.cpu_seconds, cpu_left))
            # The run's cancel token (ToolContext.cancel): cancelling the run kills the sandbox at once.
            result = sandbox_execute(Execution(code=code, limits=limits, cancel=ctx.cancel))
            quota.cpu_charge(user_id=ctx.user_id, cpu_ms=quota.charged_ms(result, limits))
    except quota.QuotaExceeded as exc:
        raise ToolError(str(exc)) from None
    except SandboxUnavailable as exc:
        raise ToolError(f"code cannot run here: {exc}") from None
    stored = []
    if result.files:
        stored = files.files_store(
            user_id=ctx.user_id, run_id=ctx.run_id, conversation_id=ctx.conversation_id, files=result.files
        )
    return _report(code, result, stored)


def _report(code: str, result: ExecutionResult, stored: list) -> dict[str, Any]:
    produced = [
        {
            "id": str(row.id),
            "name": row.name,
            "size": row.size,
            "url": files.file_url(row.id),
            "content_type": row.content_type,
            "image": row.is_image,
            "figure": row.figure,
        }
        for row in stored
    ]
    report = {
        "status": result.status,
        "ok": result.ok,
        "stdout": result.stdout,
        "stderr": result.stderr,
        "value": result.value,
        "error": result.error,
        "message": result.message,
        "files": produced,
        "skipped_files": result.skipped_files,
        "duration_ms": result.duration_ms,
        "cpu_ms": result.cpu_ms,
        "code": code,
    }
    return report


def model_view(report: dict) -> dict[str, Any]:
    """What the model reads back: text clipped, files by name (the person already sees the images)."""
    view = {
        "status": report["status"],
        "stdout": _clip(report["stdout"], MODEL_STREAM_CHARS),
        "stderr": _clip(report["stderr"], MODEL_STREAM_CHARS),
    }
    if report["value"] is not None:
        view["value"] = report["value"]
    if report["error"]:
        view["error"] = {key: report["error"].get(key) for key in ("type", "message", "traceback")}
    if report["message"]:
        view["message"] = report["message"]
    if report["files"]:
        view["files"] = [
            {"name": item["name"], "size": item["size"], "shown_to_user": item["image"]} for item in report["files"]
        ]
    if report["skipped_files"]:
        view["files_not_returned"] = report["skipped_files"]
    return view


def visible_result(report: dict) -> dict[str, Any]:
    """What the person sees (tool_result event, history): the output and the files, never the model's view."""
    return {
        "status": report["status"],
        "ok": report["ok"],
        "stdout": _clip(report["stdout"], VISIBLE_STREAM_CHARS),
        "stderr": _clip(report["stderr"], VISIBLE_STREAM_CHARS),
        "value": report["value"],
        "error": report["error"],
        "message": report["message"],
        "files": report["files"],
        "duration_ms": report["duration_ms"],
    }


class _ModelText(str):
    """The model's JSON text of a call, carrying the full report for what the person sees."""

    report: dict


def model_view_result(report: dict) -> _ModelText:
    text = _ModelText(json.dumps(model_view(report), ensure_ascii=False))
    text.report = report
    return text


def _available(ctx: ToolContext) -> bool:
    return sandbox_availability().available


RUN_PYTHON = Tool(
    name="run_python",
    alias="Python",
    description=(
        "Run Python 3.11 code in an isolated sandbox and get back stdout, stderr, the value of the last "
        "expression and any files the code wrote to its working directory. numpy, pandas and matplotlib "
        "are installed; there is no network and nothing else can be installed. Use it for calculations, "
        "data analysis and plots: a matplotlib figure left open (or plt.show()) is shown to the user as an "
        "image. Each call starts from an empty directory; nothing persists between calls."
    ),
    parameters={
        "type": "object",
        "properties": {
            "code": {"type": "string", "minLength": 1, "maxLength": MAX_CODE_CHARS, "description": "Python source"},
        },
        "required": ["code"],
        "additionalProperties": False,
    },
    func=lambda arguments, ctx: model_view_result(run_python(arguments, ctx)),
    output_rules=(
        "The result is what the code really printed and returned; report numbers from it, never guess them. "
        "If status is not ok or there is an error, explain it and fix the code rather than inventing output. "
        "Plots and files listed with shown_to_user are already displayed to the user: mention them, do not "
        "write image links or base64."
    ),
    visible_args=lambda a: {"code": a.get("code", "")[:VISIBLE_CODE_CHARS], "language": "python"},
    visible_result=lambda r: visible_result(r.report),
    timeout=settings.SANDBOX_WALL_SECONDS + 30,
    available=_available,
)
