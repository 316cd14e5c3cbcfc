"""validate(): FlowGram's TaskValidate rules and readable errors that name the node."""

from __future__ import annotations

import copy

import pytest

from workflows.engine import apply_defaults, validate
from workflows.engine.tests.conftest import FIXTURES, load

ALL_FIXTURES = sorted(p.name for p in FIXTURES.glob("*.json"))


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_every_fixture_is_valid(name):
    assert validate(load(name)) == []


def basic():
    return load("basic-llm.json")


def nodes_by_id(schema):
    return {n["id"]: n for n in schema["nodes"]}


@pytest.mark.parametrize(
    ("schema", "error"),
    [
        ([], "The workflow schema must be a JSON object with nodes and edges."),
        ({"nodes": {}, "edges": []}, 'The workflow schema must have a "nodes" array.'),
        ({"nodes": [], "edges": None}, 'The workflow schema must have an "edges" array.'),
        ({"nodes": [{"type": "start"}], "edges": []}, "nodes[0].id must be a non-empty string."),
        ({"nodes": [{"id": "a"}], "edges": []}, 'Node "a" (nodes[0]) must have a type.'),
        ({"nodes": [{"id": "a", "type": "end", "data": []}], "edges": []}, 'Node "a": data must be an object.'),
        ({"nodes": [], "edges": [{"sourceNodeID": "a"}]}, "edges[0].targetNodeID must be a non-empty string."),
    ],
)
def test_json_shape(schema, error):
    assert error in validate(schema)


def test_exactly_one_start_and_one_end():
    schema = basic()
    schema["nodes"].append({**copy.deepcopy(schema["nodes"][0]), "id": "start_1"})
    schema["nodes"] = [n for n in schema["nodes"] if n["type"] != "end"]
    schema["edges"] = [e for e in schema["edges"] if e["targetNodeID"] != "end_0"]
    errors = validate(schema)
    assert 'The workflow needs exactly one start node; it has 2: "start_0" (Start), "start_1" (Start).' in errors
    assert "The workflow needs an end node." in errors


def test_duplicate_ids():
    schema = basic()
    schema["nodes"][2]["id"] = "start_0"
    assert validate(schema) == ['Node id "start_0" is used by more than one node.']


def test_edges_point_at_existing_nodes_and_ports():
    schema = load("branch.json")
    schema["edges"].append({"sourceNodeID": "llm_1", "targetNodeID": "llm_9"})
    schema["edges"].append({"sourceNodeID": "condition_0", "targetNodeID": "llm_2", "sourcePortID": "if_7"})
    schema["edges"].append({"sourceNodeID": "condition_0", "targetNodeID": "llm_3"})
    errors = validate(schema)
    assert 'Edge "llm_1" → "llm_9": its target node "llm_9" does not exist.' in errors
    assert (
        'Edge "condition_0" → "llm_2": condition "condition_0" (Condition) has no branch "if_7" '
        "(its branches: if_1, if_2, else)."
    ) in errors
    assert (
        'Edge "condition_0" → "llm_3": an edge leaving condition "condition_0" (Condition) must start at one '
        "of its branches (if_1, if_2, else)."
    ) in errors


def test_edges_do_not_cross_into_a_loop():
    schema = load("loop.json")
    schema["edges"].append({"sourceNodeID": "start_0", "targetNodeID": "llm_0"})
    assert validate(schema) == [
        'Edge "start_0" → "llm_0": its target node is on "loop_0" (Loop_1); edges cannot cross into or out of a loop.'
    ]


def test_no_cycles_outside_loops():
    schema = load("basic-llm.json")
    schema["nodes"].append(
        {"id": "llm_1", "type": "llm", "meta": {}, "data": copy.deepcopy(schema["nodes"][2]["data"])}
    )
    schema["edges"] += [
        {"sourceNodeID": "llm_0", "targetNodeID": "llm_1"},
        {"sourceNodeID": "llm_1", "targetNodeID": "llm_0"},
    ]
    errors = validate(schema)
    assert errors == ["The workflow has a cycle: llm_0 → llm_1 → llm_0. Repeat work with a loop node instead."]


