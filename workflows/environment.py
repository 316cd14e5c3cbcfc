"""A workflow run's environment, built in the worker: which model, which hosts, which
secrets and which tools a run of this user may use (``workflows.engine.Env``).

The runtime decides nothing about policy; these callables do:

* :class:`ModelResolver` — an llm node's model. An empty ``apiHost`` is the
  platform's configured model (its connection pool shared); a non-empty one is
  honoured only when its host is in ``WORKFLOW_LLM_ALLOWED_HOSTS`` (staff set
  it), else the node fails with ``llm_host_not_allowed``. A user never makes
  the server call an arbitrary URL. Keys are registered for log redaction and
  scrubbed from the run's events and report.
* :class:`Vault` — secrets by name: the request's own (SpotLight ``vault``),
  then the staff vault (the encrypted HTTP-tool secrets), but the staff vault
  only for a document a staff member wrote, so nobody can send a staff secret
  to a URL of their choosing.
* :class:`AgentRunner` — the agent node: ``agents.loop.run_loop`` with the
  node's instructions and tools, streaming through the scoped sink it is given.
* :func:`code_runner` — code nodes run in the sandbox (``sandbox/``) or not at all.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from agents.llm import DEFAULT, LLMClient
from agents.loop import run_loop
from agents.prompting import system_prompt
from runs.kinds import CancelToken, EventSink
from tomato_agent.logging import register_secret
from tools.registry import Tool, ToolContext, registry
from workflows.engine import AgentNodeRequest, AgentNodeResult, LLMNodeRequest, NodeError

DEFAULT_PORTS = {"http": 80, "https": 443}


class LLMHostNotAllowed(NodeError):
    code = "llm_host_not_allowed"
    status = 400


def code_runner(*, user_id: int | None = None) -> Callable | None:
    """``Env.code``: the sandbox's runner for code nodes (``sandbox.code_node``, counted against the person's
    sandbox quotas), or None where no sandbox can run code — then code nodes are refused, never run bare."""
    from sandbox.code_node import code_runner as sandbox_code_runner

    return sandbox_code_runner(user_id=user_id)


def _allow_entries() -> list[tuple[str, int | None]]:
    entries = []
    for raw in settings.WORKFLOW_LLM_ALLOWED_HOSTS:
        entry = raw.strip().lower()
        if not entry:
            continue
        host, _, port = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")
        if port and not port.isdigit():
            continue
        entries.append((host or entry, int(port) if port else None))
    return entries


def llm_host_check(url: str) -> str:
    """The URL's host when an llm node may call it; LLMHostNotAllowed otherwise (the message names the host)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        raise LLMHostNotAllowed("The model host is not a valid URL.") from None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise LLMHostNotAllowed("The model host must be an http:// or https:// URL.")
    if parts.username or parts.password:
        raise LLMHostNotAllowed("Put the model's key in apiKey, not in the URL.")
    host = parts.hostname.lower()
    for allowed, allowed_port in _allow_entries():
        if host == allowed and allowed_port in (None, port):
            return host
    raise LLMHostNotAllowed(
        f"The model host {host} is not allowed on this platform; leave apiHost empty to use the platform's "
        "model, or ask staff to add the host to WORKFLOW_LLM_ALLOWED_HOSTS."
    )


@dataclass(frozen=True)
class RequestModel:
    """The model a request names for its run (SpotLight ``runtime_config.model``)."""

    model_name: str = ""
    base_url: str = ""
    api_key: str = ""
    temperature: float | None = None
    max_tokens: int | None = None


