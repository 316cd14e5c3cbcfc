"""Workflow code nodes: FlowGram's main({ params }) contract, in JavaScript (node) and Python, in the sandbox,
through the engine's own CodeRequest/CodeResult and through run_workflow."""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from runs.kinds import CancelToken
from sandbox.code_node import code_runner
from workflows.engine import Env, run_workflow
from workflows.engine.interface import CodeRequest
from workflows.engine.tests.conftest import MemorySink

pytestmark = pytest.mark.django_db

FLOWGRAM_TEMPLATE = """
// FlowGram's default code-node script
async function main({ params }) {
  const ret = {
    key0: params.input + params.input,
    key1: ["hello", "world"],
    key2: { key21: "hi" },
  };
  return ret;
}
"""

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def request(language: str, source: str, params: dict | None = None, *, timeout: float = 30.0, cancel=None):
    return CodeRequest(
        node_id="code_0",
        language=language,
        source=source,
        params=params or {},
        timeout=timeout,
        cancel=cancel or CancelToken(),
    )


@pytest.fixture
def runner(sandbox_ready):
    return code_runner()


@needs_node
def test_flowgram_javascript_template(runner):
    assert "javascript" in runner.languages
    result = runner(request("javascript", FLOWGRAM_TEMPLATE, {"input": "ab"}))
    assert result.error is None, result.error
    assert result.outputs == {"key0": "abab", "key1": ["hello", "world"], "key2": {"key21": "hi"}}


@needs_node
def test_javascript_params_in_scope_non_object_result_and_errors(runner):
    scoped = runner(request("javascript", "function main() { return params.n * 2 }", {"n": 21}))
    assert scoped.error is None
    assert scoped.outputs == {"result": 42}
    failing = runner(request("javascript", "async function main() { throw new TypeError('no') }"))
    assert failing.error == "TypeError: no"
    missing = runner(request("javascript", "const x = 1;"))
    assert "main" in missing.error
    environment = runner(request("javascript", "function main() { return process.env }"))
    assert environment.error is None
    assert "DJANGO_SETTINGS_MODULE" not in environment.outputs
    assert environment.outputs["HOME"] == "/work"


def test_python_same_contract(runner):
    code = "def main(args):\n    print('log line')\n    return {'double': args['params']['x'] * 2}"
    result = runner(request("python", code, {"x": 4}))
    assert result.error is None, result.error
    assert result.outputs == {"double": 8}
    assert result.logs == "log line\n"
    assert runner(request("python", "def main(args):\n    return [1, 2]")).outputs == {"result": [1, 2]}
    broken = runner(request("python", "def main(args):\n    return args['params']['nope']"))
    assert broken.error == "KeyError: 'nope'"
    unserializable = runner(request("python", "def main(args):\n    return {'f': object()}"))
    assert "JSON" in unserializable.error or "serializable" in unserializable.error


def test_large_params_travel_both_ways(runner):
    code = "def main(args):\n    return {'n': len(args['params']['b'])}"
    result = runner(request("python", code, {"b": "x" * 500_000}))
    assert result.error is None, result.error
    assert result.outputs == {"n": 500_000}


def test_timeout_is_bounded_by_the_request(runner):
    result = runner(request("python", "import time\ndef main(args):\n    time.sleep(30)", timeout=1))
    assert "1 s" in result.error


def test_cancelling_the_run_kills_the_code(runner):
    token = CancelToken()
    threading.Timer(0.5, token.cancel).start()
    started = time.monotonic()
    result = runner(request("python", "import time\ndef main(args):\n    time.sleep(20)", cancel=token))
    assert time.monotonic() - started < 5
    assert result.error == "Stopped: the run was cancelled."


def test_the_code_counts_against_the_users_quota(sandbox_ready, user, redis_conn):
    from sandbox import quota

    runner = code_runner(user_id=user.pk)
    try:
        result = runner(request("python", "def main(args):\n    return sum(range(10**6))"))
        assert result.outputs == {"result": 499999500000}
        assert quota.cpu_used_today(user_id=user.pk) > 0
    finally:
        for key in redis_conn.scan_iter(match="sandbox:*"):
            redis_conn.delete(key)


def _workflow(language: str, source: str) -> dict:
    """start(n) → code → end(result), as FlowGram's editor writes it."""
    return {
        "nodes": [
            {
                "id": "start_0",
                "type": "start",
                "meta": {"position": {"x": 0, "y": 0}},
                "data": {"title": "Start", "outputs": {"type": "object", "properties": {"n": {"type": "integer"}}}},
            },
            {
                "id": "code_0",
                "type": "code",
                "meta": {"position": {"x": 400, "y": 0}},
                "data": {
                    "title": "Double",
                    "script": {"language": language, "content": source},
                    "inputsValues": {"n": {"type": "ref", "content": ["start_0", "n"]}},
                    "inputs": {"type": "object", "properties": {"n": {"type": "integer"}}},
                    "outputs": {"type": "object", "properties": {"twice": {"type": "integer"}}},
                },
            },
            {
                "id": "end_0",
                "type": "end",
                "meta": {"position": {"x": 800, "y": 0}},
                "data": {
                    "title": "End",
                    "inputsValues": {"twice": {"type": "ref", "content": ["code_0", "twice"]}},
                    "inputs": {"type": "object", "properties": {"twice": {"type": "integer"}}},
                },
            },
        ],
        "edges": [
            {"sourceNodeID": "start_0", "targetNodeID": "code_0"},
            {"sourceNodeID": "code_0", "targetNodeID": "end_0"},
        ],
    }


@pytest.mark.parametrize(
    ("language", "source"),
    [
        pytest.param(
            "javascript", "async function main({ params }) { return { twice: params.n * 2 }; }", marks=needs_node
        ),
        ("python", "def main(args):\n    return {'twice': args['params']['n'] * 2}"),
    ],
)
def test_a_workflow_code_node_runs_in_the_sandbox(sandbox_ready, language, source):
    sink = MemorySink()
    env = Env(sink=sink, cancel=sink.cancel, user_id=1, code=code_runner())
    result = run_workflow(_workflow(language, source), {"n": 21}, env=env)
    assert result.status == "succeeded", result.error
    assert result.outputs == {"twice": 42}
    broken = run_workflow(_workflow(language, source.replace("* 2", "* undefinedName")), {"n": 21}, env=env)
    assert broken.status == "failed"
    assert "undefinedName" in broken.error["message"]


def test_no_runner_without_a_sandbox(settings):
    settings.SANDBOX_BACKEND = "disabled"
    assert code_runner() is None


def test_a_language_the_sandbox_lacks_is_refused(runner):
    result = runner(request("ruby", "puts 1"))
    assert "ruby" in result.error