def test_cycle_inside_a_loop_body():
    schema = load("loop.json")
    loop = schema["nodes"][2]
    loop["edges"].append({"sourceNodeID": "llm_0", "targetNodeID": "llm_0"})
    errors = validate(schema)
    assert 'Edge "llm_0" → "llm_0" inside "loop_0" (Loop_1): a node cannot connect to itself.' in errors
    assert (
        'The workflow has a cycle inside "loop_0" (Loop_1): llm_0 → llm_0. Repeat work with a loop node instead.'
        in errors
    )


def test_loops_need_one_block_start_and_end():
    schema = load("loop.json")
    loop = schema["nodes"][2]
    loop["blocks"] = [b for b in loop["blocks"] if b["type"] != "block-end"]
    loop["edges"] = [e for e in loop["edges"] if e["targetNodeID"] != "block_end_0"]
    errors = validate(schema)
    assert (
        'Loop "loop_0" (Loop_1) needs exactly one block-start and one block-end node in its body (it has 1 and 0).'
    ) in errors


def test_references_must_point_upstream():
    schema = load("branch.json")
    nodes = nodes_by_id(schema)
    nodes["llm_1"]["data"]["inputsValues"]["prompt"]["content"] = "{{llm_2.result}} {{start_0.nope}}"
    nodes["llm_2"]["data"]["inputsValues"]["systemPrompt"] = {"type": "ref", "content": ["end_0", "m1_res"]}
    nodes["llm_3"]["data"]["inputsValues"]["prompt"] = {"type": "ref", "content": ["ghost", "x"]}
    nodes["end_0"]["data"]["inputsValues"]["m1_res"] = {"type": "ref", "content": ["global", "missing"]}
    assert validate(schema) == [
        'Node "end_0" (End): input "m1_res" refers to the global variable "missing", which is not declared.',
        'Node "llm_1" (LLM_1): input "prompt" refers to "llm_2.result", but node "llm_2" does not run before it.',
        'Node "llm_1" (LLM_1): input "prompt" refers to "start_0.nope", but the start node has no input "nope".',
        'Node "llm_2" (LLM_2): input "systemPrompt" refers to "end_0.m1_res", but node "end_0" does not run before it.',
        'Node "llm_3" (LLM_3): input "prompt" refers to "ghost.x", but there is no node "ghost".',
    ]


def test_loop_references():
    schema = load("loop.json")
    nodes = nodes_by_id(schema)
    nodes["end_0"]["data"]["inputsValues"]["outputs"] = {"type": "ref", "content": ["llm_0", "result"]}
    nodes["end_0"]["data"]["inputsValues"]["items"] = {"type": "ref", "content": ["loop_0_locals", "item"]}
    llm = nodes["loop_0"]["blocks"][2]
    llm["data"]["inputsValues"]["prompt"]["content"] = "{{loop_0_locals.value}} {{start_0.tasks}}"
    assert validate(schema) == [
        'Node "end_0" (End): input "outputs" refers to "llm_0.result", but node "llm_0" does not run before it.',
        'Node "end_0" (End): input "items" refers to "loop_0_locals.item", but only nodes inside loop "loop_0" can use '
        "its locals.",
        'Node "llm_0" (LLM_0): input "prompt" refers to "loop_0_locals.value"; a loop\'s locals are "item" and "index".',
    ]


