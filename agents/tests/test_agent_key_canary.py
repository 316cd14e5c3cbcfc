"""A provider's API key never shows up anywhere (canary): an agent on a keyed provider, with a
sub-agent, chatted with through the real worker and daphne; the key is looked for in the stream,
the report, the stored messages, every API answer and the worker's and the web's log."""

from __future__ import annotations

import time

import httpx
import pytest

from accounts.services import token_issue
from agents import history
from agents.agent_selectors import tool_name_for
from agents.agent_services import agent_create
from agents.tests.fixtures import ROOT, read_events
from providers.tests.test_providers import CANARY, keyed_server, make_provider  # noqa: F401 - the fixture
from runs import events, keys, reports
from tomato_agent.redis_client import get_redis

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def test_the_provider_key_never_leaves_the_provider(live_server_url, user, keyed_server):  # noqa: F811
    from tomato_agent.mongo import get_db

    keyed_server.add_scenario("sub", [{"content": "sub answer"}], match=r"canary sub task")
    make_provider(keyed_server.base_url, models=("acme-large", "acme-small"))
    sub = agent_create(user=user, fields={"name": "Sub", "provider": "acme", "model": "acme-small"})
    lead = agent_create(
        user=user, fields={"name": "Lead", "provider": "acme", "model": "acme-large", "agents": [sub.id]}
    )
    keyed_server.add_scenario(
        "lead",
        [
            {"tool_calls": [{"name": tool_name_for(sub), "arguments": {"task": "canary sub task"}}]},
            {"content": "lead answer"},
        ],
        match=r"canary lead question",
    )
    token, _ = token_issue(user=user)
    client = httpx.Client(base_url=live_server_url, headers={"Authorization": f"Token {token}"}, timeout=30)
    answer = client.post("/api/chat", json={"message": "canary lead question", "agent_id": lead.id})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["message"]["content"] == "lead answer"
    run_id = body["run_id"]
    evts = read_events(run_id)
    assert evts[-1].type == events.RESULT
    assert any(e.scope and e.type == events.TOKEN for e in evts)  # the sub-agent answered on the keyed provider

    seen: list[str] = [answer.text]
    seen += [e.raw.decode() + (e.scope_raw or b"").decode() for e in evts]
    seen += [str(entry) for entry in get_redis().xrange(keys.stream_key(run_id))]
    seen.append(str(reports.report_get(user_id=user.id, run_id=run_id)))
    seen.append(str(list(get_db().messages.find({"user_id": user.id}))))
    seen.append(str(history.conversation_get(user_id=user.id, conversation_id=body["conversation_id"])))
    for path in (
        "/api/agents",
        f"/api/agents/{lead.id}",
        "/api/providers",
        f"/api/runs/{run_id}",
        f"/api/conversations/{body['conversation_id']}/messages",
        f"/api/runs/{run_id}/events",
    ):
        response = client.get(path)
        assert response.status_code == 200, (path, response.text)
        seen.append(response.text)
    time.sleep(0.5)  # the worker's last log lines
    logs = [p.read_text(errors="replace") for p in (ROOT / "var").glob("test-*.log")]
    assert logs, "no process logs to check"
    for text in seen + logs:
        assert CANARY not in text
    assert keyed_server.requests()  # the key was sent where it belongs: to the provider
