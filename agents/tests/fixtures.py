"""End-to-end fixtures (the scripted LLM server, real Celery worker and daphne processes).

Loaded once for the whole suite through `pytest_plugins` in the root conftest, so every
test shares one worker and one LLM server: importing these fixtures into a test module
would create second instances (a second worker stealing the first one's tasks)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import orjson
import pytest
from django.conf import settings
from django.db import connection

from runs import events, keys
from tomato_agent.embedded import stop_process

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def llm_server():
    from scripted_llm.server import ScriptedLLMServer

    server = ScriptedLLMServer(host="127.0.0.1", port=0).start()
    yield server
    server.stop()


def _worker_database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    auth = f"{user}:{db['PASSWORD']}@" if db.get("PASSWORD") else f"{user}@"
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def start_worker(llm_base_url: str, *, concurrency: int = 50, extra_env: dict | None = None,
                 queue: str | None = None) -> subprocess.Popen:  # fmt: skip
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "tomato_agent.settings.test",
        "DATABASE_URL": _worker_database_url(),
        "LLM_BASE_URL": llm_base_url,
        "LLM_MODEL": settings.LLM_MODEL,
        "LLM_SCRIPTED": "true",
        "LLM_MAX_RETRIES": "2",
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    })  # fmt: skip
    log = open(ROOT / "var" / f"test-worker-{os.getpid()}.log", "ab")  # noqa: SIM115 - the child owns it
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tomato_agent", "worker", "--pool", "gevent",
         "--concurrency", str(concurrency), "--loglevel", "INFO", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "-n", f"test-{uuid.uuid4().hex[:8]}@%h",
         "-Q", queue or settings.CELERY_TASK_DEFAULT_QUEUE],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    _wait_for_worker(proc, queue or settings.CELERY_TASK_DEFAULT_QUEUE)
    return proc


def _wait_for_worker(proc: subprocess.Popen, queue: str, timeout: float = 90.0) -> None:
    """Until the worker consumes its queue: a cold start (imports, gevent) takes long on a loaded machine."""
    from tomato_agent.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the Celery worker exited at start-up; see var/test-worker-*.log")
        active = app.control.inspect(timeout=0.5).active_queues() or {}
        if any(q["name"] == queue for queues in active.values() for q in queues):
            return
    proc.kill()
    raise TimeoutError("the Celery worker did not answer pings")


def stop_worker(proc: subprocess.Popen) -> None:
    stop_process(proc, timeout=15)  # a warm shutdown lets running tasks finish


@pytest.fixture(scope="session")
def worker(llm_server, django_db_setup, django_db_blocker, mongo_session):
    proc = start_worker(llm_server.base_url)
    yield proc
    stop_worker(proc)


@pytest.fixture
def dedicated_worker(llm_server, worker, settings):
    """Start a worker of its own (own queue, own environment); this test's runs go to it."""
    import uuid

    started: list[subprocess.Popen] = []

    def start(**extra_env) -> subprocess.Popen:
        queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-{uuid.uuid4().hex[:6]}"
        proc = start_worker(llm_server.base_url, extra_env=extra_env, queue=queue, concurrency=10)
        started.append(proc)
        settings.CELERY_TASK_DEFAULT_QUEUE = queue
        return proc

    yield start
    for proc in started:
        stop_worker(proc)


@pytest.fixture
def scenario(llm_server):
    """Register a scripted scenario; returns the marker to put in the user message."""
    import uuid

    names = []

    def add(turns: list[dict]) -> str:
        name = f"t{uuid.uuid4().hex[:10]}"
        llm_server.add_scenario(name, turns)
        names.append(name)
        return f"[scenario:{name}]"

    return add


def read_events(run_id: str, *, after: str = "0-0", timeout: float = 20.0) -> list[events.Event]:
    """Every event of a run up to and including its terminal one (sync, bounded)."""
    from tomato_agent.redis_client import get_redis

    redis = get_redis()
    out: list[events.Event] = []
    deadline = time.monotonic() + timeout
    last = after
    while time.monotonic() < deadline:
        response = redis.xread({keys.stream_key(run_id): last}, count=1000, block=200)
        for _, entries in response or ():
            for entry_id, fields in entries:
                event = events.decode_entry(entry_id, fields)
                out.append(event)
                last = event.id
                if event.terminal:
                    return out
    raise AssertionError(f"run {run_id} did not end within {timeout}s; got {[e.type for e in out]}")


def text_of(evts: list[events.Event], kind: str = events.TOKEN, *, scope: list[str] | None = None) -> str:
    """The text of the run's top-level events of ``kind`` (or of the events of one nested scope)."""
    return "".join(orjson.loads(e.raw) for e in evts if e.type == kind and e.scope == (scope or []))


@pytest.fixture(scope="session")
def live_server_url(worker, llm_server):
    """A real daphne process serving the ASGI app (for HTTP clients outside the test process)."""
    from tomato_agent.embedded import free_port, wait_for_port

    port = free_port()
    env = dict(os.environ)
    env.update({"DJANGO_SETTINGS_MODULE": "tomato_agent.settings.test", "DATABASE_URL": _worker_database_url(),
                "LLM_BASE_URL": llm_server.base_url, "PYTHONUNBUFFERED": "1"})  # fmt: skip
    log = open(ROOT / "var" / f"test-daphne-{os.getpid()}.log", "ab")  # noqa: SIM115 - the child owns it
    proc = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "tomato_agent.asgi:application"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for_port(port, timeout=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(proc)


@pytest.fixture(autouse=True)
def _keep_test_db_connection(monkeypatch):
    """Channels closes "old" DB connections around database_sync_to_async; inside a test's
    transaction that would close the test's own connection."""
    import channels.db

    monkeypatch.setattr(channels.db, "close_old_connections", lambda: None)
