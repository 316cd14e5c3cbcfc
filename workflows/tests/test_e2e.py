"""Workflow runs end to end: the real Celery worker, Redis, MongoDB and the scripted LLM.

Each fixture of issue 10 runs through the worker; what a client sees (the
events), what is stored (the run report) and what the model was asked (the
scripted server's request log) are checked together.
"""

from __future__ import annotations

import threading
import time

import pytest

from agents.tests.fixtures import read_events, text_of
from runs import events, keys, reports
from tomato_agent.redis_client import get_redis
from workflows.admission import workflow_run_start
from workflows.tests import flows

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
    out = []
    for e in evts:
        if e.type in (events.NODE_STARTED, events.NODE_FINISHED) and node_id in (None, e.data["node_id"]):
            out.append((e.type, e.data["node_id"], e.data.get("status")))
    return out


def finished(evts) -> dict[str, str]:
    """The last status each node finished with."""
    return {e.data["node_id"]: e.data["status"] for e in evts if e.type == events.NODE_FINISHED}


def prompts_sent(llm_server, marker: str) -> list[str]:
    return [m["content"] for r in llm_server.requests() for m in r["messages"] if marker in str(m.get("content"))]


def test_basic_start_llm_end(worker, auth_client, scenario, llm_server):
    marker = scenario([{"content": "Two plus two is four."}])
    workflow = make_workflow(auth_client, flows.basic_llm())
    run_id = run_by_id(auth_client, workflow["id"], {"query": f"{marker} what is 2+2?"})
    evts = read_events(run_id)
    assert evts[0].type == events.SESSION
    assert evts[0].data["workflow_id"] == workflow["id"]
    assert evts[-1].type == events.RESULT, evts[-1].data
    assert evts[-1].data["outputs"] == {"answer": "Two plus two is four."}
    assert evts[-1].data["usage"]["total_tokens"] > 0
    assert evts[-2].type == events.WORKFLOW_FINISHED
    assert evts[-2].data["status"] == "succeeded"
    assert text_of(evts, scope=["node:llm_0"]) == "Two plus two is four."
    assert text_of(evts) == ""  # a plain workflow run has no answer text of its own
    assert node_events(evts) == [
        ("node_started", "start_0", None), ("node_finished", "start_0", "succeeded"),
        ("node_started", "llm_0", None), ("node_finished", "llm_0", "succeeded"),
        ("node_started", "end_0", None), ("node_finished", "end_0", "succeeded"),
    ]  # fmt: skip
    assert prompts_sent(llm_server, marker) == [f"{marker} what is 2+2?"]
    report = reports.report_get(user_id=auth_client.user.id, run_id=run_id)
    assert report["status"] == "succeeded"
    assert report["kind"] == "workflow"
    assert report["workflow_id"] == workflow["id"]
    assert report["workflow_version"] == 1
    assert report["source"] == "workflow"
    assert report["outputs"] == {"answer": "Two plus two is four."}
    assert [n["id"] for n in report["nodes"]] == ["start_0", "llm_0", "end_0"]
    llm_node = report["nodes"][1]
    assert llm_node["inputs"]["prompt"] == f"{marker} what is 2+2?"
    assert llm_node["outputs"] == {"result": "Two plus two is four."}
    assert llm_node["usage"]["total_tokens"] > 0
    assert llm_node["duration_ms"] >= 0
    assert len(llm_node["snapshots"]) == 1
    assert report["usage"]["total_tokens"] == evts[-1].data["usage"]["total_tokens"]
    runs = auth_client.get(f"/api/workflows/{workflow['id']}/runs").json()["results"]
    assert [r["id"] for r in runs] == [run_id]


