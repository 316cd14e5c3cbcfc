"""Embeds: the owner's side (create, change, delete) and the visitor's (sessions, conversations, chat).

A visitor is anonymous: the widget asks for a session and keeps the signed
visitor id it gets (``visitor_token``) in the host page's storage. Every
visitor request carries it; a visitor sees only the conversations that carry
their id. The conversations and runs are the embed owner's (their budget,
their usage, marked with ``embed_id`` and ``visitor_id``), so an owner pays
for what their widget does and finds it in their usage.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.core import signing

from agents import history
from agents.services import StartedRun, chat_start, conversation_delete, validate_content
from embeds.models import Embed
from runs import reports
from tomato_agent.errors import DomainError, InvalidRequest, NotFound
from tomato_agent.ratelimit import Window, count_and_check

VISITOR_SALT = "embeds.visitor"
VISITOR_MAX_AGE = 365 * 24 * 3600


class EmbedBudgetExceeded(DomainError):
    code = "budget_exceeded"
    status = 429
    message = "This assistant has answered all it may today; please come back tomorrow."


# --- the owner's side -------------------------------------------------------------------------


def clean_origins(origins) -> list[str]:
    """Origins as browsers send them: ``scheme://host[:port]``, lower case, no path; InvalidRequest if not."""
    if not isinstance(origins, list) or not origins:
        raise InvalidRequest("allowed_origins must list at least one origin, like https://www.example.com.")
    cleaned = []
    for origin in origins:
        parts = urlsplit(origin.strip()) if isinstance(origin, str) else None
        if (
            parts is None
            or parts.scheme not in ("http", "https")
            or not parts.hostname
            or parts.path not in ("", "/")
            or parts.query
            or parts.fragment
            or parts.username
        ):
            raise InvalidRequest(f"{origin!r} is not an origin: scheme://host[:port], nothing after it.")
        port = f":{parts.port}" if parts.port else ""
        cleaned.append(f"{parts.scheme}://{parts.hostname.lower()}{port}")
    return sorted(set(cleaned))


def embeds_for(*, owner):
    return Embed.objects.filter(owner=owner)


def embed_get(*, owner, embed_id: int) -> Embed:
    embed = Embed.objects.filter(owner=owner, id=embed_id).first()
    if embed is None:
        raise NotFound("Embed not found.")
    return embed


def _check_agent(owner, agent: str) -> None:
    """The agent must be one the owner may run (a model id of ``/v1/models``); InvalidRequest otherwise."""
    from openai_api.catalog import model_for

    try:
        model_for(user=owner, model_id=agent)
    except NotFound:
        raise InvalidRequest(f"{agent!r} is not an agent you can use.") from None


def embed_create(*, owner, **fields) -> Embed:
    fields["allowed_origins"] = clean_origins(fields.get("allowed_origins"))
    if "agent" in fields:
        _check_agent(owner, fields["agent"])
    embed = Embed(owner=owner, **fields)
    embed.full_clean()
    embed.save()
    return embed


def embed_update(*, owner, embed_id: int, **fields) -> Embed:
    embed = embed_get(owner=owner, embed_id=embed_id)
    if "allowed_origins" in fields:
        fields["allowed_origins"] = clean_origins(fields["allowed_origins"])
    if "agent" in fields:
        _check_agent(owner, fields["agent"])
    for name, value in fields.items():
        setattr(embed, name, value)
    embed.full_clean()
    embed.save()
    return embed


def embed_delete(*, owner, embed_id: int) -> None:
    embed_get(owner=owner, embed_id=embed_id).delete()


# --- the visitor's side -----------------------------------------------------------------------


def embed_for_token(token: str) -> Embed:
    """The enabled embed behind a public token (with its owner); NotFound otherwise."""
    embed = Embed.objects.select_related("owner").filter(token=token, enabled=True).first()
    if embed is None or not embed.owner.is_active:
        raise NotFound("This chat widget does not exist or is switched off.")
    return embed


def origin_allowed(embed: Embed, origin: str | None) -> bool:
    return bool(origin) and origin.lower() in embed.allowed_origins


def visitor_issue(embed: Embed) -> tuple[str, str]:
    """A new anonymous visitor: their id and the signed token the widget keeps."""
    visitor_id = uuid.uuid4().hex
    return visitor_id, signing.TimestampSigner(salt=VISITOR_SALT).sign(f"{embed.id}:{visitor_id}")


class InvalidIdentity(DomainError):
    code = "invalid_identity"
    status = 403
    message = "The user id and its hash do not match."


