import json

import pytest

from tools.http import services
from tools.http.source import forget_cached_tools
from tools.models import HttpTool

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    forget_cached_tools()
    yield
    forget_cached_tools()


def names(response) -> list[str]:
    return [tool["name"] for tool in response.json()]


def test_requires_authentication(api_client):
    assert api_client.get("/api/tools").status_code == 401


def test_lists_the_tools_with_their_schema(auth_client):
    response = auth_client.get("/api/tools")
    assert response.status_code == 200
    calculator = next(tool for tool in response.json() if tool["name"] == "calculator")
    assert calculator == {
        "name": "calculator",
        "alias": "Calculator",
        "description": "Evaluate an arithmetic expression exactly (numbers, + - * / // % ** and parentheses).",
        "parameters": {
            "type": "object",
            "properties": {"expression": {"type": "string", "description": "e.g. 12*(3+4)"}},
            "required": ["expression"],
            "additionalProperties": False,
        },
    }
    assert "current_time" in names(response)


def test_web_search_is_listed_only_when_configured(auth_client, settings):
    settings.WEB_SEARCH_PROVIDER, settings.WEB_SEARCH_API_KEY = "", ""
    assert "web_search" not in names(auth_client.get("/api/tools"))
    settings.WEB_SEARCH_PROVIDER, settings.WEB_SEARCH_API_KEY = "brave", "sk-brave-test-key"
    response = auth_client.get("/api/tools")
    assert "web_search" in names(response)
    assert "sk-brave-test-key" not in response.content.decode()


def test_http_tools_follow_audience_and_never_expose_their_config(auth_client, make_user):
    services.secret_set(name="API_KEY", value="very-secret-value-1")
    common = {
        "description": "d",
        "url_template": "https://api.example.com/x",
        "headers": {"X-Key": "{{secret:API_KEY}}"},
    }
    services.http_tool_save(tool=HttpTool(name="for_all", alias="For all", **common))
    services.http_tool_save(tool=HttpTool(name="for_staff", audience=HttpTool.Audience.STAFF, **common))

    response = auth_client.get("/api/tools")
    assert "for_all" in names(response)
    assert "for_staff" not in names(response)
    body = response.content.decode()
    assert "very-secret-value-1" not in body
    assert "api.example.com" not in body  # no URL, no headers: only name, alias, description, parameters

    staff = make_user(is_staff=True)
    auth_client.force_authenticate(staff)
    assert "for_staff" in names(auth_client.get("/api/tools"))


def test_documented_in_the_openapi_schema(auth_client):
    response = auth_client.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi+json"
    operation = json.loads(response.content)["paths"]["/api/tools"]["get"]
    assert operation["responses"]["200"]
