"""The one interface to the sandbox: pick the backend the settings name, run code, say whether it can.

``sandbox_availability()`` is cheap after the first call (the backend caches its
probe) so tools and ``/health`` can ask on every request.
"""

from __future__ import annotations

import functools

from django.conf import settings

from sandbox.types import Availability, Execution, ExecutionResult, Limits, SandboxUnavailable

BACKENDS = ("bubblewrap", "gvisor", "disabled")


class DisabledBackend:
    name = "disabled"

    def availability(self) -> Availability:
        return Availability(False, self.name, "the sandbox is disabled (SANDBOX_BACKEND=disabled)")

    def execute(self, execution: Execution) -> ExecutionResult:
        raise SandboxUnavailable(self.availability().reason)


def default_limits() -> Limits:
    return Limits(
        wall_seconds=settings.SANDBOX_WALL_SECONDS,
        cpu_seconds=settings.SANDBOX_CPU_SECONDS,
        memory_bytes=settings.SANDBOX_MEMORY_MB << 20,
        processes=settings.SANDBOX_PROCESSES,
        workdir_bytes=settings.SANDBOX_WORKDIR_MB << 20,
        file_bytes=min(32, settings.SANDBOX_WORKDIR_MB) << 20,
        output_bytes=settings.SANDBOX_OUTPUT_KB << 10,
    )


def _host_uids() -> tuple[int, int]:
    first, _, last = settings.SANDBOX_HOST_UIDS.partition("-")
    first_uid = int(first)
    return first_uid, max(1, int(last or first) - first_uid + 1)


@functools.cache
def _backend_for(name: str, python_env: str, bwrap: str, runsc: str, node: str):
    import shutil

    node_path = shutil.which(node) if node else None
    if name == "bubblewrap":
        from sandbox.backends.bubblewrap import BubblewrapBackend

        return BubblewrapBackend(bwrap=bwrap, python_env_root=python_env, node=node_path, host_uids=_host_uids())
    if name == "gvisor":
        from sandbox.backends.gvisor import GVisorBackend

        return GVisorBackend(runsc=runsc, python_env_root=python_env, node=node_path)
    if name == "disabled":
        return DisabledBackend()
    raise ValueError(f"SANDBOX_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}")


def backend():
    """The configured backend (one instance per process and configuration)."""
    return _backend_for(
        settings.SANDBOX_BACKEND,
        settings.SANDBOX_PYTHON_ENV,
        settings.SANDBOX_BWRAP,
        settings.SANDBOX_RUNSC,
        settings.SANDBOX_NODE,
    )


def sandbox_availability() -> Availability:
    return backend().availability()


def sandbox_execute(execution: Execution) -> ExecutionResult:
    """Run code in the configured sandbox; raises :class:`SandboxUnavailable` when none can run it."""
    return backend().execute(execution)
