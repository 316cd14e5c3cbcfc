"""The web's shared XREAD: pre-packed exactly as redis-py packs it, every entry once and in order."""

import asyncio
import itertools
import uuid

import orjson

from runs import events, keys
from runs.web import follow


def test_the_pre_packed_read_is_the_command_redis_py_would_send():
    import redis

    hub = follow.StreamHub(None)
    hub.wake_cursor = "1700000000000-3"
    hub._follow("run:a", "0-0")
    hub._follow("run:é", "5-1")  # keys are UTF-8 on the wire
    hub._advance("run:a", "1700000000001-0")
    args = ["XREAD", "COUNT", follow.READ_COUNT, "BLOCK", follow.BLOCK_MS, "STREAMS"]
    args += [hub.wake_key, "run:a", "run:é", hub.wake_cursor, "1700000000001-0", "5-1"]
    assert hub._command() == b"".join(redis.Connection().pack_command(*args))
    hub._unfollow("run:é")
    args = ["XREAD", "COUNT", follow.READ_COUNT, "BLOCK", follow.BLOCK_MS, "STREAMS"]
    args += [hub.wake_key, "run:a", hub.wake_cursor, "1700000000001-0"]
    assert hub._command() == b"".join(redis.Connection().pack_command(*args))


def test_many_followed_streams_get_every_entry_once_in_order_and_the_hub_lets_go(redis_conn):
    runs = [uuid.uuid4().hex for _ in range(30)]
    per_run = 40

    async def follow_one(run_id):
        return [event async for event in follow.tail(run_id)]

    async def write_all():
        from tomato_agent.redis_client import get_async_redis

        redis = get_async_redis()
        for i in range(per_run):
            pipe = redis.pipeline(transaction=False)
            for run_id in runs:
                pipe.xadd(keys.stream_key(run_id), {"t": events.TOKEN, "d": orjson.dumps(f"{i} ")})
            await pipe.execute()
            await asyncio.sleep(0.002)
        for run_id in runs:
            await redis.xadd(keys.stream_key(run_id), {"t": events.RESULT, "d": orjson.dumps({"content": "x"})})

    async def main():
        followers = [asyncio.ensure_future(follow_one(run_id)) for run_id in runs]
        await asyncio.sleep(0.05)  # the followers are on the hub before the first entry
        await write_all()
        seen = await asyncio.wait_for(asyncio.gather(*followers), 30)
        hub = follow.get_hub()
        task = hub.task
        await asyncio.sleep(0)
        return seen, hub, task

    seen, hub, task = asyncio.run(main())
    want = [f"{i} " for i in range(per_run)]
    for got in seen:
        assert [e.data for e in got if e.type == events.TOKEN] == want
        assert got[-1].type == events.RESULT
        ids = [e.id for e in got]
        assert all(follow._after(b, a) for a, b in itertools.pairwise(ids))
    assert hub.cursors == {}
    assert hub._packed_keys == {}
    assert hub._packed_cursors == {}
    assert task is None or task.done()  # nothing followed: no read held open
    for run_id in runs:
        redis_conn.delete(keys.stream_key(run_id))
