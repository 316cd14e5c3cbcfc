"""Shared start-up for the latency/throughput benches (bench/ttft_ws.py, throughput.py,
concurrent_runs.py, history_page.py).

:class:`Platform` starts, in this order, and stops in reverse:

* embedded Valkey and SecantusDB (unless REDIS_URL / MONGO_URL are set);
* Django in this process (its own SQLite file, MongoDB database and Celery queue);
* the scripted LLM as a SUBPROCESS (``python -m scripted_llm``): it must not share
  the GIL with the bench's clients, or the "direct" figure would be polluted;
* one gevent Celery worker (the platform's worker, production settings, DEBUG off);
* one daphne (``--backlog 2048`` as ``make run`` uses);
* a user and an API token.

``python -m bench._harness --smoke`` runs every bench at tiny size on ONE platform
and prints a JSON summary (bench/test_bench_smoke.py runs it inside ``make test``).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MODEL = "scripted-demo"


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


class Platform:
    """Everything the platform needs, started as production would (one daphne, one worker)."""

    def __init__(self, *, worker_concurrency: int = 250, runs_in_flight: int = 600, daphne: bool = True,
                 worker: bool = True, llm: bool = True, log_level: str = "WARNING") -> None:  # fmt: skip
        self.worker_concurrency = worker_concurrency
        self.runs_in_flight = runs_in_flight
        self.want_daphne, self.want_worker, self.want_llm = daphne, worker, llm
        self.log_level = log_level
        self.tag = f"{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.tmp = Path(tempfile.mkdtemp(prefix="tomato-bench-"))
        self.log_dir = ROOT / "var"
        self.log_dir.mkdir(exist_ok=True)
        self.llm = None
        self.worker = None
        self.daphne = None
        self.daphne_url = ""
        self.user = None
        self.token = ""
        self._django_ready = False

    # --- start ---------------------------------------------------------------------------------

    def __enter__(self) -> Platform:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _env(self) -> dict[str, str]:
        return {
            "DJANGO_SETTINGS_MODULE": "tomato_agent.settings.base",
            "DEBUG": "false",
            "DATABASE_URL": f"sqlite:///{self.tmp / 'bench.sqlite3'}",
            "MONGO_DB_NAME": f"tomato_bench_{self.tag}",
            "CELERY_QUEUE": f"tomato-bench-{self.tag}",
            "RUNS_IN_FLIGHT_PER_USER": str(self.runs_in_flight),
            "LLM_SCRIPTED": "true",
            "LLM_MODEL": MODEL,
            "LOG_LEVEL": self.log_level,
            "ACCESS_LOG_LEVEL": self.log_level,
            "PYTHONUNBUFFERED": "1",
        }

    def start(self) -> None:
        os.environ.update(self._env())
        from tomato_agent import embedded

        embedded.ensure_test_services()
        if self.want_llm:
            from scripted_llm.server import ScriptedLLMProcess

            self.llm = ScriptedLLMProcess(port=0).start()
            os.environ["LLM_BASE_URL"] = self.llm.base_url
        else:
            os.environ.setdefault("LLM_BASE_URL", "http://127.0.0.1:9/v1")
        import django

        django.setup()
        self._django_ready = True
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("ensure_mongo_indexes", verbosity=0)
        from accounts.models import User
        from accounts.services import token_issue

        self.user = User.objects.create_user(username=f"bench-{self.tag}", password=uuid.uuid4().hex)
        self.token, _ = token_issue(user=self.user)
        if self.want_worker:
            self.worker = self._start_worker()
        if self.want_daphne:
            self.daphne, self.daphne_url = self._start_daphne()

    def _child_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(self._env())
        env["PYTHONPATH"] = str(ROOT)
        return env

    def _start_worker(self) -> subprocess.Popen:
        log = open(self.log_dir / "bench-worker.log", "ab")  # noqa: SIM115 - the child owns it
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tomato_agent", "worker", "--pool", "gevent",
             "--concurrency", str(self.worker_concurrency), "--loglevel", self.log_level, "--without-gossip",
             "--without-mingle", "--without-heartbeat", "-n", f"bench-{self.tag}@%h",
             "-Q", os.environ["CELERY_QUEUE"]],
            cwd=ROOT, env=self._child_env(), stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        from tomato_agent.celery import app

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the Celery worker exited at start-up; see {self.log_dir / 'bench-worker.log'}")
            active = app.control.inspect(timeout=0.5).active_queues() or {}
            if any(q["name"] == os.environ["CELERY_QUEUE"] for queues in active.values() for q in queues):
                return proc
        _stop(proc)
        raise TimeoutError("the Celery worker did not answer pings")

    def _start_daphne(self) -> tuple[subprocess.Popen, str]:
        from tomato_agent.embedded import free_port, wait_for_port

        port = free_port()
        log = open(self.log_dir / "bench-daphne.log", "ab")  # noqa: SIM115 - the child owns it
        proc = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-e", f"tcp:port={port}:interface=127.0.0.1:backlog=2048",
             "tomato_agent.asgi:application"],
            cwd=ROOT, env=self._child_env(), stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_for_port(port, timeout=60)
        except TimeoutError:
            _stop(proc)
            raise RuntimeError(f"daphne did not start; see {self.log_dir / 'bench-daphne.log'}") from None
        return proc, f"http://127.0.0.1:{port}"

    # --- helpers ---------------------------------------------------------------------------------

    @property
    def ws_url(self) -> str:
        return self.daphne_url.replace("http://", "ws://") + "/ws/chat/"

    def scenario(self, name: str, turns: list[dict]) -> str:
        """Register a scenario on the scripted server; returns the marker for the user message."""
        self.llm.add_scenario(name, turns)
        return f"[scenario:{name}]"

    def expected_text(self, marker: str) -> str:
        """The exact answer text of a scenario, read once directly."""
        import httpx2 as httpx
        import orjson

        body = {"model": MODEL, "stream": True, "messages": [{"role": "user", "content": f"{marker} probe"}]}
        out = []
        with httpx.stream("POST", f"{self.llm.base_url}/chat/completions", json=body, timeout=120) as response:
            for line in response.iter_lines():
                if line.startswith("data: {"):
                    choices = orjson.loads(line[6:])["choices"]
                    if choices and choices[0]["delta"].get("content"):
                        out.append(choices[0]["delta"]["content"])
        return "".join(out)

    def pids(self) -> dict[str, int]:
        return {name: proc.pid for name, proc in (("worker", self.worker), ("daphne", self.daphne),
                                                   ("llm", self.llm.proc if self.llm else None)) if proc}  # fmt: skip

    # --- stop --------------------------------------------------------------------------------------

    def stop(self) -> None:
        for proc in (self.daphne, self.worker):
            if proc is not None:
                _stop(proc)
        self.daphne = self.worker = None
        if self.llm is not None:
            self.llm.stop()
            self.llm = None
        if self._django_ready:
            try:
                from django.conf import settings

                from tomato_agent.mongo import get_client

                get_client().drop_database(settings.MONGO_DB_NAME)
            except Exception as exc:
                print(f"(could not drop the bench database: {exc})", file=sys.stderr)
            self._django_ready = False
        shutil.rmtree(self.tmp, ignore_errors=True)


def _stop(proc: subprocess.Popen) -> None:
    from tomato_agent.embedded import stop_process

    stop_process(proc, timeout=15)


# --- WebSocket client ----------------------------------------------------------------------------


class WSClient:
    """One authenticated socket to /ws/chat/ (aiohttp)."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.session = None
        self.ws = None

    async def __aenter__(self) -> WSClient:
        import aiohttp

        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        self.ws = await self.session.ws_connect(self.platform.ws_url, max_msg_size=0, autoping=True)
        await self.ws.send_str(json.dumps({"type": "auth", "token": self.platform.token}))
        frame = json.loads((await self.ws.receive(timeout=30)).data)
        if frame.get("type") != "auth_ok":
            raise RuntimeError(f"WebSocket auth failed: {frame}")
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()
        await self.session.close()

    async def turn(self, content: str, *, timeout: float = 120) -> dict:
        """Send one message (new conversation) and read its run to the terminal event.

        Returns started (perf_counter), stamps of each token frame, the text, the
        event ids in arrival order and the terminal type.
        """
        import aiohttp
        import orjson

        started = time.perf_counter()
        await self.ws.send_str(json.dumps({"type": "message", "content": content}))
        stamps, text, ids, terminal = [], [], [], None
        deadline = started + timeout
        while terminal is None:
            msg = await self.ws.receive(timeout=max(0.1, deadline - time.perf_counter()))
            if msg.type != aiohttp.WSMsgType.TEXT:
                raise RuntimeError(f"socket ended: {msg.type} {msg.data}")
            now = time.perf_counter()
            frame = orjson.loads(msg.data)
            kind = frame.get("type")
            if kind == "token":
                stamps.append(now)
                text.append(frame["data"])
            if "id" in frame:
                ids.append(frame["id"])
            if kind in ("result", "cancelled", "error"):
                terminal = kind
        return {"started": started, "stamps": stamps, "text": "".join(text), "ids": ids, "terminal": terminal}