def test_code_nodes_need_a_sandbox():
    schema = basic()
    schema["nodes"].append(
        {
            "id": "code_0",
            "type": "code",
            "meta": {},
            "data": {"title": "Code_1", "script": {"language": "javascript", "content": "function main() {}"}},
        }
    )
    schema["edges"] = [
        {"sourceNodeID": "start_0", "targetNodeID": "code_0"},
        {"sourceNodeID": "code_0", "targetNodeID": "llm_0"},
        {"sourceNodeID": "llm_0", "targetNodeID": "end_0"},
    ]
    assert validate(schema) == [
        'Code node "code_0" (Code_1) cannot run: code runs only in a sandbox, and no sandbox is available on this platform.'
    ]
    assert validate(schema, code_runner_available=True) == []


def test_unknown_types_disconnected_and_dangling_nodes():
    schema = basic()
    schema["nodes"].append({"id": "x_0", "type": "teleport", "meta": {}, "data": {}})
    schema["nodes"].append(
        {"id": "llm_9", "type": "llm", "meta": {}, "data": copy.deepcopy(schema["nodes"][2]["data"])}
    )
    schema["nodes"].append({"id": "note", "type": "comment", "meta": {}, "data": {"note": "fine"}})
    schema["edges"].append({"sourceNodeID": "start_0", "targetNodeID": "x_0"})
    assert validate(schema) == [
        'Node "x_0" has the unknown type "teleport".',
        'Node "x_0" has no outgoing edge; connect it to the next node.',
        'Node "llm_9" (LLM_0) is not connected to the start node, so it would never run.',
    ]


def test_condition_settings_follow_the_operator_rules():
    schema = load("branch.json")
    conditions = nodes_by_id(schema)["condition_0"]["data"]["conditions"]
    conditions[0]["value"]["operator"] = "contains"  # mode is an integer
    conditions[1]["value"]["operator"] = "similar"
    assert validate(schema) == [
        'Node "condition_0" (Condition): condition "if_1": operator "contains" does not apply to a integer '
        "(allowed: eq, gt, gte, in, is_empty, is_not_empty, lt, lte, neq, nin).",
        'Node "condition_0" (Condition): condition "if_2" has an unknown operator "similar".',
    ]


def test_break_only_inside_loops():
    schema = basic()
    schema["nodes"].append({"id": "break_0", "type": "break", "meta": {}, "data": {}})
    schema["edges"] = [{"sourceNodeID": "start_0", "targetNodeID": "break_0"}, *schema["edges"]]
    assert 'Node "break_0" (break) only works inside a loop.' in validate(schema)


def test_flowgram_demo_shapes_are_accepted():
    """Comment and group nodes, ref values with ``extra``, constants with ``schema``, ids with dashes."""
    schema = load("parallel.json")
    nodes = nodes_by_id(schema)
    nodes["llm_left"]["data"]["inputsValues"]["modelName"] = {
        "type": "constant",
        "content": "m",
        "schema": {"type": "string"},
    }
    nodes["end_0"]["data"]["inputsValues"]["left"]["extra"] = {"index": 0}
    schema["nodes"].append(
        {
            "id": "159623",
            "type": "comment",
            "meta": {"position": {"x": 1, "y": 2}},
            "data": {"size": {"width": 240, "height": 150}, "note": "hi"},
        }
    )
    schema["nodes"].append(
        {
            "id": "group_nYl6D",
            "type": "group",
            "meta": {"position": {"x": 1, "y": 2}},
            "data": {"parentID": "root", "blockIDs": ["llm_left"]},
        }
    )
    assert validate(schema) == []


def test_apply_defaults_parses_json_text_and_fills_nested_objects():
    schema = load("start-default.json")
    filled = apply_defaults(schema, {"num": None, "obj": {"key_str": "mine"}})
    assert filled["num"] == 123.123
    assert filled["obj"] == {"key_str": "mine"}  # given objects are kept
    assert filled["arr_str"] == ["AAA", "BBB", "CCC"]
    start = schema["nodes"][0]["data"]["outputs"]["properties"]
    start["obj"]["properties"]["key_str"]["default"] = "nested default"
    assert apply_defaults(schema, {"obj": {}})["obj"] == {"key_str": "nested default"}
