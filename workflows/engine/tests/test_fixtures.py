"""The FlowGram fixtures, run by the engine against the scripted LLM server and an in-memory sink."""

from __future__ import annotations

import copy

import orjson
import pytest

from workflows.engine import run_workflow, validate
from workflows.engine.tests.conftest import load


def node_events(sink, type_, node_id):
    return [(d, s) for d, s in sink.of(type_) if d["node_id"] == node_id]


def test_basic_llm(sink, make_env, reply, prompts, llm_for):
    marker = reply("Once upon a time, a tomato grew.")
    canary = "sk-canary-" + marker * 2
    inputs = {"query": f"Tell a story {marker}", "api_key": canary, "work": {"role": "poet", "task": "story"}}

    result = run_workflow(load("basic-llm.json"), inputs, env=make_env())

    assert result.status == "succeeded", result.error
    assert result.outputs == {"answer": "Once upon a time, a tomato grew.", "task": "story"}
    [request] = prompts(marker)
    assert request["messages"] == [
        {"role": "system", "content": "You are a helpful AI assistant."},
        {"role": "user", "content": f"<Role>poet</Role>\nTell a story {marker}"},
    ]
    assert request["temperature"] == 0.5
    assert llm_for.seen[-1].api_key == canary  # the platform gets the key to decide…
    # … and nothing the run reports carries it.
    reports = orjson.dumps(result.reports_dict()).decode()
    for text in (sink.dump(), reports, orjson.dumps(result.outputs).decode(), orjson.dumps(result.inputs).decode()):
        assert canary not in text
    assert result.reports["llm_0"].inputs["apiKey"] == "[redacted]"
    # Events: each node starts and finishes, in graph order; tokens stream in the node's scope.
    order = [(t, d["node_id"]) for t, d, _ in sink.events if t in ("node_started", "node_finished")]
    assert order == [
        ("node_started", "start_0"),
        ("node_finished", "start_0"),
        ("node_started", "llm_0"),
        ("node_finished", "llm_0"),
        ("node_started", "end_0"),
        ("node_finished", "end_0"),
    ]
    assert sink.text(("node:llm_0",)) == "Once upon a time, a tomato grew."
    assert len(sink.of("token", ("node:llm_0",))) > 1
    assert sink.events[-1] == ("workflow_finished", {"status": "succeeded", "outputs": result.outputs}, ())
    assert sink.flushed == len(sink.events)
    finished = node_events(sink, "node_finished", "llm_0")[0][0]
    assert finished["status"] == "succeeded"
    assert finished["outputs"] == {"result": "Once upon a time, a tomato grew."}
    assert result.usage["total_tokens"] > 0
    assert result.reports["llm_0"].usage["completion_tokens"] > 0
    assert [s["kind"] for s in result.steps] == ["node", "llm", "node"]


@pytest.mark.parametrize(
    ("mode", "taken", "others"),
    [(1, "llm_1", ("llm_2", "llm_3")), (2, "llm_2", ("llm_1", "llm_3")), (7, "llm_3", ("llm_1", "llm_2"))],
)
def test_branch_runs_the_chosen_llm_only(sink, make_env, reply, prompts, mode, taken, others):
    marker = reply("branch answer")
    result = run_workflow(load("branch.json"), {"mode": mode, "prompt": marker}, env=make_env())

    assert result.status == "succeeded", result.error
    key = {"llm_1": "m1_res", "llm_2": "m2_res", "llm_3": "m3_res"}[taken]
    assert result.outputs == {key: "branch answer"}
    [request] = prompts(marker)  # one model call: the other branches never ran
    assert request["messages"][0]["content"] == f"I'm Model {taken[-1]}."
    assert result.reports["condition_0"].branch == {1: "if_1", 2: "if_2", 7: "else"}[mode]
    assert result.reports[taken].status == "succeeded"
    for other in others:
        assert result.reports[other].status == "skipped"
        assert not node_events(sink, "node_started", other)
        assert node_events(sink, "node_finished", other)[0][0]["status"] == "skipped"
    assert result.reports["end_0"].status == "succeeded"


@pytest.mark.parametrize(("level", "taken"), [(1, "llm_a1"), (4, "llm_a2"), (9, "llm_b")])
def test_two_layer_branch(sink, make_env, reply, prompts, level, taken):
    marker = reply(f"answer {taken}")
    result = run_workflow(load("branch-two-layers.json"), {"level": level, "topic": marker}, env=make_env())

    assert result.status == "succeeded", result.error
    assert result.outputs == {{"llm_a1": "a1", "llm_a2": "a2", "llm_b": "b"}[taken]: f"answer {taken}"}
    assert len(prompts(marker)) == 1
    ran = {n for n, r in result.reports.items() if r.status == "succeeded"}
    assert ran == {"start_0", "condition_outer", taken, "end_0"} | ({"condition_inner"} if level <= 5 else set())
    if level > 5:
        assert result.reports["condition_inner"].status == "skipped"  # a skipped condition skips all its branches


