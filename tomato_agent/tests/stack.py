"""A platform of its own for the resilience tests: Valkey and SecantusDB on disk (so they can be stopped
and started again with their data, as under ``make run``), a Celery worker and a daphne process, on
free 127.0.0.1 ports. The tests stop and start its parts; nothing else shares them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tomato_agent.embedded import free_port, secantus_command, start_process, stop_process, valkey_command

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Stack:
    tmp: Path
    database_url: str
    llm_base_url: str
    redis_port: int = field(default_factory=free_port)
    mongo_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "tomato_agent.settings.test",
                "DATABASE_URL": self.database_url,
                "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
                "MONGO_URL": f"mongodb://127.0.0.1:{self.mongo_port}/?directConnection=true",
                "MONGO_DB_NAME": "resilience",
                "CELERY_QUEUE": f"resilience-{uuid.uuid4().hex[:6]}",
                "LLM_BASE_URL": self.llm_base_url,
                "LLM_SCRIPTED": "true",
                "RUN_SWEEP_SECONDS": "1",
                "PYTHONUNBUFFERED": "1",
                **self.extra_env,
            }
        )
        return env

    # --- the parts ------------------------------------------------------------------------------
    def start_redis(self) -> None:
        cmd = valkey_command(port=self.redis_port, data_dir=self.tmp / "valkey")
        self.procs["redis"] = start_process(cmd, port=self.redis_port, log=self.tmp / "valkey.log")

    def start_mongo(self) -> None:
        cmd = secantus_command(port=self.mongo_port, data_dir=self.tmp / "mongo")
        self.procs["mongo"] = start_process(cmd, port=self.mongo_port, log=self.tmp / "mongo.log")

    def start_worker(self, concurrency: int = 200) -> None:
        self.procs["worker"] = self._spawn(
            "worker",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tomato_agent",
                "worker",
                "--pool",
                "gevent",
                "--concurrency",
                str(concurrency),
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"resilience-{uuid.uuid4().hex[:6]}@%h",
                "-Q",
                self._queue,
            ],
        )

    def start_web(self) -> None:
        # The port is picked now, not when the stack was made: minutes of start-up on a shared machine leave
        # another process time to take it, and a daphne that cannot listen is started again on another one.
        for _ in range(3):
            self.web_port = free_port()
            log = self.tmp / "web.log"
            offset = log.stat().st_size if log.exists() else 0
            self.procs["web"] = self._spawn(
                "web",
                [
                    sys.executable,
                    "-m",
                    "daphne",
                    "-b",
                    "127.0.0.1",
                    "-p",
                    str(self.web_port),
                    "tomato_agent.asgi:application",
                ],
            )

            def answered(log=log, offset=offset) -> str | None:
                with open(log, "rb") as handle:
                    handle.seek(offset)
                    if b"Couldn't listen" in handle.read():
                        return "port taken"
                return "up" if self.health() is not None else None

            if self.wait(answered, 60, "daphne answers") == "up":
                return
            self.stop("web")
        raise AssertionError("daphne found no free port in 3 tries")

    def start(self) -> Stack:
        self.tmp.mkdir(parents=True, exist_ok=True)
        # Ports picked as the parts start (not when the stack was made, before a migrate): less time for
        # another process of a shared machine to take one. Redis and MongoDB keep theirs across restarts.
        self.redis_port, self.mongo_port = free_port(), free_port()
        self._env = self.env()
        self._queue = self._env["CELERY_QUEUE"]
        self.start_redis()
        self.start_mongo()
        self.start_worker()
        self.start_web()
        return self

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc is not None:
            stop_process(proc, timeout=15)

    def kill(self, name: str) -> None:
        proc = self.procs.pop(name)
        proc.kill()
        proc.wait(timeout=10)

    def close(self) -> None:
        for name in ("web", "worker", "mongo", "redis"):
            self.stop(name)

    def _spawn(self, name: str, cmd: list[str]) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 - the child owns it
        return subprocess.Popen(cmd, cwd=ROOT, env=self._env, stdout=log, stderr=subprocess.STDOUT)

    # --- talking to it --------------------------------------------------------------------------
    def health(self) -> int | None:
        try:
            return httpx.get(f"{self.base}/health", timeout=5).status_code
        except httpx.HTTPError:
            return None

    def signup(self, username: str) -> str:
        body = {"username": username, "password": "Tomato-sauce-42!"}
        return httpx.post(f"{self.base}/api/auth/signup", json=body, timeout=30).json()["token"]

    @staticmethod
    def wait(check, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = check()
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"{what}: not within {timeout:.0f}s")


class ChatSocket:
    """One WebSocket client: sends messages, collects frames per run, never waits unboundedly."""

    def __init__(self, stack: Stack, token: str) -> None:
        self.stack, self.token = stack, token
        self.frames: list[dict] = []

    async def __aenter__(self) -> ChatSocket:
        import aiohttp

        self._session = aiohttp.ClientSession()
        self.ws = await self._session.ws_connect(self.stack.base.replace("http", "ws") + "/ws/chat/")
        await self.ws.send_json({"type": "auth", "token": self.token})
        assert (await self.ws.receive_json(timeout=30))["type"] == "auth_ok"
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()
        await self._session.close()

    async def send(self, frame: dict) -> None:
        await self.ws.send_str(json.dumps(frame))

    async def next(self, timeout: float) -> dict | None:
        """The next frame, or None when the socket closed or nothing came within ``timeout``."""
        import aiohttp

        try:
            msg = await self.ws.receive(timeout=timeout)
        except TimeoutError:
            return None
        if msg.type != aiohttp.WSMsgType.TEXT:
            return None
        frame = json.loads(msg.data)
        self.frames.append(frame)
        return frame

    async def until(self, predicate, timeout: float) -> dict | None:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            frame = await self.next(left)
            if frame is None:
                return None
            if predicate(frame):
                return frame
        return None


def terminal(frame: dict) -> bool:
    return frame["type"] in ("result", "cancelled", "error") and "id" in frame
