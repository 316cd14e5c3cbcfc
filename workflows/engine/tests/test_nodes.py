"""Condition rules, values and templates, and the nodes beyond FlowGram's: variable, tool, agent, code."""

from __future__ import annotations

import pytest

from tools.builtin import CALCULATOR, CURRENT_TIME
from tools.registry import ToolContext
from workflows.engine import AgentNodeResult, CodeResult, run_workflow, validate
from workflows.engine import conditions as c
from workflows.engine.tests.conftest import load
from workflows.engine.values import Scope, render_template, type_of


@pytest.mark.parametrize(
    ("left", "operator", "right", "expected"),
    [
        ("hello", "eq", "hello", True),
        ("hello", "neq", "hello", False),
        ("hello world", "contains", "world", True),
        ("hello", "not_contains", "x", True),
        ("b", "in", ["a", "b"], True),
        ("c", "nin", ["a", "b"], True),
        ("", "is_empty", None, False),  # FlowGram: only null is empty
        (None, "is_empty", None, True),
        ("", "is_not_empty", None, True),
        (3, "gt", 2, True),
        (3, "gte", 3, True),
        (2.5, "lt", 3, True),
        (3, "lte", 2, False),
        (2, "in", [1, 2], True),
        (True, "is_true", None, True),
        (False, "is_false", None, True),
        (True, "eq", True, True),
        (True, "in", [1], False),  # strict: true is not 1
        ("2024-01-02T00:00:00Z", "gt", "2024-01-01T00:00:00Z", True),
        ({"a": 1}, "is_not_empty", None, True),
        ([], "is_empty", None, False),
        (3, "eq", "3", False),  # a right-hand side of the wrong type makes the condition false
    ],
)
def test_operators(left, operator, right, expected):
    left_type = "string" if left is None else type_of(left)
    right_type = "null" if right is None else type_of(right)
    assert c.holds(left, left_type, operator, right, right_type) is expected


@pytest.mark.parametrize(
    ("left_type", "operator"),
    [("string", "gt"), ("integer", "contains"), ("object", "eq"), ("array", "in"), ("boolean", "lt"), ("null", "neq")],
)
def test_operators_the_rules_forbid(left_type, operator):
    with pytest.raises(c.ConditionError, match=f'operator "{operator}" does not apply to a {left_type}'):
        c.check(left_type, operator)
    assert len(c.OPERATORS) == 14


def test_templates():
    scope = Scope()
    scope.set("start_0", "obj", {"n": 2, "f": 1.0, "ok": True, "list": [1, "a"], "none": None})
    scope.set("node-with-dash", "text", "hi")
    text = (
        "{{start_0.obj.n}} {{start_0.obj.f}} {{start_0.obj.ok}} {{start_0.obj.list}} [{{start_0.obj.none}}] "
        "{{ node-with-dash.text }} {{start_0.obj.list.1}} [{{nowhere.x}}] {{secret:K}}"
    )
    assert render_template(text, scope) == '2 1 true [1,"a"] [] hi a [] '
    assert render_template("{{secret:K}}", scope, secret=lambda name: f"<{name}>") == "<K>"


def _node(node_id: str, type_: str, title: str, **data) -> dict:
    return {"id": node_id, "type": type_, "meta": {"position": {"x": 400, "y": 0}}, "data": {"title": title, **data}}


def _single(node: dict, *, outputs: dict, start_props: dict | None = None, globals_: dict | None = None) -> dict:
    """start → node → end, the end returning ``outputs`` (name → ref)."""
    schema = {
        "nodes": [
            {
                "id": "start_0",
                "type": "start",
                "meta": {"position": {"x": 0, "y": 0}},
                "data": {"title": "Start", "outputs": {"type": "object", "properties": start_props or {}}},
            },
            node,
            {
                "id": "end_0",
                "type": "end",
                "meta": {"position": {"x": 800, "y": 0}},
                "data": {"title": "End", "inputsValues": outputs, "inputs": {"type": "object", "properties": {}}},
            },
        ],
        "edges": [
            {"sourceNodeID": "start_0", "targetNodeID": node["id"]},
            {"sourceNodeID": node["id"], "targetNodeID": "end_0"},
        ],
    }
    if globals_ is not None:
        schema["globalVariable"] = {"type": "object", "properties": globals_}
    return schema