class ModelResolver:
    """``Env.llm``: an llm node's settings → a metered model (see the module docstring).

    Every model goes through the run's :class:`providers.gateway.ModelGateway`,
    so its usage is recorded under the node's scope, priced per model and
    counted against the person's budget while it streams. An empty host is the
    platform's: the model the node names when a provider offers it, else the
    default one. A request's model (SpotLight) stands in for the platform's;
    a node's own host, key and temperature win over it.
    """

    def __init__(self, *, gateway, default: RequestModel | None = None, on_secret: Callable[[str], None]) -> None:
        self.gateway = gateway
        self.default = default
        self.on_secret = on_secret
        self._clients: dict[tuple, LLMClient] = {}
        self._lock = threading.Lock()

    def __call__(self, request: LLMNodeRequest):
        scope = tuple(request.scope) or (f"node:{request.node_id}",)
        default = self.default or RequestModel()
        temperature = request.temperature if request.temperature is not None else default.temperature
        if request.api_host:
            return self.own(request.api_host, request.api_key, request.model_name, temperature, None, scope)
        if default.base_url:
            return self.own(
                default.base_url,
                default.api_key,
                default.model_name or request.model_name,
                temperature,
                default.max_tokens,
                scope,
            )
        return self.platform(default.model_name or request.model_name, temperature, default.max_tokens, scope)

    def for_request(self, scope: tuple[str, ...] = ()):
        """The request's own model (SpotLight's agent_chat), or the platform's default."""
        default = self.default or RequestModel()
        if default.base_url:
            return self.own(
                default.base_url, default.api_key, default.model_name, default.temperature, default.max_tokens, scope
            )
        return self.platform(default.model_name, default.temperature, default.max_tokens, scope)

    def platform(self, name: str, temperature: float | None, max_tokens: int | None, scope: tuple[str, ...]):
        from providers.runtime import ModelUnavailable

        wanted = DEFAULT if temperature is None else temperature
        try:
            model = self.gateway.model(model=name or None, temperature=wanted, scope=scope)
        except ModelUnavailable:  # a FlowGram document names its author's model: the platform's default serves
            model = self.gateway.model(temperature=wanted, scope=scope)
        if max_tokens:
            model.client = copy.copy(model.client)  # the same connection pool, capped
            model.client.max_tokens = max_tokens
        return model

    def own(
        self,
        base_url: str,
        api_key: str,
        model_name: str,
        temperature: float | None,
        max_tokens: int | None,
        scope: tuple[str, ...],
    ):
        """A model on a host of the document's (or request's) own, if staff allowlisted that host."""
        from providers.gateway import MeteredModel
        from providers.runtime import ModelChoice

        host = llm_host_check(base_url)
        if not model_name:
            raise NodeError("A model name is needed with a model host of your own.", code="invalid_request")
        if api_key:
            register_secret(api_key)
            self.on_secret(api_key)
        key = (base_url, api_key, model_name, max_tokens)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = self._clients[key] = LLMClient(
                    base_url=base_url,
                    api_key=api_key,
                    model=model_name,
                    connect_timeout=settings.LLM_CONNECT_TIMEOUT,
                    read_timeout=settings.LLM_READ_TIMEOUT,
                    max_retries=settings.LLM_MAX_RETRIES,
                    temperature=None,
                    max_tokens=max_tokens,
                )
        from runs.usage import price_for

        choice = ModelChoice(
            provider_id=0,
            provider=f"host:{host}",
            model=model_name,
            label=model_name,
            tool_mode=settings.AGENT_TOOL_MODE,
            reasoning=False,
            context_window=None,
            price=price_for(model_name),
        )
        return MeteredModel(
            client=client,
            choice=choice,
            meter=self.gateway.meter,
            scope=scope,
            temperature=DEFAULT if temperature is None else temperature,
        )

    def close(self) -> None:
        """Close the connection pools of the clients this run opened for hosts of its own."""
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client._client.close()


class Vault:
    """``Env.vault``: a secret's value by name, or None (see the module docstring)."""

    def __init__(
        self, *, values: dict[str, str] | None = None, staff_vault: bool, on_secret: Callable[[str], None]
    ) -> None:
        self.values = dict(values or {})
        self.staff_vault = staff_vault
        self.on_secret = on_secret
        self._loaded: dict[str, str | None] = {}

    def __call__(self, name: str) -> str | None:
        if name in self.values:
            return self.values[name]
        if not self.staff_vault:
            return None
        if name not in self._loaded:
            self.preload([name])
        return self._loaded.get(name)

    def preload(self, names: Iterable[str]) -> None:
        """Read and decrypt these staff secrets now (so they are scrubbed before any event mentions them)."""
        from tools.models import HttpToolSecret
        from tools.secrets import secret_decrypt

        wanted = [name for name in names if name not in self._loaded and name not in self.values]
        if not self.staff_vault or not wanted:
            return
        found = dict(HttpToolSecret.objects.filter(name__in=wanted).values_list("name", "value_encrypted"))
        for name in wanted:
            token = found.get(name)
            value = secret_decrypt(token) if token else None
            self._loaded[name] = value
            if value:
                register_secret(value)
                self.on_secret(value)


class AgentRunner:
    """``Env.agent``: the judge → act → answer loop as a node, streaming into its scoped sink."""

    def __init__(self, *, models: ModelResolver, tools: list[Tool], tool_context: ToolContext) -> None:
        self.models = models
        self.tools = tools
        self.tool_context = tool_context

    def __call__(self, request: AgentNodeRequest, sink: EventSink, cancel: CancelToken) -> AgentNodeResult:
        by_name = {tool.name: tool for tool in self.tools}
        unknown = [name for name in request.tools if name not in by_name]
        if unknown:
            raise NodeError(f"The agent may not use tool(s) {', '.join(unknown)}: unknown or not available to you.")
        tools = [by_name[name] for name in request.tools] if request.tools else list(self.tools)
        llm = self.models(
            LLMNodeRequest(
                node_id=request.node_id,
                model_name=request.model_name,
                scope=request.scope,
                api_host=request.api_host,
                api_key=request.api_key,
                temperature=request.temperature,
            )
        )
        mode = settings.AGENT_TOOL_MODE
        prompt = system_prompt(tools, mode=mode)
        if request.instructions.strip():
            prompt += "\n\n# Instructions for this step\n" + request.instructions.strip()
        messages = [{"role": "system", "content": prompt}, {"role": "user", "content": request.prompt}]
        result = run_loop(
            llm=llm,
            registry=registry,
            tools=tools,
            ctx=self.tool_context,
            messages=messages,
            sink=sink,
            mode=mode,
            max_iterations=request.max_iterations or settings.AGENT_MAX_ITERATIONS,
        )
        return AgentNodeResult(
            status=result.status,
            content=result.content,
            usage=result.usage,
            steps=result.steps,
            error=result.error,
            model=result.model,
        )
