"""OpenAPI: the shapes every endpoint shares, and the hooks that make drf-spectacular's schema complete.

* :class:`TokenAuthenticationScheme` describes the one bearer scheme (knox
  tokens and personal API keys alike);
* the ``Error`` and ``ValidationErrors`` components are the two error bodies
  the platform answers with (``tomato_agent/errors.py``);
* :func:`add_error_responses` gives every operation the error answers it can
  actually produce, so generated SDKs type them too.

``manage.py spectacular --validate --fail-on-warn`` runs in ``make test``.
"""

from __future__ import annotations

import re

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import serializers


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "`Authorization: Bearer <token>` (or `Token <token>`): a login token from "
                "`/api/auth/login` or a personal API key from `/api/keys` (`tmt_…`)."
            ),
        }


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="stable machine-readable code (docs/events.md, docs/api.md)")
    message = serializers.CharField(help_text="safe to show a person")


class RunUsageSerializer(serializers.Serializer):
    """Tokens and cost of a run (or a sum of runs)."""

    prompt_tokens = serializers.IntegerField()
    completion_tokens = serializers.IntegerField()
    total_tokens = serializers.IntegerField()
    cost_usd = serializers.FloatField(required=False, allow_null=True, help_text="null: the model has no price")

    def to_representation(self, instance):
        # Older records may lack a count: the missing ones are 0 and the total their sum.
        counts = {"prompt_tokens": 0, "completion_tokens": 0, **instance}
        counts.setdefault("total_tokens", int(counts["prompt_tokens"] or 0) + int(counts["completion_tokens"] or 0))
        return super().to_representation(counts)


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


ERROR_RESPONSES = {
    "400": {
        "description": "Bad input: field errors (DRF style) or an error code",
        "content": _json({"oneOf": [_ref("ValidationErrors"), _ref("Error")]}),
    },
    "401": {
        "description": "Not authenticated, or the token or key is invalid, expired or revoked",
        "content": _json(_ref("Error")),
    },
    "403": {
        "description": "The API key lacks the scope this route needs (`insufficient_scope`)",
        "content": _json(_ref("Error")),
    },
    "404": {"description": "Not found (another user's object is a 404 too)", "content": _json(_ref("Error"))},
    "409": {"description": "Conflict (`conversation_busy`, `run_finished`)", "content": _json(_ref("Error"))},
    "429": {
        "description": "Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`",
        "content": _json(_ref("Error")),
    },
}
ERROR_BODY = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "stable machine-readable code (docs/events.md, docs/api.md)"},
        "message": {"type": "string", "description": "safe to show a person"},
    },
    "required": ["code", "message"],
}
ERROR = {
    "type": "object",
    "description": "The platform's error body",
    "properties": {
        "error": _ref("ErrorBody"),
        "detail": {"type": "string", "description": "DRF's message, kept for older clients"},
    },
    "required": ["error"],
}
VALIDATION_ERRORS = {
    "type": "object",
    "description": "Field errors: `{field: [message, …]}`",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
PATH_PARAMETER = re.compile(r"\{[^}]+\}")


def _authenticated(operation: dict) -> bool:
    security = operation.get("security")
    return bool(security) and {} not in security


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: the error answers of every operation, as ``$ref`` bodies.

    400 where a body or a query is read, 401/403/429 where authentication is
    required, 404 where the path names an object. Answers an operation
    describes itself win.
    """
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ValidationErrors", VALIDATION_ERRORS)
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ErrorBody", ERROR_BODY)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            wanted = []
            if "requestBody" in operation or any(p.get("in") == "query" for p in operation.get("parameters", ())):
                wanted.append("400")
            if _authenticated(operation):
                wanted += ["401", "403", "429"]
            if PATH_PARAMETER.search(path):
                wanted.append("404")
            responses = operation.setdefault("responses", {})
            for code in wanted:
                if code not in responses:
                    responses[code] = ERROR_RESPONSES[code]
                elif "content" not in responses[code]:
                    responses[code] = {**ERROR_RESPONSES[code], "description": responses[code]["description"]}
    return result
