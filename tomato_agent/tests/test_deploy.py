"""Production settings pass Django's deploy checks; the ops files are consistent."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_passes_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tomato_agent.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.com",
    }
    proc = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DJANGO_SETTINGS_MODULE="tomato_agent.settings.production", ALLOWED_HOSTS="example.com")
    proc = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode != 0
    assert "SECRET_KEY" in proc.stderr


def test_nginx_config_streams_and_hides_tokens():
    for name in ("nginx/nginx.conf", "nginx/nginx.conf.template"):
        conf = (ROOT / name).read_text()
        assert "proxy_buffering off" in conf
        assert "Upgrade" in conf
        assert "/ws/" in conf
        assert "X-Forwarded-Proto" in conf
        assert "X-Forwarded-For" in conf
        log_format = conf.split("log_format", 1)[1].split(";", 1)[0]
        assert "$request " not in log_format
        assert "$request'" not in log_format
        assert "$args" not in log_format
        assert "$query_string" not in log_format
        assert "authorization" not in log_format.lower()


def test_compose_nginx_conf_is_the_rendered_template():
    sys.path.insert(0, str(ROOT / "ops"))
    try:
        import smoke_topology
    finally:
        sys.path.remove(str(ROOT / "ops"))
    assert (ROOT / "nginx/nginx.conf").read_text() == smoke_topology.compose_nginx_conf(), (
        "nginx/nginx.conf is stale: regenerate it with smoke_topology.compose_nginx_conf()"
    )


def test_compose_topology_scales_workers():
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"nginx", "web", "worker", "redis", "mongo", "postgres"} <= services.keys()
    worker = services["worker"]
    assert "container_name" not in worker
    assert "ports" not in worker
    assert "--pool gevent" in " ".join(worker["command"].split())
    for name, service in services.items():
        if name != "migrate":
            assert "healthcheck" in service, name
    assert {"static", "redis", "mongo", "postgres"} <= compose["volumes"].keys()
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "USER tomato" in dockerfile
    assert "collectstatic" in dockerfile


def test_env_example_guards_metrics_with_a_token_not_private_networks():
    """Behind docker-proxy every client is 172.x: trusting RFC 1918 would make /metrics public."""
    import ipaddress

    values = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )
    assert "METRICS_TOKEN" in values
    networks = [
        ipaddress.ip_network(n.strip(), strict=False)
        for n in values.get("METRICS_ALLOWED_IPS", "").split(",")
        if n.strip()
    ]
    assert [n for n in networks if not n.is_loopback] == []
