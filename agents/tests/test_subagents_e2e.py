"""Agents that call agents, end to end: real worker (gevent), Redis, MongoDB and the scripted LLM."""

from __future__ import annotations

import time

import orjson
import pytest

from agents import history, services
from agents.agent_selectors import tool_name_for
from agents.agent_services import agent_create
from agents.models import Agent
from agents.tests.fixtures import read_events, text_of
from runs import events, keys, reports
from runs.web import admission
from tomato_agent.redis_client import get_redis

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]


def scope_of(evt) -> list[str]:
    return evt.scope


def sub_scope(evts, agent: Agent) -> list[str]:
    """The scope a sub-agent's events carry in this run (found from its first event)."""
    for evt in evts:
        if evt.scope and evt.scope[0].startswith(f"agent:{agent.id}:"):
            return evt.scope[:1]
    raise AssertionError(f"no events of {agent.name}")


def test_a_lead_calls_two_sub_agents_at_once_and_their_events_nest(worker, user, scenario, llm_server):
    words = "one two three four five six seven eight nine ten "
    researcher = agent_create(
        user=user,
        fields={
            "name": "Researcher",
            "description": "Finds facts.",
            "instructions": "You research.",
            "tools": ["calculator"],
        },
    )
    writer = agent_create(
        user=user, fields={"name": "Writer", "description": "Writes prose.", "instructions": "You write."}
    )
    lead = agent_create(
        user=user, fields={"name": "Lead", "instructions": "Delegate.", "agents": [researcher.id, writer.id]}
    )
    research = scenario(
        [
            {"tool_calls": [{"name": "calculator", "arguments": {"expression": "6*7"}}]},
            {"content": "R: " + words, "delay_ms": 25},
        ]
    )
    prose = scenario([{"content": "W: " + words, "delay_ms": 25}])
    marker = scenario(
        [
            {
                "tool_calls": [
                    {"name": tool_name_for(researcher), "arguments": {"task": f"{research} find the number"}},
                    {"name": tool_name_for(writer), "arguments": {"task": f"{prose} write it up"}},
                ]
            },
            {"content": "Both done: 42."},
        ]
    )
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} go", agent_id=lead.id)
    evts = read_events(started.run_id, timeout=30)
    assert evts[-1].type == events.RESULT
    r_scope, w_scope = sub_scope(evts, researcher), sub_scope(evts, writer)
    # Each sub-agent's tokens stream into the run under its scope, and equal the answer its lead got back.
    assert text_of(evts, scope=r_scope) == "R: " + words
    assert text_of(evts, scope=w_scope) == "W: " + words
    assert text_of(evts) == "Both done: 42."
    stored = history.message_get(user_id=user.id, message_id=evts[-1].data["message_id"])
    assert stored["content"] == "Both done: 42."
    (round_,) = stored["rounds"]
    answers = {r["name"]: r["content"] for r in round_["results"]}
    assert answers == {tool_name_for(researcher): "R: " + words, tool_name_for(writer): "W: " + words}
    # Concurrent: their token events interleave in the one stream.
    order = [e.scope[0] for e in evts if e.type == events.TOKEN and e.scope]
    first_w, last_r = order.index(w_scope[0]), len(order) - 1 - order[::-1].index(r_scope[0])
    assert first_w < last_r, order
    # Nested events in order: the lead's tool_start, then the sub-agent's own steps, then the lead's tool_result.
    types = [(e.type, tuple(e.scope)) for e in evts]
    r_call = r_scope[0].rsplit(":", 1)[1]
    start = next(i for i, e in enumerate(evts) if e.type == events.TOOL_START and e.data["call_id"] == r_call)
    end = next(i for i, e in enumerate(evts) if e.type == events.TOOL_RESULT and e.data["call_id"] == r_call)
    inner = [t for t in types[start + 1 : end] if t[1] == tuple(r_scope)]
    assert [t for t, _ in inner if t != events.TOKEN] == [events.TOOL_START, events.TOOL_RESULT]
    assert inner.index((events.TOOL_RESULT, tuple(r_scope))) < inner.index((events.TOKEN, tuple(r_scope)))
    assert evts[end].data["ok"] is True
    # The sub-agent's model got its own instructions and only its own tools.
    sub_request = next(r for r in llm_server.requests() if research in str(r["messages"][-1].get("content")))
    assert sub_request["messages"][0]["content"].endswith("You research.")
    assert [t["function"]["name"] for t in sub_request["tools"]] == ["calculator"]
    # The report is the tree, with usage per level, all charged to the person who asked.
    report = reports.report_get(user_id=user.id, run_id=started.run_id)
    agent_steps = [s for s in report["steps"] if s["kind"] == "agent"]
    assert {s["agent"]["name"] for s in agent_steps} == {"Researcher", "Writer"}
    r_step = next(s for s in agent_steps if s["agent"]["name"] == "Researcher")
    assert r_step["status"] == "succeeded"
    assert r_step["scope"] == r_scope
    assert [s["kind"] for s in r_step["steps"]] == ["llm", "tool", "llm"]
    assert r_step["usage"]["total_tokens"] > 0
    assert report["usage"]["total_tokens"] > r_step["usage"]["total_tokens"]


