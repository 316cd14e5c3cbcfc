"""The workflow routes answer what the OpenAPI schema says (generated SDKs parse with it)."""

from __future__ import annotations

import json

import pytest

from agents.tests.fixtures import read_events
from tomato_agent.tests.test_openapi import _check, _openapi
from workflows.tests.flows import fixture

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]


def test_real_workflow_answers_match_the_schema(worker, auth_client, reply):
    doc = _openapi()
    created = auth_client.post("/api/workflows", {"name": "s", "schema": fixture("basic-llm")}, format="json")
    _check(doc, "/api/workflows", "post", created)
    workflow_id = created.json()["id"]
    started = auth_client.post(f"/api/workflows/{workflow_id}/runs", {"inputs": {"query": reply("ok")}}, format="json")
    assert started.status_code == 202
    _check(doc, "/api/workflows/{workflow_id}/runs", "post", started)
    run_id = started.json()["run_id"]
    read_events(run_id)
    task_id = auth_client.post(
        "/api/task/run", {"schema": json.dumps(fixture("end-constant")), "inputs": {}}, format="json"
    ).json()["taskID"]
    read_events(task_id)
    checks = {
        ("/api/workflows", "get"): auth_client.get("/api/workflows"),
        ("/api/workflows/{workflow_id}", "get"): auth_client.get(f"/api/workflows/{workflow_id}"),
        ("/api/workflows/{workflow_id}", "patch"): auth_client.patch(
            f"/api/workflows/{workflow_id}", {"description": "d"}, format="json"
        ),
        ("/api/workflows/{workflow_id}/versions", "get"): auth_client.get(f"/api/workflows/{workflow_id}/versions"),
        ("/api/workflows/{workflow_id}/versions/{version}", "get"): auth_client.get(
            f"/api/workflows/{workflow_id}/versions/1"
        ),
        ("/api/workflows/{workflow_id}/runs", "get"): auth_client.get(f"/api/workflows/{workflow_id}/runs"),
        ("/api/workflows/{workflow_id}/runs/{run_id}", "get"): auth_client.get(
            f"/api/workflows/{workflow_id}/runs/{run_id}"
        ),
        ("/api/task/report", "get"): auth_client.get(f"/api/task/report?taskID={task_id}"),
        ("/api/task/result", "get"): auth_client.get(f"/api/task/result?taskID={task_id}"),
        ("/api/task/validate", "post"): auth_client.post(
            "/api/task/validate", {"schema": "{}", "inputs": {}}, format="json"
        ),
        ("/api/task/cancel", "put"): auth_client.put("/api/task/cancel", {"taskID": task_id}, format="json"),
    }
    for (path, method), response in checks.items():
        assert response.status_code == 200, (path, response.content)
        _check(doc, path, method, response)
    missing = auth_client.get("/api/workflows/999999")
    assert missing.status_code == 404
    _check(doc, "/api/workflows/{workflow_id}", "get", missing)
    invalid = auth_client.post(f"/api/workflows/{workflow_id}/runs", {"inputs": {}}, format="json")
    assert invalid.status_code == 400
    _check(doc, "/api/workflows/{workflow_id}/runs", "post", invalid)
