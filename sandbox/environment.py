"""The sandbox's own Python: a dedicated virtualenv (numpy, pandas, matplotlib) and the interpreter under it.

``make sandbox-env`` creates it (``sandbox/requirements.txt``, pinned) from a
base interpreter every user may read — Debian's ``/usr/bin/python3.11`` where
it exists — because a root worker runs the sandbox as an unprivileged uid,
which could not read an interpreter installed in root's home. Inside the
sandbox the virtualenv is mounted read-only at ``/opt/venv``; the base
interpreter is mounted at its own path (only its executable, standard library
and libpython, never its ``site-packages``).

Nothing here needs the network at run time: packages are installed once, from
PyPI, by the make target.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

INSIDE_VENV = "/opt/venv"
INSIDE_RUNTIME = "/opt/tomato"
RUNTIME_DIR = Path(__file__).resolve().parent / "runtime"
MPL_CACHE_DIR = "share/tomato-mplconfig"  # inside the env: matplotlib's font cache, built by sandbox_prepare


class EnvironmentMissing(RuntimeError):
    """The sandbox's virtualenv is not there (or broken); the message says what to run."""


@dataclass(frozen=True)
class PythonEnv:
    root: str  # the virtualenv on the host
    version: str  # "3.11"
    base_prefix: str
    base_executable: str  # the real interpreter binary the venv's python points to

    def interpreter_paths(self) -> list[str]:
        """Host paths the interpreter needs besides /usr (mounted read-only at the same path)."""
        stdlib = os.path.join(self.base_prefix, "lib", f"python{self.version}")
        paths = [self.base_executable, stdlib]
        paths += sorted(glob.glob(os.path.join(self.base_prefix, "lib", f"libpython{self.version}*.so*")))
        return [path for path in paths if os.path.exists(path)]

    def hidden_paths(self) -> list[str]:
        """The base interpreter's own site-packages: the platform's dependencies in a container image."""
        candidates = [
            os.path.join(self.base_prefix, "lib", f"python{self.version}", "site-packages"),
            os.path.join(self.base_prefix, "lib", "python3", "dist-packages"),
            "/usr/lib/python3/dist-packages",
        ]
        return [path for path in dict.fromkeys(candidates) if os.path.isdir(path)]


def python_env(root: str | os.PathLike) -> PythonEnv:
    """Read the virtualenv at ``root``; raise :class:`EnvironmentMissing` with the command that fixes it."""
    root = os.path.abspath(root)
    config = os.path.join(root, "pyvenv.cfg")
    python = os.path.join(root, "bin", "python")
    if not os.path.isfile(config) or not os.path.exists(python):
        raise EnvironmentMissing(f"the sandbox's Python environment is missing ({root}); run `make sandbox-env`")
    if not os.path.exists(os.path.join(root, ".installed")):
        raise EnvironmentMissing(f"the sandbox's Python environment is incomplete ({root}); run `make sandbox-env`")
    values = {}
    with open(config, encoding="utf-8") as handle:
        for line in handle:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    version = ".".join((values.get("version") or values.get("version_info") or "").split(".")[:2])
    executable = os.path.realpath(python)
    home = values.get("home") or os.path.dirname(executable)
    if not version:
        raise EnvironmentMissing(f"{config} names no Python version; run `make sandbox-env`")
    return PythonEnv(root=root, version=version, base_prefix=os.path.dirname(home), base_executable=executable)
