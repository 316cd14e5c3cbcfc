"""Which conversation an OpenAI-style request continues.

Chat Completions clients are stateless: every request carries the whole
history. The platform keeps conversations, so each request is matched to one:

1. ``conversation_id`` in the body (the platform's extension) continues that
   conversation; the history the client sent is not needed;
2. otherwise the history before the last user message is looked up: after
   every answer the platform remembers "this transcript, with this model, is
   that conversation", so the client's next request — the same transcript
   plus the answer and a new message — lands in the same conversation;
3. otherwise a new conversation starts; a history the platform has never
   seen (another client's, an edited one) is imported into it first, so the
   agent sees what the client sent and the person's history shows it.

The memory is a MongoDB collection ``openai_threads`` keyed by a SHA-256 of
the owner, the model and the transcript; the texts themselves are not kept
there.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import orjson

from agents import history
from tomato_agent.mongo import get_db


def transcript_key(*, user_id: int, model: str, transcript: list[tuple[str, str]]) -> str:
    """The key of a transcript: its (role, text) messages, whitespace at the ends ignored."""
    normal = [[role, text.strip()] for role, text in transcript]
    return hashlib.sha256(orjson.dumps([user_id, model, normal])).hexdigest()


def thread_find(*, user_id: int, model: str, transcript: list[tuple[str, str]]) -> str | None:
    """The conversation this transcript continues, if the platform answered it and it still exists."""
    if not transcript:
        return None
    doc = get_db().openai_threads.find_one({"_id": transcript_key(user_id=user_id, model=model, transcript=transcript)})
    if doc is None or not history.conversation_exists(user_id=user_id, conversation_id=doc["conversation_id"]):
        return None
    return doc["conversation_id"]


def thread_remember(*, user_id: int, model: str, transcript: list[tuple[str, str]], conversation_id: str) -> None:
    """After an answer: the transcript that now ends with it belongs to ``conversation_id``."""
    key = transcript_key(user_id=user_id, model=model, transcript=transcript)
    get_db().openai_threads.update_one(
        {"_id": key},
        {"$set": {"user_id": user_id, "conversation_id": conversation_id, "updated_at": datetime.now(UTC)}},
        upsert=True,
    )


def conversation_for(
    *,
    user_id: int,
    model: str,
    history_messages: list[tuple[str, str]],
    conversation_id: str | None,
    agent_id: str | None = None,
) -> str | None:
    """The conversation a request continues (``None``: a new one); imports an unknown history first
    (as a conversation with ``agent_id``, the agent the request names)."""
    if conversation_id is not None:
        return conversation_id
    if not history_messages:
        return None
    found = thread_find(user_id=user_id, model=model, transcript=history_messages)
    if found is not None:
        return found
    return history.conversation_import(user_id=user_id, messages=history_messages, agent_id=agent_id)
