"""Start a sandbox process, feed it, read it under caps and a wall clock, and account its CPU.

Shared by every backend. The child is started with ``posix_spawn`` in a new
session (so one ``killpg`` reaches the whole group) with an empty environment
and only the descriptors it is given; nothing runs in the child between fork
and exec. Its stdout and stderr are read together under one byte cap and one
deadline; past either the group is killed. CPU time comes from ``wait4`` on
the child, which includes every process of the sandbox it waited for.

It works the same under a gevent Celery worker (``selectors`` and the reads
cooperate) and in plain threads. A pidfd says when the child has exited, so
nothing polls.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import selectors
import signal
import struct
import threading
import time
from dataclasses import dataclass

from sandbox.types import CANCELLED, OUTPUT_LIMIT, TIMEOUT

CHUNK = 64 * 1024
SETPRIV = "/usr/bin/setpriv"
DRAIN_SECONDS = 2.0  # after the child exits, how long its pipes may take to reach end of file
KILL_GRACE_SECONDS = 5.0


@dataclass
class Supervised:
    stdout: bytes
    stderr: bytes
    result: bytes
    exit_code: int | None
    signal: int | None
    killed_for: str | None  # TIMEOUT | OUTPUT_LIMIT | "result_limit" | None
    duration_ms: int
    cpu_ms: int | None  # None when another part of the process reaped the child first
    diagnostics: bytes = b""  # the runtime's own stderr (framed mode)


def _high(fd: int) -> int:
    """A close-on-exec duplicate numbered 10 or above, so dup2 onto 0..9 never meets itself."""
    if fd >= 10:
        return fd
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


def supervise(
    argv: list[str],
    *,
    stdin: bytes,
    pass_fds: dict[int, int],
    wall_seconds: float,
    output_bytes: int,
    result_bytes: int,
    run_as_uid: int | None = None,
    framed: bool = False,
    cancel=None,
) -> Supervised:
    """Run ``argv`` with ``stdin`` as its input and fd 3 as its result channel.

    ``pass_fds`` maps a descriptor number in the child to one of ours (ours stay ours: the caller
    closes them). ``framed``: the child relays stdout, stderr and the result as frames on its stdout
    (the harness's ``--framed``, for runtimes that pass no other descriptor); its own stderr is then
    the runtime's diagnostics. ``run_as_uid`` (a root worker only) switches to that uid and gid, with no
    supplementary groups, through util-linux's ``setpriv`` before the sandbox starts.
    """
    if run_as_uid is not None:
        argv = [SETPRIV, f"--reuid={run_as_uid}", f"--regid={run_as_uid}", "--clear-groups", "--", *argv]
    ours: list[int] = []
    theirs: list[int] = []
    try:
        stdin_r, stdin_w = (_high(fd) for fd in os.pipe())
        stdout_r, stdout_w = (_high(fd) for fd in os.pipe())
        stderr_r, stderr_w = (_high(fd) for fd in os.pipe())
        result_r, result_w = (_high(fd) for fd in os.pipe())
        ours += [stdin_w, stdout_r, stderr_r, result_r]
        theirs += [stdin_r, stdout_w, stderr_w, result_w]
        duplicates = {target: _high(os.dup(source)) for target, source in pass_fds.items()}
        theirs += list(duplicates.values())
        actions = [
            (os.POSIX_SPAWN_DUP2, stdin_r, 0),
            (os.POSIX_SPAWN_DUP2, stdout_w, 1),
            (os.POSIX_SPAWN_DUP2, stderr_w, 2),
            (os.POSIX_SPAWN_DUP2, result_w, 3),
        ]
        actions += [(os.POSIX_SPAWN_DUP2, source, target) for target, source in duplicates.items()]
        started = time.monotonic()
        pid = os.posix_spawn(argv[0], argv, {}, file_actions=actions, setsid=True)
    except BaseException:
        for fd in ours + theirs:
            os.close(fd)
        raise
    for fd in theirs:
        os.close(fd)
    closed: set[int] = set()  # closed early (stdin, once written): never closed twice
    try:
        return _follow(
            pid,
            started,
            stdin,
            _Pipes(stdin_w, stdout_r, stderr_r, result_r, closed),
            wall_seconds=wall_seconds,
            output_bytes=output_bytes,
            result_bytes=result_bytes,
            frames=_Frames() if framed else None,
            cancel=cancel,
        )
    finally:
        for fd in ours:
            if fd not in closed:
                os.close(fd)


class _Frames:
    """Splits the framed stream (channel byte, 4-byte big-endian length, data) into the three streams."""

    HEADER = struct.Struct(">BI")

    def __init__(self) -> None:
        self.pending = bytearray()
        self.streams = {1: bytearray(), 2: bytearray(), 3: bytearray()}

    def feed(self, data: bytearray) -> None:
        self.pending += data
        data.clear()
        while len(self.pending) >= self.HEADER.size:
            channel, length = self.HEADER.unpack_from(self.pending)
            if len(self.pending) < self.HEADER.size + length:
                return
            chunk = self.pending[self.HEADER.size : self.HEADER.size + length]
            del self.pending[: self.HEADER.size + length]
            if channel in self.streams:
                self.streams[channel] += chunk


@dataclass
class _Pipes:
    """Our ends of the child's pipes; ``closed`` holds those closed early (stdin, once written)."""

    stdin_w: int
    stdout_r: int
    stderr_r: int
    result_r: int
    closed: set[int]


def _follow(
    pid,
    started,
    stdin: bytes,
    pipes: _Pipes,
    *,
    wall_seconds,
    output_bytes,
    result_bytes,
    frames: _Frames | None,
    cancel,
) -> Supervised:
    stdin_w, stdout_r, stderr_r, result_r, closed = (
        pipes.stdin_w,
        pipes.stdout_r,
        pipes.stderr_r,
        pipes.result_r,
        pipes.closed,
    )
    pidfd = os.pidfd_open(pid)
    cancelled = threading.Event()

    def on_cancel() -> None:
        # From another thread: signal through the pidfd, which cannot reach a recycled pid. The
        # sandbox dies with bubblewrap (--die-with-parent).
        cancelled.set()
        with contextlib.suppress(OSError):
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)

    unregister = cancel.on_cancel(on_cancel) if cancel is not None else None
    selector = selectors.DefaultSelector()
    buffers = {stdout_r: bytearray(), stderr_r: bytearray(), result_r: bytearray()}
    for fd in (stdin_w, stdout_r, stderr_r, result_r):
        os.set_blocking(fd, False)
    for fd in buffers:
        selector.register(fd, selectors.EVENT_READ)
    pending = memoryview(stdin)
    if pending:
        selector.register(stdin_w, selectors.EVENT_WRITE)
    else:
        os.close(stdin_w)
        closed.add(stdin_w)
    selector.register(pidfd, selectors.EVENT_READ)
    deadline = started + wall_seconds
    exited_at: float | None = None
    killed_for: str | None = None
    try:
        while True:
            open_pipes = [fd for fd in buffers if _registered(selector, fd)]
            if exited_at is not None and (not open_pipes or time.monotonic() > exited_at + DRAIN_SECONDS):
                break
            now = time.monotonic()
            if killed_for is None and exited_at is None and now >= deadline:
                killed_for = TIMEOUT
                _kill(pid)
                deadline = now + KILL_GRACE_SECONDS
            timeout = max(0.0, (exited_at + DRAIN_SECONDS if exited_at else deadline) - now)
            for key, _ in selector.select(timeout):
                fd = key.fd
                if fd == pidfd:
                    selector.unregister(pidfd)
                    exited_at = time.monotonic()
                elif fd == stdin_w:
                    pending = _feed(stdin_w, pending)
                    if not pending:  # end of file for the child
                        selector.unregister(stdin_w)
                        os.close(stdin_w)
                        closed.add(stdin_w)
                else:
                    _read(selector, fd, buffers[fd])
            if frames is not None:
                frames.feed(buffers[stdout_r])
                out, err, result = frames.streams[1], frames.streams[2], frames.streams[3]
            else:
                out, err, result = buffers[stdout_r], buffers[stderr_r], buffers[result_r]
            if killed_for is None and exited_at is None and len(out) + len(err) > output_bytes:
                killed_for = OUTPUT_LIMIT
                _kill(pid)
            elif killed_for is None and exited_at is None and len(result) > result_bytes:
                killed_for = "result_limit"
                _kill(pid)
            if killed_for is None and cancelled.is_set():
                killed_for = CANCELLED
                _kill(pid)
                deadline = time.monotonic() + KILL_GRACE_SECONDS
            if exited_at is None and killed_for is not None and time.monotonic() > deadline:
                break  # the group would not die within the grace period; wait4 below still reaps it
        if unregister is not None:
            unregister()  # before the reap: a late cancel must not signal a reaped pid
        exit_code, signo, cpu_ms = _reap(pid)
    finally:
        if unregister is not None:
            unregister()
        selector.close()
        os.close(pidfd)
    diagnostics = b""
    if frames is not None:
        diagnostics = bytes(buffers[stderr_r][-4096:])
        buffers = {stdout_r: frames.streams[1], stderr_r: frames.streams[2], result_r: frames.streams[3]}
    return Supervised(
        stdout=bytes(buffers[stdout_r][:output_bytes]),
        stderr=bytes(buffers[stderr_r][:output_bytes]),
        result=bytes(buffers[result_r]) if killed_for != "result_limit" else b"",
        diagnostics=diagnostics,
        exit_code=exit_code,
        signal=signo,
        killed_for=killed_for,
        duration_ms=int((time.monotonic() - started) * 1000),
        cpu_ms=cpu_ms,
    )


