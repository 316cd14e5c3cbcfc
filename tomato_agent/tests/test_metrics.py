"""/metrics: samples from several processes appear in one scrape; access is restricted."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client import generate_latest

from tomato_agent import metrics

ROOT = Path(__file__).resolve().parents[2]
RECORD = """
from tomato_agent import metrics
metrics.observe_run(status="succeeded", duration_s=1.5, first_token_s=0.2, queue_s=0.01,
                    model="m1", usage={"prompt_tokens": 10, "completion_tokens": 5})
metrics.observe_tool_call(tool="calculator", outcome="ok")
"""


def _record_in_process(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    env.pop("PROMETHEUS_METRICS_ROOT", None)
    subprocess.run([sys.executable, "-c", RECORD], cwd=ROOT, env=env, check=True, timeout=60)


def _sample(text: str, prefix: str) -> float:
    for line in text.splitlines():
        if line.startswith(prefix):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{prefix} not in scrape:\n{text}")


def test_two_processes_appear_in_one_scrape(tmp_path, monkeypatch):
    _record_in_process(tmp_path)
    _record_in_process(tmp_path)
    assert len(list(tmp_path.glob("*.db"))) >= 2
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    monkeypatch.delenv("PROMETHEUS_METRICS_ROOT", raising=False)
    text = generate_latest(metrics.registry()).decode()
    assert _sample(text, 'tomato_runs_total{status="succeeded"}') == 2
    assert _sample(text, 'tomato_tool_calls_total{outcome="ok",tool="calculator"}') == 2
    assert _sample(text, 'tomato_llm_tokens_total{kind="prompt",model="m1"}') == 20
    assert _sample(text, 'tomato_run_duration_seconds_count{status="succeeded"}') == 2


def test_container_subdirectories_merge(tmp_path, monkeypatch):
    _record_in_process(tmp_path / "web-1")
    _record_in_process(tmp_path / "worker-1")
    monkeypatch.setenv("PROMETHEUS_METRICS_ROOT", str(tmp_path))
    text = generate_latest(metrics.registry()).decode()
    assert _sample(text, 'tomato_runs_total{status="succeeded"}') == 2


@pytest.fixture
def token_only(settings):
    settings.METRICS_ALLOWED_IPS = []
    settings.METRICS_TOKEN = "metrics-token-0123456789"
    return settings


def test_metrics_requires_token_or_allowed_ip(client, token_only):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong-token").status_code == 404
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer metrics-token-0123456789")
    assert response.status_code == 200
    assert "tomato_http_requests_total" in response.content.decode()


def test_metrics_allowed_ip_behind_one_proxy(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = ["10.1.0.0/16"]
    settings.NUM_PROXIES = 1
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
    ok = client.get("/metrics", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.1.2.3")
    assert ok.status_code == 200
    spoofed = client.get("/metrics", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="10.1.2.3, 8.8.8.8")
    assert spoofed.status_code == 404


def test_queue_depth_is_reported(client, token_only):
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer metrics-token-0123456789")
    assert "tomato_celery_queue_depth{queue=" in response.content.decode()


def test_active_streams_and_token_gaps():
    before = metrics.ACTIVE_STREAMS._value.get()
    with metrics.active_stream():
        assert metrics.ACTIVE_STREAMS._value.get() == before + 1
    assert metrics.ACTIVE_STREAMS._value.get() == before
    metrics.observe_token_gap(0.02)
    assert "tomato_run_inter_token_seconds_bucket" in generate_latest(metrics.REGISTRY).decode()
