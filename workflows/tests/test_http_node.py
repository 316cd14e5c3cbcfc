"""The http node against a local service, and the staff vault (``{{secret:NAME}}``)."""

from __future__ import annotations

import json

import pytest

from agents.tests.fixtures import read_events
from runs import events
from tomato_agent.mongo import get_db
from workflows.admission import workflow_run_start
from workflows.tests import flows

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

SECRET_CANARY = "vault-staff-canary-09d8c7b6a5"


def run(user, document, inputs=None, workflow=None):
    started = workflow_run_start(user=user, document=document, inputs=inputs or {}, source="workflow",
                                 workflow=workflow)  # fmt: skip
    return read_events(started.run_id)


def test_an_http_node_calls_a_local_service(open_worker, user, echo_service):
    evts = run(user, flows.http_call(echo_service.url + "/forecast"), {"city": "Jeju"})
    assert evts[-1].type == events.RESULT, evts[-1].data
    outputs = evts[-1].data["outputs"]
    assert outputs["status"] == 200
    assert json.loads(outputs["body"]) == {"ok": True, "path": "/forecast", "query": {"city": ["Jeju"]}, "key_was": ""}
    assert echo_service.requests[0]["method"] == "GET"
    report = get_db().runs.find_one({"_id": evts[0].data["run_id"]})
    http = next(n for n in report["nodes"] if n["id"] == "http_0")
    assert http["inputs"]["url"] == echo_service.url + "/forecast"
    assert http["outputs"]["statusCode"] == 200
    assert http["outputs"]["headers"]["content-type"] == "application/json"


def test_the_staff_vault_serves_a_workflow_a_staff_member_wrote(open_worker, make_user, echo_service):
    from tools.http.services import secret_set
    from workflows.services import workflow_create

    secret_set(name="FORECAST_KEY", value=SECRET_CANARY)
    staff, member = make_user(is_staff=True), make_user()
    document = flows.http_call(echo_service.url + "/forecast", header="Key {{secret:FORECAST_KEY}}")
    workflow = workflow_create(user=staff, name="forecast", schema=document, shared=True)
    # A member runs the staff's shared workflow: the secret goes where the staff member decided.
    evts = run(member, workflow.schema, workflow=workflow)
    assert evts[-1].type == events.RESULT, evts[-1].data
    assert echo_service.requests[-1]["headers"]["X-Key"] == f"Key {SECRET_CANARY}"
    assert json.loads(evts[-1].data["outputs"]["body"])["key_was"] == "Key [redacted]"
    stored = json.dumps(get_db().runs.find_one({"_id": evts[0].data["run_id"]}), default=str)
    streamed = json.dumps([e.raw.decode() for e in evts])
    assert SECRET_CANARY not in stored
    assert SECRET_CANARY not in streamed
    # The same document written by the member themself gets no staff secret.
    evts = run(member, document)
    assert evts[-1].type == events.ERROR
    assert 'the secret "FORECAST_KEY" is not available' in evts[-1].data["message"]
    assert len(echo_service.requests) == 1