def test_depth_and_cycle_limits_hold_at_run_time(worker, user, scenario, settings):
    leaf = agent_create(user=user, fields={"name": "Leaf"})
    middle = agent_create(user=user, fields={"name": "Middle", "agents": [leaf.id]})
    lead = agent_create(user=user, fields={"name": "Lead", "agents": [middle.id]})
    settings.AGENT_MAX_DEPTH = 1  # lowered since they were saved: Lead -> Middle -> Leaf is now too deep
    # Middle -> Lead would be a cycle; written around the save-time check, as a race could.
    Agent.objects.filter(pk=middle.pk).update(sub_agents=[leaf.id, lead.id])
    sub = scenario(
        [
            {
                "tool_calls": [
                    {"name": tool_name_for(leaf), "arguments": {"task": "deeper"}},
                    {"name": tool_name_for(lead), "arguments": {"task": "back up"}},
                ]
            },
            {"content": "Could not."},
        ]
    )
    marker = scenario(
        [
            {"tool_calls": [{"name": tool_name_for(middle), "arguments": {"task": f"{sub} try"}}]},
            {"content": "Done."},
        ]
    )
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} go", agent_id=lead.id)
    evts = read_events(started.run_id)
    assert evts[-1].type == events.RESULT
    refused = {e.data["tool"]: e.data for e in evts if e.type == events.TOOL_RESULT and e.scope}
    assert refused[tool_name_for(leaf)]["ok"] is False
    assert "depth limit" in refused[tool_name_for(leaf)]["error"]
    assert refused[tool_name_for(lead)]["ok"] is False
    assert "cycle" in refused[tool_name_for(lead)]["error"]


def test_cancel_in_a_sub_sub_agent_ends_every_level(worker, user, scenario):
    leaf = agent_create(user=user, fields={"name": "Leaf"})
    middle = agent_create(user=user, fields={"name": "Middle", "agents": [leaf.id]})
    lead = agent_create(user=user, fields={"name": "Lead", "agents": [middle.id]})
    slow = scenario([{"content": "word " * 300, "delay_ms": 20}])
    mid = scenario(
        [
            {"tool_calls": [{"name": tool_name_for(leaf), "arguments": {"task": f"{slow} write a lot"}}]},
            {"content": "never"},
        ]
    )
    marker = scenario(
        [
            {"tool_calls": [{"name": tool_name_for(middle), "arguments": {"task": f"{mid} delegate"}}]},
            {"content": "never"},
        ]
    )
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} go", agent_id=lead.id)
    redis = get_redis()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        entries = redis.xrange(keys.stream_key(started.run_id))
        deep = [f for _, f in entries if f[b"t"] == b"token" and len(orjson.loads(f.get(b"s") or b"[]")) == 2]
        if len(deep) >= 3:
            break
        time.sleep(0.02)
    else:
        raise AssertionError("the sub-sub-agent never streamed")
    asked = time.monotonic()
    admission.run_cancel(user=user, run_id=started.run_id)
    evts = read_events(started.run_id)
    assert time.monotonic() - asked < 3  # not after the leaf's 6 s of words
    assert evts[-1].type == events.CANCELLED
    leaf_text = "".join(e.data for e in evts if e.type == events.TOKEN and len(e.scope) == 2)
    assert 0 < len(leaf_text) < len("word " * 300)
    # Every level ended: nothing was answered above the leaf, and the report's tree says cancelled.
    assert text_of(evts) == ""
    report = reports.report_get(user_id=user.id, run_id=started.run_id)
    assert report["status"] == "cancelled"
    (middle_step,) = [s for s in report["steps"] if s["kind"] == "agent"]
    assert middle_step["status"] == "cancelled"
    (leaf_step,) = [s for s in middle_step["steps"] if s["kind"] == "agent"]
    assert leaf_step["status"] == "cancelled"
    assert evts[-1].data["content"] == ""


