"""Reads of agents people build, and the frozen spec a chat run gets of one.

Who may use an agent: its owner; every user for a ``public`` one (global
agents, owned by nobody, are made by staff); anyone who has the id of a
``link`` one. Another user's private agent is :class:`AgentNotFound`
everywhere, its existence never confirmed. Listing shows the caller's own and
the public ones (link-shared agents are reached by id, not listed).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet

from agents.models import Agent, Visibility
from tomato_agent.errors import NotFound

SUB_AGENT_PREFIX = "agent_"


class AgentNotFound(NotFound):
    message = "Agent not found."


def agents_usable(*, user) -> QuerySet[Agent]:
    """The agents the caller may pick: own and public, by name."""
    return Agent.objects.filter(Q(owner_id=user.pk) | Q(visibility=Visibility.PUBLIC)).select_related("owner")


def _usable_filter(user) -> Q:
    return Q(owner_id=user.pk) | Q(visibility__in=(Visibility.PUBLIC, Visibility.LINK))


def agent_get(*, user, agent_id) -> Agent:
    """An agent the caller may use (own, public, or shared by link), or AgentNotFound."""
    if not isinstance(agent_id, str) or not agent_id or len(agent_id) > 32 or "\x00" in agent_id:
        raise AgentNotFound()
    try:
        return Agent.objects.select_related("owner").get(_usable_filter(user), pk=agent_id)
    except Agent.DoesNotExist:
        raise AgentNotFound() from None


def may_edit(*, user, agent: Agent) -> bool:
    """The owner edits their agent; staff edit global ones."""
    if agent.owner_id is None:
        return bool(user.is_staff)
    return agent.owner_id == user.pk


def tool_name_for(agent: Agent | dict) -> str:
    """The tool name a lead agent's model calls a sub-agent by (``agent_`` + its id's hex)."""
    agent_id = agent["id"] if isinstance(agent, dict) else agent.id
    return SUB_AGENT_PREFIX + agent_id.removeprefix("ag_")


def _config_of(agent: Agent) -> dict:
    return {
        "id": agent.id,
        "version": agent.version,
        "name": agent.name,
        "emoji": agent.emoji,
        "description": agent.description,
        "instructions": agent.instructions,
        "provider": agent.provider or None,
        "model": agent.model or None,
        "temperature": agent.temperature,
        "tools": list(agent.tools or ()),
        "knowledge": list(agent.knowledge or ()),
        "tool_mode": agent.tool_mode or "",
        "max_iterations": agent.max_iterations,
    }


def agent_run_spec(*, user, agent: Agent, max_depth: int | None = None) -> dict:
    """The agent and its sub-agent tree, frozen for a run (the worker reads no agent rows).

    A sub-agent is offered to its lead as a tool; one that would close a cycle
    (an agent already above it), sit deeper than ``max_depth`` (default
    ``AGENT_MAX_DEPTH``) or is no longer usable by the lead's owner or the asker
    is still described, marked ``refused``: calling it answers an error.
    One query per level of the tree.
    """
    max_depth = settings.AGENT_MAX_DEPTH if max_depth is None else max_depth
    root = _config_of(agent)
    root["owner_id"] = agent.owner_id
    level = [(root, agent, (agent.id,))]
    depth = 0
    while level:
        wanted = {sub_id for _, row, _ in level for sub_id in row.sub_agents or () if isinstance(sub_id, str)}
        rows = {a.id: a for a in Agent.objects.filter(pk__in=wanted)} if wanted and depth < max_depth else {}
        next_level = []
        for spec, row, path in level:
            spec["agents"] = []
            for sub_id in row.sub_agents or ():
                sub = rows.get(sub_id)
                entry = {
                    "id": sub_id,
                    "name": sub.name if sub else sub_id,
                    "description": sub.description if sub else "",
                }
                if sub_id in path:
                    entry["refused"] = "cycle"
                elif depth + 1 > max_depth:
                    entry["refused"] = "depth"
                elif sub is None or not usable_by(sub, owner_id=row.owner_id, user=user):
                    entry["refused"] = "unavailable"
                else:
                    entry = _config_of(sub)
                    next_level.append((entry, sub, (*path, sub_id)))
                spec["agents"].append(entry)
        level = next_level
        depth += 1
    return root


def usable_by(agent: Agent, *, owner_id: int | None, user) -> bool:
    if agent.visibility in (Visibility.PUBLIC, Visibility.LINK):
        return True
    return agent.owner_id is not None and agent.owner_id in (owner_id, user.pk)