def test_if_else_runs_the_right_llm_and_never_the_other(worker, user, scenario, llm_server):
    marker = scenario([{"content": "Good day to you."}])
    evts = read_events(start(user, flows.branch_llm(), {"query": f"{marker} hello", "formal": True}))
    assert evts[-1].type == events.RESULT
    assert evts[-1].data["outputs"] == {"formal": "Good day to you."}
    status = finished(evts)
    assert status["condition_0"] == "succeeded"
    assert status["llm_formal"] == "succeeded"
    assert status["llm_casual"] == "skipped"
    assert ("node_started", "llm_casual", None) not in node_events(evts)
    assert next(e.data["branch"] for e in evts if e.type == events.NODE_FINISHED
                and e.data["node_id"] == "condition_0") == "if_formal"  # fmt: skip
    assert len(prompts_sent(llm_server, marker)) == 1  # the other llm never called the model
    report = reports.report_for_worker(run_id=evts[0].data["run_id"])
    by_id = {n["id"]: n for n in report["nodes"]}
    assert by_id["condition_0"]["branch"] == "if_formal"
    assert by_id["llm_casual"]["status"] == "skipped"
    assert by_id["llm_casual"]["snapshots"] == []


def test_two_layer_branch(worker, user, scenario, llm_server):
    marker = scenario([{"content": "deep"}])
    evts = read_events(start(user, flows.two_layer_branch(), {"query": marker, "kind": "a", "level": 7}))
    assert evts[-1].data["outputs"] == {"a_hi": "deep"}
    status = finished(evts)
    assert (status["llm_a_hi"], status["llm_a_lo"], status["llm_b"]) == ("succeeded", "skipped", "skipped")
    assert prompts_sent(llm_server, marker) == [f"{marker} hi"]
    evts = read_events(start(user, flows.two_layer_branch(), {"query": marker, "kind": "z", "level": 7}))
    status = finished(evts)
    assert (status["llm_b"], status["cond_level"], status["llm_a_hi"]) == ("succeeded", "skipped", "skipped")


def test_loop_over_eight_items_gathers_loop_outputs(worker, user, scenario, llm_server):
    marker = scenario([{"content": "noted"}])
    items = [f"item{i}" for i in range(8)]
    evts = read_events(start(user, flows.loop_llm(), {"marker": marker, "items": items}))
    assert evts[-1].type == events.RESULT, evts[-1].data
    assert evts[-1].data["outputs"] == {"results": ["noted"] * 8, "seen": items}
    assert sorted(prompts_sent(llm_server, marker)) == sorted(f"{marker} about {i}" for i in items)
    # Every iteration has its own scope: node events and tokens are tagged with it.
    inner = [e for e in evts if e.type == events.NODE_FINISHED and e.data["node_id"] == "llm_in"]
    assert [e.scope for e in inner] == [["node:loop_0", f"iter:{i}"] for i in range(8)]
    assert text_of(evts, scope=["node:loop_0", "iter:5", "node:llm_in"]) == "noted"
    report = reports.report_for_worker(run_id=evts[0].data["run_id"])
    llm_in = next(n for n in report["nodes"] if n["id"] == "llm_in")
    assert [s["iteration"] for s in llm_in["snapshots"]] == [[i] for i in range(8)]
    assert [s["inputs"]["prompt"] for s in llm_in["snapshots"]] == [f"{marker} about {i}" for i in items]
    assert llm_in["runs"] == 8
    loop_node = next(n for n in report["nodes"] if n["id"] == "loop_0")
    assert [it["status"] for it in loop_node["iterations"]] == ["succeeded"] * 8


def test_loop_with_break_and_continue(worker, user):
    evts = read_events(start(user, flows.loop_break_continue(), {"items": [1, 2, 3, 4, 5, 6, 7, 8]}))
    assert evts[-1].type == events.RESULT, evts[-1].data
    assert evts[-1].data["outputs"] == {"kept": [1, 2, 4, 5]}
    ran = [e.scope[-1] for e in evts if e.type == events.NODE_FINISHED and e.data["node_id"] == "pick"]
    assert ran == [f"iter:{i}" for i in range(6)]  # nothing after the break
    report = reports.report_for_worker(run_id=evts[0].data["run_id"])
    loop_node = next(n for n in report["nodes"] if n["id"] == "loop_0")
    assert [it["status"] for it in loop_node["iterations"]] == [
        "succeeded", "succeeded", "continue", "succeeded", "succeeded", "break"]  # fmt: skip


