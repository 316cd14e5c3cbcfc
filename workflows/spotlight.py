"""SpotLight's execution plane: ``POST /v1/run_workflow`` and the service listing ``GET /v1/workflows``.

The request is the seed's execution payload: ``task_meta`` (``workflow_id``,
``trace_id``, ``user_id``), ``input`` (``messages``, ``variables``) and
``runtime_config`` (``model``, ``tools``, ``vault``). The answer is the run's
event stream in the SpotLight format (``tool_thinking``, ``tool_start``,
``tool_result``, ``message_chunk``, ``error``, ``done``); a dropped client
resumes with ``GET /api/runs/{run_id}/events?format=spotlight`` (the run id is
in the ``X-Run-ID`` header).

* ``workflow_id`` is a stored workflow this caller may run, or the built-in
  ``agent_chat`` (the chat agent with the request's model and tools).
* ``task_meta.user_id`` is only a label kept in the report: the owner of the
  run is the authenticated user.
* ``trace_id`` is bound to every log line of the request and of the run, and
  kept in the report.
* ``base_url`` follows the llm node's allowlist (``WORKFLOW_LLM_ALLOWED_HOSTS``);
  ``api_key`` and the vault's values are sealed on their way to the worker and
  scrubbed from events, the report and the logs.
"""

from __future__ import annotations

import re

import orjson
from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from runs.usage import budget_left
from runs.web.auth import authenticate
from runs.web.sse import event_stream_response
from tomato_agent.errors import DomainError, InvalidRequest
from tomato_agent.http import error_response, unauthenticated
from tomato_agent.logging import get_context, register_secret, set_context
from workflows.admission import workflow_run_start
from workflows.chatflow import chat_inputs
from workflows.environment import llm_host_check
from workflows.selectors import workflow_get, workflow_list
from workflows.spotlight_tools import tools_check

AGENT_CHAT = "agent_chat"
MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_MESSAGES = 500
ROLES = frozenset({"system", "user", "assistant", "tool"})
TRACE_ID = re.compile(r"^[A-Za-z0-9._:/-]{1,128}$")
SERVICE = "tomato-agent"


def _object(value, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidRequest(f"{where} must be a JSON object.")
    return value


def _messages(raw) -> list[dict]:
    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > MAX_MESSAGES:
        raise InvalidRequest(f"input.messages must be a list of at most {MAX_MESSAGES} messages.")
    out = []
    for index, message in enumerate(raw):
        if not isinstance(message, dict) or message.get("role") not in ROLES:
            raise InvalidRequest(f"input.messages[{index}] needs a role ({', '.join(sorted(ROLES))}).")
        content = message.get("content")
        if content is None:
            content = ""
        if not isinstance(content, str):
            raise InvalidRequest(f"input.messages[{index}].content must be a string.")
        out.append({"role": message["role"], "content": content})
    return out


def _model(raw) -> dict:
    model = _object(raw, "runtime_config.model")
    out: dict = {}
    for key in ("model_name", "base_url", "api_key"):
        value = model.get(key)
        if value is not None and not isinstance(value, str):
            raise InvalidRequest(f"runtime_config.model.{key} must be a string.")
        out[key] = (value or "").strip()
    temperature = model.get("temperature")
    if temperature is not None and (
        isinstance(temperature, bool) or not isinstance(temperature, int | float) or not 0 <= temperature <= 2
    ):
        raise InvalidRequest("runtime_config.model.temperature must be a number from 0 to 2.")
    max_tokens = model.get("max_tokens")
    if max_tokens is not None and (isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1):
        raise InvalidRequest("runtime_config.model.max_tokens must be a positive integer.")
    out.update(temperature=temperature, max_tokens=max_tokens)
    if out["base_url"]:
        llm_host_check(out["base_url"])
    return out


def _vault(raw) -> dict[str, str]:
    vault = _object(raw, "runtime_config.vault")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in vault.items()):
        raise InvalidRequest("runtime_config.vault must map names to string values.")
    return vault


