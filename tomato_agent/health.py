"""``GET /health``: is every backing service reachable from this process?"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from tomato_agent.mongo import get_client
from tomato_agent.redis_client import get_redis

log = logging.getLogger(__name__)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_redis() -> None:
    get_redis().ping()


def _check_mongo() -> None:
    get_client().admin.command("ping")


CHECKS = {"database": _check_database, "redis": _check_redis, "mongo": _check_mongo}


def service_checks() -> dict[str, str]:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure means "not ok"; the reason goes to the log only
            log.warning("health check %s failed: %s", name, type(exc).__name__)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    return results


def _sandbox() -> dict:
    """Can code run here (run_python, workflow code nodes)? Optional: never makes /health fail."""
    from sandbox.service import sandbox_availability

    try:
        answer = sandbox_availability()
    except Exception as exc:  # a broken sandbox setting must not take /health down
        log.warning("sandbox availability check failed: %s", type(exc).__name__)
        return {"backend": settings.SANDBOX_BACKEND, "available": False, "reason": "the check failed; see the log"}
    body = {"backend": answer.backend, "available": answer.available, "languages": list(answer.languages)}
    if not answer.available:
        body["reason"] = answer.reason
    return body


@require_GET
def health(request):
    checks = service_checks()
    failed = [name for name, state in checks.items() if state != "ok"]
    body = {
        "status": "ok" if not failed else "unavailable",
        "checks": checks,
        "llm": {"model": settings.LLM_MODEL, "scripted_demo": settings.LLM_SCRIPTED},
        "sandbox": _sandbox(),
    }
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)
