"""The default backend: Debian's bubblewrap, several layers deep.

Layers, outermost first (docs/sandbox.md explains what each one stops):

1. every namespace unshared — user, mount, pid, network (a loopback and
   nothing else), IPC, UTS, cgroup — and no nested user namespaces;
2. a fresh, unprivileged uid: a root worker switches to a random uid of
   ``SANDBOX_HOST_UIDS`` before bubblewrap starts; inside, the code is uid
   1000 with no capabilities;
3. a read-only view of what the interpreter needs (``/usr`` without
   ``/usr/local``, the sandbox's virtualenv at ``/opt/venv``, the harness at
   ``/opt/tomato``, ``ld.so.cache``), a fresh ``/proc`` of the sandbox's own
   pid namespace and a minimal ``/dev``; the root is remounted read-only;
4. size-limited tmpfs: the working directory ``/work`` (``/tmp`` points into
   it) and ``/dev/shm``;
5. rlimits (address space, CPU seconds, processes, file size, open files,
   no core dumps) set by ``prlimit`` inside the namespaces, before the
   interpreter starts;
6. the seccomp program (``sandbox.seccomp``), loaded by bubblewrap right
   before it executes the first program;
7. an empty environment: bubblewrap itself starts with none, the code gets a
   fixed handful of harmless variables;
8. the supervisor's wall clock and output cap (``sandbox.process``), and
   ``--die-with-parent``: if the worker dies, the sandbox dies with it.
"""

from __future__ import annotations

import os
import random
import shutil

from sandbox import process, seccomp
from sandbox.backends.base import ProbedBackend, decode_result, harness_command, request_payload, sandbox_environment
from sandbox.environment import INSIDE_RUNTIME, INSIDE_VENV, RUNTIME_DIR, EnvironmentMissing, PythonEnv, python_env
from sandbox.types import Execution, ExecutionResult

WORKDIR = "/work"
INSIDE_UID = 1000
PRLIMIT = "/usr/bin/prlimit"
DEVICES = ("null", "zero", "full", "random", "urandom")