def _registered(selector: selectors.BaseSelector, fd: int) -> bool:
    try:
        selector.get_key(fd)
    except KeyError:
        return False
    return True


def _feed(fd: int, pending: memoryview) -> memoryview:
    try:
        written = os.write(fd, pending[:CHUNK])
    except BlockingIOError:
        return pending
    except BrokenPipeError:
        written = len(pending)  # the child stopped reading; it will answer for itself
    return pending[written:]


def _read(selector, fd: int, buffer: bytearray) -> None:
    try:
        chunk = os.read(fd, CHUNK)
    except BlockingIOError:
        return
    if chunk:
        buffer += chunk
    else:
        selector.unregister(fd)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def _reap(pid: int) -> tuple[int | None, int | None, int | None]:
    try:
        _, status, usage = os.wait4(pid, 0)
    except ChildProcessError:
        return None, None, None  # reaped elsewhere (gevent's SIGCHLD handler): the caller charges a bound
    except OSError as exc:  # pragma: no cover - EINTR is retried by Python
        if exc.errno != errno.EINTR:
            raise
        return _reap(pid)
    cpu_ms = int((usage.ru_utime + usage.ru_stime) * 1000)
    if os.WIFSIGNALED(status):
        return None, os.WTERMSIG(status), cpu_ms
    return os.WEXITSTATUS(status), None, cpu_ms
