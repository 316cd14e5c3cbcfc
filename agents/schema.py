"""OpenAPI for the endpoints DRF does not serve: the streaming transports and operations.

They are plain async Django views (server-sent events need an async body), so
drf-spectacular cannot see them; this postprocessing hook describes them.
"""

from __future__ import annotations

SECURITY = [{"tokenAuth": []}, {"cookieAuth": []}]
ERROR = {"description": "`{error: {code, message}}` — see docs/events.md for the codes"}
SSE = {
    "text/event-stream": {
        "schema": {"type": "string", "description": "`id:` / `event:` / `data:` records; data per `RunEvent`"},
        "example": 'id: 1732380000000-3\nevent: token\ndata: "Hel"\n\n',
    }
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(properties: dict, required: list[str] | None = None, description: str = "") -> dict:
    schema = {"type": "object", "properties": properties, "required": required or list(properties)}
    if description:
        schema["description"] = description
    return schema


STRING, INTEGER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
NULLABLE_STRING = {"type": "string", "nullable": True}
ANY = {"description": "any JSON value"}
# The data of each native event (docs/events.md); SDKs type their streams with these.
EVENT_SCHEMAS = {
    "SessionEventData": _obj(
        {"run_id": STRING, "conversation_id": STRING, "message_id": STRING},
        ["run_id"],
        "first event of a run: its ids (`conversation_id` and `message_id` for chat runs)",
    ),
    "ToolStartEventData": _obj({"call_id": STRING, "tool": STRING, "label": STRING, "visible": ANY}),
    "ToolResultEventData": _obj(
        {
            "call_id": STRING,
            "tool": STRING,
            "label": STRING,
            "ok": BOOLEAN,
            "visible": ANY,
            "error": NULLABLE_STRING,
            "duration_ms": INTEGER,
        }
    ),
    "ResultEventData": _obj(
        {
            "message_id": STRING,
            "content": STRING,
            "finish_reason": STRING,
            "usage": {**_ref("RunUsage"), "nullable": True},
            "duration_ms": INTEGER,
        },
        [],
        "last event of a successful run: the kind's result (a chat turn's answer)",
    ),
    "CancelledEventData": _obj({"message_id": STRING, "content": STRING}, [], "the partial answer is kept"),
    "RunEvent": _obj(
        {
            "id": STRING,
            "type": {
                "type": "string",
                "enum": [
                    "session",
                    "token",
                    "reasoning_token",
                    "tool_start",
                    "tool_result",
                    "tool_retry",
                    "node_started",
                    "node_finished",
                    "workflow_finished",
                    "title",
                    "result",
                    "cancelled",
                    "error",
                ],
            },
            "data": ANY,
            "scope": {"type": "array", "items": STRING},
        },
        ["id", "type", "data"],
        "One event of a run's stream (native format). `token`/`reasoning_token` data is a string; "
        "the others' data is the matching `…EventData`, `error` an `ErrorBody`. `scope` is set for "
        "nested work (a sub-agent, a workflow node).",
    ),
}
CHAT_RESULT = _obj(
    {
        "conversation_id": STRING,
        "run_id": STRING,
        "status": {"type": "string", "enum": ["succeeded", "cancelled"]},
        "message": _ref("Message"),
        "usage": {**_ref("RunUsage"), "nullable": True},
    },
    description="The answer once its run has ended",
)
HEALTH = _obj(
    {
        "status": {"type": "string", "enum": ["ok", "unavailable"]},
        "checks": {"type": "object", "additionalProperties": {"type": "string", "enum": ["ok", "unavailable"]}},
        "llm": _obj({"model": STRING, "scripted_demo": BOOLEAN}),
        "failed": {"type": "array", "items": STRING},
    },
    ["status", "checks", "llm"],
)
CHAT_BODY = {
    "required": True,
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["message"],
        "properties": {"conversation_id": {"type": "string", "nullable": True},
                       "message": {"type": "string", "minLength": 1, "maxLength": 32000},
                       "agent_id": {"type": "string", "nullable": True,
                                    "description": "a new conversation's agent (GET /api/agents); it keeps it"},
                       "workflow_id": {"type": "integer", "nullable": True,
                                       "description": "a new conversation answered by this workflow"},
                       "if_busy": {"type": "string", "enum": ["reject", "enqueue", "interrupt"], "nullable": True,
                                   "description": "while the conversation's answer runs: reject (409, default), "
                                                  "enqueue, interrupt"}},
    }}},
}  # fmt: skip
FORMAT = {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["native", "genos", "spotlight"]}}

