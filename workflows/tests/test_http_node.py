"""The http node against a local service (wf-engine's http fixture), and the staff vault (``{{secret:NAME}}``)."""

from __future__ import annotations

import json

import pytest

from agents.tests.fixtures import read_events
from runs import events
from tomato_agent.mongo import get_db
from workflows.admission import workflow_run_start
from workflows.tests.flows import fixture

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

SECRET_CANARY = "vault-staff-canary-09d8c7b6a5"


def run(user, document, inputs=None, workflow=None):
    started = workflow_run_start(
        user=user, document=document, inputs=inputs or {}, source="workflow", workflow=workflow
    )
    return read_events(started.run_id)


def host_of(service) -> str:
    return service.url.removeprefix("http://")


def with_secret_header(document: dict, value: str) -> dict:
    http = next(n for n in document["nodes"] if n["id"] == "http_0")
    http["data"]["headersValues"]["X-Key"] = {"type": "template", "content": value}
    return document


def test_an_http_node_calls_a_local_service(open_worker, user, echo_service):
    evts = run(user, fixture("http"), {"host": host_of(echo_service), "path": "/hook", "name": "Ann"})
    assert evts[-1].type == events.RESULT, evts[-1].data
    outputs = evts[-1].data["outputs"]
    assert (outputs["code"], outputs["type"]) == (200, "application/json")
    assert json.loads(outputs["res"])["query"] == {"lang": ["en"], "who": ["Ann"]}
    [seen] = echo_service.requests
    assert (seen["method"], seen["path"]) == ("POST", "/hook")
    assert json.loads(seen["body"]) == {"greeting": "hello Ann"}
    nodes = {n["id"]: n for n in get_db().runs.find_one({"_id": evts[0].data["run_id"]})["nodes"]}
    assert nodes["http_0"]["inputs"]["url"] == f"{echo_service.url}/hook"
    assert nodes["http_0"]["outputs"]["statusCode"] == 200


def test_the_staff_vault_serves_a_workflow_a_staff_member_wrote(open_worker, make_user, echo_service):
    from tools.http.services import secret_set
    from workflows.services import workflow_create

    secret_set(name="FORECAST_KEY", value=SECRET_CANARY)
    staff, member = make_user(is_staff=True), make_user()
    document = with_secret_header(fixture("http"), "Key {{secret:FORECAST_KEY}}")
    workflow = workflow_create(user=staff, name="forecast", schema=document, shared=True)
    inputs = {"host": host_of(echo_service), "path": "/forecast"}
    # A member runs the staff's shared workflow: the secret goes only where the staff member sent it.
    evts = run(member, workflow.schema, inputs, workflow=workflow)
    assert evts[-1].type == events.RESULT, evts[-1].data
    assert echo_service.requests[-1]["headers"]["X-Key"] == f"Key {SECRET_CANARY}"
    assert json.loads(evts[-1].data["outputs"]["res"])["key_was"] == "Key [redacted]"  # echoed back, scrubbed
    stored = json.dumps(get_db().runs.find_one({"_id": evts[0].data["run_id"]}), default=str)
    streamed = json.dumps([e.raw.decode() for e in evts])
    assert SECRET_CANARY not in stored
    assert SECRET_CANARY not in streamed
    # The same document written by the member themself gets no staff secret.
    evts = run(member, document, inputs)
    assert evts[-1].type == events.ERROR
    assert 'the secret "FORECAST_KEY" is not available' in evts[-1].data["message"]
    assert len(echo_service.requests) == 1