def test_nested_loop(worker, user):
    evts = read_events(start(user, flows.nested_loop(), {"rows": [[1, 2], [3, 4, 5]]}))
    assert evts[-1].data["outputs"] == {"table": [[1, 2], [3, 4, 5]], "index": [0, 1]}
    scopes = [e.scope for e in evts if e.type == events.NODE_FINISHED and e.data["node_id"] == "inner_be"]
    assert scopes[-1] == ["node:outer", "iter:1", "node:inner", "iter:2"]
    report = reports.report_for_worker(run_id=evts[0].data["run_id"])
    inner_end = next(n for n in report["nodes"] if n["id"] == "inner_be")
    assert [s["iteration"] for s in inner_end["snapshots"]] == [[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]]


def test_constants_at_the_end_node(worker, user):
    evts = read_events(start(user, flows.constants_at_end()))
    assert evts[-1].data["outputs"] == {"n": 42, "ok": True, "label": "fixed", "list": [1, 2, 3]}


def test_start_node_defaults(worker, auth_client):
    workflow = make_workflow(auth_client, flows.start_defaults())
    evts = read_events(run_by_id(auth_client, workflow["id"], {"name": "Ann"}))
    assert evts[-1].data["outputs"] == {"city": "Seoul", "days": 3, "name": "Ann"}
    evts = read_events(run_by_id(auth_client, workflow["id"], {"name": "Bo", "city": "Jeju"}))
    assert evts[-1].data["outputs"] == {"city": "Jeju", "days": 3, "name": "Bo"}
    report = reports.report_get(user_id=auth_client.user.id, run_id=evts[0].data["run_id"])
    assert report["inputs"] == {"city": "Jeju", "days": 3, "name": "Bo"}


def test_global_variables(worker, user):
    evts = read_events(start(user, flows.global_variables()))
    assert evts[-1].data["outputs"] == {"greeting": "Hola, Ann!", "raw": "Hola"}


def test_input_validation_passing_and_failing(worker, auth_client):
    workflow = make_workflow(auth_client, flows.start_defaults())
    url = f"/api/workflows/{workflow['id']}/runs"
    missing = auth_client.post(url, {"inputs": {"city": "Jeju"}}, format="json")
    assert missing.status_code == 400
    assert missing.json()["error"]["code"] == "invalid_request"
    assert missing.json()["error"]["errors"] == ['Inputs (start node "start_0"): "name" is required.']
    wrong_type = auth_client.post(url, {"inputs": {"name": "Ann", "days": "three"}}, format="json")
    assert wrong_type.status_code == 400
    assert any('"days"' in error for error in wrong_type.json()["error"]["errors"])
    not_object = auth_client.post(url, {"inputs": [1]}, format="json")
    assert not_object.status_code == 400
    # Nothing was queued for the refused runs; the valid one runs.
    assert auth_client.get(f"/api/workflows/{workflow['id']}/runs").json()["results"] == []
    assert read_events(run_by_id(auth_client, workflow["id"], {"name": "Ann"}))[-1].type == events.RESULT


def test_a_workflow_with_a_code_node_is_refused_with_the_nodes_name(worker, auth_client):
    document = flows.constants_at_end()
    document["nodes"].insert(1, {"id": "code_0", "type": "code", "meta": {"position": {"x": 1, "y": 1}},
                                 "data": {"title": "Script", "script": {"language": "javascript",
                                                                         "content": "export async function main() {}"}}})  # fmt: skip
    document["edges"] = [flows.edge("start_0", "code_0"), flows.edge("code_0", "end_0")]
    workflow = make_workflow(auth_client, document)
    assert any("code_0" in error for error in workflow["errors"])
    response = auth_client.post(f"/api/workflows/{workflow['id']}/runs", {"inputs": {}}, format="json")
    assert response.status_code == 400
    assert any("code_0" in error for error in response.json()["error"]["errors"])


