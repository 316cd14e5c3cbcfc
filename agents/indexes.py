"""MongoDB indexes for chat history and run reports; created idempotently, never on a hot path."""

from pymongo import ASCENDING, DESCENDING, IndexModel

from runs.reports import INDEXES as RUN_INDEXES

INDEXES: dict[str, list[IndexModel]] = {
    "conversations": [
        IndexModel([("user_id", ASCENDING), ("updated_at", DESCENDING)], name="owner_updated"),
        # An embedded widget's visitor lists their own conversations (embeds/).
        IndexModel(
            [("embed_id", ASCENDING), ("visitor_id", ASCENDING), ("updated_at", DESCENDING)],
            name="embed_visitor_updated",
            sparse=True,
        ),
    ],
    "messages": [
        IndexModel([("conversation_id", ASCENDING), ("seq", ASCENDING)], name="conversation_seq", unique=True),
        # A person's messages. The content search does not use it on the embedded SecantusDB: its planner
        # scans the collection, which is faster there than fetching each hit (docs/benchmarks.md).
        IndexModel([("user_id", ASCENDING), ("conversation_id", ASCENDING)], name="owner_conversation"),
        # Staff read the rated answers newest first (the admin's feedback page).
        IndexModel([("feedback.at", DESCENDING)], name="feedback_at", sparse=True),
    ],
    **RUN_INDEXES,
}


def ensure_indexes(db=None) -> None:
    """Create the indexes (idempotent). Schema, not reads: the one other place ``get_db()`` is called."""
    if db is None:
        from tomato_agent.mongo import get_db

        db = get_db()
    for collection, indexes in INDEXES.items():
        db[collection].create_indexes(indexes)
