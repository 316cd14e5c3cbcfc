"""Worker settings that the per-task cost depends on (docs/benchmarks.md)."""


def test_the_worker_builds_no_result_backend_per_task():
    # Under gevent Celery makes app.backend once per greenlet (per task); a Redis backend costs ~1 ms each.
    from celery.backends.base import DisabledBackend

    from tomato_agent.celery import app

    assert isinstance(app.backend, DisabledBackend)
