"""What every backend shares: the harness's request and result, the environment, the end-of-run verdict."""

from __future__ import annotations

import base64
import json
import os
import signal
import threading
import time
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
    SandboxUnavailable,
)

# Variables that only say how the CPU must be driven (set on some machines where an old
# OpenBLAS misdetects the processor); nothing else of the worker's environment goes in.
FORWARDED = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


class Backend(Protocol):
    name: str

    def availability(self) -> Availability: ...

    def execute(self, execution: Execution) -> ExecutionResult: ...


class ProbedBackend:
    """What the real backends share: availability proved by running ``print(6 * 7)`` (cached 5 min,
    30 s after a failure), and the checks before an execution.

    Subclasses set ``name``, ``node`` and ``tool_label`` and implement ``_prerequisites()`` (a reason
    the backend cannot work, or None, plus the command to use) and ``_run(execution, command)``.
    """

    name = ""
    tool_label = ""
    node: str | None = None
    PROBE_TTL_OK = 300.0
    PROBE_TTL_FAILED = 30.0

    def __init__(self) -> None:
        self._probe: tuple[float, Availability] | None = None
        self._probe_lock = threading.Lock()

    def availability(self) -> Availability:
        cached = self._probe
        if cached and time.monotonic() < cached[0]:
            return cached[1]
        with self._probe_lock:
            cached = self._probe
            if cached and time.monotonic() < cached[0]:
                return cached[1]
            answer = self._check()
            ttl = self.PROBE_TTL_OK if answer.available else self.PROBE_TTL_FAILED
            self._probe = (time.monotonic() + ttl, answer)
            return answer

    def _check(self) -> Availability:
        reason, command = self._prerequisites()
        if reason:
            return Availability(False, self.name, reason)
        result = self._run(Execution(code="print(6 * 7)"), command)
        if result.stdout.strip() != "42":
            detail = (result.stderr or result.message or result.status).strip().splitlines()
            reason = f"{self.tool_label} could not start a sandbox here: {detail[-1] if detail else 'no output'}"
            return Availability(False, self.name, reason)
        return Availability(True, self.name, "", ("python", "javascript") if self.node else ("python",))

    def execute(self, execution: Execution) -> ExecutionResult:
        availability = self.availability()
        if not availability.available:
            raise SandboxUnavailable(availability.reason)
        if execution.language not in availability.languages:
            raise SandboxUnavailable(f"{execution.language} is not available in the sandbox here")
        reason, command = self._prerequisites()
        if reason:
            raise SandboxUnavailable(reason)
        return self._run(execution, command)

    def _prerequisites(self) -> tuple[str | None, str]:
        raise NotImplementedError

    def _run(self, execution: Execution, command: str) -> ExecutionResult:
        raise NotImplementedError


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
    if code is None and signo is None and supervised.duration_ms >= limits.cpu_seconds * 1000:
        # Another part of the worker reaped the sandbox first (gevent's SIGCHLD handler), so its exit status
        # is gone. Code that ran for its whole CPU-time limit and never reported was, as far as anything
        # here can tell, stopped by that limit (RLIMIT_CPU's SIGXCPU): say so rather than "crashed".
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
