"""Where the sandbox cannot run, the tool is hidden and /health says why; nothing else breaks."""

from __future__ import annotations

import pytest

from sandbox.service import sandbox_availability
from tools.registry import ToolContext, registry

pytestmark = pytest.mark.django_db


def test_missing_bubblewrap_hides_the_tool_and_health_says_why(client, settings, user, mongo_db):
    settings.SANDBOX_BWRAP = "/nonexistent/bwrap"
    answer = sandbox_availability()
    assert not answer.available
    assert "bubblewrap is not installed" in answer.reason
    assert "run_python" not in {tool.name for tool in registry.tools_for(ToolContext(user_id=user.pk))}
    response = client.get("/health")
    assert response.status_code == 200  # optional: the platform is healthy without it
    body = response.json()
    assert body["status"] == "ok"
    assert body["sandbox"] == {"backend": "bubblewrap", "available": False, "languages": [], "reason": answer.reason}


def test_missing_python_environment_is_named(settings, tmp_path):
    settings.SANDBOX_PYTHON_ENV = str(tmp_path / "nowhere")
    answer = sandbox_availability()
    assert not answer.available
    assert "make sandbox-env" in answer.reason or "bubblewrap" in answer.reason


def test_health_reports_a_working_sandbox(client, sandbox_ready, mongo_db):
    body = client.get("/health").json()
    assert body["sandbox"]["available"] is True
    assert "python" in body["sandbox"]["languages"]


def test_an_unknown_backend_is_a_configuration_error(settings):
    settings.SANDBOX_BACKEND = "docker"
    with pytest.raises(ValueError, match="bubblewrap, gvisor, disabled"):
        sandbox_availability()