def visitor_identified(embed: Embed, *, user_id: str, user_hash: str) -> tuple[str, str]:
    """A visitor the host site vouches for: ``user_hash`` is HMAC-SHA256 of ``user_id`` with the embed's
    identity secret. The same user id is the same visitor on every device (their conversations follow)."""
    if not isinstance(user_id, str) or not user_id or len(user_id) > 200 or not isinstance(user_hash, str):
        raise InvalidRequest("user_id and user_hash are strings.")
    expected = hmac.new(embed.identity_secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, user_hash.lower()):
        raise InvalidIdentity()
    visitor_id = "user:" + user_id
    return visitor_id, signing.TimestampSigner(salt=VISITOR_SALT).sign(f"{embed.id}:{visitor_id}")


def visitor_from(embed: Embed, token: str | None) -> str | None:
    """The visitor id a token signs for this embed, or None (missing, forged, another embed's, too old)."""
    if not token:
        return None
    try:
        value = signing.TimestampSigner(salt=VISITOR_SALT).unsign(token, max_age=VISITOR_MAX_AGE)
    except signing.BadSignature:
        return None
    embed_id, _, visitor_id = value.partition(":")
    return visitor_id if embed_id == str(embed.id) and visitor_id else None


def visitor_limits(embed: Embed, *, visitor_id: str, ip: str) -> None:
    """Count a visitor's request against the embed's per-visitor and per-IP limits (RateLimited past one)."""
    count_and_check(
        [
            Window(
                f"embed:{embed.token}:visitor:{visitor_id}",
                embed.visitor_requests_per_minute,
                60,
                "You are sending messages too quickly; wait a moment.",
            ),
            Window(
                f"embed:{embed.token}:ip:{ip}",
                embed.ip_requests_per_minute,
                60,
                "Too many messages from your network; wait a moment.",
            ),
        ]
    )


def tokens_today(embed: Embed) -> int:
    """Tokens the embed's visitors used since midnight UTC (from the run reports)."""
    midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return reports.tokens_since(user_id=embed.owner_id, since=midnight, embed_id=embed.id)


def _visitor_marks(embed: Embed, visitor_id: str) -> dict:
    return {"embed_id": embed.id, "visitor_id": visitor_id}


def visitor_conversations(embed: Embed, *, visitor_id: str, limit: int = 20) -> list[dict]:
    return history.conversations_for(user_id=embed.owner_id, limit=limit, visitor=_visitor_marks(embed, visitor_id))


def visitor_conversation(embed: Embed, *, visitor_id: str, conversation_id: str) -> dict:
    """One of the visitor's conversations; another visitor's (or the owner's own) is NotFound."""
    doc = history.conversation_get(user_id=embed.owner_id, conversation_id=conversation_id)
    if doc.get("embed_id") != embed.id or doc.get("visitor_id") != visitor_id:
        raise NotFound("Conversation not found.")
    return doc


def visitor_messages(embed: Embed, *, visitor_id: str, conversation_id: str) -> list[dict]:
    visitor_conversation(embed, visitor_id=visitor_id, conversation_id=conversation_id)
    return history.messages_for(user_id=embed.owner_id, conversation_id=conversation_id, limit=100)


def visitor_chat_start(embed: Embed, *, visitor_id: str, content, conversation_id: str | None) -> StartedRun:
    """Start a chat turn as the embed's owner, in one of the visitor's conversations (a new one if none)."""
    content = validate_content(content)
    budget = embed.daily_token_budget
    if budget is not None and tokens_today(embed) >= budget:
        raise EmbedBudgetExceeded()
    created = conversation_id is None
    if created:
        conversation_id = history.conversation_create(
            user_id=embed.owner_id,
            title=history.title_from(content),
            visitor=_visitor_marks(embed, visitor_id),
            agent_id=embed.agent if embed.agent.startswith("ag_") else None,  # an agent people built
        )["_id"]
    else:
        visitor_conversation(embed, visitor_id=visitor_id, conversation_id=conversation_id)
    owner = embed.owner
    owner.run_attribution = _visitor_marks(embed, visitor_id)  # the report says which embed and visitor
    try:
        return chat_start(user=owner, conversation_id=conversation_id, content=content)
    except DomainError:
        if created:  # refused (a cap, the budget): leave no empty conversation behind
            conversation_delete(user_id=embed.owner_id, conversation_id=conversation_id)
        raise


def visitor_run(embed: Embed, *, visitor_id: str, run_id: str) -> dict:
    """One of the visitor's runs (to resume it); NotFound otherwise."""
    run = reports.report_get(user_id=embed.owner_id, run_id=run_id)
    visitor_conversation(embed, visitor_id=visitor_id, conversation_id=run.get("conversation_id") or "")
    return run
