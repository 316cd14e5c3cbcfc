"""The workflow REST API: CRUD, visibility, versions, FlowGram import/export."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from workflows.tests.documents import editor_export, start_end

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_client(make_user):
    from accounts.services import token_issue

    other = make_user()
    token, _ = token_issue(user=other)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    client.user = other
    return client


def create(client, **fields) -> dict:
    body = {"name": "Echo", "description": "says it back", "schema": start_end(), **fields}
    response = client.post("/api/workflows", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_create_read_and_list(auth_client):
    created = create(auth_client)
    assert created["version"] == 1
    assert created["is_owner"] is True
    assert created["shared"] is False
    assert created["schema"] == start_end()
    assert created["inputs_schema"]["properties"]["query"]["default"] == "hi"
    assert created["errors"] == []
    read = auth_client.get(f"/api/workflows/{created['id']}").json()
    assert read["schema"] == start_end()
    assert read["owner"] == auth_client.user.username
    listed = auth_client.get("/api/workflows").json()
    assert [w["id"] for w in listed["results"]] == [created["id"]]
    assert "schema" not in listed["results"][0]
    assert [w["id"] for w in auth_client.get("/api/workflows?q=says").json()["results"]] == [created["id"]]
    assert auth_client.get("/api/workflows?q=nothing-like-it").json()["results"] == []
    # A NUL byte (PostgreSQL cannot compare text with one) and an overlong search are a 400, not a 500.
    for bad in ("%00", "x" * 201):
        response = auth_client.get(f"/api/workflows?q={bad}")
        assert response.status_code == 400, response.content


def test_another_users_private_workflow_is_a_404_everywhere(auth_client, other_client):
    workflow = create(auth_client)
    url = f"/api/workflows/{workflow['id']}"
    assert other_client.get("/api/workflows").json()["results"] == []
    for response in (
        other_client.get(url),
        other_client.patch(url, {"name": "mine now"}, format="json"),
        other_client.delete(url),
        other_client.get(f"{url}/export"),
        other_client.get(f"{url}/versions"),
        other_client.get(f"{url}/versions/1"),
        other_client.post(f"{url}/runs", {"inputs": {}}, format="json"),
    ):
        assert response.status_code == 404, response.content
        assert response.json()["error"]["code"] == "not_found"
    assert auth_client.get(url).json()["name"] == "Echo"


def test_a_shared_workflow_is_readable_but_only_its_owner_changes_it(auth_client, other_client):
    workflow = create(auth_client, shared=True)
    url = f"/api/workflows/{workflow['id']}"
    seen = other_client.get(url).json()
    assert seen["is_owner"] is False
    assert seen["schema"] == start_end()
    assert [w["id"] for w in other_client.get("/api/workflows").json()["results"]] == [workflow["id"]]
    assert other_client.patch(url, {"name": "x"}, format="json").status_code == 403
    assert other_client.delete(url).status_code == 403
    assert auth_client.get(url).json()["name"] == "Echo"


def test_every_saved_version_is_kept_and_can_be_restored(auth_client):
    workflow = create(auth_client)
    url = f"/api/workflows/{workflow['id']}"
    changed = start_end(end_values={"shout": {"type": "constant", "content": "HI"}})
    second = auth_client.patch(url, {"schema": changed, "name": "Shout"}, format="json").json()
    assert second["version"] == 2
    assert second["schema"] == changed
    assert second["name"] == "Shout"
    # Sharing alone is not a new version; the same document again is not either.
    assert auth_client.patch(url, {"shared": True}, format="json").json()["version"] == 2
    assert auth_client.patch(url, {"schema": changed}, format="json").json()["version"] == 2
    versions = auth_client.get(f"{url}/versions").json()["results"]
    assert [(v["version"], v["name"]) for v in versions] == [(2, "Shout"), (1, "Echo")]
    first = auth_client.get(f"{url}/versions/1").json()
    assert first["schema"] == start_end()
    assert first["created_by"] == auth_client.user.username
    assert auth_client.get(f"{url}/versions/9").status_code == 404
    restored = auth_client.post(f"{url}/versions/1/restore").json()
    assert restored["version"] == 3
    assert restored["schema"] == start_end()
    assert restored["name"] == "Echo"
    assert auth_client.get(f"{url}/export?version=2").json() == changed


def test_a_document_drawn_in_flowgrams_editor_imports_and_exports_unchanged(auth_client):
    document = editor_export()
    response = auth_client.post("/api/workflows/import?name=Drawn", document, format="json")
    assert response.status_code == 201, response.content
    workflow = response.json()
    assert workflow["name"] == "Drawn"
    assert workflow["schema"] == document
    exported = auth_client.get(f"/api/workflows/{workflow['id']}/export")
    assert exported.status_code == 200
    assert exported["Content-Disposition"] == 'attachment; filename="drawn.flowgram.json"'
    assert json.loads(exported.content) == document
    # The export envelope imports back as the same workflow.
    envelope = auth_client.get(f"/api/workflows/{workflow['id']}/export?envelope=true").json()
    assert envelope["name"] == "Drawn"
    assert envelope["version"] == 1
    again = auth_client.post("/api/workflows/import", envelope, format="json").json()
    assert again["name"] == "Drawn"
    assert again["schema"] == document
    assert again["id"] != workflow["id"]


def test_an_import_without_a_name_is_named_for_what_it_is(auth_client):
    workflow = auth_client.post("/api/workflows/import", start_end(), format="json").json()
    assert workflow["name"] == "Imported workflow"


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ("not json", "schema is not valid JSON"),
        ([1, 2], "a FlowGram document"),
        ({"edges": []}, "schema.nodes must be a list"),
        ({"nodes": [{"id": "a"}], "edges": []}, "node a needs a string type"),
        ({"nodes": [{"type": "start"}], "edges": []}, "every node needs a string id"),
        ({"nodes": [], "edges": "x"}, "schema.edges must be a list"),
    ],
)
def test_a_document_that_is_not_a_flowgram_graph_is_refused(auth_client, schema, message):
    response = auth_client.post("/api/workflows", {"name": "bad", "schema": schema}, format="json")
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]
    assert auth_client.get("/api/workflows").json()["results"] == []


def test_a_json_string_schema_is_accepted_as_flowgrams_task_api_sends_it(auth_client):
    workflow = create(auth_client, schema=json.dumps(start_end()))
    assert workflow["schema"] == start_end()


def test_a_blank_name_is_refused(auth_client):
    response = auth_client.post("/api/workflows", {"name": "   ", "schema": start_end()}, format="json")
    assert response.status_code == 400


def test_delete(auth_client):
    workflow = create(auth_client)
    assert auth_client.delete(f"/api/workflows/{workflow['id']}").status_code == 204
    assert auth_client.get(f"/api/workflows/{workflow['id']}").status_code == 404


def test_the_api_needs_authentication(api_client):
    assert api_client.get("/api/workflows").status_code == 401
    assert api_client.post("/api/workflows/import", start_end(), format="json").status_code == 401
