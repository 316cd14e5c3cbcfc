"""The bounded soak: 100 concurrent chats for 60 s while the worker is killed once and Redis restarted
once. Every run ends in ``result`` or a clear error, and nothing acknowledged is lost: every answer a
client received as ``result`` is in the history, word for word. Prints what it measured.

Slow (about three minutes): ``make test-resilience`` and CI's resilience step, not ``make test``.
"""

from __future__ import annotations

import asyncio
import collections
import json
import subprocess
import sys
import time

import httpx
import pytest

from tomato_agent.tests.stack import ROOT, Stack

pytestmark = [pytest.mark.resilience, pytest.mark.timeout(900), pytest.mark.django_db(transaction=True)]
CLIENTS = 100
USERS = 10
SOAK_SECONDS = 60
KILL_WORKER_AT, RESTART_REDIS_AT = 20, 40
CLEAR_ERRORS = {"worker_lost", "service_unavailable", "rate_limited", "llm_unavailable", "llm_timeout"}


class Client:
    """One person's tab: sends a message, follows its run to the end (resuming across broken streams and
    reconnecting a dropped socket), then sends the next one, until the soak is over."""

    def __init__(self, stack: Stack, token: str, marker: str, stop_at: float, stats: dict) -> None:
        self.stack, self.token, self.marker, self.stop_at, self.stats = stack, token, marker, stop_at, stats
        self.runs: dict[str, dict] = {}  # run_id -> {"end": frame | None, "last": id, "conversation_id": …}

    async def _connect(self, session):
        ws = await session.ws_connect(self.stack.base.replace("http", "ws") + "/ws/chat/", heartbeat=None)
        await ws.send_json({"type": "auth", "token": self.token})
        ok = await ws.receive_json(timeout=30)
        assert ok["type"] == "auth_ok", ok
        return ws

    async def run(self) -> None:
        import aiohttp

        async with aiohttp.ClientSession() as session:
            ws = None
            current: str | None = None
            while True:
                try:
                    if ws is None or ws.closed:
                        ws = await self._connect(session)
                        if current is not None:  # pick the run up where the stream broke
                            await ws.send_json(
                                {"type": "resume", "run_id": current, "after": self.runs[current]["last"]}
                            )
                    if current is None:
                        if time.monotonic() >= self.stop_at:
                            break
                        await ws.send_json({"type": "message", "content": f"{self.marker} soak"})
                        self.stats["sent"] += 1
                    msg = await ws.receive(timeout=60)
                    if msg.type != aiohttp.WSMsgType.TEXT:
                        self.stats["socket drops"] += 1
                        ws = None
                        await asyncio.sleep(0.5)
                        continue
                    frame = json.loads(msg.data)
                    run_id = frame.get("run_id")
                    if frame["type"] == "session":
                        current = run_id
                        self.runs[run_id] = {
                            "end": None,
                            "last": frame["id"],
                            "conversation_id": frame["data"]["conversation_id"],
                        }
                    elif "id" in frame and run_id in self.runs:
                        self.runs[run_id]["last"] = frame["id"]
                        if frame["type"] in ("result", "error", "cancelled"):
                            self.runs[run_id]["end"] = frame
                            current = None
                    elif frame["type"] == "error":  # no event id: the platform refused or the stream broke
                        code = frame["data"]["code"]
                        self.stats[f"refused/broken: {code}"] += 1
                        assert code in CLEAR_ERRORS, frame
                        await asyncio.sleep(0.5)
                        if run_id is not None and run_id == current:
                            await ws.send_json(
                                {"type": "resume", "run_id": current, "after": self.runs[current]["last"]}
                            )
                except (TimeoutError, aiohttp.ClientError, ConnectionError) as exc:
                    self.stats[f"client retry: {type(exc).__name__}"] += 1
                    ws = None
                    await asyncio.sleep(0.5)
                    if time.monotonic() > self.stop_at + 180:
                        break
            if ws is not None:
                await ws.close()


@pytest.fixture
def stack(tmp_path, llm_server):
    stack = Stack(tmp=tmp_path, database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}", llm_base_url=llm_server.base_url)
    stack.extra_env = {"RUNS_IN_FLIGHT_PER_USER": "50", "SIGNUPS_PER_IP_PER_HOUR": "1000"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=stack.env(),
        check=True,
        timeout=300,
    )
    try:
        yield stack.start()
    finally:
        stack.close()


def test_soak_100_concurrent_runs_with_a_worker_kill_and_a_redis_restart(stack, scenario):
    tokens = [stack.signup(f"soak{i}") for i in range(USERS)]
    marker = scenario([{"content": "word " * 60, "delay_ms": 50}])  # a 3 s answer
    stats: collections.Counter = collections.Counter()
    started = time.monotonic()
    stop_at = started + SOAK_SECONDS
    clients = [Client(stack, tokens[i % USERS], marker, stop_at, stats) for i in range(CLIENTS)]
    events: list[str] = []

    async def chaos():
        await asyncio.sleep(KILL_WORKER_AT)
        stack.kill("worker")
        stack.start_worker()  # what circus does under make run
        events.append(f"worker SIGKILLed and started again at {time.monotonic() - started:.1f}s")
        await asyncio.sleep(RESTART_REDIS_AT - KILL_WORKER_AT)
        stack.stop("redis")
        stack.start_redis()
        events.append(f"Redis stopped and started again at {time.monotonic() - started:.1f}s")

    async def go():
        await asyncio.gather(chaos(), *(client.run() for client in clients))

    asyncio.run(go())
    runs = {run_id: run for client in clients for run_id, run in client.runs.items()}
    ends = collections.Counter(
        "unfinished"
        if run["end"] is None
        else run["end"]["type"]
        if run["end"]["type"] != "error"
        else f"error:{run['end']['data']['code']}"
        for run in runs.values()
    )

    # Nothing acknowledged is lost: every result a client saw is stored, word for word.
    lost = []
    results = [(rid, run) for rid, run in runs.items() if run["end"] and run["end"]["type"] == "result"]
    owner = {rid: client.token for client in clients for rid in client.runs}
    with httpx.Client(base_url=stack.base, timeout=30) as http:
        for run_id, run in results:
            page = http.get(
                f"/api/conversations/{run['conversation_id']}/messages",
                headers={"Authorization": f"Token {owner[run_id]}"},
            ).json()["results"]
            stored = {m["id"]: m["content"] for m in page}
            if stored.get(run["end"]["data"]["message_id"]) != run["end"]["data"]["content"]:
                lost.append(run_id)
    elapsed = time.monotonic() - started
    print(
        f"\nsoak: {CLIENTS} clients, {len(runs)} runs in {elapsed:.0f}s ({', '.join(events)}); "
        f"ends: {dict(ends)}; {dict(stats)}; results checked against the history: {len(results)}, lost: {len(lost)}"
    )

    assert len(events) == 2
    assert len(runs) >= CLIENTS  # every client got at least one run admitted
    assert ends["unfinished"] == 0, "a run never ended"
    assert set(ends) <= {"result", "cancelled"} | {f"error:{code}" for code in CLEAR_ERRORS}
    assert ends["result"] > len(runs) / 2
    assert lost == []