def spotlight_plan(*, user, payload: dict, trace_id: str) -> dict:
    """Check the execution payload; the arguments of :func:`workflow_run_start` for its run.

    Sync, and the only ORM work of the request (the stored workflow): it runs in
    Django's thread, the admission's Redis and MongoDB writes outside it.
    """
    meta = _object(payload.get("task_meta"), "task_meta")
    data = _object(payload.get("input"), "input")
    config = _object(payload.get("runtime_config"), "runtime_config")
    workflow_id = meta.get("workflow_id")
    if isinstance(workflow_id, int) and not isinstance(workflow_id, bool):
        workflow_id = str(workflow_id)
    if not isinstance(workflow_id, str) or not workflow_id.strip():
        raise InvalidRequest("task_meta.workflow_id is required: a workflow's id or agent_chat.")
    label = meta.get("user_id")
    messages = _messages(data.get("messages"))
    variables = _object(data.get("variables"), "input.variables")
    model, vault = _model(config.get("model")), _vault(config.get("vault"))
    for value in [model["api_key"], *vault.values()]:
        register_secret(value)
    tools = tools_check(config.get("tools"), vault=vault)
    runtime = {"model": model, "tools": tools, "vault": vault}
    secrets = {value for value in [model["api_key"], *vault.values()] if value}
    extra = {"label_user_id": str(label)[:128]} if label not in (None, "") else {}
    common = {
        "user": user,
        "source": "spotlight",
        "trace_id": trace_id,
        "secrets": secrets,
        "answer": True,
        "budget": budget_left(user_id=user.id),
    }
    if workflow_id.strip() == AGENT_CHAT:
        if not any(m["role"] == "user" for m in messages):
            raise InvalidRequest("agent_chat needs at least one user message in input.messages.")
        return {
            **common,
            "document": {},
            "inputs": {},
            "mode": "agent_chat",
            "runtime": {**runtime, "messages": messages},
            "report_extra": {**extra, "workflow_builtin": AGENT_CHAT},
        }
    workflow = workflow_get(user=user, workflow_id=workflow_id.strip())
    last_user = max((i for i, m in enumerate(messages) if m["role"] == "user"), default=None)
    message = messages[last_user]["content"] if last_user is not None else ""
    history = [m for m in messages[:last_user] if m["role"] in ("user", "assistant")] if last_user else []
    inputs = chat_inputs(workflow.schema, message=message, history=history, variables=variables)
    return {
        **common,
        "document": workflow.schema,
        "inputs": inputs,
        "workflow": workflow,
        "runtime": runtime,
        "report_extra": extra,
    }


def _trace_id(payload: dict) -> str:
    meta = payload.get("task_meta") if isinstance(payload.get("task_meta"), dict) else {}
    given = meta.get("trace_id")
    if given in (None, ""):
        return get_context().get("trace_id") or ""
    if not isinstance(given, str) or not TRACE_ID.match(given):
        raise InvalidRequest("task_meta.trace_id must be 1-128 letters, digits or ._:/-")
    return given


@csrf_exempt  # token clients need no CSRF; session users are checked in authenticate()
@require_POST
async def run_workflow(request):
    user = await authenticate(request)
    if user is None:
        return unauthenticated()
    try:
        if len(request.body) > MAX_BODY_BYTES:
            raise InvalidRequest("The request body is too large.")
        try:
            payload = orjson.loads(request.body or b"{}")
        except orjson.JSONDecodeError:
            raise InvalidRequest("The body must be JSON.") from None
        if not isinstance(payload, dict):
            raise InvalidRequest("The body must be a JSON object.")
        trace_id = _trace_id(payload)
        set_context(trace_id=trace_id)  # this request's log lines; the worker's come with the task
        plan = await sync_to_async(spotlight_plan)(user=user, payload=payload, trace_id=trace_id)
        started = await sync_to_async(workflow_run_start, thread_sensitive=False)(**plan)
    except DomainError as exc:
        return error_response(exc)
    response = event_stream_response(started.run_id, "0-0", "spotlight")
    response["X-Run-ID"] = started.run_id
    response["X-Trace-ID"] = trace_id
    return response


def service_info(*, user) -> dict:
    workflows = [
        {
            "id": AGENT_CHAT,
            "name": "Agent chat",
            "builtin": True,
            "description": "The chat agent with the request's model, messages and tools.",
        }
    ]
    workflows += [
        {
            "id": str(w.pk),
            "name": w.name,
            "description": w.description,
            "version": w.version,
            "shared": w.shared,
            "builtin": False,
        }
        for w in workflow_list(user=user)[:500]
    ]
    return {
        "service": SERVICE,
        "plane": "execution",
        "status": "ok",
        "version": settings.SPECTACULAR_SETTINGS["VERSION"],
        "run_endpoint": "/v1/run_workflow",
        "workflows": workflows,
    }


@require_GET
async def workflows_listing(request):
    """The seed's ``GET /`` (service info and the runnable workflows), served at ``/v1/workflows``."""
    user = await authenticate(request)
    if user is None:
        return unauthenticated()
    info = await sync_to_async(service_info, thread_sensitive=True)(user=user)
    return JsonResponse(info, json_dumps_params={"ensure_ascii": False})
