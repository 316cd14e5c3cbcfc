"""The stream writer: text coalesced in a bounded window, group commit across runs, order kept."""

import threading
import time

import orjson
import pytest

from runs import events, keys
from runs.worker.sink import RedisStreamSink
from tomato_agent.redis_client import get_redis


def _calls(redis_conn, command: str) -> int:
    return redis_conn.info("commandstats").get(f"cmdstat_{command}", {}).get("calls", 0)


def test_concurrent_flushes_keep_every_runs_order_and_write_only_xadds(redis_conn):
    import uuid

    runs = [uuid.uuid4().hex for _ in range(20)]
    redis_conn.set(keys.cancel_key(runs[3]), b"1", ex=60)
    exists_before = _calls(redis_conn, "exists")
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
    want = "".join(f"{i} " for i in range(50))
    for run_id in runs:
        # The last text may be held for the window: the deadline flusher writes it without another flush.
        assert _wait_for_text(redis_conn, run_id, want) == want
    # The writes read no cancel flag (the heartbeat does, once per run per beat): one command per entry.
    assert _calls(redis_conn, "exists") == exists_before
    assert not any(sink.cancelled for sink in sinks)
    for run_id in runs:
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


def _stored(redis_conn, run_id):
    return [events.decode_entry(i, f) for i, f in redis_conn.xrange(keys.stream_key(run_id))]


def _wait_for_text(redis_conn, run_id, want, timeout=5.0):
    deadline = time.monotonic() + timeout
    while True:
        text = "".join(e.data for e in _stored(redis_conn, run_id) if e.type == events.TOKEN)
        if text == want or time.monotonic() > deadline:
            return text
        time.sleep(0.005)


def test_first_token_after_a_pause_goes_out_at_once_and_later_text_joins_within_the_window(redis_conn):
    import uuid

    run_id = uuid.uuid4().hex
    sink = RedisStreamSink(get_redis(), run_id, ttl=60, window=0.015)
    sink.emit(events.TOKEN, "first")
    sink.flush()
    assert sink.first_event_at is not None  # written before flush returned
    started, window_opened = time.monotonic(), sink._last_write
    for word in (" a", " b", " c"):  # arrive right after the write: held and joined
        sink.emit(events.TOKEN, word)
        sink.flush()
    if time.monotonic() - window_opened > 0.010:  # a loaded machine can stretch the write and loop past 15 ms
        pytest.skip("the machine is too loaded to time a 15 ms window")
    assert [e.data for e in _stored(redis_conn, run_id)] in (["first"], ["first", " a b c"])  # never " a" alone
    # Nothing else arrives (the model pauses): the held text still goes out when the window closes.
    assert _wait_for_text(redis_conn, run_id, "first a b c") == "first a b c"
    assert time.monotonic() - started < 0.5
    assert [e.data for e in _stored(redis_conn, run_id)] == ["first", " a b c"]
    time.sleep(0.03)  # a pause longer than the window: the next token is not held
    sink.emit(events.TOKEN, " after")
    sink.flush()
    assert [e.data for e in _stored(redis_conn, run_id)][-1] == " after"
    redis_conn.delete(keys.stream_key(run_id))


def test_held_text_goes_out_with_the_next_event_in_order_and_before_the_terminal(redis_conn):
    import uuid

    run_id = uuid.uuid4().hex
    sink = RedisStreamSink(get_redis(), run_id, ttl=60, window=0.015)
    sink.emit(events.TOKEN, "one")
    sink.flush()
    sink.emit(events.TOKEN, " two")
    sink.flush()  # held
    sink.emit(events.REASONING_TOKEN, "think")  # another type: never joined with the tokens
    sink.emit(events.TOOL_START, {"call_id": "c"})
    sink.flush()  # not only text: written at once, in order
    assert [(e.type, e.data) for e in _stored(redis_conn, run_id)] == [
        (events.TOKEN, "one"), (events.TOKEN, " two"), (events.REASONING_TOKEN, "think"),
        (events.TOOL_START, {"call_id": "c"}),
    ]  # fmt: skip
    sink.emit(events.TOKEN, " three")
    sink.flush()  # held again
    assert sink.finish(events.RESULT, {"content": "x"}, conversation_id=None, user_id=1)
    stored = _stored(redis_conn, run_id)
    assert [(e.type, e.data) for e in stored[-2:]] == [(events.TOKEN, " three"), (events.RESULT, {"content": "x"})]
    time.sleep(0.03)  # the deadline passes after finish: nothing is written twice
    assert len(_stored(redis_conn, run_id)) == len(stored)
    redis_conn.delete(keys.stream_key(run_id), keys.done_key(run_id))


