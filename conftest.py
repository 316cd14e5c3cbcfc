"""Shared fixtures: real services only (see tomato_agent/settings/test.py)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

# The end-to-end fixtures (scripted LLM, Celery worker, daphne) for every test package.
pytest_plugins = ["agents.tests.fixtures"]


@pytest.fixture(scope="session")
def mongo_session(django_db_blocker):
    """The session's own MongoDB database with its indexes; dropped at the end."""
    from agents.indexes import ensure_indexes
    from tomato_agent.mongo import get_client, get_db

    db = get_db()
    ensure_indexes(db)
    _mongo_state["db"] = db
    yield db
    _mongo_state.clear()
    get_client().drop_database(db.name)


@pytest.fixture
def mongo_db(mongo_session):
    """The session's MongoDB database, through the process's current client: a test may have closed the
    client (the health check's tests do) and the next get_db() opens a new one, so no handle outlives a test."""
    from tomato_agent.mongo import get_db

    return get_db()


_mongo_state: dict = {}


@pytest.fixture(autouse=True)
def _fresh_chat_history():
    """SQL rows roll back after each test and SQLite reuses user ids; per-user chat history and
    month-to-date usage counters must go too, or the next test's user inherits them."""
    from tomato_agent.redis_client import get_redis

    redis = get_redis()  # taken now: a test may monkeypatch get_redis to fail
    yield
    if _mongo_state:
        from tomato_agent.mongo import get_db

        db = get_db()  # not the cached handle: a test may have closed and reopened the client
        for name in ("conversations", "messages", "runs"):
            db[name].delete_many({})
        keys = list(redis.scan_iter(match="usage:*", count=1000))
        if keys:
            redis.delete(*keys)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counters (per IP, per username) must not carry from one test into the next."""
    from django.conf import settings

    from tomato_agent.redis_client import get_redis

    redis = get_redis()  # taken now: a test may monkeypatch get_redis to fail
    yield
    keys = list(redis.scan_iter(match=f"{settings.THROTTLE_KEY_PREFIX}:*", count=1000))
    if keys:
        redis.delete(*keys)


@pytest.fixture
def redis_conn():
    from tomato_agent.redis_client import get_redis

    return get_redis()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def make_user(db):
    from accounts.tests.factories import UserFactory

    def make(**kwargs):
        return UserFactory(**kwargs)

    return make


@pytest.fixture
def user(make_user):
    return make_user()


@pytest.fixture
def auth_client(user):
    """An API client holding a real token of ``user``."""
    from accounts.services import token_issue

    token, _ = token_issue(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    client.user = user
    client.token = token
    return client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and on PostgreSQL, before it is dropped, an end to the sessions
    this process's executor threads left open on it (in-process WebSocket consumers reach the ORM from
    those threads): DROP DATABASE refuses a database in use, which left one test database behind on
    the server after every run."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
