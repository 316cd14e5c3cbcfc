"""What the runtime asks of the platform, and what it hands back.

The platform (``workflows`` outside ``engine/``) builds an :class:`Env` for each
run: where events go, how to stop, and the capabilities a node may use — each
one a plain callable the platform resolves for this user (which model, which
hosts, which secrets, which tools). The runtime calls them and never decides
policy itself; a capability that is ``None`` makes nodes that need it fail
with a clear error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from runs.kinds import CancelToken, EventSink
from tomato_agent.errors import DomainError


class NodeError(DomainError):
    """A node cannot run or failed; the message is safe to show a person.

    The platform raises it too (a refused model host, a missing secret), with
    its own ``code`` when one fits better than ``node_failed``.
    """

    code = "node_failed"
    status = 502
    message = "The node failed."


class Cancelled(Exception):
    """Raised inside a node when the run was cancelled before it produced anything."""


class StreamingLLM(Protocol):
    """What :attr:`Env.llm` returns: ``agents.llm.LLMClient`` or anything shaped like it."""

    model: str

    def open_stream(self, messages: list[dict], tools: list[dict] | None = None) -> Any: ...


@dataclass(frozen=True)
class LLMNodeRequest:
    """An llm node's model settings, as the workflow author wrote them.

    ``api_host`` empty means the platform's configured model; a non-empty one
    is honoured only if the platform allows that host. ``api_key`` is a secret:
    the runtime never reports or logs it.
    """

    node_id: str
    model_name: str
    scope: tuple[str, ...] = ()  # the node's event scope, e.g. ("node:loop_1", "iter:3", "node:llm_0")
    api_host: str = ""
    api_key: str = field(default="", repr=False)
    temperature: float | None = None


@dataclass(frozen=True)
class HttpRequest:
    """One request of an http node, built from its URL template, headers, params and body."""

    method: str
    url: str
    headers: dict[str, str]
    params: dict[str, str]
    body: bytes | None
    timeout: float  # seconds, for the whole exchange
    cancel: CancelToken
    max_bytes: int = 1_000_000


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: dict[str, str]
    body: str
    truncated: bool = False


@dataclass(frozen=True)
class AgentNodeRequest:
    """An agent node: the judge → act → answer loop with its own instructions and tools."""

    node_id: str
    prompt: str
    scope: tuple[str, ...] = ()  # the node's event scope, for usage recorded by scope
    instructions: str = ""
    tools: tuple[str, ...] = ()  # tool names; empty means the tools the user may use
    model_name: str = ""
    api_host: str = ""
    api_key: str = field(default="", repr=False)
    temperature: float | None = None
    max_iterations: int | None = None


@dataclass
class AgentNodeResult:
    status: str  # succeeded | failed | cancelled
    content: str = ""
    usage: dict | None = None
    steps: list[dict] = field(default_factory=list)
    error: dict | None = None
    model: str = ""


@dataclass(frozen=True)
class CodeRequest:
    """A code node for the sandbox: ``source`` defines ``main`` and gets ``params``."""

    node_id: str
    language: str
    source: str
    params: dict
    timeout: float
    cancel: CancelToken


@dataclass
class CodeResult:
    outputs: dict = field(default_factory=dict)
    error: str | None = None  # a safe message when the code failed
    logs: str = ""


@dataclass
class Env:
    """Everything a run may use. Only ``sink`` is required; missing capabilities fail their nodes.

    * ``llm(request)`` returns a client with ``open_stream`` (``agents.llm.LLMClient``)
      after the platform resolved the model, the host allowlist and the key; it
      raises :class:`NodeError` for a refused host.
    * ``http_client(request)`` sends one request under the SSRF policy
      (:func:`workflows.engine.http.safe_sender` wraps ``tools.net``).
    * ``vault(name)`` is a secret's value, or None; http nodes reach it as
      ``{{secret:NAME}}``.
    * ``tools`` are the registry tools this user may use, run with ``tool_context``.
    * ``agent(request, sink, cancel)`` runs the agent loop as a node.
    * ``code(request)`` runs a code node in a sandbox; without it code nodes are refused.
    """

    sink: EventSink
    cancel: CancelToken = field(default_factory=CancelToken)
    user_id: int = 0
    is_staff: bool = False
    llm: Callable[[LLMNodeRequest], StreamingLLM] | None = None
    http_client: Callable[[HttpRequest], HttpResponse] | None = None
    vault: Callable[[str], str | None] | None = None
    tools: list = field(default_factory=list)  # tools.registry.Tool
    tool_context: Any = None  # tools.registry.ToolContext
    agent: Callable[[AgentNodeRequest, EventSink, CancelToken], AgentNodeResult] | None = None
    code: Callable[[CodeRequest], CodeResult] | None = None
    max_parallel: int = 8
    max_loop_iterations: int = 1000
    trace_id: str = ""