def test_variable_node_declares_and_assigns(sink, make_env):
    schema = load("loop.json")
    schema["globalVariable"] = {"type": "object", "properties": {"last": {"type": "string", "default": "none"}}}
    loop = schema["nodes"][2]
    loop["blocks"][2] = {
        "id": "variable_0",
        "type": "variable",
        "meta": {"position": {"x": 300, "y": 0}},
        "data": {
            "title": "Remember",
            "assign": [
                {
                    "operator": "declare",
                    "left": "seen",
                    "right": {"type": "template", "content": "#{{loop_0_locals.index}}"},
                },
                {
                    "operator": "assign",
                    "left": {"type": "ref", "content": ["global", "last"]},
                    "right": {"type": "ref", "content": ["loop_0_locals", "item"]},
                },
            ],
        },
    }
    loop["edges"] = [
        {"sourceNodeID": "block_start_0", "targetNodeID": "variable_0"},
        {"sourceNodeID": "variable_0", "targetNodeID": "block_end_0"},
    ]
    loop["data"]["loopOutputs"] = {"results": {"type": "ref", "content": ["variable_0", "seen"]}}
    end = schema["nodes"][1]["data"]
    end["inputsValues"] = {
        "outputs": {"type": "ref", "content": ["loop_0", "results"]},
        "last": {"type": "ref", "content": ["global", "last"]},
    }
    end["inputs"]["properties"]["last"] = {"type": "string"}
    assert validate(schema) == []
    result = run_workflow(schema, {"tasks": ["a", "b", "c"]}, env=make_env())
    assert result.status == "succeeded", result.error
    assert result.outputs == {"outputs": ["#0", "#1", "#2"], "last": "c"}


def test_tool_node_runs_a_registry_tool(sink, make_env):
    node = _node(
        "tool_0",
        "tool",
        "Calc",
        tool="calculator",
        inputsValues={"expression": {"type": "template", "content": "{{start_0.a}}*(3+4)"}},
        inputs={"type": "object", "properties": {"expression": {"type": "string"}}},
    )
    schema = _single(
        node,
        outputs={"value": {"type": "ref", "content": ["tool_0", "result", "result"]}},
        start_props={"a": {"type": "integer"}},
    )
    env = make_env(tools=[CALCULATOR, CURRENT_TIME], tool_context=ToolContext(user_id=1))
    result = run_workflow(schema, {"a": 6}, env=env)

    assert result.status == "succeeded", result.error
    assert result.outputs == {"value": 42}
    [(start, scope)] = sink.of("tool_start")
    assert scope == ("node:tool_0",)
    assert start["visible"] == {"expression": "6*(3+4)"}
    assert sink.of("tool_result")[0][0]["ok"] is True
    assert result.steps[1]["kind"] == "tool"

    denied = run_workflow(schema, {"a": 6}, env=make_env(tools=[CURRENT_TIME], tool_context=ToolContext(user_id=1)))
    assert denied.status == "failed"
    assert 'the tool "calculator" is not available to you' in denied.error["message"]
    node["data"]["inputsValues"]["expression"]["content"] = "{{start_0.a}}*(3+"
    broken = run_workflow(schema, {"a": 6}, env=env)
    assert broken.status == "failed"
    assert "the tool Calculator failed" in broken.error["message"]


