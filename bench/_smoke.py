"""Running a bench at smoke size from a test: a subprocess that boots a platform of its own, and its
figures read back (the ``SMOKE-JSON`` line a bench's ``--smoke`` prints)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the bench's own platform must not inherit from the test session: settings, queue, databases, LLM;
# with ``own_services`` also Redis and MongoDB, so the bench starts its own and measures their CPU.
PLATFORM_ENV = ("DJANGO_SETTINGS_MODULE", "CELERY_QUEUE", "MONGO_DB_NAME", "DATABASE_URL", "LLM_BASE_URL")
SERVICES_ENV = ("REDIS_URL", "MONGO_URL")
PREFIX = "SMOKE-JSON "


def bench_run(args: list[str], *, timeout: float, own_services: bool = False) -> subprocess.CompletedProcess:
    """``python <args>`` in the repository, outside the test session's platform; it must exit 0."""
    dropped = PLATFORM_ENV + (SERVICES_ENV if own_services else ())
    env = {name: value for name, value in os.environ.items() if name not in dropped}
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"bench run failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def smoke_figures(module: str, *, timeout: float = 110, own_services: bool = False) -> dict:
    """``python -m <module> --smoke``'s figures."""
    done = bench_run(["-m", module, "--smoke"], timeout=timeout, own_services=own_services)
    lines = [line for line in done.stdout.splitlines() if line.startswith(PREFIX)]
    assert lines, f"no {PREFIX.strip()} line:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return json.loads(lines[-1][len(PREFIX) :])
