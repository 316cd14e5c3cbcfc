"""MongoDB indexes for chat history; created idempotently, never on a hot path."""

from pymongo import ASCENDING, DESCENDING, IndexModel

INDEXES: dict[str, list[IndexModel]] = {
    "conversations": [
        IndexModel([("user_id", ASCENDING), ("updated_at", DESCENDING)], name="owner_updated"),
    ],
    "messages": [
        IndexModel([("conversation_id", ASCENDING), ("seq", ASCENDING)], name="conversation_seq", unique=True),
    ],
    "runs": [
        IndexModel([("conversation_id", ASCENDING), ("created_at", DESCENDING)], name="conversation_created"),
        IndexModel([("user_id", ASCENDING), ("created_at", DESCENDING)], name="owner_created"),
    ],
}


def ensure_indexes(db) -> None:
    for collection, indexes in INDEXES.items():
        db[collection].create_indexes(indexes)