def test_agent_node_streams_in_its_scope(sink, make_env):
    calls = []

    def agent(request, agent_sink, cancel):
        calls.append(request)
        agent_sink.emit("tool_start", {"call_id": "c1", "tool": "calculator", "label": "Calculator", "visible": {}})
        for piece in ("The answer ", "is 42."):
            agent_sink.emit("token", piece)
        agent_sink.flush()
        return AgentNodeResult(
            status="succeeded",
            content="The answer is 42.",
            model="scripted-demo",
            usage={"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        )

    node = _node(
        "agent_0",
        "agent",
        "Helper",
        tools=["calculator"],
        inputsValues={
            "prompt": {"type": "template", "content": "Compute {{start_0.q}}"},
            "instructions": {"type": "constant", "content": "Be brief."},
            "apiKey": {"type": "constant", "content": "sk-agent-canary-123456"},
        },
        inputs={
            "type": "object",
            "properties": {
                "prompt": {"type": "string"},
                "instructions": {"type": "string"},
                "apiKey": {"type": "string"},
            },
        },
    )
    schema = _single(
        node,
        outputs={"answer": {"type": "ref", "content": ["agent_0", "result"]}},
        start_props={"q": {"type": "string"}},
    )
    result = run_workflow(schema, {"q": "6*7"}, env=make_env(agent=agent))

    assert result.status == "succeeded", result.error
    assert result.outputs == {"answer": "The answer is 42."}
    [request] = calls
    assert (request.prompt, request.instructions, request.tools) == ("Compute 6*7", "Be brief.", ("calculator",))
    assert sink.text(("node:agent_0",)) == "The answer is 42."
    assert sink.of("tool_start")[0][1] == ("node:agent_0",)
    assert result.usage["total_tokens"] == 15
    assert "sk-agent-canary-123456" not in sink.dump()


def test_code_node_runs_only_in_the_sandbox_it_is_given(sink, make_env):
    node = _node(
        "code_0",
        "code",
        "Double",
        script={"language": "python", "content": "def main(params): ..."},
        inputsValues={"n": {"type": "ref", "content": ["start_0", "n"]}},
        inputs={"type": "object", "properties": {"n": {"type": "integer"}}},
    )
    schema = _single(
        node, outputs={"twice": {"type": "ref", "content": ["code_0", "twice"]}}, start_props={"n": {"type": "integer"}}
    )
    refused = run_workflow(schema, {"n": 4}, env=make_env())
    assert refused.status == "failed"
    assert refused.error["code"] == "invalid_request"
    assert 'Code node "code_0" (Double) cannot run' in refused.error["message"]

    requests = []

    def sandbox(request):  # stands in for the sandbox the platform provides
        requests.append(request)
        return CodeResult(outputs={"twice": request.params["n"] * 2})

    result = run_workflow(schema, {"n": 4}, env=make_env(code=sandbox))
    assert result.status == "succeeded", result.error
    assert result.outputs == {"twice": 8}
    assert (requests[0].language, requests[0].params) == ("python", {"n": 4})

    failing = run_workflow(schema, {"n": 4}, env=make_env(code=lambda r: CodeResult(error="NameError: x", logs="hi\n")))
    assert failing.status == "failed"
    assert failing.error["message"] == 'Node "code_0" (Double) failed: the code failed: NameError: x'
    assert failing.reports["code_0"].logs == "hi\n"


def test_code_node_in_the_real_sandbox(sink, make_env):
    from sandbox.code_node import code_runner

    runner = code_runner()
    if runner is None or "python" not in runner.languages:
        pytest.skip("no sandbox can run code on this machine (bubblewrap or gVisor missing)")
    node = _node(
        "code_0",
        "code",
        "Shout",
        script={
            "language": "python",
            "content": "def main(args):\n    print('working')\n    return {'loud': args['params']['word'].upper() + '!'}\n",
        },
        inputsValues={"word": {"type": "ref", "content": ["start_0", "word"]}},
        inputs={"type": "object", "properties": {"word": {"type": "string"}}},
    )
    schema = _single(
        node, outputs={"loud": {"type": "ref", "content": ["code_0", "loud"]}}, start_props={"word": {"type": "string"}}
    )
    result = run_workflow(schema, {"word": "tomato"}, env=make_env(code=runner))
    assert result.status == "succeeded", result.error
    assert result.outputs == {"loud": "TOMATO!"}
    assert "working" in result.reports["code_0"].logs
