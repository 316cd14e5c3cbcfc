import threading
import time

import pytest

from tools.registry import Registry, Tool, ToolCall, ToolContext, ToolError, run_call, visible_arguments

CTX = ToolContext(user_id=1)
SCHEMA = {
    "type": "object",
    "properties": {"n": {"type": "integer", "minimum": 0}},
    "required": ["n"],
    "additionalProperties": False,
}


def make_tool(name="echo", func=None, timeout=2.0, **extra) -> Tool:
    return Tool(
        name=name,
        alias=name.title(),
        description="test tool",
        parameters=SCHEMA,
        func=func or (lambda arguments, ctx: {"n": arguments["n"]}),
        timeout=timeout,
        **extra,
    )


def call(tool, arguments, name=None):
    return run_call(ToolCall(call_id="c1", name=name or tool.name, arguments=arguments), tool, CTX)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"n": 1', "arguments are not valid JSON"),
        ("not json", "arguments are not valid JSON"),
        ("[1, 2]", "arguments must be a JSON object"),
    ],
)
def test_invalid_json_arguments_become_a_tool_error(raw, message):
    outcome = call(make_tool(), raw)
    assert outcome.ok is False
    assert outcome.error.startswith(message)
    assert outcome.content == f"Error: {outcome.error}"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("{}", "'n' is a required property"),
        ('{"n": "three"}', "'three' is not of type 'integer'"),
        ('{"n": -1}', "-1 is less than the minimum of 0"),
        ('{"n": 1, "extra": true}', "Additional properties are not allowed"),
    ],
)
def test_schema_errors_become_a_tool_error(raw, fragment):
    outcome = call(make_tool(), raw)
    assert outcome.ok is False
    assert outcome.error.startswith("invalid arguments: ")
    assert fragment in outcome.error


def test_valid_call_returns_the_result():
    outcome = call(make_tool(), '{"n": 3}')
    assert outcome.ok is True
    assert outcome.content == '{"n": 3}'
    assert outcome.label == "Echo"


def test_unknown_tool_is_a_tool_error():
    outcome = run_call(ToolCall(call_id="c1", name="nope", arguments="{}"), None, CTX)
    assert outcome.ok is False
    assert outcome.error == "unknown tool 'nope'"


def test_unexpected_exception_is_hidden_behind_a_safe_message():
    def boom(arguments, ctx):
        raise RuntimeError("internal detail sk-live-1234")

    outcome = call(make_tool(func=boom), '{"n": 1}')
    assert outcome.ok is False
    assert outcome.error == "the tool failed unexpectedly"
    assert "sk-live" not in outcome.content


def test_tool_error_message_reaches_the_model():
    def refuse(arguments, ctx):
        raise ToolError("n must be even")

    outcome = call(make_tool(func=refuse), '{"n": 1}')
    assert (outcome.ok, outcome.content) == (False, "Error: n must be even")


@pytest.fixture
def release():
    event = threading.Event()
    yield event
    event.set()  # let any tool thread still waiting finish


def test_a_slow_tool_times_out(release):
    tool = make_tool(func=lambda arguments, ctx: release.wait(5), timeout=0.2)
    started = time.monotonic()
    outcome = call(tool, '{"n": 1}')
    elapsed = time.monotonic() - started
    assert outcome.ok is False
    assert outcome.error == "timed out after 0.2s"
    assert elapsed < 4.0  # not the 5 s the tool would have taken (a loose bound: the machine may be loaded)


def test_parallel_calls_run_concurrently():
    """Each call waits for the other to have started: run one after the other, neither could finish."""
    both_started = threading.Barrier(2, timeout=5)

    def meet(arguments, ctx):
        both_started.wait()  # BrokenBarrierError (a failed call) unless the other call runs meanwhile
        return {"n": arguments["n"]}

    tools = [make_tool("meet_a", func=meet, timeout=10), make_tool("meet_b", func=meet, timeout=10)]
    calls = [ToolCall("a", "meet_a", '{"n": 1}'), ToolCall("b", "meet_b", '{"n": 2}')]
    outcomes = Registry().run_calls(calls, CTX, tools)
    assert [(o.call_id, o.ok, o.result) for o in outcomes] == [("a", True, {"n": 1}), ("b", True, {"n": 2})]


def test_visible_arguments_use_the_formatter_and_hide_by_default():
    shown = make_tool(visible_args=lambda arguments: {"n": arguments["n"]})
    assert visible_arguments(shown, '{"n": 5, "token": "x"}') == {"n": 5}
    assert visible_arguments(make_tool(), '{"n": 5}') == {}
    assert visible_arguments(shown, "not json") == {}


def test_sources_add_tools_and_availability_filters():
    registry = Registry()
    registry.register(make_tool("static"))
    staff_only = make_tool("admin_only", available=lambda ctx: ctx.is_staff)
    registry.add_source(lambda ctx: [staff_only, make_tool("static", func=lambda a, c: "shadowed")])
    assert [t.name for t in registry.tools_for(ToolContext(user_id=1))] == ["static"]
    assert [t.name for t in registry.tools_for(ToolContext(user_id=1, is_staff=True))] == ["static", "admin_only"]
    assert registry.tools_for(CTX)[0].func({"n": 1}, CTX) == {"n": 1}  # static wins a name clash


def test_registering_an_invalid_schema_fails_at_start_up():
    with pytest.raises(Exception, match="is not valid under any of the given schemas"):
        Registry().register(make_tool().__class__(**{**make_tool().__dict__, "parameters": {"type": 12}}))


def test_registering_the_same_tool_again_is_a_no_op_but_a_name_clash_is_refused():
    from tools.builtin import CALCULATOR
    from tools.registry import Registry, Tool

    reg = Registry()
    reg.register(CALCULATOR)
    reg.register(CALCULATOR)
    assert [t.name for t in reg.tools_for_static()] == ["calculator"]
    impostor = Tool(name="calculator", alias="Other", description="x", parameters={"type": "object"},
                    func=lambda a, c: None)  # fmt: skip
    with pytest.raises(ValueError, match="already registered"):
        reg.register(impostor)
