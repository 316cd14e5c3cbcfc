"""MongoDB writes of the web process, group-committed across concurrent admissions.

A chat turn records a conversation, the user message and the queued run after
its run is enqueued. Under a burst of new chats those writes would queue up one
round trip each; here the turns that record at the same time share one
``insert_many`` per collection (``ordered=False``; a ``bulk_write`` for a
collection written with updates too, as a conversation is: an upsert, since a
fast worker may have created it first), each turn waiting for its own documents
only. A document whose ``_id`` already exists is accepted when its writer says
so (a worker that finished first wrote the run's report: it wins), and is the
caller's ``DuplicateKeyError`` otherwise.
"""

from __future__ import annotations

from typing import NamedTuple

from pymongo import InsertOne, UpdateOne
from pymongo.collection import Collection
from pymongo.errors import BulkWriteError, DuplicateKeyError, OperationFailure

from runs.group_commit import Batch, GroupCommit

DUPLICATE_KEY = 11000


class Insert(NamedTuple):
    collection: Collection
    document: dict
    duplicate_ok: bool = False


class Update(NamedTuple):
    """One ``update_one`` (``upsert`` or not; ``update`` operators or a pipeline) in the group commit."""

    collection: Collection
    filter: dict
    update: dict | list
    upsert: bool = False


class GroupInserts(GroupCommit):
    def insert(self, inserts: list[Insert | Update]) -> None:
        """Write every document (with whatever other callers are writing); raises this caller's errors."""
        if inserts:
            self.submit(inserts)

    def _write(self, work: list[Batch]) -> None:
        by_collection: dict[tuple[str, str], list[tuple[Batch, Insert | Update]]] = {}
        for batch in work:
            for one in batch.payload:
                key = (one.collection.database.name, one.collection.name)
                by_collection.setdefault(key, []).append((batch, one))
        for items in by_collection.values():
            collection = items[0][1].collection
            try:
                if all(isinstance(one, Insert) for _, one in items):
                    collection.insert_many([one.document for _, one in items], ordered=False)
                else:
                    collection.bulk_write([_operation(one) for _, one in items], ordered=False)
            except BulkWriteError as exc:
                for error in exc.details.get("writeErrors", ()):
                    batch, one = items[error["index"]]
                    code = error.get("code")
                    if code == DUPLICATE_KEY and isinstance(one, Insert) and one.duplicate_ok:
                        continue
                    failure_type = DuplicateKeyError if code == DUPLICATE_KEY else OperationFailure
                    batch.error = batch.error or failure_type(error.get("errmsg", "write failed"), code)


def _operation(one: Insert | Update) -> InsertOne | UpdateOne:
    if isinstance(one, Insert):
        return InsertOne(one.document)
    return UpdateOne(one.filter, one.update, upsert=one.upsert)


inserts = GroupInserts()