def test_independent_branches_run_concurrently(worker, user, scenario):
    slow_a = scenario([{"content": "left done", "first_delay_ms": 700}])
    slow_b = scenario([{"content": "right done", "first_delay_ms": 700}])
    evts = read_events(start(user, flows.parallel_llms(), {"marker_a": slow_a, "marker_b": slow_b}))
    assert evts[-1].data["outputs"] == {"a": "left done", "b": "right done"}
    order = [(t, n) for t, n, _ in node_events(evts) if n in ("llm_a", "llm_b")]
    # Both started before either finished: they ran side by side, not one after the other.
    assert {order[0], order[1]} == {("node_started", "llm_a"), ("node_started", "llm_b")}
    report = reports.report_for_worker(run_id=evts[0].data["run_id"])
    by_id = {n["id"]: n for n in report["nodes"]}
    a, b = by_id["llm_a"], by_id["llm_b"]
    assert a["started_at"] < b["ended_at"]
    assert b["started_at"] < a["ended_at"]


def test_tokens_stream_live_from_an_llm_behind_a_condition(worker, user, scenario):
    marker = scenario([{"content": "one two three four five six", "delay_ms": 60}])
    evts = read_events(start(user, flows.branch_llm(), {"query": marker, "formal": False}))
    scope = ["node:llm_casual"]
    tokens = [i for i, e in enumerate(evts) if e.type == events.TOKEN and e.scope == scope]
    done = next(i for i, e in enumerate(evts) if e.type == events.NODE_FINISHED and e.data["node_id"] == "llm_casual")
    assert len(tokens) >= 3  # several events, not one blocking reply
    assert max(tokens) < done
    assert text_of(evts, scope=scope) == "one two three four five six"


def test_cancel_in_the_middle_of_a_loop_stops_the_llm_in_flight(worker, auth_client, scenario):
    fast, slow = scenario([{"content": "quick"}]), scenario([{"content": "slow " * 40, "delay_ms": 100}])
    items = [fast] + [slow] * 7  # the item's marker picks the scripted answer: the second iteration is slow
    run_id = start(auth_client.user, flows.loop_llm(), {"marker": "", "items": items})
    seen: list = []

    def watch():
        seen.extend(read_events(run_id, timeout=30))

    watcher = threading.Thread(target=watch)
    watcher.start()
    redis = get_redis()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # wait until the second iteration's llm is streaming
        entries = redis.xrange(keys.stream_key(run_id))
        if any(f.get(b"t") == b"token" and b"iter:1" in (f.get(b"s") or b"") for _, f in entries):
            break
        time.sleep(0.05)
    cancelled_at = time.monotonic()
    assert auth_client.post(f"/api/runs/{run_id}/cancel").status_code == 202
    watcher.join(30)
    ended = time.monotonic() - cancelled_at
    assert seen[-1].type == events.CANCELLED
    assert ended < 3  # the 4-second answer in flight was not waited for
    report = reports.report_get(user_id=auth_client.user.id, run_id=run_id)
    assert report["status"] == "cancelled"
    llm_in = next(n for n in report["nodes"] if n["id"] == "llm_in")
    partial = llm_in["snapshots"][-1]
    assert partial["iteration"] == [1]
    assert partial["status"] == "cancelled"
    assert partial["outputs"]["result"].startswith("slow")  # what streamed so far stays in the report
    loop_node = next(n for n in report["nodes"] if n["id"] == "loop_0")
    assert len(loop_node["iterations"]) == 2