def test_loop_over_eight_items_gathers_outputs(sink, make_env, reply, prompts):
    markers = [reply(f"done {i}") for i in range(8)]
    result = run_workflow(load("loop.json"), {"tasks": [f"task {m}" for m in markers]}, env=make_env())

    assert result.status == "succeeded", result.error
    assert result.outputs == {
        "outputs": [f"done {i}" for i in range(8)],
        "items": [f"task {m}" for m in markers],
        "indexes": list(range(8)),
    }
    for index, marker in enumerate(markers):
        [request] = prompts(marker)
        assert request["messages"][0]["content"] == f"You are assistant No.{index}"
        assert request["temperature"] == 0.6
    llm = result.reports["llm_0"]
    assert llm.runs == 8
    assert [s["iteration"] for s in llm.snapshots] == [[i] for i in range(8)]
    assert [s["outputs"]["result"] for s in llm.snapshots] == [f"done {i}" for i in range(8)]
    assert result.reports["block_start_0"].runs == 8
    assert [i["status"] for i in result.reports["loop_0"].iterations] == ["succeeded"] * 8
    # Node events inside the loop carry the iteration; the llm's tokens are scoped under it.
    assert [s for _, s in node_events(sink, "node_finished", "llm_0")] == [
        ("node:loop_0", f"iter:{i}") for i in range(8)
    ]
    assert sink.text(("node:loop_0", "iter:3", "node:llm_0")) == "done 3"
    assert node_events(sink, "node_finished", "loop_0")[0][1] == ()


def test_loop_break_and_continue(sink, make_env, reply, prompts):
    markers = [reply(f"did {i}") for i in range(9)]
    result = run_workflow(load("loop-break-continue.json"), {"tasks": markers}, env=make_env())

    assert result.status == "succeeded", result.error
    # index 0-2 continue, 3-6 run, 7 breaks, 8 never starts
    assert result.outputs == {"outputs": [f"did {i}" for i in range(3, 7)], "indexes": [3, 4, 5, 6]}
    assert [len(prompts(m)) for m in markers] == [0, 0, 0, 1, 1, 1, 1, 0, 0]
    iterations = result.reports["loop_0"].iterations
    assert [i["status"] for i in iterations] == ["continue"] * 3 + ["succeeded"] * 4 + ["break"]
    assert result.reports["continue_0"].runs == 3
    assert result.reports["break_0"].runs == 1
    assert [s["branch"] for s in result.reports["condition_0"].snapshots] == ["if_1"] * 3 + ["if_3"] * 4 + ["if_2"]


def test_nested_loop(sink, make_env, reply, prompts):
    cells = [["a", "b", "c"], ["d"], []]
    markers = {c: reply(f"<{c}>") for row in cells for c in row}
    rows = [[f"{markers[c]}" for c in row] for row in cells]
    result = run_workflow(load("loop-nested.json"), {"rows": rows}, env=make_env())

    assert result.status == "succeeded", result.error
    assert result.outputs == {"table": [["<a>", "<b>", "<c>"], ["<d>"], []]}
    assert prompts(markers["b"])[0]["messages"][-1]["content"] == f"cell 0/1: {markers['b']}"
    assert prompts(markers["d"])[0]["messages"][-1]["content"] == f"cell 1/0: {markers['d']}"
    scope = ("node:loop_outer", "iter:0", "node:loop_inner", "iter:2", "node:llm_cell")
    assert sink.text(scope) == "<c>"
    snapshots = result.reports["llm_cell"].snapshots
    assert [s["iteration"] for s in snapshots] == [[0, 0], [0, 1], [0, 2], [1, 0]]


def test_end_node_constants(sink, make_env):
    result = run_workflow(load("end-constant.json"), {}, env=make_env())
    assert result.status == "succeeded", result.error
    assert result.outputs == {
        "str": "ABC",
        "num": 123.123,
        "int": 123,
        "bool": False,
        "obj": {"key_str": "value", "key_int": 123, "key_bool": True},
        "map": {"key": "value"},
        "arr_str": ["AAA", "BBB", "CCC"],
        "date": "2000-01-01T00:00:00.000Z",
    }


EXPECTED_DEFAULTS = {
    "str": "ABC",
    "num": 123.123,
    "int": 123,
    "bool": False,
    "obj": {"key_str": "value", "key_int": 123, "key_bool": True},
    "arr_str": ["AAA", "BBB", "CCC"],
    "map": {"key": "value"},
    "date": "2000-01-01T00:00:00.000Z",
}


def test_start_node_defaults(sink, make_env):
    result = run_workflow(load("start-default.json"), {}, env=make_env())
    assert result.status == "succeeded", result.error
    assert result.outputs == {f"s_{k}": v for k, v in EXPECTED_DEFAULTS.items()}
    assert result.inputs == EXPECTED_DEFAULTS

    given = run_workflow(load("start-default.json"), {"str": "given", "int": 7}, env=make_env())
    assert given.outputs["s_str"] == "given"
    assert given.outputs["s_int"] == 7
    assert given.outputs["s_num"] == 123.123


def test_global_variables(sink, make_env):
    result = run_workflow(load("global-variable.json"), {}, env=make_env())
    assert result.status == "succeeded", result.error
    assert result.outputs == {f"g_{k}": v for k, v in EXPECTED_DEFAULTS.items()}


