"""Admin-defined HTTP tools end to end against a local server on the allowlist."""

import json

import pytest
from django.core.exceptions import ValidationError

from tools.http import services
from tools.http.source import forget_cached_tools, http_tools_source
from tools.models import HttpTool
from tools.registry import ToolCall, ToolContext, registry, run_call, visible_arguments
from tools.tests.conftest import Reply

pytestmark = pytest.mark.django_db

SECRET = "s3cr3t-Vt9xQ2-token"
USER = ToolContext(user_id=1)
STAFF = ToolContext(user_id=2, is_staff=True)
ITEM_SCHEMA = {
    "type": "object",
    "properties": {
        "item_id": {"type": "string", "description": "The item id"},
        "q": {"type": "string"},
        "count": {"type": "integer"},
    },
    "required": ["item_id"],
    "additionalProperties": False,
}


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rows roll back between tests without a version bump: drop the process cache."""
    forget_cached_tools()
    yield
    forget_cached_tools()


@pytest.fixture
def items_key():
    return services.secret_set(name="ITEMS_KEY", value=SECRET)


def make_tool(server, **fields) -> HttpTool:
    values = {
        "name": "get_item",
        "alias": "Item lookup",
        "description": "Look up an item by id.",
        "method": "GET",
        "url_template": f"{server.url}/items/{{item_id}}",
        "parameters": ITEM_SCHEMA,
        "headers": {"Authorization": "Bearer {{secret:ITEMS_KEY}}"},
        "query_params": {"q": "{q}"},
        **fields,
    }
    return services.http_tool_save(tool=HttpTool(**values))


def tool_named(name, ctx=USER):
    return next((tool for tool in registry.tools_for(ctx) if tool.name == name), None)


def call(name, arguments: dict, ctx=USER):
    tool = tool_named(name, ctx)
    raw = json.dumps(arguments)
    return run_call(ToolCall("c1", name, raw), tool, ctx), visible_arguments(tool, raw)


def test_round_trip_with_path_param_and_secret_header(local_server, allow_local, items_key, raw_logs, caplog):
    local_server.responder = lambda request: Reply(200, {"id": "a/b c", "name": "Tomato"})
    make_tool(local_server)

    outcome, shown = call("get_item", {"item_id": "a/b c", "q": "ripe"})

    assert outcome.ok, outcome.error
    received = local_server.requests[0]
    assert received.path == "/items/a%2Fb%20c"  # one encoded path segment
    assert received.query == {"q": ["ripe"]}
    assert received.headers["authorization"] == f"Bearer {SECRET}"
    assert outcome.content == '{"id": "a/b c", "name": "Tomato"}'  # the body, nothing else
    assert shown == {"method": "GET", "host": "127.0.0.1", "path_params": {"item_id": "a/b c"}}
    assert outcome.visible == {"status": 200, "bytes": len(outcome.content), "truncated": False}
    assert outcome.label == "Item lookup"
    for text in (outcome.content, json.dumps(outcome.visible), json.dumps(shown), raw_logs.text, caplog.text):
        assert SECRET not in text
    assert "http tool get_item: GET 127.0.0.1 answered 200" in raw_logs.text  # logs exist, without secrets


def test_a_secret_echoed_by_the_server_is_redacted(local_server, allow_local, items_key):
    local_server.responder = lambda request: Reply(200, {"you_sent": request.headers["authorization"]})
    make_tool(local_server)
    outcome, _ = call("get_item", {"item_id": "1"})
    assert outcome.ok
    assert SECRET not in outcome.content
    assert json.loads(outcome.content) == {"you_sent": "Bearer [redacted]"}


def test_an_argument_cannot_pull_in_a_secret(local_server, allow_local, items_key):
    make_tool(local_server)
    outcome, _ = call("get_item", {"item_id": "1", "q": "{{secret:ITEMS_KEY}}"})
    assert outcome.ok
    assert local_server.requests[0].query == {"q": ["{{secret:ITEMS_KEY}}"]}  # sent literally


def test_optional_query_param_left_out_is_not_sent(local_server, allow_local, items_key):
    make_tool(local_server)
    call("get_item", {"item_id": "1"})
    assert local_server.requests[0].query == {}


def test_body_template_keeps_json_types_and_may_carry_a_secret(local_server, allow_local, items_key):
    make_tool(
        local_server,
        method="POST",
        headers={},
        query_params={},
        body_mode=HttpTool.BodyMode.TEMPLATE,
        body_template={
            "item": "{item_id}",
            "count": "{count}",
            "note": "id={item_id}",
            "key": "{{secret:ITEMS_KEY}}",
            "q": "{q}",
        },
    )
    outcome, _ = call("get_item", {"item_id": "7", "count": 3})
    assert outcome.ok, outcome.error
    received = local_server.requests[0]
    assert received.method == "POST"
    assert received.json() == {"item": "7", "count": 3, "note": "id=7", "key": SECRET}  # absent q dropped


def test_arguments_as_json_body(local_server, allow_local, items_key):
    make_tool(local_server, method="PUT", query_params={}, body_mode=HttpTool.BodyMode.ARGUMENTS)
    outcome, _ = call("get_item", {"item_id": "7", "q": "x", "count": 2})
    assert outcome.ok, outcome.error
    assert local_server.requests[0].path == "/items/7"
    assert local_server.requests[0].json() == {"q": "x", "count": 2}  # path params are not repeated


@pytest.mark.parametrize("item_id", ["..", "."])
def test_dot_segments_are_refused(local_server, allow_local, items_key, item_id):
    make_tool(local_server)
    outcome, _ = call("get_item", {"item_id": item_id})
    assert outcome.ok is False
    assert outcome.error == "a path argument may not be empty, '.' or '..'"
    assert local_server.requests == []


def test_an_error_status_is_a_tool_error(local_server, allow_local, items_key):
    local_server.responder = lambda request: Reply(404, {"detail": "no such item"})
    make_tool(local_server)
    outcome, _ = call("get_item", {"item_id": "404"})
    assert (outcome.ok, outcome.error) == (False, "the service answered HTTP 404")


def test_a_large_response_is_truncated_clearly(local_server, allow_local, items_key):
    local_server.responder = lambda request: Reply(200, "x" * 5000, headers={"Content-Type": "text/plain"})
    make_tool(local_server, max_response_bytes=256)
    outcome, _ = call("get_item", {"item_id": "big"})
    assert outcome.ok
    assert outcome.content == "x" * 256 + "\n[response truncated at 256 bytes]"
    assert outcome.visible == {"status": 200, "bytes": 256, "truncated": True}


def test_a_secret_cut_by_truncation_leaves_no_prefix(local_server, allow_local, items_key):
    local_server.responder = lambda request: Reply(200, "y" * 250 + SECRET)
    make_tool(local_server, max_response_bytes=256)
    outcome, _ = call("get_item", {"item_id": "1"})
    assert SECRET[:6] not in outcome.content
    assert outcome.content.startswith("y" * 250 + "[redacted]")


def test_without_the_allowlist_a_local_address_is_refused(local_server, items_key):
    make_tool(local_server)
    outcome, _ = call("get_item", {"item_id": "1"})
    assert (outcome.ok, outcome.error) == (False, "destination not allowed: loopback address")
    assert local_server.requests == []


def test_a_deleted_secret_fails_the_call_clearly(local_server, allow_local, items_key):
    make_tool(local_server)
    services.secret_delete(secret=items_key)
    outcome, _ = call("get_item", {"item_id": "1"})
    assert (outcome.ok, outcome.error) == (False, "the tool's secret ITEMS_KEY is not set")
    assert local_server.requests == []


def test_staff_only_and_disabled_tools(local_server, items_key):
    make_tool(local_server, name="staff_tool", audience=HttpTool.Audience.STAFF)
    make_tool(local_server, name="off_tool", enabled=False)
    make_tool(local_server, name="open_tool")
    assert tool_named("staff_tool", USER) is None
    assert tool_named("staff_tool", STAFF) is not None
    assert tool_named("off_tool", STAFF) is None
    assert tool_named("open_tool", USER) is not None


def test_tools_are_cached_and_reloaded_after_a_write(local_server, items_key, django_assert_num_queries):
    tool = make_tool(local_server)
    with django_assert_num_queries(2):  # the tools, then their secrets
        assert [t.description for t in http_tools_source(USER)] == ["Look up an item by id."]
    with django_assert_num_queries(0):  # every later agent turn: one Redis GET, no SQL
        for _ in range(3):
            assert [t.name for t in http_tools_source(USER)] == ["get_item"]
    tool.description = "Look up one item."
    services.http_tool_save(tool=tool)  # bumps the version counter
    assert [t.description for t in http_tools_source(USER)] == ["Look up one item."]
    services.http_tools_set_enabled(tools=HttpTool.objects.all(), enabled=False)
    assert http_tools_source(USER) == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "Bad-Name"}, "name", "Lower-case letters"),
        ({"name": "calculator"}, "name", "built-in tool"),
        ({"parameters": {"type": "array"}}, "parameters", 'type "object"'),
        ({"parameters": {"type": "object", "properties": {"a": {"type": 5}}}}, "parameters", "Not a valid JSON schema"),
        ({"url_template": "ftp://example.com/x"}, "url_template", "http:// or https://"),
        ({"url_template": "https://{host}.example.com/x"}, "url_template", "not allowed here"),
        ({"url_template": "https://example.com/items/{nope}"}, "url_template", "Unknown parameter(s): nope"),
        ({"url_template": "https://example.com/{{secret:ITEMS_KEY}}"}, "url_template", "Secrets are not allowed"),
        ({"url_template": "https://u:p@example.com/x"}, "url_template", "credentials"),
        ({"headers": {"X-Item": "{item_id}"}}, "headers", "not allowed here"),
        ({"headers": {"Host": "evil.example"}}, "headers", "set by the platform"),
        ({"headers": {"X-N": 5}}, "headers", "JSON object of strings"),
        ({"query_params": {"q": "{missing}"}}, "query_params", "Unknown parameter(s): missing"),
        ({"body_mode": "template", "method": "POST", "body_template": "x"}, "body_template", "object or array"),
        ({"body_mode": "arguments"}, "body_mode", "GET request has no body"),
        ({"headers": {"X-Key": "{{secret:NOPE}}"}}, "__all__", "No such secret(s): NOPE"),
    ],
)
def test_invalid_definitions_are_rejected(items_key, fields, field, message):
    values = {
        "name": "get_item",
        "description": "d",
        "url_template": "https://api.example.com/items/{item_id}",
        "parameters": ITEM_SCHEMA,
        "headers": {"Authorization": "Bearer {{secret:ITEMS_KEY}}"},
        **fields,
    }
    with pytest.raises(ValidationError) as invalid:
        services.http_tool_save(tool=HttpTool(**values))
    assert any(message in error for error in invalid.value.message_dict.get(field, [])), invalid.value.message_dict
    assert not HttpTool.objects.exists()


def test_a_valid_definition_is_saved(items_key):
    tool = services.http_tool_save(
        tool=HttpTool(
            name="weather",
            description="Weather for a city",
            url_template="https://api.example.com/v1/weather/{city}",
            parameters={"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
            query_params={"key": "{{secret:ITEMS_KEY}}"},
        )
    )
    assert tool.path_params() == ["city"]
    assert tool.secret_names() == {"ITEMS_KEY"}
    assert tool.host == "api.example.com"


def test_a_database_outage_drops_http_tools_instead_of_failing_the_run(local_server, items_key, monkeypatch):
    from django.db import OperationalError

    from tools.http import source

    make_tool(local_server)
    assert [t.name for t in http_tools_source(USER)] == ["get_item"]  # cached

    def down():
        raise OperationalError("database is down")

    monkeypatch.setattr(source, "load_tools", down)
    services.http_tools_invalidate()  # the cache is stale, the reload fails
    assert [t.name for t in http_tools_source(USER)] == ["get_item"]  # the last good tools
    forget_cached_tools()
    assert http_tools_source(USER) == []
    assert "calculator" in [t.name for t in registry.tools_for(USER)]  # everything else still offered
