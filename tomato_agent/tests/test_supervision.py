"""``make run`` survives its own processes dying: circus restarts a killed worker, web process or
scripted LLM, the lost run ends with ``worker_lost``, and Ctrl-C still stops everything.

The real launcher (``python -m tomato_agent.launch``) runs on free ports and its own ``RUN_DIR``, with
its own embedded Valkey, SecantusDB and scripted LLM. Slow (a minute or two): it runs in the
resilience step of CI (``make test-resilience``), not in ``make test``.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import psutil
import pytest

from tomato_agent import launch
from tomato_agent.embedded import free_port
from tomato_agent.tests.stack import Stack

pytestmark = [pytest.mark.resilience, pytest.mark.timeout(600)]
ROOT = Path(__file__).resolve().parents[2]


def test_the_circus_config_supervises_every_child_with_backoff(tmp_path):
    env = {"WEB_PROCESSES": "3", "WORKER_PROCESSES": "2"}
    config, _ = launch.build_circus_ini(env, tmp_path)
    for watcher in ("redis", "mongo", "llm", "prepare", "web", "worker"):
        assert f"[watcher:{watcher}]" in config
    assert "numprocesses = 3" in config.split("[watcher:web]")[1].split("[watcher:")[0]
    assert "numprocesses = 2" in config.split("[watcher:worker]")[1]
    assert "--fd $(circus.sockets.web)" in config  # one socket owned by circus, shared by the daphne processes
    assert "use = circus.plugins.flapping.Flapping" in config
    assert "max_retry = -1" in config  # a crash loop is paused and retried, never given up on


def _children(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _find(pid: int, needle: str) -> list[int]:
    found = []
    for child in _children(pid):
        try:
            if needle in " ".join(child.cmdline()):
                found.append(child.pid)
        except psutil.NoSuchProcess:
            continue
    return sorted(found)


def _wait(what: str, check, timeout: float):
    return Stack.wait(check, timeout, what)


async def _chat(base: str, token: str, content: str, *, on_tokens=None, timeout: float = 90) -> dict:
    """Send a message over the WebSocket; call ``on_tokens()`` once 5 tokens arrived; return the terminal frame."""
    import aiohttp

    async with aiohttp.ClientSession() as session, session.ws_connect(base.replace("http", "ws") + "/ws/chat/") as ws:
        await ws.send_json({"type": "auth", "token": token})
        assert (await ws.receive_json(timeout=30))["type"] == "auth_ok"
        await ws.send_json({"type": "message", "content": content})
        tokens = 0
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            frame = await ws.receive_json(timeout=timeout)
            if frame["type"] == "token":
                tokens += 1
                if tokens == 5 and on_tokens:
                    on_tokens()
            if frame["type"] in ("result", "error", "cancelled") and "id" in frame:
                return frame
    raise AssertionError("the run did not end")


def test_make_run_restarts_what_dies_and_ctrl_c_stops_everything(tmp_path):
    ports = {name: free_port() for name in ("PORT", "EMBEDDED_REDIS_PORT", "EMBEDDED_MONGO_PORT", "SCRIPTED_LLM_PORT")}
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "REDIS_URL",
            "MONGO_URL",
            "MONGO_DB_NAME",
            "LLM_BASE_URL",
            "LLM_MODEL",
            "LLM_SCRIPTED",
            "CELERY_QUEUE",
            "DJANGO_SETTINGS_MODULE",
            "PROMETHEUS_MULTIPROC_DIR",
        }
    }
    env.update({key: str(value) for key, value in ports.items()})
    env.update(
        {
            "RUN_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "HOST": "127.0.0.1",
            "WEB_PROCESSES": "2",
            "WORKER_PROCESSES": "1",
            "WORKER_CONCURRENCY": "20",
            "RUN_SWEEP_SECONDS": "1",
            "WORKER_LOST_AFTER_SECONDS": "3",
            "CELERY_QUEUE": f"supervision-{uuid.uuid4().hex[:6]}",
        }
    )
    base = f"http://127.0.0.1:{ports['PORT']}"
    log = open(tmp_path / "make-run.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "tomato_agent.launch"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    started: set[int] = set()
    try:
        _wait("the platform answers /health", lambda: _health(base) == 200, 180)
        started.update(c.pid for c in _children(proc.pid))
        llm = f"http://127.0.0.1:{ports['SCRIPTED_LLM_PORT']}"
        slow = {"name": "slow", "turns": [{"content": "tick " * 300, "delay_ms": 20}]}
        token = httpx.post(
            f"{base}/api/auth/signup", json={"username": "sup", "password": "Tomato-sauce-42!"}, timeout=30
        ).json()["token"]

        # 1. A worker killed mid-answer: the run ends with worker_lost, a new worker takes the next one.
        httpx.post(f"{llm}/_control/scenarios", json=slow, timeout=10).raise_for_status()
        worker = _wait("a worker", lambda: _find(proc.pid, "celery -A tomato_agent worker"), 60)
        killed_at = []

        def kill_worker():
            for pid in worker:
                os.kill(pid, signal.SIGKILL)
            killed_at.append(time.monotonic())

        lost = asyncio.run(_chat(base, token, "[scenario:slow] go", on_tokens=kill_worker))
        assert (lost["type"], lost["data"]["code"]) == ("error", "worker_lost")
        assert time.monotonic() - killed_at[0] < 15
        replacement = _wait(
            "a new worker", lambda: set(_find(proc.pid, "celery -A tomato_agent worker")) - set(worker), 60
        )
        started.update(replacement)
        assert asyncio.run(_chat(base, token, "what is 12*7"))["type"] == "result"

        # 2. A web process killed: the other serves meanwhile, and it comes back.
        webs = _find(proc.pid, "daphne")
        assert len(webs) == 2
        os.kill(webs[0], signal.SIGKILL)
        assert _health(base) == 200
        started.update(_wait("a new web process", lambda: set(_find(proc.pid, "daphne")) - set(webs), 60))
        _wait("two web processes again", lambda: len(_find(proc.pid, "daphne")) == 2, 60)

        # 3. The scripted LLM killed: it comes back and answers.
        old_llm = _find(proc.pid, "scripted_llm")
        os.kill(old_llm[0], signal.SIGKILL)
        started.update(_wait("a new LLM server", lambda: set(_find(proc.pid, "scripted_llm")) - set(old_llm), 60))
        _wait("the LLM answers", lambda: _health(f"{llm}/v1/models") == 200, 30)
        assert asyncio.run(_chat(base, token, "what is 2+3"))["type"] == "result"

        # 4. Ctrl-C stops everything.
        started.update(c.pid for c in _children(proc.pid))
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        survivors = _wait_gone(started, 60)
        assert survivors == []
    finally:
        for pid in started | {c.pid for c in _children(proc.pid)}:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def _wait_gone(pids: set[int], timeout: float) -> list[str]:
    """Wait for the processes to exit; the command lines of those still alive after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        alive = [pid for pid in pids if _alive(pid)]
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    out = []
    for pid in alive:
        try:
            out.append(" ".join(psutil.Process(pid).cmdline())[:120])
        except psutil.NoSuchProcess:
            continue
    return out


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _health(url: str) -> int | None:
    try:
        return httpx.get(url if "/v1/" in url else f"{url}/health", timeout=5).status_code
    except httpx.HTTPError:
        return None
