"""Writes to agents people build. Every save is a new :class:`~agents.models.AgentVersion`.

The checks, all :class:`InvalidRequest` (400) with a message naming the field:
tools must be registry tools the owner may use; the provider and model must be
offered (``providers.runtime``); sub-agents must be agents the owner may use,
and saving must not make a cycle or a tree deeper than ``AGENT_MAX_DEPTH``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from agents.agent_selectors import may_edit, usable_by
from agents.models import Agent, AgentVersion, Visibility
from tomato_agent.errors import DomainError, InvalidRequest


class AgentForbidden(DomainError):
    code = "forbidden"
    status = 403
    message = "Only the agent's owner may change it."


MAX_TOOLS = 64
MAX_SUB_AGENTS = 16
MAX_STARTERS = 8
MAX_KNOWLEDGE = 20
TOOL_MODES = ("", "native", "prompt")


def _strings(value, *, field: str, most: int, each: int) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidRequest(f"{field} must be a list of strings.")
    cleaned = [v.strip() for v in value if v.strip()]
    if len(cleaned) > most:
        raise InvalidRequest(f"{field} may hold at most {most} entries.")
    if any(len(v) > each for v in cleaned):
        raise InvalidRequest(f"each entry of {field} must be at most {each} characters.")
    return list(dict.fromkeys(cleaned))


def _owner_tool_names(owner) -> set[str]:
    from tools.registry import ToolContext, registry

    if owner is None:
        return {tool.name for tool in registry.tools_for(ToolContext(user_id=0, is_staff=True))}
    ctx = ToolContext(user_id=owner.pk, is_staff=bool(owner.is_staff))
    return {tool.name for tool in registry.tools_for(ctx)}


def _check_model(provider: str, model: str) -> None:
    from providers.runtime import ModelUnavailable, resolve

    try:
        resolve(provider or None, model or None)
    except ModelUnavailable as exc:
        raise InvalidRequest(exc.message if hasattr(exc, "message") else str(exc)) from None


def _clean(fields: dict, *, agent: Agent, owner) -> dict:
    """Validate the changed fields (a partial update names only some)."""
    out: dict = {}
    for name in ("name", "emoji", "description", "instructions", "provider", "model", "tool_mode", "visibility"):
        if name not in fields:
            continue
        value = fields[name]
        if value is None and name not in ("name", "visibility"):
            value = ""
        if not isinstance(value, str):
            raise InvalidRequest(f"{name} must be a string.")
        out[name] = value.strip() if name != "instructions" else value
    if "name" in out and not out["name"]:
        raise InvalidRequest("name must not be empty.")
    limits = {"name": 100, "emoji": 16, "description": 500, "instructions": 20_000, "provider": 50, "model": 200}
    for name, most in limits.items():
        if len(out.get(name, "")) > most:
            raise InvalidRequest(f"{name} must be at most {most} characters.")
    if "tool_mode" in out and out["tool_mode"] not in TOOL_MODES:
        raise InvalidRequest("tool_mode must be native, prompt or empty.")
    if "visibility" in out and out["visibility"] not in Visibility.values:
        raise InvalidRequest(f"visibility must be one of {', '.join(Visibility.values)}.")
    if "temperature" in fields:
        value = fields["temperature"]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 2):
            raise InvalidRequest("temperature must be a number from 0 to 2, or null.")
        out["temperature"] = float(value) if value is not None else None
    if "max_iterations" in fields:
        value = fields["max_iterations"]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 20):
            raise InvalidRequest("max_iterations must be a whole number from 1 to 20, or null.")
        out["max_iterations"] = value
    if "starters" in fields:
        out["starters"] = _strings(fields["starters"], field="starters", most=MAX_STARTERS, each=300)
    if "knowledge" in fields:
        out["knowledge"] = _strings(fields["knowledge"], field="knowledge", most=MAX_KNOWLEDGE, each=40)
    if "tools" in fields:
        tools = _strings(fields["tools"], field="tools", most=MAX_TOOLS, each=64)
        unknown = sorted(set(tools) - _owner_tool_names(owner))
        if unknown:
            raise InvalidRequest(f"tools: unknown, or not available to the owner: {', '.join(unknown)}.")
        out["tools"] = tools
    if "agents" in fields:
        out["sub_agents"] = _strings(fields["agents"], field="agents", most=MAX_SUB_AGENTS, each=32)
    if "provider" in out or "model" in out:
        _check_model(out.get("provider", agent.provider), out.get("model", agent.model))
    return out


def _check_sub_agents(*, agent: Agent, sub_ids: list[str], owner) -> None:
    """Each sub-agent must be usable by the owner; no cycle through this agent, no tree deeper than the limit."""
    if agent.id in sub_ids:
        raise InvalidRequest("agents: an agent cannot call itself.")
    rows = {a.id: a for a in Agent.objects.filter(pk__in=sub_ids)}
    for sub_id in sub_ids:
        sub = rows.get(sub_id)
        if sub is None or not _owner_may_use(sub, owner):
            raise InvalidRequest(f"agents: {sub_id!r} is not an agent you may use.")
    # Walk down from the new sub-agents (level by level, one query each), looking for this agent.
    max_depth = settings.AGENT_MAX_DEPTH
    level, depth = list(rows.values()), 1
    while level:
        below = {s for row in level for s in row.sub_agents or () if isinstance(s, str)}
        if agent.id in below:
            raise InvalidRequest("agents: this would make a cycle (a sub-agent already calls this agent).")
        if below and depth + 1 > max_depth:
            raise InvalidRequest(f"agents: sub-agents may nest at most {max_depth} levels deep.")
        level, depth = list(Agent.objects.filter(pk__in=below)) if below else [], depth + 1


def agent_check(*, agent: Agent, owner, fields: dict) -> None:
    """Run every check of a save without saving (the admin form shows them)."""
    cleaned = _clean(fields, agent=agent, owner=owner)
    if cleaned.get("sub_agents"):
        _check_sub_agents(agent=agent, sub_ids=cleaned["sub_agents"], owner=owner)


def _owner_may_use(sub: Agent, owner) -> bool:
    if owner is None:  # a global agent calls global or shared agents
        return sub.owner_id is None or sub.visibility != Visibility.PRIVATE
    return usable_by(sub, owner_id=owner.pk, user=owner)


def _save_version(agent: Agent, *, user) -> None:
    AgentVersion.objects.create(agent=agent, version=agent.version, config=agent.config(), created_by=user)


@transaction.atomic
def agent_create(*, user, fields: dict, global_agent: bool = False) -> Agent:
    """A new agent owned by ``user`` (or, staff only, a global one); version 1."""
    if not isinstance(fields, dict):
        raise InvalidRequest("The body must be a JSON object.")
    if global_agent and not user.is_staff:
        raise AgentForbidden("Only staff make global agents.")
    owner = None if global_agent else user
    agent = Agent(owner=owner, name="")
    if "name" not in fields:
        raise InvalidRequest("name is required.")
    cleaned = _clean(fields, agent=agent, owner=owner)
    for name, value in cleaned.items():
        setattr(agent, name, value)
    if "provider" not in cleaned and "model" not in cleaned:
        _check_model("", "")
    if agent.sub_agents:
        _check_sub_agents(agent=agent, sub_ids=agent.sub_agents, owner=owner)
    agent.version = 1
    agent.save()
    _save_version(agent, user=user)
    return agent


@transaction.atomic
def agent_update(*, user, agent: Agent, fields: dict) -> Agent:
    """Change an agent (owner, or staff for a global one); any change is a new version."""
    if not isinstance(fields, dict):
        raise InvalidRequest("The body must be a JSON object.")
    if not may_edit(user=user, agent=agent):
        raise AgentForbidden()
    agent = Agent.objects.select_for_update().get(pk=agent.pk)
    cleaned = _clean(fields, agent=agent, owner=agent.owner)
    if cleaned.get("sub_agents"):
        _check_sub_agents(agent=agent, sub_ids=cleaned["sub_agents"], owner=agent.owner)
    changed = {name: value for name, value in cleaned.items() if getattr(agent, name) != value}
    if not changed:
        return agent
    for name, value in changed.items():
        setattr(agent, name, value)
    agent.version += 1
    agent.save()
    _save_version(agent, user=user)
    return agent


def agent_delete(*, user, agent: Agent) -> None:
    if not may_edit(user=user, agent=agent):
        raise AgentForbidden()
    agent.delete()


def agent_for_chat(*, user, agent_id) -> dict:
    """The run spec of an agent the caller may chat with (AgentNotFound, a 404, otherwise)."""
    from agents.agent_selectors import agent_get, agent_run_spec

    if agent_id is not None and not isinstance(agent_id, str):
        raise InvalidRequest("agent_id must be an agent id string.")
    return agent_run_spec(user=user, agent=agent_get(user=user, agent_id=agent_id))
