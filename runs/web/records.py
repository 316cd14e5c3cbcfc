"""MongoDB inserts of the web process, group-committed across concurrent admissions.

A chat turn records a conversation, the user message and the queued run after
its run is enqueued. Under a burst of new chats those inserts would queue up one
round trip each; here the turns that record at the same time share one
``insert_many`` per collection (``ordered=False``), each turn waiting for its own
documents only. A document whose ``_id`` already exists is accepted when its
writer says so (a worker that finished first wrote the run's report: it wins),
and is the caller's ``DuplicateKeyError`` otherwise.
"""

from __future__ import annotations

from typing import NamedTuple

from pymongo.collection import Collection
from pymongo.errors import BulkWriteError, DuplicateKeyError, OperationFailure

from runs.group_commit import Batch, GroupCommit

DUPLICATE_KEY = 11000


class Insert(NamedTuple):
    collection: Collection
    document: dict
    duplicate_ok: bool = False


class GroupInserts(GroupCommit):
    def insert(self, inserts: list[Insert]) -> None:
        """Insert every document (with whatever other callers are inserting); raises this caller's errors."""
        if inserts:
            self.submit(inserts)

    def _write(self, work: list[Batch]) -> None:
        by_collection: dict[tuple[str, str], list[tuple[Batch, Insert]]] = {}
        for batch in work:
            for one in batch.payload:
                key = (one.collection.database.name, one.collection.name)
                by_collection.setdefault(key, []).append((batch, one))
        for items in by_collection.values():
            try:
                items[0][1].collection.insert_many([one.document for _, one in items], ordered=False)
            except BulkWriteError as exc:
                for error in exc.details.get("writeErrors", ()):
                    batch, one = items[error["index"]]
                    code = error.get("code")
                    if code == DUPLICATE_KEY and one.duplicate_ok:
                        continue
                    failure_type = DuplicateKeyError if code == DUPLICATE_KEY else OperationFailure
                    batch.error = batch.error or failure_type(error.get("errmsg", "write failed"), code)


inserts = GroupInserts()
