"""OpenAPI for ``/v1``: the plain async views drf-spectacular cannot see (a postprocessing hook).

Only what the platform answers is described; the official OpenAI SDKs are
the clients to use for these routes.
"""

from __future__ import annotations

SECURITY = [{"tokenAuth": []}]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


STRING, INTEGER = {"type": "string"}, {"type": "integer"}
NULLABLE_STRING = {"type": "string", "nullable": True}
ERROR = {"content": _json(_ref("OpenAIError"))}
ERRORS = {
    "401": {"description": "no or a bad key (`invalid_api_key`, `not_authenticated`)", **ERROR},
    "403": {"description": "the key lacks the scope (`insufficient_scope`)", **ERROR},
    "429": {"description": "rate limited or over budget; see `Retry-After`", **ERROR},
}
USAGE = {
    "type": "object",
    "properties": {
        "prompt_tokens": INTEGER,
        "completion_tokens": INTEGER,
        "total_tokens": INTEGER,
        "cost_usd": {"type": "number", "description": "list price; absent when the model has none"},
    },
    "required": ["prompt_tokens", "completion_tokens", "total_tokens"],
}
REASONING = {"type": "string", "nullable": True, "description": "tool steps and the model's reasoning, as text"}
COMPONENTS = {
    "OpenAIError": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["message", "type", "code"],
                "properties": {"message": STRING, "type": STRING, "param": NULLABLE_STRING, "code": STRING},
            }
        },
    },
    "OpenAIModel": {
        "type": "object",
        "required": ["id", "object", "created", "owned_by"],
        "properties": {
            "id": STRING,
            "object": {"type": "string", "enum": ["model"]},
            "created": INTEGER,
            "owned_by": STRING,
            "name": STRING,
            "description": STRING,
            "kind": {"type": "string", "enum": ["agent", "workflow"]},
        },
    },
    "OpenAIModelList": {
        "type": "object",
        "required": ["object", "data"],
        "properties": {
            "object": {"type": "string", "enum": ["list"]},
            "data": {"type": "array", "items": _ref("OpenAIModel")},
        },
    },
    "ChatCompletionRequest": {
        "type": "object",
        "required": ["model", "messages"],
        "description": "OpenAI's request. Sampling parameters (temperature, max_tokens…) are accepted and "
        "ignored: the agent's settings apply. `tools`, `n` > 1, non-text content parts and "
        "non-text response formats are 400 `unsupported_parameter`.",
        "properties": {
            "model": {"type": "string", "description": "an id from GET /v1/models"},
            "messages": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["role"],
                    "properties": {
                        "role": {"type": "string", "enum": ["system", "developer", "user", "assistant"]},
                        "content": {"description": "a string, or a list of `{type: text, text}` parts"},
                    },
                },
            },
            "stream": {"type": "boolean", "default": False},
            "stream_options": {"type": "object", "properties": {"include_usage": {"type": "boolean"}}},
            "conversation_id": {"type": "string", "description": "platform extension: continue this conversation"},
        },
    },
    "ChatCompletion": {
        "type": "object",
        "required": ["id", "object", "created", "model", "choices", "usage"],
        "properties": {
            "id": STRING,
            "object": {"type": "string", "enum": ["chat.completion"]},
            "created": INTEGER,
            "model": STRING,
            "choices": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "index": INTEGER,
                        "finish_reason": {"type": "string", "enum": ["stop", "length"]},
                        "message": {
                            "type": "object",
                            "properties": {
                                "role": {"type": "string", "enum": ["assistant"]},
                                "content": STRING,
                                "reasoning_content": REASONING,
                                "reasoning": REASONING,
                            },
                        },
                    },
                },
            },
            "usage": _ref("OpenAIUsage"),
        },
    },
    "ChatCompletionChunk": {
        "type": "object",
        "required": ["id", "object", "created", "model", "choices"],
        "description": "One `data:` line of a stream; the stream ends with `data: [DONE]`.",
        "properties": {
            "id": STRING,
            "object": {"type": "string", "enum": ["chat.completion.chunk"]},
            "created": INTEGER,
            "model": STRING,
            "choices": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "index": INTEGER,
                        "finish_reason": {"type": "string", "nullable": True},
                        "delta": {
                            "type": "object",
                            "properties": {
                                "role": STRING,
                                "content": STRING,
                                "reasoning_content": STRING,
                                "reasoning": STRING,
                            },
                        },
                    },
                },
            },
            "usage": {**_ref("OpenAIUsage"), "nullable": True},
        },
    },
    "OpenAIUsage": USAGE,
}
MODEL_PATH = {"name": "model_id", "in": "path", "required": True, "schema": STRING}
PATHS = {
    "/v1/models": {
        "get": {
            "operationId": "openai_models_list",
            "tags": ["openai"],
            "security": SECURITY,
            "summary": "The agents and workflows you may run, as OpenAI models",
            "responses": {"200": {"description": "the models", "content": _json(_ref("OpenAIModelList"))}, **ERRORS},
        }
    },
    "/v1/models/{model_id}": {
        "get": {
            "operationId": "openai_models_retrieve",
            "tags": ["openai"],
            "security": SECURITY,
            "parameters": [MODEL_PATH],
            "summary": "One model",
            "responses": {
                "200": {"description": "the model", "content": _json(_ref("OpenAIModel"))},
                **ERRORS,
                "404": {"description": "`model_not_found`", **ERROR},
            },
        }
    },
    "/v1/chat/completions": {
        "post": {
            "operationId": "openai_chat_completions",
            "tags": ["openai"],
            "security": SECURITY,
            "summary": "Run an agent: OpenAI Chat Completions (streaming or not)",
            "requestBody": {"required": True, "content": _json(_ref("ChatCompletionRequest"))},
            "responses": {
                "200": {
                    "description": "`chat.completion`, or with `stream: true` server-sent `chat.completion.chunk`s",
                    "headers": {"X-Conversation-Id": {"schema": STRING}, "X-Run-Id": {"schema": STRING}},
                    "content": {**_json(_ref("ChatCompletion")), "text/event-stream": {"schema": {"type": "string"}}},
                },
                "400": {"description": "bad or unsupported parameter (`param` names it)", **ERROR},
                "404": {"description": "`model_not_found`, or a `conversation_id` that is not yours", **ERROR},
                "409": {"description": "`conversation_busy`", **ERROR},
                **ERRORS,
                "502": {"description": "the model failed (`llm_*`)", **ERROR},
            },
        }
    },
}


def add_openai_endpoints(result, generator, request, public):
    """drf-spectacular postprocessing hook."""
    result.setdefault("paths", {}).update(PATHS)
    result.setdefault("components", {}).setdefault("schemas", {}).update(COMPONENTS)
    return result
