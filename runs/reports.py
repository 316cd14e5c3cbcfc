"""Run reports in MongoDB: one document per run, whatever its kind.

A report holds who ran what (``user_id``, ``kind``, the kind's own fields such
as ``conversation_id`` or ``workflow_id``), its status and timings, the steps,
usage, the error and the terminal event, so a run whose stream has expired
still answers a resume with its ending. Reads that take the requesting user
are the API's; the ones named ``…_for_worker`` / ``…_for_staff`` bypass the
owner on purpose and are for the worker, the sweeper and the admin.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel

from runs import close_writes
from runs.events import FINISHED, QUEUED, terminal_for
from runs.usage import day_range
from tomato_agent.errors import NotFound
from tomato_agent.mongo import get_db

INDEXES: dict[str, list[IndexModel]] = {
    "runs": [
        IndexModel([("conversation_id", ASCENDING), ("created_at", DESCENDING)], name="conversation_created"),
        IndexModel([("user_id", ASCENDING), ("created_at", DESCENDING)], name="owner_created"),
        # Usage per API key and per embed (the run's attribution).
        IndexModel([("api_key_id", ASCENDING), ("created_at", DESCENDING)], name="api_key_created", sparse=True),
        IndexModel([("embed_id", ASCENDING), ("created_at", DESCENDING)], name="embed_created", sparse=True),
        IndexModel([("status", ASCENDING), ("created_at", ASCENDING)], name="status_created"),  # the sweeper
    ],
}


def _now() -> datetime:
    return datetime.now(UTC)


def queued_document(*, run_id: str, user_id: int, kind: str, model: str, created_at: datetime,
                    fields: dict[str, Any]):  # fmt: skip
    """The insert of a queued run's report; a report already there (a worker that finished first) wins."""
    from runs.web.records import Insert

    return Insert(get_db().runs, {
        "_id": run_id, "user_id": user_id, "kind": kind, **fields, "status": QUEUED, "model": model,
        "created_at": created_at, "started_at": None, "ended_at": None, "duration_ms": None, "steps": [],
        "usage": None, "error": None,
    }, duplicate_ok=True)  # fmt: skip


def report_record_queued(**run) -> None:
    """Store a queued run (after it was enqueued), grouped with concurrent inserts."""
    from runs.web.records import inserts

    inserts.insert([queued_document(**run)])


def report_close(*, run: dict, status: str, model: str, steps: list[dict], usage: dict | None, error: dict | None,
                 finish_reason: str | None, started_at: datetime | None, timings: dict,
                 terminal: tuple[str, dict], fields: dict[str, Any] | None = None) -> None:  # fmt: skip
    """Write the final report. First writer wins (a worker and the sweeper may race to close a run)."""
    ended = _now()
    started = started_at or ended
    created = run.get("created_at") or started
    closing = {
        "status": status,
        "model": model,
        "started_at": started,
        "ended_at": ended,
        "duration_ms": int((ended - created).total_seconds() * 1000),
        "steps": steps,
        "usage": usage,
        "error": error,
        "finish_reason": finish_reason,
        "timings": timings,
        "terminal": {"type": terminal[0], "data": terminal[1]},
        **run.get("attribution", {}),
        **(fields or {}),
    }
    # The run's whole identity (owner, kind and every field of its kind: conversation, message ids...) is
    # written when this close creates the report (the web side had not recorded the queued run yet): the
    # queued insert that comes later is then a duplicate and ignored, so nothing of it may be left out here.
    identity = {key: value for key, value in run.items() if key not in ("_id", "attribution", *closing)}
    # DuplicateKeyError: already finished by someone else (the sweeper): first writer wins. Through
    # close_writes: in the worker's close, one bulk_write with the other runs closing meanwhile.
    close_writes.update(
        get_db().runs,
        {"_id": run["_id"], "status": {"$nin": list(FINISHED)}},
        {"$set": closing, "$setOnInsert": {**identity, "created_at": created}},
        upsert=True,  # the web side may not have recorded the queued run yet
        duplicate_ok=True,
    )


