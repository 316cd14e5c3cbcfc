"""Agents people build: the REST API, visibility, versions and the save-time checks (no worker)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.services import token_issue
from agents import services
from agents.agent_selectors import AgentNotFound, agent_run_spec
from agents.models import Agent, AgentVersion

pytestmark = pytest.mark.django_db


def client_of(user) -> APIClient:
    token, _ = token_issue(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def create(client, **fields):
    response = client.post("/api/agents", {"name": "Bee", "instructions": "Be brief.", **fields}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_create_read_update_delete_and_every_save_is_a_version(auth_client):
    made = create(auth_client, tools=["calculator"], emoji="🐝", starters=["Add 2 and 2"], knowledge=["python"])
    assert made["id"].startswith("ag_")
    assert made["version"] == 1
    assert made["tools"] == ["calculator"]
    assert made["is_owner"] is True
    assert made["visibility"] == "private"
    assert made["agents"] == []
    got = auth_client.get(f"/api/agents/{made['id']}").json()
    assert got["instructions"] == "Be brief."
    assert got["starters"] == ["Add 2 and 2"]
    changed = auth_client.patch(f"/api/agents/{made['id']}", {"instructions": "Be thorough."}, format="json")
    assert changed.status_code == 200
    assert changed.json()["version"] == 2
    versions = AgentVersion.objects.filter(agent_id=made["id"]).order_by("version")
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].config["instructions"] == "Be brief."
    assert versions[1].config["instructions"] == "Be thorough."
    # A save that changes nothing is no new version.
    assert (
        auth_client.patch(f"/api/agents/{made['id']}", {"instructions": "Be thorough."}, format="json").json()[
            "version"
        ]
        == 2
    )
    assert auth_client.delete(f"/api/agents/{made['id']}").status_code == 204
    assert auth_client.get(f"/api/agents/{made['id']}").status_code == 404


def test_another_users_private_agent_is_a_404_and_cannot_be_chatted_with(auth_client, make_user):
    mine = create(auth_client)
    other = make_user()
    stranger = client_of(other)
    for method in ("get", "patch", "delete"):
        response = getattr(stranger, method)(f"/api/agents/{mine['id']}", {"name": "x"}, format="json")
        assert response.status_code == 404, method
        assert response.json()["error"]["code"] == "not_found"
    assert stranger.get("/api/agents").json()["results"] == []
    with pytest.raises(AgentNotFound):
        services.chat_start(user=other, conversation_id=None, content="hi", agent_id=mine["id"])
    assert Agent.objects.get(pk=mine["id"]).name == "Bee"


def test_the_list_holds_own_and_public_agents_and_a_link_agent_is_reached_by_id(auth_client, make_user):
    other = client_of(make_user())
    public = create(other, name="Public", visibility="public")
    link = create(other, name="Link", visibility="link")
    create(other, name="Private")
    own = create(auth_client, name="Own")
    names = [a["name"] for a in auth_client.get("/api/agents").json()["results"]]
    assert sorted(names) == ["Own", "Public"]
    shared = auth_client.get(f"/api/agents/{link['id']}").json()
    assert shared["is_owner"] is False
    assert shared["name"] == "Link"
    assert (shared["instructions"], shared["knowledge"]) == ("", [])  # the owner's prompt is not shown to users
    # Readable is not writable: changing someone else's shared agent is a 403.
    response = auth_client.patch(f"/api/agents/{public['id']}", {"name": "Mine now"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert own["is_owner"] is True


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"tools": ["no_such_tool"]}, "no_such_tool"),
        ({"tools": "calculator"}, "tools must be a list"),
        ({"agents": ["ag_0000000000000000"]}, "not an agent you may use"),
        ({"temperature": 5}, "temperature"),
        ({"model": "not-served"}, "not-served"),
        ({"visibility": "everyone"}, "visibility"),
        ({"name": ""}, "name"),
        ({"max_iterations": 0}, "max_iterations"),
    ],
)
def test_bad_fields_are_a_clear_400(auth_client, fields, says):
    response = auth_client.post("/api/agents", {"name": "X", **fields}, format="json")
    assert response.status_code == 400, response.content
    assert says in response.json()["error"]["message"]


def test_tools_must_be_ones_the_owner_may_use(auth_client, admin_user):
    from tools.models import HttpTool
    from tools.registry import ToolContext, registry

    HttpTool.objects.create(
        name="staff_only", description="x", url_template="https://example.com/x", audience=HttpTool.Audience.STAFF
    )
    from tools.http.services import http_tools_invalidate

    http_tools_invalidate()
    assert "staff_only" in {t.name for t in registry.tools_for(ToolContext(user_id=admin_user.id, is_staff=True))}
    response = auth_client.post("/api/agents", {"name": "X", "tools": ["staff_only"]}, format="json")
    assert response.status_code == 400
    assert "staff_only" in response.json()["error"]["message"]
    assert (
        client_of(admin_user).post("/api/agents", {"name": "X", "tools": ["staff_only"]}, format="json").status_code
        == 201
    )


def test_cycles_and_depth_are_refused_at_save_time(auth_client, settings):
    settings.AGENT_MAX_DEPTH = 2
    c = create(auth_client, name="C")
    b = create(auth_client, name="B", agents=[c["id"]])
    a = create(auth_client, name="A", agents=[b["id"]])
    # C calling A would close the loop A -> B -> C -> A.
    response = auth_client.patch(f"/api/agents/{c['id']}", {"agents": [a["id"]]}, format="json")
    assert response.status_code == 400
    assert "cycle" in response.json()["error"]["message"]
    response = auth_client.patch(f"/api/agents/{a['id']}", {"agents": [a["id"]]}, format="json")
    assert response.status_code == 400
    assert "itself" in response.json()["error"]["message"]
    # Z -> A -> B -> C is three levels below Z: deeper than 2.
    response = auth_client.post("/api/agents", {"name": "Z", "agents": [a["id"]]}, format="json")
    assert response.status_code == 400
    assert "at most 2 levels" in response.json()["error"]["message"]


def test_the_run_spec_refuses_cycles_and_depth_made_behind_the_checks(user, settings):
    settings.AGENT_MAX_DEPTH = 2
    a = Agent.objects.create(owner=user, name="A")
    b = Agent.objects.create(owner=user, name="B")
    c = Agent.objects.create(owner=user, name="C")
    d = Agent.objects.create(owner=user, name="D")
    # Written around the service (a race of two saves could leave this): A -> B -> A, and B -> C -> D.
    Agent.objects.filter(pk=a.pk).update(sub_agents=[b.pk])
    Agent.objects.filter(pk=b.pk).update(sub_agents=[a.pk, c.pk])
    Agent.objects.filter(pk=c.pk).update(sub_agents=[d.pk])
    spec = agent_run_spec(user=user, agent=Agent.objects.get(pk=a.pk))
    (sub_b,) = spec["agents"]
    assert sub_b["id"] == b.pk
    assert "refused" not in sub_b
    cycle, sub_c = sub_b["agents"]
    assert cycle == {"id": a.pk, "name": "A", "description": "", "refused": "cycle"}
    assert sub_c["agents"][0]["refused"] == "depth"