def test_a_fast_stream_becomes_few_entries_and_the_text_is_exact(redis_conn):
    import uuid

    run_id = uuid.uuid4().hex
    sink = RedisStreamSink(get_redis(), run_id, ttl=60, window=0.010)
    words = [f"w{i} " for i in range(2000)]
    for word in words:
        sink.emit(events.TOKEN, word)
        sink.flush()
    assert _wait_for_text(redis_conn, run_id, "".join(words)) == "".join(words)
    assert len(_stored(redis_conn, run_id)) < 200  # one XADD per window, not per token
    redis_conn.delete(keys.stream_key(run_id))


def test_only_callers_that_wait_get_an_event():
    from runs import group_commit

    entered, release = threading.Event(), threading.Event()
    seen = []

    class Slow(group_commit.GroupCommit):
        def _write(self, work):
            seen.extend(work)
            entered.set()
            release.wait(5)
            for batch in work:
                batch.result = batch.payload * 2

    writer = Slow()
    release.set()
    assert writer.submit(1) == 2
    assert seen[0].done is None  # a lone caller leads and waits for nothing
    release.clear()
    entered.clear()
    results = {}
    first = threading.Thread(target=lambda: results.setdefault("first", writer.submit(3)))
    first.start()
    assert entered.wait(5)
    second = threading.Thread(target=lambda: results.setdefault("second", writer.submit(4)))
    second.start()
    deadline = time.monotonic() + 5
    while not writer._pending and time.monotonic() < deadline:
        time.sleep(0.001)
    release.set()
    first.join(5)
    second.join(5)
    assert results == {"first": 6, "second": 8}
    assert [batch.payload for batch in seen] == [1, 3, 4]
    assert seen[1].done is None  # the first leads
    assert seen[2].done is not None  # the one that arrived during a write waited
    assert seen[2].done.is_set()


def test_an_error_reply_reaches_its_caller_and_the_writer_goes_on_without_a_pipeline(redis_conn, monkeypatch):
    import uuid

    import redis

    def no_pipeline(*args, **kwargs):
        raise AssertionError("stream writes go out pre-packed on one connection, not through a Pipeline")

    good, bad = uuid.uuid4().hex, uuid.uuid4().hex
    redis_conn.set(keys.stream_key(bad), b"not a stream", ex=60)  # XADD to it is a WRONGTYPE error reply
    client = get_redis()
    monkeypatch.setattr(client, "pipeline", no_pipeline)
    good_sink, bad_sink = RedisStreamSink(client, good, ttl=60), RedisStreamSink(client, bad, ttl=60)
    bad_sink.emit(events.TOOL_START, {"call_id": "c"})
    with pytest.raises(redis.ResponseError, match="WRONGTYPE"):
        bad_sink.flush()
    for i in range(3):  # the connection is still in step: every later reply is its own
        good_sink.emit(events.TOOL_START, {"call_id": f"c{i}"})
        good_sink.flush()
    assert [e.data for e in _stored(redis_conn, good)] == [{"call_id": f"c{i}"} for i in range(3)]
    bad_sink.emit(events.TOOL_START, {"call_id": "again"})  # the failed entry was kept for the next write
    redis_conn.delete(keys.stream_key(bad))
    bad_sink.flush()
    assert [e.data for e in _stored(redis_conn, bad)] == [{"call_id": "c"}, {"call_id": "again"}]
    good_sink.emit(events.TOKEN, "last words")  # the close writes what is buffered the same way, then ends
    assert good_sink.finish(events.RESULT, {"content": "last words"}, conversation_id=None, user_id=1)
    assert [(e.type, e.data) for e in _stored(redis_conn, good)][-2:] == [
        (events.TOKEN, "last words"),
        (events.RESULT, {"content": "last words"}),
    ]
    redis_conn.delete(keys.stream_key(good), keys.stream_key(bad), keys.done_key(good))
