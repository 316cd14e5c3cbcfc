"""What a sandbox takes and gives back (pure: no Django, no Redis)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Language = Literal["python", "javascript"]
Mode = Literal["script", "main"]

# Why an execution ended, when it did not end by itself.
OK = "ok"  # the code finished (its own exception included: see ExecutionResult.error)
TIMEOUT = "timeout"  # wall clock: the whole process group was killed
CPU_LIMIT = "cpu_limit"  # RLIMIT_CPU
OUTPUT_LIMIT = "output_limit"  # stdout + stderr over the cap: killed
MEMORY_LIMIT = "memory_limit"  # MemoryError or a kill by the address-space limit
CRASHED = "crashed"  # the interpreter died (a signal, os._exit) before it reported
CANCELLED = "cancelled"  # the run was cancelled: killed


@dataclass(frozen=True)
class Limits:
    """Per-execution limits. Every one is enforced by the kernel or the supervisor, not by the code."""

    wall_seconds: float = 30.0
    cpu_seconds: int = 20
    memory_bytes: int = 1024 << 20  # address space (python), data segment (node)
    processes: int = 64
    file_bytes: int = 32 << 20  # largest file the code may write
    open_files: int = 256
    workdir_bytes: int = 64 << 20  # the tmpfs working directory
    output_bytes: int = 1 << 20  # stdout + stderr kept; past it the run is stopped
    files_max: int = 10
    files_bytes: int = 8 << 20  # produced files returned, in total

    def harness_view(self) -> dict[str, int]:
        return {"files_max": self.files_max, "files_bytes": self.files_bytes, "figures_max": self.files_max}


@dataclass(frozen=True)
class Execution:
    """One piece of code to run: a script (``run_python``) or a ``main({params})`` function (code nodes)."""

    code: str
    language: Language = "python"
    mode: Mode = "script"
    params: Any = None
    files: dict[str, bytes] = field(default_factory=dict)  # input files placed in the working directory
    limits: Limits = field(default_factory=Limits)
    cancel: Any = None  # anything with on_cancel(callback) (runs.kinds.CancelToken): cancelling kills the sandbox


@dataclass(frozen=True)
class ProducedFile:
    name: str
    data: bytes = field(repr=False)
    figure: bool = False  # a matplotlib figure rendered by the harness (not a file the code wrote)

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class ExecutionResult:
    status: str  # one of the module constants
    stdout: str = ""
    stderr: str = ""
    value: str | None = None  # repr of the last expression (script mode)
    output: Any = None  # main()'s return value (main mode)
    error: dict | None = None  # {"type", "message", "traceback"} of the code's exception
    files: list[ProducedFile] = field(default_factory=list)
    skipped_files: list[dict] = field(default_factory=list)
    exit_code: int | None = None
    signal: int | None = None
    duration_ms: int = 0
    cpu_ms: int | None = None  # None when the supervisor could not measure it
    message: str = ""  # a plain sentence about how it ended, for people and the model

    @property
    def ok(self) -> bool:
        return self.status == OK and self.error is None


@dataclass(frozen=True)
class Availability:
    available: bool
    backend: str
    reason: str = ""  # why not, safe to show an operator (on /health)
    languages: tuple[str, ...] = ()


class SandboxUnavailable(RuntimeError):
    """No backend can run code here; the message says why."""
