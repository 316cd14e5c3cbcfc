"""A conversation deleted while its first answer may still be running: a mark in Redis for as long as a
run can last, so the worker's title write (which creates a conversation the web side has not recorded
yet, ``agents.history.conversation_title_generate``) does not bring it back."""

from __future__ import annotations

from django.conf import settings

from tomato_agent.redis_client import get_redis


def _key(user_id: int, conversation_id: str) -> str:
    return f"conv:{user_id}:{conversation_id}:deleted"


def conversation_deleted_mark(*, user_id: int, conversation_id: str) -> None:
    """Before a conversation is deleted: remember it for the longest a run of it can still write."""
    get_redis().set(_key(user_id, conversation_id), b"1", ex=settings.RUN_HARD_TIME_LIMIT + 60)


def conversation_was_deleted(*, user_id: int, conversation_id: str) -> bool:
    return bool(get_redis().exists(_key(user_id, conversation_id)))
