"""Chatting with an agent people built, end to end: real worker, Redis, MongoDB and the scripted LLM."""

from __future__ import annotations

import pytest

from agents import history, services
from agents.agent_selectors import tool_name_for
from agents.agent_services import agent_create, agent_update
from agents.tests.fixtures import read_events, text_of
from runs import events, reports
from tomato_agent.errors import InvalidRequest

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]


def tool_names(request: dict) -> list[str]:
    return [tool["function"]["name"] for tool in request.get("tools") or ()]


def test_an_agents_instructions_and_exactly_its_tools_reach_the_model(worker, user, scenario, llm_server):
    helper = agent_create(user=user, fields={"name": "Helper", "description": "Looks things up."})
    agent = agent_create(
        user=user,
        fields={
            "name": "Reckoner",
            "instructions": "Always answer like a pirate.",
            "tools": ["calculator"],
            "agents": [helper.id],
            "temperature": 0.3,
        },
    )
    marker = scenario([{"content": "Arr, 42."}])
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} 6*7?", agent_id=agent.id)
    evts = read_events(started.run_id)
    assert evts[-1].type == events.RESULT
    assert text_of(evts) == "Arr, 42."
    assert evts[0].data["agent_id"] == agent.id
    sent = llm_server.requests()[-1]
    assert sent["messages"][0]["role"] == "system"
    assert sent["messages"][0]["content"].endswith("# Your instructions\nAlways answer like a pirate.")
    assert tool_names(sent) == ["calculator", tool_name_for(helper)]
    assert sent["temperature"] == 0.3
    # The run and the answer record the agent and its version.
    report = reports.report_get(user_id=user.id, run_id=started.run_id)
    assert report["agent"] == {"id": agent.id, "version": 1, "name": "Reckoner"}
    stored = history.message_get(user_id=user.id, message_id=evts[-1].data["message_id"])
    assert stored["agent"] == {"id": agent.id, "version": 1, "name": "Reckoner"}

    # The conversation keeps its agent (and its newest version) without naming it again.
    agent_update(user=user, agent=agent, fields={"instructions": "Now answer like a poet.", "tools": []})
    again = services.chat_start(
        user=user, conversation_id=started.conversation_id, content=f"{scenario([{'content': 'Roses.'}])} more"
    )
    assert read_events(again.run_id)[-1].type == events.RESULT
    sent = llm_server.requests()[-1]
    assert sent["messages"][0]["content"].endswith("Now answer like a poet.")
    assert tool_names(sent) == [tool_name_for(helper)]
    assert reports.report_get(user_id=user.id, run_id=again.run_id)["agent"]["version"] == 2
    conversation = history.conversation_get(user_id=user.id, conversation_id=started.conversation_id)
    assert conversation["agent_id"] == agent.id
    # Another agent for a conversation that has one is refused.
    with pytest.raises(InvalidRequest):
        services.chat_start(user=user, conversation_id=started.conversation_id, content="x", agent_id=helper.id)


def test_without_an_agent_the_default_agent_answers_with_every_tool(worker, user, scenario, llm_server):
    started = services.chat_start(user=user, conversation_id=None, content=f"{scenario([{'content': 'ok'}])} hi")
    assert read_events(started.run_id)[-1].type == events.RESULT
    sent = llm_server.requests()[-1]
    assert "# Your instructions" not in sent["messages"][0]["content"]
    assert {"calculator", "current_time"} <= set(tool_names(sent))
    assert "agent" not in reports.report_get(user_id=user.id, run_id=started.run_id)
