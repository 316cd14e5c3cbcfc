"""Redis, then MongoDB, stopped for 30 s under live runs and started again (the real embedded servers,
with their data on disk as under ``make run``): clients get a clear error, nothing hangs, and the
platform serves new chats within 10 s of the service returning, with no restart of anything else.

Slow (about two minutes each): ``make test-resilience`` and CI's resilience step, not ``make test``.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

import httpx
import pytest

from tomato_agent.tests.stack import ROOT, ChatSocket, Stack, terminal

pytestmark = [pytest.mark.resilience, pytest.mark.timeout(600)]
OUTAGE_SECONDS = 30
LIVE_RUNS = 4


@pytest.fixture
def stack(tmp_path, llm_server):
    stack = Stack(tmp=tmp_path, database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}", llm_base_url=llm_server.base_url)
    env = stack.env()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    try:
        yield stack.start()
    finally:
        stack.close()


async def _start_live_runs(stack: Stack, token: str, marker: str) -> list[ChatSocket]:
    sockets = []
    for i in range(LIVE_RUNS):
        sock = await ChatSocket(stack, token).__aenter__()
        await sock.send({"type": "message", "content": f"{marker} run {i}"})
        sockets.append(sock)
    for sock in sockets:  # every run is streaming before the outage
        seen = await sock.until(lambda f: f["type"] == "token", 60)
        assert seen is not None, "a run never started streaming"
    return sockets


async def _first_chat_after(stack: Stack, token: str, since: float, budget: float) -> float:
    """Seconds from ``since`` until a new chat is admitted and answered (a short answer), retrying."""
    deadline = since + budget
    while time.monotonic() < deadline:
        try:
            async with ChatSocket(stack, token) as sock:
                await sock.send({"type": "message", "content": "what is 12*7"})
                end = await sock.until(lambda f: terminal(f) or f["type"] == "error", 20)
                if end is not None and end["type"] == "result":
                    return time.monotonic() - since
        except Exception as exc:  # the socket itself may fail while the service comes back
            print(f"chat attempt failed: {type(exc).__name__}")
        await asyncio.sleep(0.5)
    raise AssertionError(f"no chat answered within {budget:.0f}s of the service returning")


def _outage(stack: Stack, service: str, scenario) -> dict:
    token = stack.signup(f"outage-{service}")
    marker = scenario([{"content": "tick " * 600, "delay_ms": 25}])  # ~15 s per run: still live at the outage

    async def go():
        sockets = await _start_live_runs(stack, token, marker)
        stopped = time.monotonic()
        stack.stop(service)
        # Every client hears of it within a bounded time, as an error (a frame or a run's end).
        told = await asyncio.gather(
            *(sock.until(lambda f: f["type"] == "error" or terminal(f), OUTAGE_SECONDS + 20) for sock in sockets)
        )
        told_after = time.monotonic() - stopped
        # New work during the outage is refused at once with a clear error, never a 500 or a hang.
        # (Redis: admitting a new conversation needs it; MongoDB: a message to an existing one needs it.)
        conversation_id = next(f["data"]["conversation_id"] for f in sockets[0].frames if f["type"] == "session")
        body = {"message": "hi"} if service == "redis" else {"message": "hi", "conversation_id": conversation_id}
        asked = time.monotonic()
        refused = httpx.post(
            f"{stack.base}/api/chat/stream", json=body, headers={"Authorization": f"Token {token}"}, timeout=30
        )
        refused_after = time.monotonic() - asked
        await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - stopped)))
        (stack.start_redis if service == "redis" else stack.start_mongo)()
        back = time.monotonic()
        first_chat = await _first_chat_after(stack, token, back, 30)
        # The runs that were live end, one way or another, once the service is back.
        run_ids = {f["run_id"] for sock in sockets for f in sock.frames if f.get("run_id")}
        ends = []
        for run_id in run_ids:
            async with ChatSocket(stack, token) as sock:
                await sock.send({"type": "resume", "run_id": run_id, "after": "0-0"})
                ends.append(await sock.until(terminal, 60))
        for sock in sockets:
            await sock.__aexit__(None, None, None)
        return {
            "told": told,
            "told_after": told_after,
            "refused": refused,
            "refused_after": refused_after,
            "first_chat": first_chat,
            "ends": ends,
            "runs": len(run_ids),
        }

    return asyncio.run(go())


def _report(service: str, out: dict) -> None:
    codes = sorted({(f or {}).get("data", {}).get("code", (f or {}).get("type")) for f in out["told"]})
    print(
        f"\n{service} outage {OUTAGE_SECONDS}s, {LIVE_RUNS} live runs: clients told within {out['told_after']:.1f}s "
        f"({codes}); new work refused in {out['refused_after']:.2f}s ({out['refused'].status_code}); first new "
        f"chat answered {out['first_chat']:.1f}s after the service returned; live runs ended: "
        f"{sorted(e['type'] + ':' + e['data'].get('code', '') if e else 'none' for e in out['ends'])}"
    )


def _assert_told_refused_and_recovered(stack: Stack, out: dict) -> None:
    assert all(f is not None for f in out["told"]), "a client heard nothing during the outage"
    assert {f["type"] for f in out["told"]} == {"error"}
    assert {f["data"]["code"] for f in out["told"]} == {"service_unavailable"}
    assert out["refused"].status_code == 503
    assert out["refused"].json()["error"]["code"] == "service_unavailable"
    assert out["refused_after"] < 10
    assert out["first_chat"] < 10  # new chats are served within 10 s of the service returning
    assert all(e is not None for e in out["ends"]), "a live run never ended after the service returned"
    assert stack.procs["web"].poll() is None  # nothing else was restarted
    assert stack.procs["worker"].poll() is None


@pytest.mark.django_db(transaction=True)
def test_redis_stopped_30s_under_live_runs(stack, scenario):
    out = _outage(stack, "redis", scenario)
    _report("redis", out)
    _assert_told_refused_and_recovered(stack, out)


@pytest.mark.django_db(transaction=True)
def test_mongodb_stopped_30s_under_live_runs(stack, scenario):
    out = _outage(stack, "mongo", scenario)
    _report("mongo", out)
    # Runs keep streaming from Redis; each ends with a clear error when its answer cannot be saved.
    _assert_told_refused_and_recovered(stack, out)
