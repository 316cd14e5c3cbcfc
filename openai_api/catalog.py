"""What ``/v1/models`` offers: the agents (and workflows) a caller may run, as OpenAI models.

The default agent is always there, under :data:`DEFAULT_MODEL`. What a
request with an API key may use follows the key's scopes: agents need
``chat``, workflows need ``workflows``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from apikeys.models import CHAT, WORKFLOWS
from openai_api.errors import ModelNotFound

# A fixed creation time for the built-in agent (OpenAI's field is required; clients sort by it).
BUILT_IN_CREATED = 1_767_225_600  # 2026-01-01T00:00:00Z


@dataclass(frozen=True)
class Model:
    """A runnable target as a model id: the kind of run it starts and what that run needs."""

    id: str
    kind: str  # "agent" | "workflow"
    name: str
    description: str
    created: int
    owned_by: str
    agent_id: str | None = None  # an agent people built (None: the default agent, or a workflow)

    def as_openai(self) -> dict:
        return {
            "id": self.id,
            "object": "model",
            "created": self.created,
            "owned_by": self.owned_by,
            "name": self.name,
            "description": self.description,
            "kind": self.kind,
        }


def default_model() -> Model:
    demo = " (the scripted demo model: it replays scripts, it does not think)" if settings.LLM_SCRIPTED else ""
    return Model(
        id=settings.OPENAI_DEFAULT_MODEL,
        kind="agent",
        name="Tomato Agent",
        description=f"The platform's agent with its tools (web search, code snippets, HTTP tools){demo}.",
        created=BUILT_IN_CREATED,
        owned_by="tomato-agent",
    )


SCOPE_OF_KIND = {"agent": CHAT, "workflow": WORKFLOWS}


def _may_use(user, model: Model) -> bool:
    key = getattr(user, "api_key", None)
    return key is None or SCOPE_OF_KIND[model.kind] in key.scopes


def _agent_model(agent) -> Model:
    return Model(
        id=agent.id,
        kind="agent",
        name=f"{agent.emoji} {agent.name}".strip(),
        description=agent.description,
        created=int(agent.created_at.timestamp()),
        owned_by=agent.owner.username if agent.owner_id else "tomato-agent",
        agent_id=agent.id,
    )


def models_for(*, user) -> list[Model]:
    """The models this caller may use: the default agent first, then the agents people built that
    the caller may pick (own and public), when the key's scopes allow agents."""
    from agents.agent_selectors import agents_usable

    models = [default_model()]
    if _may_use(user, models[0]):
        models += [_agent_model(agent) for agent in agents_usable(user=user)]
    return models


def model_for(*, user, model_id: str) -> Model:
    """The model ``model_id`` names for this caller; ModelNotFound (404) if it names nothing they may use.

    An agent shared by link is found by its id too, though it is not listed."""
    from agents.agent_selectors import AgentNotFound, agent_get

    for model in models_for(user=user):
        if model.id == model_id and _may_use(user, model):
            return model
    if isinstance(model_id, str) and model_id.startswith("ag_"):
        try:
            model = _agent_model(agent_get(user=user, agent_id=model_id))
        except AgentNotFound:
            model = None
        if model is not None and _may_use(user, model):
            return model
    raise ModelNotFound(
        f"The model {model_id!r} does not exist or you do not have access to it; GET /v1/models lists yours."
    )
