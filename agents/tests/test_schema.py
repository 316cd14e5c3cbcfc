import pytest
import yaml

pytestmark = pytest.mark.django_db

API_MD_ENDPOINTS = {
    "/api/auth/signup": "post", "/api/auth/login": "post", "/api/auth/logout": "post",
    "/api/auth/logout-all": "post", "/api/auth/me": "get",
    "/api/conversations": "get", "/api/conversations/{conversation_id}": "patch",
    "/api/conversations/{conversation_id}/messages": "get",
    "/api/chat": "post", "/api/chat/stream": "post", "/chat/stream": "post",
    "/api/runs/{run_id}": "get", "/api/runs/{run_id}/cancel": "post", "/api/runs/{run_id}/events": "get",
    "/api/tools": "get", "/api/snippets": "post", "/api/snippets/{snippet_id}": "delete",
    "/api/snippets/search": "get", "/health": "get", "/metrics": "get",
}  # fmt: skip


def test_openapi_schema_describes_every_endpoint_of_the_contract(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    paths = yaml.safe_load(response.content)["paths"]
    missing = [f"{m.upper()} {p}" for p, m in API_MD_ENDPOINTS.items() if m not in paths.get(p, {})]
    assert missing == []