PATHS = {
    "/api/chat": {"post": {
        "operationId": "chat_sync", "tags": ["chat"], "security": SECURITY, "requestBody": CHAT_BODY,
        "summary": "Send a message and wait for the whole answer",
        "responses": {"200": {"description": "The answer once the run ends",
                              "content": {"application/json": {"schema": _ref("ChatResult")}}},
                      "400": ERROR, "401": ERROR, "409": ERROR, "429": ERROR, "502": ERROR},
    }},
    "/api/chat/stream": {"post": {
        "operationId": "chat_stream", "tags": ["chat"], "security": SECURITY, "requestBody": CHAT_BODY,
        "parameters": [FORMAT], "summary": "Send a message; the answer streams back as server-sent events",
        "responses": {"200": {"description": "The run's events (docs/events.md) in the chosen format", "content": SSE},
                      "400": ERROR, "401": ERROR, "409": ERROR, "429": ERROR},
    }},
    "/api/runs/{run_id}/events": {"get": {
        "operationId": "run_events", "tags": ["runs"], "security": SECURITY,
        "summary": "Replay a run's events, then follow it live",
        "parameters": [
            {"name": "run_id", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "Last-Event-ID", "in": "header", "schema": {"type": "string"}},
            {"name": "after", "in": "query", "schema": {"type": "string"}}, FORMAT,
        ],
        "responses": {"200": {"description": "Events after the given id", "content": SSE}, "401": ERROR, "404": ERROR},
    }},
    "/chat/stream": {"post": {
        "operationId": "genos_chat_stream", "tags": ["chat"], "security": SECURITY,
        "summary": "GenOS / Flowise-style chat stream (`{question, chatId?}`)",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["question"],
            "properties": {"question": {"type": "string"}, "chatId": {"type": "string"}}}}}},
        "responses": {"200": {"description": '`data: {"event": …, "data": …}` lines', "content": SSE},
                      "401": ERROR, "404": ERROR, "409": ERROR},
    }},
    "/health": {"get": {
        "operationId": "health", "tags": ["operations"], "security": [],
        "summary": "Database, Redis and MongoDB reachability",
        "responses": {"200": {"description": "every check ok", "content": {"application/json": {"schema": _ref("Health")}}},
                      "503": {"description": "the failing checks named in `failed`",
                              "content": {"application/json": {"schema": _ref("Health")}}}},
    }},
    "/metrics": {"get": {
        "operationId": "metrics", "tags": ["operations"], "security": [],
        "summary": "Prometheus metrics (restricted by METRICS_ALLOWED_IPS / METRICS_TOKEN)",
        "responses": {"200": {"description": "Prometheus text format"}, "404": {"description": "not allowed"}},
    }},
}  # fmt: skip

WEBSOCKET_NOTE = (
    "\n\nWebSocket `/ws/chat/`: JSON frames `message`, `cancel`, `resume` (and a first `auth` frame for "
    "token clients); one JSON frame per event back. Close codes 4401, 4403, 1009. See docs/events.md."
)


def add_streaming_endpoints(result, generator, request, public):
    """drf-spectacular postprocessing hook."""
    result.setdefault("paths", {}).update(PATHS)
    info = result.setdefault("info", {})
    if WEBSOCKET_NOTE not in info.get("description", ""):
        info["description"] = info.get("description", "") + WEBSOCKET_NOTE
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(EVENT_SCHEMAS)
    schemas.update({"ChatResult": CHAT_RESULT, "Health": HEALTH})
    schemes = result.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes.setdefault("cookieAuth", {"type": "apiKey", "in": "cookie", "name": "sessionid"})
    return result