def test_the_admin_run_page_shows_the_tree(worker, user, scenario, client, make_user):
    sub = agent_create(user=user, fields={"name": "Helper", "tools": ["calculator"]})
    lead = agent_create(user=user, fields={"name": "Lead", "agents": [sub.id]})
    inner = scenario(
        [
            {"tool_calls": [{"name": "calculator", "arguments": {"expression": "1+1"}}]},
            {"content": "two"},
        ]
    )
    marker = scenario(
        [
            {"tool_calls": [{"name": tool_name_for(sub), "arguments": {"task": f"{inner} add"}}]},
            {"content": "It is two."},
        ]
    )
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} go", agent_id=lead.id)
    assert read_events(started.run_id)[-1].type == events.RESULT
    client.force_login(make_user(is_staff=True, is_superuser=True))
    page = client.get(f"/admin/agents/chathistory/runs/{started.run_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "(Helper v1)" in html
    assert "↳ tool" in html  # the sub-agent's calculator call, under the sub-agent
    assert html.index("(Helper v1)") < html.index("↳ tool")


def test_a_reopened_answer_keeps_the_sub_agents_steps_nested(worker, user, scenario, auth_client):
    """GET …/messages gives a sub-agent's own steps (two levels down) after the call that asked it, with the
    scope its live events carried and the text it streamed; the stored answer keeps visible data only."""
    researcher = agent_create(user=user, fields={"name": "Researcher", "tools": ["calculator"]})
    middle = agent_create(user=user, fields={"name": "Middle", "agents": [researcher.id]})
    lead = agent_create(user=user, fields={"name": "Lead", "agents": [middle.id]})
    research = scenario(
        [{"tool_calls": [{"name": "calculator", "arguments": {"expression": "6*7"}}]}, {"content": "It is 42."}]
    )
    delegate = scenario(
        [
            {"tool_calls": [{"name": tool_name_for(researcher), "arguments": {"task": f"{research} compute"}}]},
            {"content": "Middle says 42."},
        ]
    )
    marker = scenario(
        [
            {"tool_calls": [{"name": tool_name_for(middle), "arguments": {"task": f"{delegate} ask around"}}]},
            {"content": "Done: 42."},
        ]
    )
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} go", agent_id=lead.id)
    evts = read_events(started.run_id, timeout=30)
    assert evts[-1].type == events.RESULT
    live = [(e.data["call_id"], e.data["tool"], list(e.scope or ())) for e in evts if e.type == events.TOOL_RESULT]

    response = auth_client.get(f"/api/conversations/{started.conversation_id}/messages")
    assert response.status_code == 200, response.content
    calls = response.json()["results"][-1]["tool_calls"]
    # The same calls as the live stream, in the same scopes, each caller before the steps it asked for.
    assert sorted((c["id"], c["tool"], c["scope"] or []) for c in calls) == sorted(live)
    assert [c["tool"] for c in calls] == [tool_name_for(middle), tool_name_for(researcher), "calculator"]
    m_call, r_call, calc = calls
    assert m_call["scope"] is None
    assert m_call["agent"]["scope"] == [f"agent:{middle.id}:{m_call['id']}"]
    assert m_call["agent"]["text"] == text_of(evts, scope=m_call["agent"]["scope"]) == "Middle says 42."
    assert r_call["scope"] == m_call["agent"]["scope"]
    assert r_call["agent"]["scope"] == [*m_call["agent"]["scope"], f"agent:{researcher.id}:{r_call['id']}"]
    assert r_call["agent"]["text"] == "It is 42."
    assert calc["scope"] == r_call["agent"]["scope"]
    assert calc["agent"] is None
    assert calc["visible"] == {"result": 42}
    assert calc["visible_arguments"] == {"expression": "6*7"}
    # Stored: only what the person saw; the model's raw view (tool output, raw arguments) stays out.
    stored = history.message_get(user_id=user.id, message_id=evts[-1].data["message_id"])
    work = stored["rounds"][0]["results"][0]["agent"]
    nested = work["rounds"][0]["results"][0]
    assert set(nested) == {
        "call_id",
        "name",
        "label",
        "ok",
        "visible",
        "visible_arguments",
        "error",
        "duration_ms",
        "agent",
    }
    assert set(nested["agent"]["rounds"][0]["results"][0]) <= set(nested)
    assert "tool_calls" not in work["rounds"][0]


def test_the_stored_work_of_a_sub_agent_is_bounded():
    """shown_work keeps at most SHOWN_CALLS calls over all levels and SHOWN_TEXT_CHARS of text, and says so."""
    from agents.agent_runtime import SHOWN_CALLS, SHOWN_TEXT_CHARS, shown_work
    from agents.loop import LoopResult

    def call(i: int) -> dict:
        shown = {"visible": {"result": str(i)}, "visible_arguments": {"expression": str(i)}, "error": None}
        return {"call_id": f"c{i}", "name": "calculator", "label": "Calculator", "ok": True, "content": "raw", **shown}

    deep = {
        "scope": ["agent:a:x", "agent:b:c0"],
        "text": "inner",
        "rounds": [{"results": [call(i) for i in range(30)]}],
    }
    first = {**call(0), "agent": deep}
    rounds = [{"content": "", "tool_calls": [], "results": [first] + [call(i) for i in range(1, SHOWN_CALLS + 20)]}]
    result = LoopResult(status="succeeded", content="x" * (SHOWN_TEXT_CHARS + 5), rounds=rounds)
    work = shown_work(result, scope=("agent:a:x",))
    kept = work["rounds"][0]["results"]
    inner = kept[0]["agent"]["rounds"][0]["results"]
    assert len(kept) + len(inner) == SHOWN_CALLS
    assert work["truncated"] == (SHOWN_CALLS + 20) + 30 - SHOWN_CALLS
    assert len(work["text"]) == SHOWN_TEXT_CHARS
    assert work["text_truncated"] is True
    assert all("content" not in c for c in kept + inner)
