"""OpenAPI for the workflow endpoints DRF does not serve (server-sent events)."""

from __future__ import annotations

from agents.schema import ERROR, SECURITY

SPOTLIGHT_SSE = {
    "text/event-stream": {"schema": {"type": "string"}, "example": 'event: message_chunk\ndata: {"content": "Hel"}\n\n'}
}

RUN_WORKFLOW_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["task_meta"],
                "properties": {
                    "task_meta": {
                        "type": "object",
                        "required": ["workflow_id"],
                        "properties": {
                            "workflow_id": {"type": "string", "description": "a stored workflow's id, or agent_chat"},
                            "trace_id": {"type": "string"},
                            "user_id": {"type": "string", "description": "a label only"},
                        },
                    },
                    "input": {
                        "type": "object",
                        "properties": {
                            "messages": {"type": "array", "items": {"type": "object"}},
                            "variables": {"type": "object"},
                        },
                    },
                    "runtime_config": {
                        "type": "object",
                        "properties": {
                            "model": {
                                "type": "object",
                                "properties": {
                                    "model_name": {"type": "string"},
                                    "base_url": {"type": "string"},
                                    "api_key": {"type": "string"},
                                    "temperature": {"type": "number"},
                                    "max_tokens": {"type": "integer"},
                                },
                            },
                            "tools": {"type": "array", "items": {"type": "object"}},
                            "vault": {"type": "object", "additionalProperties": {"type": "string"}},
                        },
                    },
                },
            }
        }
    },
}

PATHS = {
    "/v1/run_workflow": {
        "post": {
            "operationId": "spotlight_run_workflow",
            "tags": ["workflows"],
            "security": SECURITY,
            "requestBody": RUN_WORKFLOW_BODY,
            "summary": "SpotLight execution plane: run a workflow (or agent_chat); SpotLight-format SSE back",
            "responses": {
                "200": {
                    "description": "tool_thinking, tool_start, tool_result, message_chunk, error, done",
                    "content": SPOTLIGHT_SSE,
                },
                "400": ERROR,
                "401": ERROR,
                "404": ERROR,
                "429": ERROR,
            },
        }
    },
    "/v1/workflows": {
        "get": {
            "operationId": "spotlight_service_info",
            "tags": ["workflows"],
            "security": SECURITY,
            "summary": "SpotLight service info and the workflows this caller may run (the seed's GET /)",
            "responses": {
                "200": {"description": "`{service, version, status, workflows: [{id, name, description}]}`"},
                "401": ERROR,
            },
        }
    },
}


def add_workflow_endpoints(result, generator, request, public):
    """drf-spectacular postprocessing hook (after agents.schema's)."""
    result.setdefault("paths", {}).update(PATHS)
    return result
