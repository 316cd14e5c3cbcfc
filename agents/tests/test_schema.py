"""The OpenAPI schema describes every route that docs/api.md documents."""

import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.django_db

API_MD = Path(__file__).resolve().parents[2] / "docs" / "api.md"
ROUTE_ROW = re.compile(r"^\|\s*`((?:GET|POST|PUT|PATCH|DELETE)(?:/(?:GET|POST|PUT|PATCH|DELETE))*) (/[^`\s?]*)`")


def documented_routes() -> list[tuple[str, str]]:
    """(method, path) for every table row of docs/api.md that starts with `METHOD /path`."""
    routes = []
    for line in API_MD.read_text(encoding="utf-8").splitlines():
        match = ROUTE_ROW.match(line)
        if match:
            routes.extend((method.lower(), match.group(2)) for method in match.group(1).split("/"))
    return routes


def test_api_md_documents_the_core_routes():
    routes = documented_routes()
    assert ("post", "/api/chat/stream") in routes
    assert ("get", "/api/runs/{run_id}/events") in routes
    assert len(routes) >= 25


def test_openapi_schema_describes_every_documented_route(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    paths = yaml.safe_load(response.content)["paths"]
    missing = [f"{m.upper()} {p}" for m, p in documented_routes() if m not in paths.get(p, {})]
    assert missing == []
