"""The workflow runtime: FlowGram schemas validated and run in plain Python.

It knows nothing of Celery, Channels, Redis or HTTP requests, like
``agents/loop.py``: the platform hands it an :class:`Env` (an event sink, a
cancel token and the capabilities nodes may use) and stores what it returns.
The semantics are FlowGram's runtime; docs/workflows.md describes them.
"""

from workflows.engine.http import safe_sender
from workflows.engine.interface import (
    AgentNodeRequest,
    AgentNodeResult,
    Cancelled,
    CodeRequest,
    CodeResult,
    Env,
    HttpRequest,
    HttpResponse,
    LLMNodeRequest,
    NodeError,
)
from workflows.engine.reports import NodeReport, WorkflowResult
from workflows.engine.runtime import run_workflow
from workflows.engine.validation import apply_defaults, validate

__all__ = [
    "AgentNodeRequest",
    "AgentNodeResult",
    "Cancelled",
    "CodeRequest",
    "CodeResult",
    "Env",
    "HttpRequest",
    "HttpResponse",
    "LLMNodeRequest",
    "NodeError",
    "NodeReport",
    "WorkflowResult",
    "apply_defaults",
    "run_workflow",
    "safe_sender",
    "validate",
]
