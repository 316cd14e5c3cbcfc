"""Sandbox fixtures: skip (with the reason /health would give) where no sandbox can run."""

from __future__ import annotations

import uuid

import pytest

from agents.tests.fixtures import start_worker, stop_worker


@pytest.fixture(scope="session")
def sandbox_ready():
    """The configured backend can run code here; otherwise the test is skipped with the reason."""
    from sandbox.service import sandbox_availability

    answer = sandbox_availability()
    if not answer.available:
        pytest.skip(f"no sandbox here: {answer.reason}")
    return answer


CANARY = f"canary-{uuid.uuid4().hex}"
TIGHT_LIMITS = {"SANDBOX_WALL_SECONDS": "6", "SANDBOX_CPU_SECONDS": "3", "SANDBOX_MEMORY_MB": "512"}


@pytest.fixture(scope="module")
def sandbox_worker(llm_server, worker, sandbox_ready):
    """A worker of this module's own, with a canary secret in its environment and tight limits."""
    from django.conf import settings

    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-sbx-{uuid.uuid4().hex[:6]}"
    env = {"TOMATO_TEST_CANARY_SECRET": CANARY, "LLM_API_KEY": CANARY, **TIGHT_LIMITS}
    proc = start_worker(llm_server.base_url, extra_env=env, queue=queue, concurrency=10)
    yield proc, queue
    stop_worker(proc)


@pytest.fixture
def on_sandbox_worker(sandbox_worker, settings):
    """This test's runs go to the module's sandbox worker."""
    proc, queue = sandbox_worker
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    return proc
