"""OpenAPI for the endpoints DRF does not serve: the streaming transports and operations.

They are plain async Django views (server-sent events need an async body), so
drf-spectacular cannot see them; this postprocessing hook describes them.
"""

from __future__ import annotations

SECURITY = [{"tokenAuth": []}, {"cookieAuth": []}]
ERROR = {"description": "`{error: {code, message}}` — see docs/events.md for the codes"}
SSE = {"text/event-stream": {"schema": {"type": "string"},
                             "example": 'id: 1732380000000-3\nevent: token\ndata: "Hel"\n\n'}}  # fmt: skip
CHAT_BODY = {
    "required": True,
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["message"],
        "properties": {"conversation_id": {"type": "string", "nullable": True},
                       "message": {"type": "string", "minLength": 1, "maxLength": 32000}},
    }}},
}  # fmt: skip
FORMAT = {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["native", "genos", "spotlight"]}}

PATHS = {
    "/api/chat": {"post": {
        "operationId": "chat_sync", "tags": ["chat"], "security": SECURITY, "requestBody": CHAT_BODY,
        "summary": "Send a message and wait for the whole answer",
        "responses": {"200": {"description": "`{conversation_id, run_id, status, message, usage}` once the run ends"},
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
        "responses": {"200": {"description": "`{status: ok, checks: {database, redis, mongo}, llm}`"},
                      "503": {"description": "the failing checks named in `failed`"}},
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
    schemes = result.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes.setdefault("cookieAuth", {"type": "apiKey", "in": "cookie", "name": "sessionid"})
    return result
