"""The group-commit writer: concurrent runs share pipelines, each run's events stay in order."""

import threading

import orjson
import pytest

from runs import events, keys
from runs.worker.sink import RedisStreamSink
from tomato_agent.redis_client import get_redis


def test_concurrent_flushes_keep_every_runs_order_and_see_cancel(redis_conn):
    import uuid

    runs = [uuid.uuid4().hex for _ in range(20)]
    redis_conn.set(keys.cancel_key(runs[3]), b"1", ex=60)
    sinks = [RedisStreamSink(get_redis(), run_id, ttl=60) for run_id in runs]
    errors = []

    def produce(sink):
        try:
            for i in range(50):
                sink.emit(events.TOKEN, f"{i} ")
                sink.flush()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=produce, args=(s,)) for s in sinks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    for sink, run_id in zip(sinks, runs, strict=True):
        text = "".join(f[b"d"].decode().strip('"') for _, f in redis_conn.xrange(keys.stream_key(run_id)))
        assert text == "".join(f"{i} " for i in range(50))
        assert sink.cancelled is (run_id == runs[3])
        redis_conn.delete(keys.stream_key(run_id), keys.cancel_key(run_id))


def test_a_failed_write_reaches_its_caller(monkeypatch):
    import redis

    broken = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    sink = RedisStreamSink(broken, "x", ttl=60)
    sink.emit(events.TOKEN, "hi")
    with pytest.raises(redis.ConnectionError):
        sink.flush()
    # The writer is free again afterwards.
    with pytest.raises(redis.ConnectionError):
        sink.flush()


def test_nested_work_keeps_its_scope_and_text_joins_only_within_one_scope(redis_conn):
    import uuid

    from runs.web.encoders import native_sse, ws_frame

    run_id = uuid.uuid4().hex
    sink = RedisStreamSink(get_redis(), run_id, ttl=60)
    node = sink.scoped("node:llm_1")
    sink.emit(events.TOKEN, "top ")
    node.emit(events.TOKEN, "inner ")
    node.emit(events.TOKEN, "text")
    node.scoped("iter:0").emit(events.TOOL_START, {"call_id": "c"})
    sink.emit(events.TOKEN, "again")
    sink.flush()
    stored = [events.decode_entry(i, f) for i, f in redis_conn.xrange(keys.stream_key(run_id))]
    assert [(e.type, e.data, e.scope) for e in stored] == [
        (events.TOKEN, "top ", []),
        (events.TOKEN, "inner text", ["node:llm_1"]),
        (events.TOOL_START, {"call_id": "c"}, ["node:llm_1", "iter:0"]),
        (events.TOKEN, "again", []),
    ]
    frame = orjson.loads(ws_frame(run_id, stored[1]))
    assert frame["scope"] == ["node:llm_1"]
    assert frame["data"] == "inner text"
    assert "scope" not in orjson.loads(ws_frame(run_id, stored[0]))
    sse = native_sse(stored[1]).decode()
    assert 'data: {"scope":["node:llm_1"],"data":"inner text"}' in sse
    assert 'data: "top "' in native_sse(stored[0]).decode()
    redis_conn.delete(keys.stream_key(run_id))
