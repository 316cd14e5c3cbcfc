"""Workflow runs end to end on wf-engine's FlowGram fixtures: the real Celery worker, Redis,
MongoDB and the scripted LLM.

The engine's own tests run these documents in process; here each one goes the
way a user's run goes — admitted on the web side, executed by the worker,
streamed through Redis and reported in MongoDB — and what a client sees (the
events), what is stored (the run report) and what the model was asked (the
scripted server's log) are checked together.
"""

from __future__ import annotations

import json
import threading
import time

import pytest

from agents.tests.fixtures import read_events, text_of
from runs import events, keys, reports
from tomato_agent.redis_client import get_redis
from workflows.admission import workflow_run_start
from workflows.tests.flows import fixture

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]


def make_workflow(client, document, name="flow") -> dict:
    response = client.post("/api/workflows", {"name": name, "schema": document}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def run_by_id(client, workflow_id, inputs) -> str:
    response = client.post(f"/api/workflows/{workflow_id}/runs", {"inputs": inputs}, format="json")
    assert response.status_code == 202, response.content
    return response.json()["run_id"]


def start(user, document, inputs=None) -> str:
    return workflow_run_start(user=user, document=document, inputs=inputs or {}, source="task").run_id


def node_events(evts, node_id=None) -> list[tuple[str, str, str | None]]:
    """(type, node id, status) of every node event, in stream order."""
    return [
        (e.type, e.data["node_id"], e.data.get("status"))
        for e in evts
        if e.type in (events.NODE_STARTED, events.NODE_FINISHED) and node_id in (None, e.data["node_id"])
    ]


def finished(evts) -> dict[str, str]:
    """The last status each node finished with."""
    return {e.data["node_id"]: e.data["status"] for e in evts if e.type == events.NODE_FINISHED}


def stored(run_id: str) -> dict:
    return reports.report_for_worker(run_id=run_id)


def test_basic_llm_by_id_over_rest(worker, auth_client, reply, prompts):
    marker = reply("Once upon a time, a tomato grew.")
    canary = "sk-e2e-canary-" + marker
    workflow = make_workflow(auth_client, fixture("basic-llm"))
    inputs = {"query": f"Tell a story {marker}", "api_key": canary, "work": {"role": "poet", "task": "story"}}
    run_id = run_by_id(auth_client, workflow["id"], inputs)
    evts = read_events(run_id)
    assert evts[0].type == events.SESSION
    assert evts[0].data["workflow_id"] == workflow["id"]
    assert evts[-1].type == events.RESULT, evts[-1].data
    assert evts[-1].data["outputs"] == {"answer": "Once upon a time, a tomato grew.", "task": "story"}
    assert evts[-1].data["usage"]["total_tokens"] > 0
    assert evts[-2].type == events.WORKFLOW_FINISHED
    assert text_of(evts, scope=["node:llm_0"]) == "Once upon a time, a tomato grew."
    assert text_of(evts) == ""  # a plain workflow run has no answer text of its own
    assert [(t, n) for t, n, _ in node_events(evts)] == [
        ("node_started", "start_0"),
        ("node_finished", "start_0"),
        ("node_started", "llm_0"),
        ("node_finished", "llm_0"),
        ("node_started", "end_0"),
        ("node_finished", "end_0"),
    ]
    [request] = prompts(marker)
    assert request["messages"][-1]["content"] == f"<Role>poet</Role>\nTell a story {marker}"
    report = reports.report_get(user_id=auth_client.user.id, run_id=run_id)
    assert report["status"] == "succeeded"
    assert (report["kind"], report["source"]) == ("workflow", "workflow")
    assert (report["workflow_id"], report["workflow_version"]) == (workflow["id"], 1)
    assert report["outputs"] == evts[-1].data["outputs"]
    assert [n["id"] for n in report["nodes"]] == ["start_0", "llm_0", "end_0"]
    llm = report["nodes"][1]
    assert llm["outputs"] == {"result": "Once upon a time, a tomato grew."}
    assert llm["inputs"]["apiKey"] == "[redacted]"
    assert llm["usage"]["total_tokens"] > 0
    assert len(llm["snapshots"]) == 1
    assert report["usage"]["total_tokens"] == evts[-1].data["usage"]["total_tokens"]
    for text in (json.dumps([e.raw.decode() for e in evts]), json.dumps(report, default=str)):
        assert canary not in text
    runs = auth_client.get(f"/api/workflows/{workflow['id']}/runs").json()["results"]
    assert [r["id"] for r in runs] == [run_id]
    detail = auth_client.get(f"/api/runs/{run_id}").json()
    assert (detail["kind"], detail["status"]) == ("workflow", "succeeded")


def test_a_branch_runs_the_chosen_llm_and_never_the_others(worker, user, reply, prompts):
    marker = reply("branch answer")
    evts = read_events(start(user, fixture("branch"), {"mode": 2, "prompt": marker}))
    assert evts[-1].data["outputs"] == {"m2_res": "branch answer"}
    status = finished(evts)
    assert (status["llm_1"], status["llm_2"], status["llm_3"]) == ("skipped", "succeeded", "skipped")
    assert [n for t, n, _ in node_events(evts) if t == "node_started"] == ["start_0", "condition_0", "llm_2", "end_0"]
    [request] = prompts(marker)  # one model call: the other branches never ran
    assert request["messages"][0]["content"] == "I'm Model 2."
    nodes = {n["id"]: n for n in stored(evts[0].data["run_id"])["nodes"]}
    assert nodes["condition_0"]["branch"] == "if_2"
    assert nodes["llm_1"]["status"] == "skipped"
    assert nodes["llm_1"]["snapshots"] == []


def test_a_two_layer_branch(worker, user, reply, prompts):
    marker = reply("second layer")
    evts = read_events(start(user, fixture("branch-two-layers"), {"level": 4, "topic": marker}))
    assert evts[-1].data["outputs"] == {"a2": "second layer"}
    status = finished(evts)
    assert (status["condition_inner"], status["llm_a2"]) == ("succeeded", "succeeded")
    assert (status["llm_a1"], status["llm_b"]) == ("skipped", "skipped")
    assert len(prompts(marker)) == 1


def test_a_loop_over_eight_items_gathers_its_outputs(worker, user, reply, prompts):
    markers = [reply(f"done {i}") for i in range(8)]
    tasks = [f"task {m}" for m in markers]
    evts = read_events(start(user, fixture("loop"), {"tasks": tasks}))
    assert evts[-1].type == events.RESULT, evts[-1].data
    assert evts[-1].data["outputs"] == {
        "outputs": [f"done {i}" for i in range(8)],
        "items": tasks,
        "indexes": list(range(8)),
    }
    assert all(len(prompts(m)) == 1 for m in markers)
    inner = [e.scope for e in evts if e.type == events.NODE_FINISHED and e.data["node_id"] == "llm_0"]
    assert inner == [["node:loop_0", f"iter:{i}"] for i in range(8)]
    assert text_of(evts, scope=["node:loop_0", "iter:5", "node:llm_0"]) == "done 5"
    nodes = {n["id"]: n for n in stored(evts[0].data["run_id"])["nodes"]}
    assert [s["iteration"] for s in nodes["llm_0"]["snapshots"]] == [[i] for i in range(8)]
    assert [s["outputs"]["result"] for s in nodes["llm_0"]["snapshots"]] == [f"done {i}" for i in range(8)]
    assert [i["status"] for i in nodes["loop_0"]["iterations"]] == ["succeeded"] * 8


def test_a_loop_with_break_and_continue(worker, user, reply, prompts):
    markers = [reply(f"did {i}") for i in range(9)]
    evts = read_events(start(user, fixture("loop-break-continue"), {"tasks": markers}))
    assert evts[-1].data["outputs"] == {"outputs": [f"did {i}" for i in range(3, 7)], "indexes": [3, 4, 5, 6]}
    assert [len(prompts(m)) for m in markers] == [0, 0, 0, 1, 1, 1, 1, 0, 0]
    nodes = {n["id"]: n for n in stored(evts[0].data["run_id"])["nodes"]}
    assert [i["status"] for i in nodes["loop_0"]["iterations"]] == ["continue"] * 3 + ["succeeded"] * 4 + ["break"]


def test_a_nested_loop(worker, user, reply):
    cells = [["a", "b"], ["c"]]
    markers = {c: reply(f"<{c}>") for row in cells for c in row}
    evts = read_events(start(user, fixture("loop-nested"), {"rows": [[markers[c] for c in row] for row in cells]}))
    assert evts[-1].data["outputs"] == {"table": [["<a>", "<b>"], ["<c>"]]}
    scope = ["node:loop_outer", "iter:0", "node:loop_inner", "iter:1", "node:llm_cell"]
    assert text_of(evts, scope=scope) == "<b>"
    nodes = {n["id"]: n for n in stored(evts[0].data["run_id"])["nodes"]}
    assert [s["iteration"] for s in nodes["llm_cell"]["snapshots"]] == [[0, 0], [0, 1], [1, 0]]


def test_constants_at_the_end_node(worker, user):
    evts = read_events(start(user, fixture("end-constant")))
    assert evts[-1].data["outputs"]["obj"] == {"key_str": "value", "key_int": 123, "key_bool": True}
    assert evts[-1].data["outputs"]["arr_str"] == ["AAA", "BBB", "CCC"]


def test_start_node_defaults(worker, auth_client):
    workflow = make_workflow(auth_client, fixture("start-default"))
    evts = read_events(run_by_id(auth_client, workflow["id"], {}))
    assert evts[-1].data["outputs"]["s_str"] == "ABC"
    assert evts[-1].data["outputs"]["s_obj"] == {"key_str": "value", "key_int": 123, "key_bool": True}
    evts = read_events(run_by_id(auth_client, workflow["id"], {"str": "given", "int": 7}))
    outputs = evts[-1].data["outputs"]
    assert (outputs["s_str"], outputs["s_int"], outputs["s_num"]) == ("given", 7, 123.123)
    assert reports.report_get(user_id=auth_client.user.id, run_id=evts[0].data["run_id"])["inputs"]["str"] == "given"


def test_global_variables(worker, user):
    evts = read_events(start(user, fixture("global-variable")))
    assert evts[-1].data["outputs"]["g_str"] == "ABC"
    assert evts[-1].data["outputs"]["g_map"] == {"key": "value"}


VALID_INPUTS = {
    "AA": "hello",
    "BB": 42,
    "CC": {"CA": "world", "CB": 100, "CC": 2.5, "CD": True, "CE": {"CEA": "nested"}, "CF": ["x"]},
    "DD": [{"DA": "one", "DB": 1.5}],
    "EE": {"EA": {"EAA": "required"}},
}


def test_input_validation_passing_and_failing(worker, auth_client):
    workflow = make_workflow(auth_client, fixture("validate-inputs"))
    url = f"/api/workflows/{workflow['id']}/runs"
    without_aa = {key: value for key, value in VALID_INPUTS.items() if key != "AA"}
    missing = auth_client.post(url, {"inputs": without_aa}, format="json")
    assert missing.status_code == 400
    assert missing.json()["error"]["errors"] == ['Inputs (start node "start_0"): "AA" is required.']
    bad = auth_client.post(url, {"inputs": {**VALID_INPUTS, "BB": "42"}}, format="json")
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid_request"
    assert bad.json()["error"]["errors"] == ['Inputs (start node "start_0"): "BB" must be an integer, not a string.']
    nested = auth_client.post(url, {"inputs": {**VALID_INPUTS, "EE": {"EA": {}}}}, format="json")
    assert nested.json()["error"]["errors"] == ['Inputs (start node "start_0"): "EE.EA.EAA" is required.']
    assert auth_client.post(url, {"inputs": [1]}, format="json").status_code == 400
    # Nothing was queued for the refused runs; the valid one runs and its inputs flow through.
    assert auth_client.get(f"/api/workflows/{workflow['id']}/runs").json()["results"] == []
    evts = read_events(run_by_id(auth_client, workflow["id"], VALID_INPUTS))
    assert evts[-1].data["outputs"] == VALID_INPUTS


def with_code_node(language: str, source: str) -> dict:
    """end-constant with a code node between start and end, its outputs in the end's ``code`` output."""
    document = fixture("end-constant")
    document["nodes"].append(
        {
            "id": "code_0",
            "type": "code",
            "meta": {"position": {"x": 600, "y": 0}},
            "data": {
                "title": "Script",
                "script": {"language": language, "content": source},
                "inputsValues": {"x": {"type": "constant", "content": 21}},
                "inputs": {"type": "object", "properties": {"x": {"type": "integer"}}},
                "outputs": {"type": "object", "properties": {"doubled": {"type": "integer"}}},
            },
        }
    )
    end = next(n for n in document["nodes"] if n["id"] == "end_0")
    end["data"]["inputsValues"]["code"] = {"type": "ref", "content": ["code_0", "doubled"]}
    end["data"]["inputs"]["properties"]["code"] = {"type": "integer"}
    document["edges"] = [
        {"sourceNodeID": "start_0", "targetNodeID": "code_0"},
        {"sourceNodeID": "code_0", "targetNodeID": "end_0"},
    ]
    return document


def test_without_a_sandbox_a_code_node_is_refused_naming_the_node(worker, auth_client, monkeypatch):
    import workflows.environment

    monkeypatch.setattr(workflows.environment, "code_runner", lambda **kwargs: None)
    workflow = make_workflow(auth_client, with_code_node("javascript", "function main({ params }) { return {}; }"))
    assert any("code_0" in error for error in workflow["errors"])
    response = auth_client.post(f"/api/workflows/{workflow['id']}/runs", {"inputs": {}}, format="json")
    assert response.status_code == 400
    assert any("code_0" in error for error in response.json()["error"]["errors"])
    assert auth_client.get(f"/api/workflows/{workflow['id']}/runs").json()["results"] == []


def test_a_code_node_runs_in_the_sandbox(worker, auth_client):
    from sandbox.service import sandbox_availability

    availability = sandbox_availability()
    if not availability.available:
        pytest.skip(f"no sandbox here: {availability.reason}")
    source = "def main(args):\n    return {'doubled': args['params']['x'] * 2}\n"
    workflow = make_workflow(auth_client, with_code_node("python", source))
    assert workflow["errors"] == []
    evts = read_events(run_by_id(auth_client, workflow["id"], {}), timeout=60)
    assert evts[-1].type == events.RESULT, evts[-1].data
    assert evts[-1].data["outputs"]["code"] == 42


def test_independent_branches_run_concurrently(worker, user, reply):
    left, right = reply("left done", first_delay_ms=700), reply("right done", first_delay_ms=700)
    evts = read_events(start(user, fixture("parallel"), {"a": left, "b": right}))
    assert evts[-1].data["outputs"] == {"left": "left done", "right": "right done"}
    order = [(t, n) for t, n, _ in node_events(evts) if n in ("llm_left", "llm_right")]
    # Both started before either finished: side by side, not one after the other.
    assert {order[0], order[1]} == {("node_started", "llm_left"), ("node_started", "llm_right")}
    nodes = {n["id"]: n for n in stored(evts[0].data["run_id"])["nodes"]}
    a, b = nodes["llm_left"], nodes["llm_right"]
    assert a["started_at"] < b["ended_at"]
    assert b["started_at"] < a["ended_at"]


def test_tokens_stream_live_from_an_llm_behind_a_condition(worker, user, reply):
    text = "streamed one piece at a time through the branch"
    # 150 ms between pieces: wider than the sink's write window even when writes are slow on a loaded machine.
    marker = reply(text, delay_ms=150)
    evts = read_events(start(user, fixture("branch"), {"mode": 1, "prompt": marker}))
    scope = ["node:llm_1"]
    tokens = [i for i, e in enumerate(evts) if e.type == events.TOKEN and e.scope == scope]
    done = next(i for i, e in enumerate(evts) if e.type == events.NODE_FINISHED and e.data["node_id"] == "llm_1")
    assert len(tokens) >= 4  # several events as the model streamed, not one blocking reply
    assert max(tokens) < done
    assert text_of(evts, scope=scope) == text


def test_cancel_in_the_middle_of_a_loop_stops_the_llm_in_flight(worker, auth_client, reply):
    fast, slow = reply("quick"), reply("slow " * 40, delay_ms=100)
    run_id = start(auth_client.user, fixture("loop"), {"tasks": [fast] + [slow] * 7})
    seen: list = []
    watcher = threading.Thread(target=lambda: seen.extend(read_events(run_id, timeout=30)))
    watcher.start()
    redis = get_redis()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # until the second iteration's llm is streaming
        entries = redis.xrange(keys.stream_key(run_id))
        if any(f.get(b"t") == b"token" and b"iter:1" in (f.get(b"s") or b"") for _, f in entries):
            break
        time.sleep(0.05)
    cancelled_at = time.monotonic()
    assert auth_client.post(f"/api/runs/{run_id}/cancel").status_code == 202
    watcher.join(30)
    assert seen[-1].type == events.CANCELLED
    assert time.monotonic() - cancelled_at < 3  # the 4-second answer in flight was not waited for
    report = reports.report_get(user_id=auth_client.user.id, run_id=run_id)
    assert report["status"] == "cancelled"
    nodes = {n["id"]: n for n in report["nodes"]}
    partial = nodes["llm_0"]["snapshots"][-1]
    assert (partial["iteration"], partial["status"]) == ([1], "cancelled")
    assert partial["outputs"]["result"].startswith("slow")  # what streamed so far stays in the report
    assert len(nodes["loop_0"]["iterations"]) == 2
