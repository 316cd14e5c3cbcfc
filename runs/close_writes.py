"""The MongoDB writes that close runs, group-committed across the runs of one worker process.

Closing a run stores its kind's record (a chat's answer) and then its report,
before the terminal event goes on the stream. Under a burst those were two
round trips per run; here the closes that happen at the same time share one
``bulk_write`` per collection (``ordered=False``), the way admission's inserts
share one ``insert_many`` (:mod:`runs.web.records`).

Inside :func:`collect` (the worker's close, :mod:`runs.worker.execute`), the
updates that :func:`update` is given are gathered; leaving the block writes them
and waits until they are stored, so a run's terminal event is still written
only after its answer and report are. A run's updates keep their order: its
n-th update is written in the n-th round of the batch, after its earlier ones
succeeded (a failed update stops the run's later ones and is raised to it).
Outside :func:`collect` (the sweeper, a follower that ends a lost run),
:func:`update` writes at once, as ``update_one`` did.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import NamedTuple

from pymongo import UpdateOne
from pymongo.collection import Collection
from pymongo.errors import BulkWriteError, DuplicateKeyError, OperationFailure, PyMongoError

from runs.group_commit import Batch, GroupCommit

DUPLICATE_KEY = 11000


class Update(NamedTuple):
    collection: Collection
    query: dict
    change: dict
    upsert: bool = False
    duplicate_ok: bool = False  # a DuplicateKeyError means someone else wrote it first: not an error


class GroupUpdates(GroupCommit):
    def write(self, updates: list[Update]) -> None:
        """Write ``updates`` in order (with whatever other runs close meanwhile); raises this caller's error."""
        if updates:
            self.submit(updates)

    def _write(self, work: list[Batch]) -> None:
        rounds = max(len(batch.payload) for batch in work)
        for step in range(rounds):
            by_collection: dict[tuple[str, str], list[tuple[Batch, Update]]] = {}
            for batch in work:
                if step < len(batch.payload) and batch.error is None:
                    one = batch.payload[step]
                    key = (one.collection.database.name, one.collection.name)
                    by_collection.setdefault(key, []).append((batch, one))
            for items in by_collection.values():
                _bulk(items)


def _bulk(items: list[tuple[Batch, Update]]) -> None:
    requests = [UpdateOne(one.query, one.change, upsert=one.upsert) for _, one in items]
    try:
        items[0][1].collection.bulk_write(requests, ordered=False)
    except BulkWriteError as exc:
        for error in exc.details.get("writeErrors", ()):
            batch, one = items[error["index"]]
            code = error.get("code")
            if code == DUPLICATE_KEY and one.duplicate_ok:
                continue
            failure_type = DuplicateKeyError if code == DUPLICATE_KEY else OperationFailure
            batch.error = batch.error or failure_type(error.get("errmsg", "write failed"), code)
    except PyMongoError as exc:  # MongoDB unreachable: each of these runs sees it, the others go on
        for batch, _ in items:
            batch.error = batch.error or exc


updates = GroupUpdates()
_collecting = threading.local()  # greenlet-local under the gevent worker


def update(
    collection: Collection, query: dict, change: dict, *, upsert: bool = False, duplicate_ok: bool = False
) -> None:
    """One ``update_one``: gathered when called inside :func:`collect`, written at once otherwise."""
    gathered = getattr(_collecting, "updates", None)
    one = Update(collection, query, change, upsert, duplicate_ok)
    if gathered is not None:
        gathered.append(one)
        return
    try:
        collection.update_one(query, change, upsert=upsert)
    except DuplicateKeyError:
        if not duplicate_ok:
            raise


@contextlib.contextmanager
def collect() -> Iterator[None]:
    """Gather the updates made in the block; write them together with other runs' on leaving it."""
    if getattr(_collecting, "updates", None) is not None:
        raise RuntimeError("close writes are already being collected")
    gathered: list[Update] = []
    _collecting.updates = gathered
    try:
        yield
    finally:
        _collecting.updates = None
    updates.write(gathered)  # only when the block succeeded: a failed close writes nothing it gathered
