"""The gVisor backend: the same harness, limits and view of the file system, behind gVisor's Sentry.

``runsc`` (installed by an operator; it is not in Debian) runs an OCI bundle
built per execution: a read-only root with the same mounts as the bubblewrap
backend (``/usr`` without ``/usr/local``, the virtualenv, the harness, a
size-limited ``/work``), OCI rlimits, uid 1000, no capabilities, no new
privileges and ``--network=none``. The code's system calls are served by the
Sentry, a kernel in user space, instead of the host's — docs/sandbox.md says
when that is worth its cost. ``runsc`` passes only stdin, stdout and stderr,
so the harness relays stdout, stderr and its result as frames on stdout
(``--framed``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import uuid

from sandbox import process
from sandbox.backends.base import ProbedBackend, decode_result, harness_command, request_payload, sandbox_environment
from sandbox.environment import INSIDE_RUNTIME, INSIDE_VENV, RUNTIME_DIR, EnvironmentMissing, PythonEnv, python_env
from sandbox.types import Execution, ExecutionResult

WORKDIR = "/work"


def _bind(source: str, destination: str | None = None) -> dict:
    return {"destination": destination or source, "type": "bind", "source": source, "options": ["rbind", "ro"]}


def _tmpfs(destination: str, size: int | None = None) -> dict:
    options = ["nosuid", "nodev", "mode=1777"]
    if size:
        options.append(f"size={size}")
    return {"destination": destination, "type": "tmpfs", "source": "tmpfs", "options": options}


def oci_config(env: PythonEnv, execution: Execution, *, node: str | None) -> dict:
    """The OCI runtime spec of one execution (paths inside; ``root.path`` relative to the bundle)."""
    limits = execution.limits
    mounts = [{"destination": "/proc", "type": "proc", "source": "proc"}, _bind("/usr"), _tmpfs("/usr/local")]
    mounts += [_bind(path) for path in env.interpreter_paths() if not path.startswith("/usr/")]
    mounts += [_tmpfs(path) for path in env.hidden_paths()]
    if execution.language == "javascript" and node:
        real = os.path.realpath(node)
        if not real.startswith("/usr/") or real.startswith("/usr/local/"):
            mounts.append(_bind(real))
    mounts += [_bind(env.root, INSIDE_VENV), _bind(str(RUNTIME_DIR), INSIDE_RUNTIME)]
    if os.path.exists("/etc/ld.so.cache"):
        mounts.append(_bind("/etc/ld.so.cache"))
    mounts.append(_tmpfs(WORKDIR, limits.workdir_bytes))
    rlimits = {
        "RLIMIT_AS": limits.memory_bytes,
        "RLIMIT_CPU": limits.cpu_seconds,
        "RLIMIT_NPROC": limits.processes,
        "RLIMIT_FSIZE": limits.file_bytes,
        "RLIMIT_NOFILE": limits.open_files,
        "RLIMIT_CORE": 0,
    }
    return {
        "ociVersion": "1.0.2",
        "process": {
            "terminal": False,
            "user": {"uid": 1000, "gid": 1000},
            "args": harness_command(execution, node=node, framed=True),
            "env": [f"{key}={value}" for key, value in sandbox_environment().items()],
            "cwd": WORKDIR,
            "capabilities": {"bounding": [], "effective": [], "inheritable": [], "permitted": [], "ambient": []},
            "rlimits": [{"type": name, "hard": value, "soft": value} for name, value in rlimits.items()],
            "noNewPrivileges": True,
        },
        "root": {"path": "rootfs", "readonly": True},
        "hostname": "sandbox",
        "mounts": mounts,
        "linux": {
            "namespaces": [{"type": kind} for kind in ("pid", "network", "ipc", "uts", "mount")],
            "maskedPaths": ["/proc/kcore", "/proc/keys", "/proc/timer_list", "/sys/firmware"],
        },
    }


def write_bundle(directory: str, config: dict) -> None:
    """config.json and an empty read-only root holding the mount points and the usual links."""
    rootfs = os.path.join(directory, "rootfs")
    for mount in config["mounts"]:
        target = os.path.join(rootfs, mount["destination"].lstrip("/"))
        if mount["type"] == "bind" and os.path.isfile(mount["source"]):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            open(target, "a").close()
        else:
            os.makedirs(target, exist_ok=True)
    for link in ("bin", "lib", "lib64", "sbin"):
        if os.path.islink(f"/{link}") and not os.path.lexists(os.path.join(rootfs, link)):
            os.symlink(os.readlink(f"/{link}"), os.path.join(rootfs, link))
    os.symlink(f"{WORKDIR}/.tmp", os.path.join(rootfs, "tmp"))
    os.makedirs(os.path.join(rootfs, "dev"), exist_ok=True)
    with open(os.path.join(directory, "config.json"), "w", encoding="utf-8") as handle:
        json.dump(config, handle)


class GVisorBackend(ProbedBackend):
    name = "gvisor"

    tool_label = "runsc"

    def __init__(self, *, runsc: str, python_env_root: str, node: str | None) -> None:
        super().__init__()
        self.runsc = runsc
        self.python_env_root = python_env_root
        self.node = node

    def _prerequisites(self) -> tuple[str | None, str]:
        runsc = shutil.which(self.runsc)
        if not runsc:
            return "gVisor is not installed (the `runsc` command was not found)", ""
        try:
            python_env(self.python_env_root)
        except EnvironmentMissing as exc:
            return str(exc), runsc
        return None, runsc

    def _run(self, execution: Execution, runsc: str) -> ExecutionResult:
        env = python_env(self.python_env_root)
        limits = execution.limits
        container = f"tomato-{uuid.uuid4().hex}"
        with tempfile.TemporaryDirectory(prefix="tomato-gvisor-") as bundle:
            write_bundle(bundle, oci_config(env, execution, node=self.node))
            state = os.path.join(bundle, "state")
            flags = [runsc, f"--root={state}", "--network=none", "--ignore-cgroups"]
            if os.geteuid() != 0:
                flags.append("--rootless")
            try:
                supervised = process.supervise(
                    [*flags, "run", f"--bundle={bundle}", container],
                    stdin=request_payload(execution),
                    pass_fds={},
                    wall_seconds=limits.wall_seconds,
                    output_bytes=limits.output_bytes,
                    result_bytes=limits.files_bytes * 2 + (4 << 20),
                    framed=True,
                    cancel=execution.cancel,
                )
            finally:
                with contextlib.suppress(OSError, subprocess.SubprocessError):
                    subprocess.run([*flags, "delete", "--force", container], capture_output=True, timeout=10)
        result = decode_result(supervised, limits)
        if not supervised.result and supervised.diagnostics:
            result.stderr += supervised.diagnostics.decode("utf-8", errors="replace")
        return result
