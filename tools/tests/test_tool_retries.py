"""Tool retries: an idempotent HTTP tool that fails transiently is tried again, visibly; others are not.

The agent loop runs in this process with the real pieces around it: an admin
HTTP tool against a flaky local server, the scripted LLM through the real
client, and the worker's Redis stream writer; the events are read back from Redis.
"""

from __future__ import annotations

import json

import pytest

from agents.llm import LLMClient
from agents.loop import run_loop
from providers import runtime
from providers.gateway import MeteredModel
from runs import events, keys
from runs.metering import UsageMeter
from runs.web.encoders import genos_sse, spotlight_sse, ws_frame
from runs.worker.sink import RedisStreamSink
from tomato_agent.mongo import new_id
from tools.http import services
from tools.http.source import forget_cached_tools
from tools.models import HttpTool
from tools.registry import RetryPolicy, Tool, ToolCall, ToolContext, TransientToolError, registry, run_call
from tools.tests.conftest import Reply

pytestmark = pytest.mark.django_db
USER = ToolContext(user_id=1)


@pytest.fixture(autouse=True)
def fresh_cache():
    forget_cached_tools()
    yield
    forget_cached_tools()


def flaky(server, *, failures: int, status: int = 503):
    """The first ``failures`` requests fail with ``status``; the next ones answer."""

    def respond(request):
        if len(server.requests) <= failures:
            return Reply(status, {"error": "try later"})
        return Reply(200, {"price": 42})

    server.responder = respond


def http_tool(server, *, name: str, idempotent: bool) -> HttpTool:
    return services.http_tool_save(
        tool=HttpTool(
            name=name,
            description="Look up a price.",
            method="GET",
            url_template=f"{server.url}/price",
            parameters={"type": "object", "properties": {}, "additionalProperties": False},
            idempotent=idempotent,
        )
    )


def run_agent_turn(llm_server, scenario, tool_name: str):
    """One loop turn whose model calls ``tool_name`` once; returns (result, stored events)."""
    marker = scenario([{"tool_calls": [{"name": tool_name, "arguments": {}}]}, {"content": "Done."}])
    client = LLMClient(base_url=llm_server.base_url, api_key="t", model="scripted-demo", max_retries=0, read_timeout=20)
    llm = MeteredModel(client=client, choice=runtime.resolve(None, None), meter=UsageMeter(), scope=())
    from tomato_agent.redis_client import get_redis

    redis, run_id = get_redis(), new_id()
    sink = RedisStreamSink(redis, run_id, ttl=60)
    tools = [t for t in registry.tools_for(USER) if t.name == tool_name]
    result = run_loop(
        llm=llm,
        registry=registry,
        tools=tools,
        ctx=USER,
        sink=sink,
        messages=[{"role": "system", "content": "s"}, {"role": "user", "content": f"{marker} go"}],
    )
    sink.flush()
    stored = [events.decode_entry(i, f) for i, f in redis.xrange(keys.stream_key(run_id))]
    redis.delete(keys.stream_key(run_id))
    return result, stored


def test_an_idempotent_http_tool_is_retried_and_every_retry_is_visible(local_server, allow_local, llm_server, scenario):
    flaky(local_server, failures=2)
    http_tool(local_server, name="price_lookup", idempotent=True)
    result, stored = run_agent_turn(llm_server, scenario, "price_lookup")
    assert result.status == "succeeded"
    assert len(local_server.requests) == 3
    retries = [e.data for e in stored if e.type == events.TOOL_RETRY]
    assert [(r["attempt"], r["attempts"]) for r in retries] == [(2, 3), (3, 3)]
    assert retries[0]["error"] == "the service answered HTTP 503"
    assert retries[0]["tool"] == "price_lookup"
    types = [e.type for e in stored]
    assert types.index(events.TOOL_START) < types.index(events.TOOL_RETRY) < types.index(events.TOOL_RESULT)
    (tool_result,) = [e.data for e in stored if e.type == events.TOOL_RESULT]
    assert tool_result["ok"] is True
    # The report entry: the tool step lists its retries, and so does the stored round.
    (step,) = [s for s in result.steps if s["kind"] == "tool"]
    assert [r["attempt"] for r in step["retries"]] == [2, 3]
    assert len(result.rounds[0]["results"][0]["retries"]) == 2
    # Every transport encodes it.
    retry_event = next(e for e in stored if e.type == events.TOOL_RETRY)
    assert json.loads(ws_frame("r1", retry_event))["type"] == "tool_retry"
    genos = json.loads(genos_sse(retry_event).decode().removeprefix("data: "))
    assert genos["event"] == "agentFlowExecutedData"
    assert json.loads(genos["data"]["data"]["output"]["content"]) == {
        "retry": 2,
        "of": 3,
        "error": "the service answered HTTP 503",
    }
    assert spotlight_sse(retry_event).startswith(b"event: tool_retry\n")


def test_a_tool_that_is_not_idempotent_is_not_retried(local_server, allow_local, llm_server, scenario):
    flaky(local_server, failures=1, status=429)
    http_tool(local_server, name="place_order", idempotent=False)
    _result, stored = run_agent_turn(llm_server, scenario, "place_order")
    assert len(local_server.requests) == 1
    assert [e for e in stored if e.type == events.TOOL_RETRY] == []
    (tool_result,) = [e.data for e in stored if e.type == events.TOOL_RESULT]
    assert (tool_result["ok"], tool_result["error"]) == (False, "the service answered HTTP 429")


def always_down_tool(calls: list[float], retry: RetryPolicy) -> Tool:
    """An idempotent tool that always fails transiently; ``calls`` gets the time of each try."""
    import time

    def always_down(arguments: dict, ctx: ToolContext):
        calls.append(time.monotonic())
        raise TransientToolError("connection refused")

    return Tool(
        name="down",
        alias="Down",
        description="d",
        parameters={"type": "object"},
        func=always_down,
        idempotent=True,
        retry=retry,
    )


def test_only_transient_failures_are_retried_and_attempts_are_bounded(local_server, allow_local):
    flaky(local_server, failures=10, status=404)  # a 404 is an answer, not a transient failure
    http_tool(local_server, name="lookup", idempotent=True)
    tool = next(t for t in registry.tools_for(USER) if t.name == "lookup")
    outcome = run_call(ToolCall("c1", "lookup", "{}"), tool, USER)
    assert (outcome.ok, len(local_server.requests), outcome.retries) == (False, 1, [])

    calls: list[float] = []
    down = always_down_tool(calls, RetryPolicy(attempts=4, backoff=0.001))
    outcome = run_call(ToolCall("c2", "down", "{}"), down, USER)
    assert (outcome.ok, len(calls), len(outcome.retries)) == (False, 4, 3)
    assert outcome.error == "connection refused"


def test_a_stop_during_a_retry_backoff_ends_the_call_at_once():
    """The backoff before the next try waits on the run's cancel token, not a plain sleep."""
    import threading
    import time

    from runs.kinds import CancelToken

    cancel = CancelToken()
    calls: list[float] = []
    down = always_down_tool(calls, RetryPolicy(attempts=3, backoff=30.0, max_backoff=30.0))
    timer = threading.Timer(0.3, cancel.cancel)
    timer.start()
    started = time.monotonic()
    try:
        outcome = run_call(ToolCall("c3", "down", "{}"), down, ToolContext(user_id=1, cancel=cancel))
    finally:
        timer.cancel()
    assert time.monotonic() - started < 10  # not the 30 s backoff
    assert (outcome.ok, len(calls), outcome.error) == (False, 1, "the run was stopped")
