"""FlowGram's task API (/api/task/*), driven the way FlowGram's editor client drives it."""

from __future__ import annotations

import json
import time

import pytest
from rest_framework.test import APIClient

from agents.tests.fixtures import read_events
from runs import reports
from tomato_agent.mongo import get_db
from workflows.tests.flows import fixture, ref, with_start_inputs

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]


def task_run(client, document, inputs) -> str:
    response = client.post("/api/task/run", {"schema": json.dumps(document), "inputs": inputs}, format="json")
    assert response.status_code == 200, response.content
    assert set(response.json()) == {"taskID"}
    return response.json()["taskID"]


def poll_report(client, task_id, *, timeout=20.0) -> list[dict]:
    """Every report read until the task terminated, as FlowGram's editor polls it."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = client.get(f"/api/task/report?taskID={task_id}")
        assert response.status_code == 200, response.content
        seen.append(response.json())
        if seen[-1]["workflowStatus"]["terminated"]:
            return seen
        time.sleep(0.05)
    raise AssertionError("the task did not terminate")


def test_validate_run_poll_report_and_result(worker, auth_client, reply):
    marker = reply("word " * 30, delay_ms=20)
    document = fixture("basic-llm")
    valid = auth_client.post(
        "/api/task/validate", {"schema": json.dumps(document), "inputs": {"query": "x"}}, format="json"
    )
    assert valid.json() == {"valid": True, "errors": []}
    task_id = task_run(auth_client, document, {"query": f"{marker} go"})
    early = auth_client.get(f"/api/task/result?taskID={task_id}")
    assert early.status_code == 200
    assert early.json() is None  # not terminated yet
    polled = poll_report(auth_client, task_id)
    final = polled[-1]
    assert set(final) == {"id", "inputs", "outputs", "workflowStatus", "reports", "messages"}
    assert final["id"] == task_id
    assert final["inputs"] == {"query": f"{marker} go"}
    assert final["outputs"] == {"answer": "word " * 30}
    status = final["workflowStatus"]
    assert status["status"] == "succeeded"
    assert status["terminated"] is True
    assert status["endTime"] >= status["startTime"] > 0
    assert status["timeCost"] == status["endTime"] - status["startTime"]
    assert set(final["reports"]) == {"start_0", "llm_0", "end_0"}
    llm = final["reports"]["llm_0"]
    assert llm["status"] == "succeeded"
    assert llm["terminated"] is True
    assert llm["snapshots"][0]["nodeID"] == "llm_0"
    assert llm["snapshots"][0]["outputs"] == {"result": "word " * 30}
    assert set(final["messages"]) == {"log", "info", "debug", "error", "warning"}
    # While it ran, the report was live: the llm node was seen processing before it succeeded.
    statuses = [r["reports"].get("llm_0", {}).get("status") for r in polled]
    assert "processing" in statuses
    assert statuses.index("processing") < statuses.index("succeeded")
    assert any(r["workflowStatus"]["status"] == "processing" and not r["workflowStatus"]["terminated"] for r in polled)
    result = auth_client.get(f"/api/task/result?taskID={task_id}")
    assert result.json() == {"answer": "word " * 30}
    # A task is a run like any other: it is in the caller's run reports.
    assert reports.report_get(user_id=auth_client.user.id, run_id=task_id)["source"] == "task"


def test_cancel_a_running_task(worker, auth_client, reply):
    marker = reply("slow " * 100, delay_ms=50)
    task_id = task_run(auth_client, fixture("basic-llm"), {"query": marker})
    deadline = time.monotonic() + 10
    while auth_client.get(f"/api/task/report?taskID={task_id}").json()["reports"].get("llm_0") is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    cancel = auth_client.put("/api/task/cancel", {"taskID": task_id}, format="json")
    assert cancel.json() == {"success": True}
    final = poll_report(auth_client, task_id)[-1]
    assert final["workflowStatus"]["status"] == "canceled"
    assert final["reports"]["llm_0"]["status"] == "canceled"
    assert final["reports"]["llm_0"]["snapshots"][-1]["outputs"]["result"].startswith("slow")
    assert "end_0" not in final["reports"]
    assert auth_client.put("/api/task/cancel", {"taskID": task_id}, format="json").json() == {"success": False}


def test_validate_names_the_node_and_the_input(auth_client, mongo_db):
    document = fixture("basic-llm")
    document["edges"].append({"sourceNodeID": "llm_0", "targetNodeID": "ghost"})
    response = auth_client.post("/api/task/validate", {"schema": json.dumps(document), "inputs": {}}, format="json")
    body = response.json()
    assert response.status_code == 200
    assert body["valid"] is False
    assert any("ghost" in error for error in body["errors"])
    assert any('"query" is required' in error for error in body["errors"])
    bad_json = auth_client.post("/api/task/validate", {"schema": "{nodes:", "inputs": {}}, format="json").json()
    assert bad_json["valid"] is False
    assert "not valid JSON" in bad_json["errors"][0]


def test_an_invalid_task_is_refused_before_it_runs(auth_client, mongo_db):
    response = auth_client.post(
        "/api/task/run", {"schema": json.dumps(fixture("basic-llm")), "inputs": {}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["errors"] == ['Inputs (start node "start_0"): "query" is required.']
    assert auth_client.post("/api/task/run", {"schema": "nope"}, format="json").status_code == 400
    assert get_db().runs.count_documents({"user_id": auth_client.user.id}) == 0


def test_another_users_task_is_a_404(worker, auth_client, make_user):
    from accounts.services import token_issue

    task_id = task_run(auth_client, fixture("end-constant"), {})
    read_events(task_id)
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=make_user())[0]}")
    for response in (
        other.get(f"/api/task/report?taskID={task_id}"),
        other.get(f"/api/task/result?taskID={task_id}"),
        other.put("/api/task/cancel", {"taskID": task_id}, format="json"),
        other.get(f"/api/runs/{task_id}/events"),
    ):
        assert response.status_code == 404
    assert auth_client.get("/api/task/report?taskID=nope").status_code == 404
    assert auth_client.get("/api/task/report").status_code == 400
    assert APIClient().get(f"/api/task/report?taskID={task_id}").status_code == 401


def test_a_chat_run_is_not_a_task(worker, auth_client, scenario):
    from agents import services

    started = services.chat_start(user=auth_client.user, conversation_id=None, content=scenario([{"content": "x"}]))
    read_events(started.run_id)
    assert auth_client.get(f"/api/task/report?taskID={started.run_id}").status_code == 404


def test_the_seeds_task_with_a_foreign_model_host_fails_without_leaking_its_key(worker, auth_client):
    """The FlowGram runtime seed's curl example: model, key and host come in as inputs."""
    canary = "sk-canary-3f9a1c77e0d24b6f8a"
    document = with_start_inputs(fixture("basic-llm"), {"api_host": {"type": "string"}})
    llm = next(n for n in document["nodes"] if n["id"] == "llm_0")
    llm["data"]["inputsValues"]["apiHost"] = ref("start_0", "api_host")  # apiKey already comes from an input
    task_id = task_run(
        auth_client, document, {"query": "1+1=?", "api_key": canary, "api_host": "https://api-host/api/v3"}
    )
    evts = read_events(task_id)
    final = poll_report(auth_client, task_id)[-1]
    assert final["workflowStatus"]["status"] == "failed"
    assert final["reports"]["llm_0"]["status"] == "failed"
    error = final["messages"]["error"][0]
    assert error["nodeID"] == "llm_0"
    assert "api-host is not allowed" in error["message"]
    stored = json.dumps(get_db().runs.find_one({"_id": task_id}), default=str)
    streamed = json.dumps([e.raw.decode() for e in evts])
    for text in (json.dumps(final), stored, streamed):
        assert canary not in text