VALID_INPUTS = {
    "AA": "hello",
    "BB": 42,
    "CC": {"CA": "world", "CB": 100, "CC": 2.5, "CD": True, "CE": {"CEA": "nested"}, "CF": ["x"]},
    "DD": [{"DA": "one", "DB": 1.5}],
    "EE": {"EA": {"EAA": "required"}},
}


def test_inputs_pass_validation_and_flow_through(sink, make_env):
    schema = load("validate-inputs.json")
    assert validate(schema, VALID_INPUTS) == []
    result = run_workflow(schema, VALID_INPUTS, env=make_env())
    assert result.status == "succeeded", result.error
    assert result.outputs == VALID_INPUTS


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda i: i.pop("AA"), '"AA" is required'),
        (lambda i: i.update(AA=123), '"AA" must be a string, not a number'),
        (lambda i: i.update(BB="42"), '"BB" must be an integer, not a string'),
        (lambda i: i["CC"].update(CA=1), '"CC.CA" must be a string, not a number'),
        (lambda i: i["CC"]["CE"].pop("CEA"), '"CC.CE.CEA" is required'),
        (lambda i: i["CC"].update(CF=[1]), '"CC.CF[0]" must be a string, not a number'),
        (lambda i: i.update(DD="x"), '"DD" must be an array, not a string'),
        (lambda i: i["DD"][0].pop("DA"), '"DD[0].DA" is required'),
        (lambda i: i["EE"]["EA"].update(EAA=True), '"EE.EA.EAA" must be a string, not a boolean'),
    ],
)
def test_inputs_failing_validation(sink, make_env, change, message):
    inputs = copy.deepcopy(VALID_INPUTS)
    change(inputs)
    schema = load("validate-inputs.json")
    assert validate(schema, inputs) == [f'Inputs (start node "start_0"): {message}.']
    result = run_workflow(schema, inputs, env=make_env())
    assert result.status == "failed"
    assert result.error["code"] == "invalid_request"
    assert message in result.error["message"]
    assert result.reports == {}
    assert sink.events == [("workflow_finished", {"status": "failed", "outputs": {}}, ())]


def test_independent_branches_run_concurrently(sink, make_env, reply):
    left, right = reply("left done", first_delay_ms=600), reply("right done", first_delay_ms=600)
    result = run_workflow(load("parallel.json"), {"a": left, "b": right}, env=make_env())

    assert result.status == "succeeded", result.error
    assert result.outputs == {"left": "left done", "right": "right done"}
    a, b = result.reports["llm_left"], result.reports["llm_right"]
    assert a.started_at < b.ended_at  # the two calls overlapped
    assert b.started_at < a.ended_at
    assert result.reports["end_0"].runs == 1


def test_tokens_stream_from_an_llm_behind_a_condition(sink, make_env, reply):
    text = "streamed one piece at a time through the branch"
    marker = reply(text, delay_ms=15)
    seen_before_finish = []

    def watch(type_, data, scope):
        if type_ == "node_finished" and data["node_id"] == "llm_1":
            seen_before_finish.append(len(sink.of("token", ("node:llm_1",))))

    sink.on_emit = watch
    result = run_workflow(load("branch.json"), {"mode": 1, "prompt": marker}, env=make_env())

    assert result.status == "succeeded", result.error
    tokens = sink.of("token", ("node:llm_1",))
    assert len(tokens) == len(text.split()) == seen_before_finish[0]  # one event per token, all before the node ended
    assert "".join(d for d, _ in tokens) == text == result.outputs["m1_res"]
    assert not sink.of("token", ())  # no top-level tokens: nodes stream in their own scope


def test_flowgram_task_report_shape(sink, make_env, reply):
    marker = reply("fg answer")
    result = run_workflow(load("branch.json"), {"mode": 2, "prompt": marker}, env=make_env())
    report = result.to_flowgram("task-1")

    assert set(report) == {"id", "inputs", "outputs", "workflowStatus", "reports", "messages"}
    assert report["id"] == "task-1"
    assert report["outputs"] == {"m2_res": "fg answer"}
    assert report["workflowStatus"]["status"] == "succeeded"
    assert report["workflowStatus"]["terminated"] is True
    assert report["workflowStatus"]["endTime"] >= report["workflowStatus"]["startTime"]
    assert set(report["reports"]) == {"start_0", "condition_0", "llm_2", "end_0"}  # skipped nodes are not reported
    llm = report["reports"]["llm_2"]
    assert {"id", "status", "terminated", "startTime", "endTime", "timeCost", "snapshots"} <= set(llm)
    assert llm["snapshots"][0]["outputs"] == {"result": "fg answer"}
    assert report["reports"]["condition_0"]["snapshots"][0]["branch"] == "if_2"
    assert set(report["messages"]) == {"log", "info", "debug", "error", "warning"}

    result.status = "running"  # a report read while the run is in flight
    live = result.to_flowgram("task-1")["workflowStatus"]
    assert live["status"] == "processing"
    assert live["terminated"] is False
    assert "endTime" not in live