class BubblewrapBackend(ProbedBackend):
    name = "bubblewrap"

    tool_label = "bubblewrap"

    def __init__(
        self, *, bwrap: str, python_env_root: str, node: str | None, host_uids: tuple[int, int], framed: bool = False
    ) -> None:
        super().__init__()
        self.framed = framed  # the gVisor backend's channel (stdout frames); tests exercise it here
        self.bwrap = bwrap
        self.python_env_root = python_env_root
        self.node = node
        self.host_uids = host_uids

    def _prerequisites(self) -> tuple[str | None, str]:
        bwrap = shutil.which(self.bwrap)
        if not bwrap:
            return "bubblewrap is not installed (the `bwrap` command was not found; apt-get install bubblewrap)", ""
        if not os.access(PRLIMIT, os.X_OK):
            return "util-linux's prlimit is missing", bwrap
        try:
            python_env(self.python_env_root)
            seccomp.filter_program()
        except (EnvironmentMissing, seccomp.SeccompUnavailable) as exc:
            return str(exc), bwrap
        return None, bwrap

    def _run(self, execution: Execution, bwrap: str) -> ExecutionResult:
        env = python_env(self.python_env_root)
        limits = execution.limits
        seccomp_fd = seccomp.program_fd()
        try:
            argv = [bwrap, *self.arguments(env, execution, seccomp_fd=4), "--", *self._limited(execution)]
            supervised = process.supervise(
                argv,
                stdin=request_payload(execution),
                pass_fds={4: seccomp_fd},
                wall_seconds=limits.wall_seconds,
                output_bytes=limits.output_bytes,
                result_bytes=limits.files_bytes * 2 + (4 << 20),
                run_as_uid=self._host_uid(),
                framed=self.framed,
                cancel=execution.cancel,
            )
        finally:
            os.close(seccomp_fd)
        return decode_result(supervised, limits)

    def _host_uid(self) -> int | None:
        """A fresh unprivileged uid when the worker is root; otherwise the worker's own (already unprivileged)."""
        if os.geteuid() != 0:
            return None
        first, count = self.host_uids
        return first + random.randrange(count)

    def _limited(self, execution: Execution) -> list[str]:
        limits = execution.limits
        rlimits = [
            PRLIMIT,
            f"--as={limits.memory_bytes}",
            f"--cpu={limits.cpu_seconds}:{limits.cpu_seconds + 1}",
            f"--nproc={limits.processes}",
            f"--fsize={limits.file_bytes}",
            f"--nofile={limits.open_files}",
            "--core=0",
            "--",
        ]
        return rlimits + harness_command(execution, node=self.node, framed=self.framed)

    @staticmethod
    def _devices() -> list[str]:
        """A read-only /dev of harmless character devices; /dev/shm (POSIX semaphores) is in the workdir."""
        args = ["--tmpfs", "/dev"]
        for device in DEVICES:
            if os.path.exists(f"/dev/{device}"):
                args += ["--dev-bind", f"/dev/{device}", f"/dev/{device}"]
        for name, target in (
            ("fd", "/proc/self/fd"),
            ("stdin", "/proc/self/fd/0"),
            ("stdout", "/proc/self/fd/1"),
            ("stderr", "/proc/self/fd/2"),
            ("shm", f"{WORKDIR}/.shm"),
        ):
            args += ["--symlink", target, f"/dev/{name}"]
        return [*args, "--dir", f"{WORKDIR}/.shm", "--remount-ro", "/dev"]

    def arguments(self, env: PythonEnv, execution: Execution, *, seccomp_fd: int) -> list[str]:
        """bwrap's options for one execution (everything but the command)."""
        limits = execution.limits
        args = [
            "--unshare-user",
            "--unshare-ipc",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-uts",
            "--unshare-cgroup",
            "--disable-userns",
            "--uid",
            str(INSIDE_UID),
            "--gid",
            str(INSIDE_UID),
            "--hostname",
            "sandbox",
            "--as-pid-1",
            "--die-with-parent",
            "--new-session",
            "--cap-drop",
            "ALL",
            "--ro-bind",
            "/usr",
            "/usr",
            "--tmpfs",
            "/usr/local",
        ]
        for link in ("bin", "lib", "lib64", "sbin"):
            path = f"/{link}"
            if os.path.islink(path):
                args += ["--symlink", os.readlink(path), path]
            elif os.path.isdir(path):
                args += ["--ro-bind", path, path]
        for path in env.interpreter_paths():
            if not path.startswith("/usr/") or path.startswith("/usr/local/"):
                args += ["--ro-bind", path, path]
        for path in env.hidden_paths():
            args += ["--tmpfs", path]
        if execution.language == "javascript" and self.node:
            real = os.path.realpath(self.node)
            if not real.startswith("/usr/") or real.startswith("/usr/local/"):
                args += ["--ro-bind", real, real]
        args += [
            "--ro-bind",
            env.root,
            INSIDE_VENV,
            "--ro-bind",
            str(RUNTIME_DIR),
            INSIDE_RUNTIME,
            "--ro-bind-try",
            "/etc/ld.so.cache",
            "/etc/ld.so.cache",
            "--proc",
            "/proc",
            "--size",
            str(limits.workdir_bytes),
            "--tmpfs",
            WORKDIR,
            "--dir",
            f"{WORKDIR}/.tmp",
            "--symlink",
            f"{WORKDIR}/.tmp",
            "/tmp",  # noqa: S108 - the sandbox's /tmp, a link into its own working directory
        ]
        args += self._devices()
        args += [
            "--remount-ro",
            "/",
            "--chdir",
            WORKDIR,
            "--clearenv",
        ]
        for key, value in sandbox_environment().items():
            args += ["--setenv", key, value]
        args += ["--seccomp", str(seccomp_fd)]
        return args
