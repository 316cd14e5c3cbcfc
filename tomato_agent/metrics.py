"""Prometheus metrics and the ``GET /metrics`` view.

Multiprocess: with ``PROMETHEUS_MULTIPROC_DIR`` set (before start, one shared,
empty directory per deployment) every daphne and Celery process writes its
samples there and one scrape of any web process aggregates them all. Containers
(docker-compose) each get a subdirectory of ``PROMETHEUS_METRICS_ROOT`` (pids
repeat across containers) and the scrape merges the whole tree. Without either
each process reports its own registry (development).

Access: ``METRICS_ALLOWED_IPS`` (socket peer or, behind nginx, the client
address by NUM_PROXIES) and/or ``METRICS_TOKEN`` (``Authorization: Bearer``).
Neither set: the endpoint answers 404.
"""

from __future__ import annotations

import contextlib
import glob
import hmac
import ipaddress
import os

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

LATENCY = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
FAST = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

HTTP_REQUESTS = Counter("tomato_http_requests_total", "HTTP requests", ["method", "route", "status"])
HTTP_DURATION = Histogram(
    "tomato_http_request_duration_seconds", "Time to response headers", ["method", "route"], buckets=FAST
)
RUNS = Counter("tomato_runs_total", "Finished runs by status", ["status"])
RUN_DURATION = Histogram("tomato_run_duration_seconds", "Run duration on the worker", ["status"], buckets=LATENCY)
FIRST_TOKEN = Histogram("tomato_run_time_to_first_token_seconds", "Run start to first event", buckets=LATENCY)
TOKEN_GAP = Histogram(
    "tomato_run_inter_token_seconds",
    "Gap between streamed tokens",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
QUEUE_WAIT = Histogram("tomato_run_queue_wait_seconds", "Enqueue to worker pickup", buckets=LATENCY)
TOOL_CALLS = Counter("tomato_tool_calls_total", "Tool calls", ["tool", "outcome"])
TOKENS = Counter("tomato_llm_tokens_total", "LLM tokens", ["model", "kind"])
ACTIVE_STREAMS = Gauge("tomato_active_streams", "Open SSE/WebSocket streams", multiprocess_mode="livesum")


def observe_request(request, response, duration: float) -> None:
    match = getattr(request, "resolver_match", None)
    route = (match.route or match.view_name) if match else "unmatched"
    HTTP_REQUESTS.labels(request.method, route, str(response.status_code)).inc()
    HTTP_DURATION.labels(request.method, route).observe(duration)


def observe_run(*, status: str, duration_s: float | None = None, first_token_s: float | None = None,
                queue_s: float | None = None, model: str | None = None, usage: dict | None = None) -> None:  # fmt: skip
    """One finished run (call from the worker where the run closes)."""
    RUNS.labels(status).inc()
    if duration_s is not None:
        RUN_DURATION.labels(status).observe(duration_s)
    if first_token_s is not None:
        FIRST_TOKEN.observe(first_token_s)
    if queue_s is not None:
        QUEUE_WAIT.observe(max(queue_s, 0.0))
    if usage and model:
        for kind in ("prompt_tokens", "completion_tokens"):
            if usage.get(kind):
                TOKENS.labels(model, kind.removesuffix("_tokens")).inc(usage[kind])


def observe_tool_call(*, tool: str, outcome: str) -> None:
    TOOL_CALLS.labels(tool, outcome).inc()


def observe_token_gap(seconds: float) -> None:
    TOKEN_GAP.observe(seconds)


@contextlib.contextmanager
def active_stream():
    """Wrap the life of one SSE body or WebSocket follower: ``with metrics.active_stream(): ...``."""
    ACTIVE_STREAMS.inc()
    try:
        yield
    finally:
        ACTIVE_STREAMS.dec()


def _allowed(request) -> bool:
    from accounts.throttling import client_ip  # the same client address rule as login throttling

    token = getattr(settings, "METRICS_TOKEN", "")
    if token:
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
            return True
    networks = getattr(settings, "METRICS_ALLOWED_IPS", [])
    if networks:
        try:
            ip = ipaddress.ip_address(client_ip(request))
        except ValueError:
            return False
        return any(ip in ipaddress.ip_network(net, strict=False) for net in networks)
    return False


class TreeCollector:
    """Merges the multiprocess files of every subdirectory (one per container)."""

    def __init__(self, root: str) -> None:
        self.root = root

    def collect(self):
        files = glob.glob(os.path.join(self.root, "**", "*.db"), recursive=True)
        return multiprocess.MultiProcessCollector.merge(files, accumulate=True)


def registry() -> CollectorRegistry:
    root = os.environ.get("PROMETHEUS_METRICS_ROOT")
    if root:
        reg = CollectorRegistry()
        reg.register(TreeCollector(root))
        return reg
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        reg = CollectorRegistry()
        multiprocess.MultiProcessCollector(reg)
        return reg
    return REGISTRY


class QueueDepthCollector:
    """Celery queue depth, read from Redis at scrape time (the broker list length)."""

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily

        from tomato_agent.redis_client import get_redis

        family = GaugeMetricFamily("tomato_celery_queue_depth", "Tasks waiting in the Celery queue", labels=["queue"])
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        try:
            family.add_metric([queue], float(get_redis().llen(queue)))
        except Exception:  # a scrape must not fail because Redis blinked
            return
        yield family


@require_GET
def metrics_view(request):
    if not _allowed(request):
        return HttpResponseNotFound()
    body = generate_latest(registry())
    queue = CollectorRegistry()
    queue.register(QueueDepthCollector())
    return HttpResponse(body + generate_latest(queue), content_type=CONTENT_TYPE_LATEST)