def ids_ordered(ids: list[str]) -> bool:
    keys = [tuple(map(int, i.split("-"))) for i in ids]
    return keys == sorted(keys) and len(set(keys)) == len(keys)


# --- direct client -----------------------------------------------------------------------------


async def direct_stream(client, base_url: str, content: str) -> dict:
    """One streamed completion read raw from the scripted server (httpx2, orjson)."""
    import orjson

    started = time.perf_counter()
    stamps, text = [], []
    body = {"model": MODEL, "stream": True, "messages": [{"role": "user", "content": content}]}
    async with client.stream("POST", f"{base_url}/chat/completions", json=body) as response:
        async for line in response.aiter_lines():
            if line.startswith("data: {"):
                choices = orjson.loads(line[6:])["choices"]
                if choices and choices[0]["delta"].get("content"):
                    stamps.append(time.perf_counter())
                    text.append(choices[0]["delta"]["content"])
    return {"started": started, "stamps": stamps, "text": "".join(text)}


# --- smoke ---------------------------------------------------------------------------------------


def smoke() -> dict:
    """Every bench at tiny size on one platform; returns their figures."""
    from bench import concurrent_runs, history_page, throughput, ttft_ws

    out: dict = {}
    with Platform(worker_concurrency=40, runs_in_flight=50) as platform:
        out["ttft_ws"] = asyncio.run(ttft_ws.measure(platform, turns=4, warmup=1))
        out["throughput"] = asyncio.run(throughput.measure(platform, tokens=300, repeats=1))
        out["concurrent_runs"] = concurrent_runs.measure(platform, n=8, tokens=10, delay_ms=20, transport="ws")
        out["history_page"] = history_page.measure(platform, conversations=50, messages=500, samples=10)
    return out


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    if parser.parse_args().smoke:
        result = smoke()
        print("SMOKE-JSON " + json.dumps(result, default=str))
