"""run_python as the registry runs it: quotas, the daily CPU budget, what the model and the person get."""

from __future__ import annotations

import json
import threading

import pytest

from sandbox import quota
from tools.registry import ToolCall, ToolContext, registry, run_call

pytestmark = pytest.mark.django_db(transaction=True)


def _call(user, code: str, call_id: str = "call_1", conversation_id: str = ""):
    ctx = ToolContext(user_id=user.pk, run_id="run-test", conversation_id=conversation_id)
    tool = {tool.name: tool for tool in registry.tools_for(ctx)}.get("run_python")
    return run_call(ToolCall(call_id=call_id, name="run_python", arguments=json.dumps({"code": code})), tool, ctx)


@pytest.fixture(autouse=True)
def _fresh_quota(redis_conn):
    yield
    for key in redis_conn.scan_iter(match="sandbox:*"):
        redis_conn.delete(key)


def test_the_model_gets_clipped_text_and_the_person_gets_the_files(sandbox_ready, user):
    outcome = _call(user, "import sys\nprint('x' * 30000)\nprint('err', file=sys.stderr)\n2 ** 10")
    assert outcome.ok, outcome.error
    for_model = json.loads(outcome.content)
    assert for_model["status"] == "ok"
    assert for_model["value"] == "1024"
    assert "characters omitted" in for_model["stdout"]
    assert len(for_model["stdout"]) < 9000
    assert for_model["stderr"] == "err\n"
    assert outcome.visible["stdout"].count("x") > 15000  # the person sees more than the model
    assert outcome.visible["value"] == "1024"


def test_a_code_error_is_a_result_not_a_tool_failure(sandbox_ready, user):
    outcome = _call(user, "def f():\n    return 1 / 0\nf()")
    assert outcome.ok  # the tool worked: the code failed, and the model should see why
    body = json.loads(outcome.content)
    assert body["error"]["type"] == "ZeroDivisionError"
    assert 'File "<code>", line 2, in f' in body["error"]["traceback"]
    assert "harness" not in body["error"]["traceback"]


def test_per_user_concurrency_limit(sandbox_ready, user, make_user, settings):
    settings.SANDBOX_RUNS_PER_USER = 1
    release = threading.Event()
    results = {}

    def slow():
        results["slow"] = _call(user, "import time\ntime.sleep(2)\n'slow done'", call_id="slow")
        release.set()

    thread = threading.Thread(target=slow)
    thread.start()
    try:
        deadline_hit = True
        for _ in range(100):  # wait (bounded) until the slow run holds the slot
            if quota.get_redis().zcard(f"sandbox:active:{user.pk}"):
                deadline_hit = False
                break
            release.wait(0.05)
        assert not deadline_hit
        refused = _call(user, "1")
        other = _call(make_user(), "'another user is not limited by it'")
    finally:
        thread.join(30)
    assert not refused.ok
    assert "already running" in refused.error
    assert other.ok
    assert json.loads(other.content)["value"] == "'another user is not limited by it'"
    assert results["slow"].ok
    assert _call(user, "'free again'").ok


def test_daily_cpu_budget(sandbox_ready, user, settings):
    settings.SANDBOX_DAILY_CPU_SECONDS = 1
    first = _call(user, "x = 0\nfor i in range(3 * 10**7):\n    x += i\nx")
    assert first.ok
    assert json.loads(first.content)["status"] in ("ok", "cpu_limit")  # capped at what was left: 1 s
    assert quota.cpu_used_today(user_id=user.pk) >= 0.5
    refused = _call(user, "1")
    assert not refused.ok
    assert "daily budget" in refused.error


def test_the_tool_is_hidden_without_a_sandbox(user, settings):
    settings.SANDBOX_BACKEND = "disabled"
    names = {tool.name for tool in registry.tools_for(ToolContext(user_id=user.pk))}
    assert "run_python" not in names
    assert "code_search" in names


def test_produced_files_expire(sandbox_ready, user, settings, tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    from sandbox.files import files_purge
    from sandbox.models import SandboxFile

    settings.SANDBOX_FILES_DIR = str(tmp_path)
    outcome = _call(user, "open('a.txt', 'w').write('hello')")
    [item] = outcome.visible["files"]
    row = SandboxFile.objects.get(id=item["id"])
    stored = tmp_path / row.path
    assert stored.read_bytes() == b"hello"
    assert files_purge() == 0
    SandboxFile.objects.filter(id=row.id).update(created_at=timezone.now() - timedelta(days=31))
    assert files_purge() == 1
    assert not stored.exists()
    assert not SandboxFile.objects.exists()


def test_a_file_named_like_an_image_is_not_served_as_one(sandbox_ready, user):
    outcome = _call(user, "open('fake.png', 'w').write('<script>alert(1)</script>')")
    [item] = outcome.visible["files"]
    assert item["image"] is False
    assert item["content_type"] == "application/octet-stream"


def test_a_conversations_files_go_with_it_and_a_users_with_the_user(
    sandbox_ready, auth_client, make_user, settings, tmp_path, mongo_db, client
):
    from datetime import UTC, datetime

    from agents import history
    from runs import reports
    from sandbox import files
    from sandbox.models import SandboxFile
    from sandbox.types import ProducedFile
    from tomato_agent.mongo import new_id

    settings.SANDBOX_FILES_DIR = str(tmp_path)
    user = auth_client.user
    doomed, kept = (history.conversation_create(user_id=user.pk)["_id"] for _ in range(2))
    code = "open('a.txt', 'w').write('hello')"
    [gone] = _call(user, code, conversation_id=doomed).visible["files"]
    [stays] = _call(user, code, conversation_id=kept).visible["files"]
    gone_path = tmp_path / SandboxFile.objects.get(id=gone["id"]).path
    assert auth_client.get(gone["url"]).status_code == 200
    # A file stored before files recorded their conversation: found through the conversation's run.
    old_run = new_id()
    reports.report_record_queued(
        run_id=old_run,
        user_id=user.pk,
        kind="chat",
        model="m",
        created_at=datetime.now(UTC),
        fields={"conversation_id": doomed},
    )
    [older] = files.files_store(user_id=user.pk, run_id=old_run, files=[ProducedFile(name="old.txt", data=b"x")])

    assert auth_client.delete(f"/api/conversations/{doomed}").status_code == 204
    assert auth_client.get(gone["url"]).status_code == 404
    assert not gone_path.exists()
    assert not SandboxFile.objects.filter(id=older.id).exists()
    assert not (tmp_path / older.path).exists()
    assert auth_client.get(stays["url"]).status_code == 200  # the other conversation's file is untouched

    # Deleting the user (the admin's delete page) takes their remaining files, bytes and all.
    client.force_login(make_user(is_staff=True, is_superuser=True))
    assert client.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not SandboxFile.objects.exists()
    assert not (tmp_path / str(user.pk)).exists()