def report_get(*, user_id: int, run_id: str) -> dict:
    """The caller's run; another user's run is NotFound."""
    doc = get_db().runs.find_one({"_id": run_id, "user_id": user_id})
    if doc is None:
        raise NotFound("Run not found.")
    return doc


def reports_list(*, user_id: int, limit: int = 20, **match) -> list[dict]:
    """The user's own run summaries matching ``match`` (kind, workflow_id, ...), newest first, without
    their bulky parts (nodes, inputs, outputs, messages, steps)."""
    projection = {"nodes": 0, "inputs": 0, "outputs": 0, "messages": 0, "steps": 0}
    cursor = get_db().runs.find({**match, "user_id": user_id}, projection).sort("created_at", -1).limit(limit)
    return list(cursor)


def report_for_worker(*, run_id: str) -> dict | None:
    """Worker and sweeper only: the run as stored, whoever owns it."""
    return get_db().runs.find_one({"_id": run_id})


def reports_for_staff(*, conversation_id: str) -> list[dict]:
    """Admin only: every run of a conversation, oldest first, whoever owns it."""
    return list(get_db().runs.find({"conversation_id": conversation_id}).sort("created_at", 1))


def report_for_staff(*, run_id: str) -> dict:
    """Admin only: one run report, whoever owns it; NotFound if there is none."""
    doc = get_db().runs.find_one({"_id": run_id})
    if doc is None:
        raise NotFound("Run not found.")
    return doc


def reports_in_flight_for_worker(*, older_than: datetime, limit: int = 500) -> list[dict]:
    """Sweeper only: runs not finished that were created before ``older_than``."""
    query = {"status": {"$nin": list(FINISHED)}, "created_at": {"$lt": older_than}}
    return list(get_db().runs.find(query, {"_id": 1, "user_id": 1, "kind": 1}).limit(limit))


def terminal_from_report(run: dict) -> tuple[str, dict] | None:
    """The terminal event a finished run ended with (for a resume after its stream expired)."""
    if run.get("status") not in FINISHED:
        return None
    terminal = run.get("terminal")
    if terminal:
        return terminal["type"], terminal["data"]
    # A report written before reports kept their terminal event: its status and error, no text.
    result = {"message_id": run["assistant_message_id"], "content": ""} if run.get("assistant_message_id") else {}
    return terminal_for(run["status"], result=result, error=run.get("error"))


def usage_by_attribution(*, user_id: int, field: str, value, start: date, end: date) -> list[dict]:
    """Usage per day of the runs one of the user's API keys or embeds started (``field`` = ``value``
    in the run reports, see ``run_attribution``): tokens, cost and the number of runs."""
    pipeline = [
        {"$match": {"user_id": user_id, field: value, "created_at": day_range(start, end)}},
        {
            "$group": {
                "_id": {"$dateToString": {"format": "%Y-%m-%d", "date": "$created_at"}},
                "prompt_tokens": {"$sum": "$usage.prompt_tokens"},
                "completion_tokens": {"$sum": "$usage.completion_tokens"},
                "total_tokens": {"$sum": "$usage.total_tokens"},
                "cost_usd": {"$sum": "$usage.cost_usd"},
                "runs": {"$sum": 1},
            }
        },
        {"$sort": {"_id": 1}},
    ]
    return [
        {"date": row["_id"], **{k: v for k, v in row.items() if k != "_id"}}
        for row in get_db().runs.aggregate(pipeline)
    ]


def tokens_since(*, user_id: int, since: datetime, **attribution) -> int:
    """Tokens the user's runs used since ``since`` (optionally only those of one ``embed_id`` / ``api_key_id``)."""
    match = {"user_id": user_id, "created_at": {"$gte": since}, **attribution}
    rows = get_db().runs.aggregate(
        [{"$match": match}, {"$group": {"_id": None, "tokens": {"$sum": "$usage.total_tokens"}}}]
    )
    return next((int(row["tokens"] or 0) for row in rows), 0)
