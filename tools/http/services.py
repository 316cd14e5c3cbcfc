"""Writes to HTTP tools and their secrets. Every write bumps the version counter
in Redis so each process reloads its cached tools (``tools.http.source``) once."""

from __future__ import annotations

import logging

import redis
from django.db import transaction
from django.db.models import QuerySet

from tomato_agent.redis_client import get_redis
from tools.models import HttpTool, HttpToolSecret
from tools.secrets import secret_encrypt

log = logging.getLogger(__name__)

VERSION_KEY = "tools:http_tools:version"


def http_tools_invalidate() -> None:
    """Make every process reload HTTP tools: now, and again once the transaction commits
    (so a process that reloaded in between does not keep pre-commit rows)."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        get_redis().incr(VERSION_KEY)
    except redis.RedisError:
        log.warning("could not bump the HTTP tools version; other processes keep their cached tools")


def http_tool_save(*, tool: HttpTool) -> HttpTool:
    tool.full_clean()
    tool.save()
    http_tools_invalidate()
    return tool


def http_tool_delete(*, tool: HttpTool) -> None:
    tool.delete()
    http_tools_invalidate()


def http_tools_set_enabled(*, tools: QuerySet[HttpTool], enabled: bool) -> int:
    count = tools.update(enabled=enabled)
    http_tools_invalidate()
    return count


def http_tools_delete(*, tools: QuerySet[HttpTool]) -> int:
    count, _ = tools.delete()
    http_tools_invalidate()
    return count


def secret_save(*, secret: HttpToolSecret, value: str | None = None) -> HttpToolSecret:
    """Save a secret's name and description, and its value when one is given."""
    if value is not None:
        secret.value_encrypted = secret_encrypt(value)
    secret.full_clean()
    secret.save()
    http_tools_invalidate()
    return secret


def secret_set(*, name: str, value: str, description: str = "") -> HttpToolSecret:
    secret = HttpToolSecret.objects.filter(name=name).first() or HttpToolSecret(name=name)
    if description:
        secret.description = description
    return secret_save(secret=secret, value=value)


def secret_delete(*, secret: HttpToolSecret) -> None:
    secret.delete()
    http_tools_invalidate()


def secrets_delete(*, secrets: QuerySet[HttpToolSecret]) -> int:
    count, _ = secrets.delete()
    http_tools_invalidate()
    return count
