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
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from agents.llm import LLMClient, get_llm
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


def code_runner() -> Callable | None:
    """The sandboxed code-node backend, once one exists; None refuses code nodes (never unsandboxed)."""
    return None


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
class ModelChoice:
    """A model a run uses instead of the platform's (SpotLight ``runtime_config.model``)."""

    model_name: str = ""
    base_url: str = ""
    api_key: str = ""
    temperature: float | None = None
    max_tokens: int | None = None


class ModelResolver:
    """``Env.llm``: an llm node's settings → a client (see the module docstring)."""

    def __init__(self, *, default: ModelChoice | None = None, on_secret: Callable[[str], None]) -> None:
        self.default = default
        self.on_secret = on_secret
        self._clients: dict[tuple, LLMClient] = {}
        self._lock = threading.Lock()
        self.models: set[str] = set()

    def __call__(self, request: LLMNodeRequest) -> LLMClient:
        if request.api_host:
            choice = ModelChoice(request.model_name, request.api_host, request.api_key, request.temperature)
        elif self.default is not None:
            temperature = request.temperature if request.temperature is not None else self.default.temperature
            choice = ModelChoice(self.default.model_name, self.default.base_url, self.default.api_key,
                                 temperature, self.default.max_tokens)  # fmt: skip
        else:
            choice = ModelChoice(temperature=request.temperature)
        return self.client(choice)

    def client(self, choice: ModelChoice) -> LLMClient:
        if not choice.base_url:
            return self._platform(choice)
        llm_host_check(choice.base_url)
        if not choice.model_name:
            raise NodeError("A model name is needed with a model host of your own.", code="invalid_request")
        if choice.api_key:
            register_secret(choice.api_key)
            self.on_secret(choice.api_key)
        key = (choice.base_url, choice.api_key, choice.model_name, choice.temperature, choice.max_tokens)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = self._clients[key] = LLMClient(
                    base_url=choice.base_url, api_key=choice.api_key, model=choice.model_name,
                    connect_timeout=settings.LLM_CONNECT_TIMEOUT, read_timeout=settings.LLM_READ_TIMEOUT,
                    max_retries=settings.LLM_MAX_RETRIES, temperature=choice.temperature,
                )  # fmt: skip
        self.models.add(client.model)
        return client

    def _platform(self, choice: ModelChoice) -> LLMClient:
        """The platform's model; a different temperature or cap shares its connection pool."""
        client = get_llm()
        if (choice.temperature is not None and choice.temperature != client.temperature) or choice.max_tokens:
            client = copy.copy(client)
            if choice.temperature is not None:
                client.temperature = choice.temperature
            client.max_tokens = choice.max_tokens
        self.models.add(client.model)
        return client

    def close(self) -> None:
        """Close the connection pools of the clients this run opened for hosts of its own."""
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client._client.close()


class Vault:
    """``Env.vault``: a secret's value by name, or None (see the module docstring)."""

    def __init__(self, *, values: dict[str, str] | None = None, staff_vault: bool,
                 on_secret: Callable[[str], None]) -> None:  # fmt: skip
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

    def __init__(self, *, models: ModelResolver, tools: list[Tool], tool_context: ToolContext,
                 token_budget: int | None = None) -> None:  # fmt: skip
        self.models = models
        self.tools = tools
        self.tool_context = tool_context
        self.token_budget = token_budget

    def __call__(self, request: AgentNodeRequest, sink: EventSink, cancel: CancelToken) -> AgentNodeResult:
        by_name = {tool.name: tool for tool in self.tools}
        unknown = [name for name in request.tools if name not in by_name]
        if unknown:
            raise NodeError(f"The agent may not use tool(s) {', '.join(unknown)}: unknown or not available to you.")
        tools = [by_name[name] for name in request.tools] if request.tools else list(self.tools)
        llm = self.models(LLMNodeRequest(
            node_id=request.node_id, model_name=request.model_name, api_host=request.api_host,
            api_key=request.api_key, temperature=request.temperature,
        ))  # fmt: skip
        mode = settings.AGENT_TOOL_MODE
        prompt = system_prompt(tools, mode=mode)
        if request.instructions.strip():
            prompt += "\n\n# Instructions for this step\n" + request.instructions.strip()
        messages = [{"role": "system", "content": prompt}, {"role": "user", "content": request.prompt}]
        result = run_loop(
            llm=llm, registry=registry, tools=tools, ctx=self.tool_context, messages=messages, sink=sink, mode=mode,
            max_iterations=request.max_iterations or settings.AGENT_MAX_ITERATIONS, token_budget=self.token_budget,
        )  # fmt: skip
        return AgentNodeResult(status=result.status, content=result.content, usage=result.usage, steps=result.steps,
                               error=result.error, model=result.model)  # fmt: skip
