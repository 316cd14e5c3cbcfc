"""Test settings: real services, fast hashing.

When REDIS_URL / MONGO_URL are unset, real embedded servers (Valkey, SecantusDB)
are started once for the test session before the base settings read the
environment; child processes (Celery workers started by end-to-end tests)
inherit the URLs and names set here and start nothing of their own.
"""

import os
import uuid

from tomato_agent import embedded

embedded.ensure_test_services()
_session = uuid.uuid4().hex[:8]
os.environ.setdefault("CELERY_QUEUE", f"tomato-test-{_session}")
os.environ.setdefault("MONGO_DB_NAME", f"tomato_test_{_session}")
os.environ.setdefault("LLM_BASE_URL", "http://127.0.0.1:9/v1")  # tests start their own
os.environ.setdefault("LLM_MODEL", "scripted-demo")
os.environ.setdefault("LLM_SCRIPTED", "true")
# Tests point staff-defined providers at a scripted server on loopback.
os.environ.setdefault("LLM_PROVIDER_ALLOWED_HOSTS", "127.0.0.1")

from .base import *  # noqa: E402, F403

DEBUG = False
# End-to-end tests run a real Celery worker process: an SQLite test database must
# be a file it can open too (see agents/tests/fixtures.py).
VAR_DIR.mkdir(exist_ok=True)  # noqa: F405 - a fresh clone has no var/ yet
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{_session}.sqlite3")}  # noqa: F405
else:  # PostgreSQL: one test database per session, so two sessions on one server never drop each other's
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{_session}"}  # noqa: F405
# bcrypt is exercised by its own test; everything else hashes fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WORKER_LOST_AFTER_SECONDS = 3.0
# No background sweeper in test processes (it would end other tests' runs); tests call sweep_once().
RUN_SWEEP_SECONDS = float(os.environ.get("RUN_SWEEP_SECONDS", "0"))
USAGE_CACHE_SECONDS = 0.0
# Throttle counters of one test session never leak into the next one on a shared Redis.
THROTTLE_KEY_PREFIX = f"throttle-test-{_session}"
