"""What every backend shares: the harness's request and result, the environment, the end-of-run verdict."""

from __future__ import annotations

import base64
import json
import os
import signal
from typing import Protocol

from sandbox.environment import INSIDE_RUNTIME, INSIDE_VENV
from sandbox.process import Supervised
from sandbox.types import (
    CANCELLED,
    CPU_LIMIT,
    CRASHED,
    MEMORY_LIMIT,
    OK,
    OUTPUT_LIMIT,
    TIMEOUT,
    Availability,
    Execution,
    ExecutionResult,
    Limits,
    ProducedFile,
)

# Variables that only say how the CPU must be driven (set on some machines where an old
# OpenBLAS misdetects the processor); nothing else of the worker's environment goes in.
FORWARDED = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


class Backend(Protocol):
    name: str

    def availability(self) -> Availability: ...

    def execute(self, execution: Execution) -> ExecutionResult: ...


def sandbox_environment() -> dict[str, str]:
    """The whole environment of the code: fixed, harmless values (the canary test checks nothing else leaks)."""
    values = {
        "PATH": f"{INSIDE_VENV}/bin:/usr/bin:/bin",
        "HOME": "/work",
        "TMPDIR": "/work/.tmp",
        "USER": "sandbox",
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/work/.config/matplotlib",
        "OPENBLAS_NUM_THREADS": "2",
        "OMP_NUM_THREADS": "2",
    }
    values.update({key: os.environ[key] for key in FORWARDED if os.environ.get(key)})
    return values


def harness_command(execution: Execution, *, node: str | None, framed: bool = False) -> list[str]:
    """The sandbox's first program: the Python harness as pid 1, which runs the code (or node) in a child."""
    command = [f"{INSIDE_VENV}/bin/python", "-I", "-B", "-u", f"{INSIDE_RUNTIME}/harness.py"]
    if framed:
        command.append("--framed")
    if execution.language == "javascript":
        command += ["javascript", os.path.realpath(node or "node")]
    return command


def request_payload(execution: Execution) -> bytes:
    return json.dumps(
        {
            "code": execution.code,
            "mode": execution.mode,
            "params": execution.params,
            "limits": execution.limits.harness_view(),
            "files": {name: base64.b64encode(data).decode("ascii") for name, data in execution.files.items()},
        }
    ).encode()


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def decode_result(supervised: Supervised, limits: Limits) -> ExecutionResult:
    """Turn what the supervisor saw into a result, with a plain sentence about how it ended."""
    result = ExecutionResult(
        status=OK,
        stdout=_text(supervised.stdout),
        stderr=_text(supervised.stderr),
        exit_code=supervised.exit_code,
        signal=supervised.signal,
        duration_ms=supervised.duration_ms,
        cpu_ms=supervised.cpu_ms,
    )
    report = None
    if supervised.result:
        try:
            report = json.loads(supervised.result)
        except ValueError:
            report = None
    if isinstance(report, dict):
        _apply_report(result, report, limits)
    if supervised.killed_for == TIMEOUT:
        result.status = TIMEOUT
        result.message = f"Stopped: the code ran longer than {limits.wall_seconds:g} s (wall clock)."
    elif supervised.killed_for == CANCELLED:
        result.status = CANCELLED
        result.message = "Stopped: the run was cancelled."
    elif supervised.killed_for == OUTPUT_LIMIT:
        result.status = OUTPUT_LIMIT
        result.message = f"Stopped: the output passed {limits.output_bytes // 1024} KiB."
    elif supervised.killed_for:
        result.status = OUTPUT_LIMIT
        result.message = f"Stopped: the produced files passed {limits.files_bytes >> 20} MiB."
    elif report is None:
        _explain_crash(result, supervised, limits)
    elif result.error and result.error.get("type") == "MemoryError":
        result.status = MEMORY_LIMIT
        result.message = f"The code ran out of memory (limit {limits.memory_bytes >> 20} MiB)."
    elif result.error:
        result.message = f"The code raised {result.error.get('type')}: {result.error.get('message')}"
    return result


def _apply_report(result: ExecutionResult, report: dict, limits: Limits) -> None:
    if not report.get("ok", False):
        error = report.get("error")
        result.error = error if isinstance(error, dict) else {"type": "Error", "message": str(error)}
    value = report.get("value")
    result.value = value if isinstance(value, str) else None
    result.output = report.get("output")
    budget = limits.files_bytes
    for key, figure in (("figures", True), ("files", False)):
        for item in report.get(key) or ():
            try:
                name = os.path.normpath(str(item["name"])).lstrip("/")
                data = base64.b64decode(item["data"], validate=True)
            except (KeyError, TypeError, ValueError):
                continue
            if name.startswith("..") or len(result.files) >= limits.files_max * 2 or len(data) > budget:
                result.skipped_files.append({"name": name[:200], "size": len(data)})
                continue
            budget -= len(data)
            result.files.append(ProducedFile(name=name[:200], data=data, figure=figure))
    skipped = report.get("skipped_files") or []
    result.skipped_files += [
        {"name": str(item.get("name", ""))[:200], "size": int(item.get("size") or 0)}
        for item in skipped[:50]
        if isinstance(item, dict)
    ]


def _explain_crash(result: ExecutionResult, supervised: Supervised, limits: Limits) -> None:
    code = supervised.exit_code
    signo = supervised.signal or (code - 128 if code and code > 128 else None)
    if signo in (signal.SIGXCPU, signal.SIGKILL) and (supervised.cpu_ms or 0) >= limits.cpu_seconds * 1000 * 0.9:
        result.status = CPU_LIMIT
        result.message = f"Stopped: the code used more than {limits.cpu_seconds} s of CPU time."
        return
    result.status = CRASHED
    if signo:
        name = signal.Signals(signo).name if signo in signal.Signals._value2member_map_ else str(signo)
        result.message = f"The interpreter was killed by {name} before it reported a result."
        if signo == signal.SIGXCPU:
            result.status = CPU_LIMIT
            result.message = f"Stopped: the code used more than {limits.cpu_seconds} s of CPU time."
        elif signo == signal.SIGSEGV:
            result.message += f" (This is often the {limits.memory_bytes >> 20} MiB memory limit.)"
    else:
        result.message = f"The interpreter exited with status {code} before it reported a result."
