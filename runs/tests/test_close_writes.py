"""The close writes: runs closing together share one bulk_write per collection, each run's in order."""

import threading
import time
from datetime import UTC, datetime

import pytest

from runs import close_writes, events, reports
from runs.close_writes import GroupUpdates
from runs.worker.execute import run_identity
from tomato_agent.mongo import new_id


def _closed_report(run_id, answer_id):
    spec = {
        "user_id": 7,
        "kind": "chat",
        "created_at": datetime.now(UTC).timestamp(),
        "report_fields": {"conversation_id": new_id(), "assistant_message_id": answer_id, "assistant_seq": 2},
    }
    result = {"message_id": answer_id, "content": "Hi"}
    reports.report_close(
        run=run_identity(run_id, spec),
        status=events.SUCCEEDED,
        model="m",
        steps=[],
        usage=None,
        error=None,
        finish_reason="stop",
        started_at=None,
        timings={},
        terminal=events.terminal_for(events.SUCCEEDED, result=result, error=None),
    )


def test_a_close_is_written_when_its_block_ends_not_before(mongo_db):
    run_id, answer_id = new_id(), new_id()
    with close_writes.collect():
        _closed_report(run_id, answer_id)
        close_writes.update(mongo_db.messages, {"_id": answer_id}, {"$setOnInsert": {"content": "Hi"}}, upsert=True)
        # Gathered, not yet written: the worker's close writes them with the other runs' closes.
        assert mongo_db.runs.find_one({"_id": run_id}) is None
        assert mongo_db.messages.find_one({"_id": answer_id}) is None
    assert mongo_db.runs.find_one({"_id": run_id})["status"] == events.SUCCEEDED
    assert mongo_db.messages.find_one({"_id": answer_id})["content"] == "Hi"
    # A second close of the same run (the sweeper, late) loses: first writer wins, and it is no error.
    with close_writes.collect():
        _closed_report(run_id, answer_id)
    assert mongo_db.runs.count_documents({"_id": run_id}) == 1


def test_a_failed_close_writes_nothing_it_gathered(mongo_db):
    run_id = new_id()

    def failing_close():
        with close_writes.collect():
            _closed_report(run_id, new_id())
            raise RuntimeError("persist failed")

    with pytest.raises(RuntimeError):
        failing_close()
    assert mongo_db.runs.find_one({"_id": run_id}) is None
    _closed_report(run_id, new_id())  # outside a close block: written at once
    assert mongo_db.runs.find_one({"_id": run_id})["status"] == events.SUCCEEDED


def test_concurrent_closes_share_bulk_writes_keep_order_and_fail_alone(mongo_db):
    rounds = []
    entered, release = threading.Event(), threading.Event()

    class Counting(GroupUpdates):
        def _write(self, work):
            rounds.append(len(work))
            entered.set()
            release.wait(5)
            super()._write(work)

    writer = Counting()
    ids = [new_id() for _ in range(6)]
    errors: dict[str, BaseException] = {}

    def close(doc_id, bad=False):
        # Two updates of one document: the second only makes sense after the first.
        second = {"$set": {"a": 1}, "$inc": {"a": 1}} if bad else {"$set": {"step": 2}}
        try:
            writer.write(
                [
                    close_writes.Update(mongo_db.closes, {"_id": doc_id}, {"$set": {"step": 1}}, upsert=True),
                    close_writes.Update(mongo_db.closes, {"_id": doc_id, "step": 1}, second),
                ]
            )
        except Exception as exc:
            errors[doc_id] = exc

    first = threading.Thread(target=close, args=(new_id(),))
    first.start()
    assert entered.wait(5)  # the first close is being written: the others gather behind it
    others = [threading.Thread(target=close, args=(doc_id, index == 2)) for index, doc_id in enumerate(ids)]
    for thread in others:
        thread.start()
    deadline = time.monotonic() + 5
    while len(writer._pending) < len(ids) and time.monotonic() < deadline:
        time.sleep(0.001)
    release.set()
    for thread in [first, *others]:
        thread.join(10)
    assert rounds == [1, len(ids)]  # six closes, one group write (two bulk_writes: one per step)
    assert set(errors) == {ids[2]}  # the conflicting update fails its own run only
    for index, doc_id in enumerate(ids):
        assert mongo_db.closes.find_one({"_id": doc_id})["step"] == (1 if index == 2 else 2)
