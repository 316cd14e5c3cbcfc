"""The OpenAPI schema says what the platform really answers: real responses validate against it.

Generated SDKs parse responses with the schema's models, so a schema that
says "list" where the API answers ``{results, next}`` breaks every client.
"""

from __future__ import annotations

import copy

import jsonschema
import pytest
import yaml
from django.test import Client

from agents import services
from agents.tests.fixtures import read_events

pytestmark = pytest.mark.django_db


def _openapi() -> dict:
    response = Client().get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def _as_json_schema(node):
    """OpenAPI 3.0 ``nullable`` as JSON Schema: ``{"anyOf": [schema, {"type": "null"}]}``."""
    if isinstance(node, list):
        return [_as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _as_json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


def _validator(doc: dict, path: str, method: str, status: int):
    operation = doc["paths"][path][method]
    schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    root = _as_json_schema({**copy.deepcopy(schema), "components": doc["components"]})
    return jsonschema.Draft7Validator(root)


def _check(doc: dict, path: str, method: str, response) -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _validator(doc, path, method, response.status_code).iter_errors(response.json())
    ]
    assert errors == [], f"{method.upper()} {path} answered what its schema does not describe"


def test_error_answers_are_described_for_every_authenticated_operation():
    doc = _openapi()
    missing = []
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            security = operation.get("security") or []
            if security and {} not in security and "401" not in operation["responses"]:
                missing.append(f"{method.upper()} {path}")
    assert missing == []
    scheme = doc["components"]["securitySchemes"]["tokenAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")  # what generated SDK clients send


def test_real_answers_match_the_schema(worker, auth_client, scenario, mongo_db):
    doc = _openapi()
    marker = scenario(
        [
            {"reasoning": "sum", "tool_calls": [{"name": "calculator", "arguments": {"expression": "2+2"}}]},
            {"content": "It is 4."},
        ]
    )
    chat = auth_client.post("/api/chat", {"message": f"{marker} 2+2?"}, format="json")
    assert chat.status_code == 200
    _check(doc, "/api/chat", "post", chat)
    body = chat.json()
    conversation_id, run_id = body["conversation_id"], body["run_id"]
    assert body["message"]["tool_calls"][0]["visible"] == {"result": 4}

    checks = {
        "/api/conversations": auth_client.get("/api/conversations?limit=1"),
        "/api/conversations/{conversation_id}": auth_client.get(f"/api/conversations/{conversation_id}"),
        "/api/conversations/{conversation_id}/messages": auth_client.get(
            f"/api/conversations/{conversation_id}/messages"
        ),
        "/api/runs/{run_id}": auth_client.get(f"/api/runs/{run_id}"),
        "/api/usage": auth_client.get("/api/usage"),
        "/api/tools": auth_client.get("/api/tools"),
        "/api/auth/me": auth_client.get("/api/auth/me"),
        "/health": auth_client.get("/health"),
    }
    for path, response in checks.items():
        assert response.status_code == 200, (path, response.content)
        _check(doc, path, "get", response)
    assert checks["/api/runs/{run_id}"].json()["usage"]["total_tokens"] > 0

    # Errors: the shapes the schema promises, for a missing object and bad input.
    missing = auth_client.get("/api/runs/nope")
    assert missing.status_code == 404
    _check(doc, "/api/runs/{run_id}", "get", missing)
    bad = auth_client.get("/api/usage?from=yesterday")
    assert bad.status_code == 400
    _check(doc, "/api/usage", "get", bad)


def test_a_started_run_report_matches_the_schema_while_running(worker, auth_client, scenario, mongo_db):
    doc = _openapi()
    started = services.chat_start(
        user=auth_client.user, conversation_id=None, content=f"{scenario([{'content': 'ok', 'delay_ms': 5}])} hi"
    )
    queued = auth_client.get(f"/api/runs/{started.run_id}")
    _check(doc, "/api/runs/{run_id}", "get", queued)
    read_events(started.run_id)
    _check(doc, "/api/runs/{run_id}", "get", auth_client.get(f"/api/runs/{started.run_id}"))


def test_usage_of_older_records_without_a_total_still_serializes():
    from tomato_agent.schema import RunUsageSerializer

    data = RunUsageSerializer({"prompt_tokens": 120, "completion_tokens": 80, "cost_usd": 0.0001}).data
    assert (data["prompt_tokens"], data["completion_tokens"], data["total_tokens"]) == (120, 80, 200)


def test_every_list_and_error_answer_matches_the_schema(auth_client, api_client, mongo_db):
    """The list endpoints (pages `{results, next}` or plain arrays, as each says) and the error bodies."""
    doc = _openapi()
    auth_client.post("/api/snippets", {"title": "t", "language": "python", "code": "print(1)"}, format="json")
    lists = [
        "/api/conversations",
        "/api/snippets",
        "/api/keys",
        "/api/embeds",
        "/api/providers",
        "/api/tools",
        "/api/workflows",
    ]
    for path in lists:
        response = auth_client.get(path)
        assert response.status_code == 200, (path, response.content)
        _check(doc, path, "get", response)
    page = auth_client.get("/api/snippets?limit=1").json()
    assert set(page) == {"results", "next"}

    errors = [
        ("/api/conversations", "get", api_client.get("/api/conversations")),  # 401
        ("/api/snippets/{snippet_id}", "get", auth_client.get("/api/snippets/999999")),  # 404
        ("/api/snippets", "post", auth_client.post("/api/snippets", {"title": ""}, format="json")),  # 400 fields
        ("/api/conversations/{conversation_id}", "get", auth_client.get("/api/conversations/nope")),  # 404
    ]
    for path, method, response in errors:
        assert response.status_code in (400, 401, 404), (path, response.status_code, response.content)
        _check(doc, path, method, response)
