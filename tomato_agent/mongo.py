"""The process's one MongoDB client (chat history, run reports)."""

from __future__ import annotations

import threading
import uuid

from django.conf import settings
from pymongo import MongoClient
from pymongo.database import Database

_lock = threading.Lock()
_client: MongoClient | None = None


def get_client() -> MongoClient:
    global _client
    if _client is None:
        with _lock:
            if _client is None:
                _client = MongoClient(
                    settings.MONGO_URL,
                    tz_aware=True,
                    serverSelectionTimeoutMS=settings.MONGO_TIMEOUT_MS,
                    connectTimeoutMS=settings.MONGO_TIMEOUT_MS,
                    appname="tomato-agent",
                )
    return _client


def get_db() -> Database:
    return get_client()[settings.MONGO_DB_NAME]


def close_client() -> None:
    global _client
    with _lock:
        if _client is not None:
            _client.close()
            _client = None


def new_id() -> str:
    """A new document id (conversations, messages, runs): 32 hex characters."""
    return uuid.uuid4().hex
