"""Embeds: the owner's REST, and the widget's public side — origins (CORS and CSP), visitor sessions,
each visitor's own conversations, resume, limits, the daily budget and usage credited to the owner."""

from __future__ import annotations

import json

import httpx
import pytest
from django.test import Client

from agents import history
from embeds import services
from embeds.models import Embed
from runs import reports

ORIGIN = "https://shop.example"
pytestmark = pytest.mark.django_db


@pytest.fixture
def embed(make_user) -> Embed:
    return services.embed_create(
        owner=make_user(), name="Shop helper", allowed_origins=[ORIGIN + "/"], greeting="Hello, shopper!"
    )


def _post(client: Client, path: str, body: dict, origin: str = ORIGIN, **headers):
    return client.post(path, json.dumps(body), content_type="application/json", HTTP_ORIGIN=origin, **headers)


def test_the_owner_manages_embeds_over_rest_and_gets_the_snippet(auth_client, make_user):
    created = auth_client.post(
        "/api/embeds",
        {"name": "Docs bot", "allowed_origins": ["https://Docs.Example:8443"], "theme_color": "#123abc"},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["allowed_origins"] == ["https://docs.example:8443"]
    assert body["token"].startswith("emb_")
    assert body["snippet"] == f'<script src="http://testserver/embed.js" data-embed="{body["token"]}" async></script>'
    assert [e["id"] for e in auth_client.get("/api/embeds").json()] == [body["id"]]
    changed = auth_client.patch(f"/api/embeds/{body['id']}", {"greeting": "Hi"}, format="json")
    assert changed.json()["greeting"] == "Hi"
    bad = auth_client.post("/api/embeds", {"name": "x", "allowed_origins": ["https://a.example/path"]}, format="json")
    assert bad.status_code == 400
    assert auth_client.post("/api/embeds", {"name": "x", "allowed_origins": ["*"]}, format="json").status_code == 400
    unknown_agent = {"name": "x", "allowed_origins": ["https://a.example"], "agent": "gpt-4o"}
    assert auth_client.post("/api/embeds", unknown_agent, format="json").status_code == 400
    # Another person's embed is a 404; an API key cannot manage embeds.
    other = Client()
    other.force_login(make_user())
    assert other.get(f"/api/embeds/{body['id']}").status_code == 404
    assert auth_client.delete(f"/api/embeds/{body['id']}").status_code == 204
    assert auth_client.get("/api/embeds").json() == []


def test_only_allowed_origins_get_an_answer_and_cors_headers(client, embed):
    url = f"/embed/{embed.token}/session"
    allowed = _post(client, url, {})
    assert allowed.status_code == 200
    assert allowed["Access-Control-Allow-Origin"] == ORIGIN
    assert allowed["Content-Security-Policy"] == f"default-src 'none'; frame-ancestors {ORIGIN}"
    assert allowed.json()["greeting"] == "Hello, shopper!"
    preflight = client.options(url, HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert preflight.status_code == 204
    assert "X-Tomato-Visitor" in preflight["Access-Control-Allow-Headers"]
    for origin in ("https://evil.example", "http://shop.example", "https://shop.example:444", None):
        refused = _post(client, url, {}, origin=origin) if origin else client.post(url, "{}", "application/json")
        assert refused.status_code == 403, origin
        assert "Access-Control-Allow-Origin" not in refused
        assert refused.json()["error"]["code"] == "origin_not_allowed"
    embed.enabled = False
    embed.save()
    assert _post(client, url, {}).status_code == 404


def test_a_visitor_token_is_signed_per_embed(client, embed, make_user):
    visitor = _post(client, f"/embed/{embed.token}/session", {}).json()["visitor"]
    again = _post(client, f"/embed/{embed.token}/session", {"visitor": visitor}).json()["visitor"]
    assert again == visitor
    forged = visitor[:-3] + ("AAA" if not visitor.endswith("AAA") else "BBB")
    assert _post(client, f"/embed/{embed.token}/session", {"visitor": forged}).json()["visitor"] != forged
    other = services.embed_create(owner=make_user(), name="Other", allowed_origins=[ORIGIN])
    assert services.visitor_from(other, visitor) is None
    listed = client.get(f"/embed/{embed.token}/conversations", HTTP_ORIGIN=ORIGIN, HTTP_X_TOMATO_VISITOR=forged)
    assert listed.status_code == 401


def test_the_widget_script_is_served(client):
    response = client.get("/embed.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert b"attachShadow" in response.content


def _sse(text: str) -> list[tuple[str, str, object]]:
    out = []
    for block in text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":"))
        if "event" in fields:
            out.append((fields.get("id", ""), fields["event"], json.loads(fields["data"])))
    return out


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_visitors_chat_in_their_own_conversations_credited_to_the_owner(live_server_url, embed, scenario):
    headers = {"Origin": ORIGIN}
    with httpx.Client(base_url=f"{live_server_url}/embed/{embed.token}", headers=headers, timeout=30) as http:
        ann = http.post("/session", json={}).json()["visitor"]
        bob = http.post("/session", json={}).json()["visitor"]
        answer = http.post(
            "/chat", json={"message": f"{scenario([{'content': 'Hi Ann.'}])} hi"}, headers={"X-Tomato-Visitor": ann}
        )
        assert answer.status_code == 200
        assert answer.headers["access-control-allow-origin"] == ORIGIN
        events = _sse(answer.text)
        assert "".join(d for _, t, d in events if t == "token") == "Hi Ann."
        conversation_id = answer.headers["x-conversation-id"]
        run_id = answer.headers["x-run-id"]

        # Ann sees her conversation; Bob sees none and cannot read or continue hers.
        assert [c["id"] for c in http.get("/conversations", headers={"X-Tomato-Visitor": ann}).json()["results"]] == [
            conversation_id
        ]
        assert http.get("/conversations", headers={"X-Tomato-Visitor": bob}).json()["results"] == []
        path = f"/conversations/{conversation_id}/messages"
        assert http.get(path, headers={"X-Tomato-Visitor": bob}).status_code == 404
        assert [m["content"] for m in http.get(path, headers={"X-Tomato-Visitor": ann}).json()["results"]][-1] == (
            "Hi Ann."
        )
        assert (
            http.post(
                "/chat",
                json={"message": "mine now", "conversation_id": conversation_id},
                headers={"X-Tomato-Visitor": bob},
            ).status_code
            == 404
        )
        assert http.get(f"/runs/{run_id}/events", headers={"X-Tomato-Visitor": bob}).status_code == 404

        # Resume after any event id: the rest, nothing twice.
        replay = http.get(f"/runs/{run_id}/events", headers={"X-Tomato-Visitor": ann, "Last-Event-ID": events[1][0]})
        assert [e[0] for e in _sse(replay.text)] == [e[0] for e in events[2:]]

    # The owner pays: the run is theirs, marked with the embed and the visitor; not in their own sidebar.
    report = reports.report_get(user_id=embed.owner_id, run_id=run_id)
    assert report["embed_id"] == embed.id
    assert report["visitor_id"] == services.visitor_from(embed, ann)
    assert report["usage"]["total_tokens"] > 0
    assert history.conversations_for(user_id=embed.owner_id) == []
    assert services.tokens_today(embed) == report["usage"]["total_tokens"]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_visitor_and_ip_limits_and_the_daily_budget(live_server_url, embed, scenario):
    embed.visitor_requests_per_minute = 2
    embed.save()
    with httpx.Client(
        base_url=f"{live_server_url}/embed/{embed.token}", headers={"Origin": ORIGIN}, timeout=30
    ) as http:
        visitor = {"X-Tomato-Visitor": http.post("/session", json={}).json()["visitor"]}
        marker = scenario([{"content": "ok"}])
        assert [
            http.post("/chat", json={"message": f"{marker} {i}"}, headers=visitor).status_code for i in range(3)
        ] == [200, 200, 429]
        limited = http.post("/chat", json={"message": "again"}, headers=visitor)
        assert limited.json()["error"]["code"] == "rate_limited"
        assert limited.headers["retry-after"]

        embed.visitor_requests_per_minute = 100
        embed.daily_token_budget = 1  # already spent by the answers above
        embed.save()
        over = http.post("/chat", json={"message": f"{marker} more"}, headers=visitor)
        assert over.status_code == 429
        assert over.json()["error"]["code"] == "budget_exceeded"
        assert len(http.get("/conversations", headers=visitor).json()["results"]) == 2  # none left empty


def test_the_host_site_can_pass_its_signed_in_user_through(client, embed):
    import hashlib
    import hmac

    url = f"/embed/{embed.token}/session"
    user_hash = hmac.new(embed.identity_secret.encode(), b"customer-42", hashlib.sha256).hexdigest()
    phone = _post(client, url, {"user_id": "customer-42", "user_hash": user_hash}).json()["visitor"]
    laptop = _post(client, url, {"user_id": "customer-42", "user_hash": user_hash.upper()}).json()["visitor"]
    assert services.visitor_from(embed, phone) == services.visitor_from(embed, laptop) == "user:customer-42"
    forged = _post(client, url, {"user_id": "customer-43", "user_hash": user_hash})
    assert forged.status_code == 403
    assert forged.json()["error"]["code"] == "invalid_identity"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_embed_may_name_an_agent_people_built(live_server_url, embed, scenario, llm_server, make_user):
    from agents.agent_services import agent_create

    agent = agent_create(user=embed.owner, fields={"name": "Shop bot", "instructions": "Sell tomatoes.", "tools": []})
    from tomato_agent.errors import InvalidRequest

    someone_elses = agent_create(user=make_user(), fields={"name": "Private"})
    with pytest.raises(InvalidRequest):  # another user's private agent is not one the owner may use
        services.embed_update(owner=embed.owner, embed_id=embed.id, agent=someone_elses.id)
    services.embed_update(owner=embed.owner, embed_id=embed.id, agent=agent.id)
    embed.refresh_from_db()
    assert embed.agent == agent.id
    with httpx.Client(
        base_url=f"{live_server_url}/embed/{embed.token}", headers={"Origin": ORIGIN}, timeout=30
    ) as http:
        visitor = http.post("/session", json={}).json()["visitor"]
        answer = http.post(
            "/chat",
            json={"message": f"{scenario([{'content': 'Buy tomatoes.'}])} hello"},
            headers={"X-Tomato-Visitor": visitor},
        )
        assert answer.status_code == 200
        assert "".join(d for _, t, d in _sse(answer.text) if t == "token") == "Buy tomatoes."
        run_id = answer.headers["x-run-id"]
    sent = llm_server.requests()[-1]
    assert sent["messages"][0]["content"].endswith("Sell tomatoes.")
    assert not sent.get("tools")
    assert reports.report_get(user_id=embed.owner_id, run_id=run_id)["agent"]["id"] == agent.id
