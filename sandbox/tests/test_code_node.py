"""Workflow code nodes: FlowGram's main({ params }) contract, in JavaScript (node) and Python, in the sandbox."""

from __future__ import annotations

import shutil

import pytest

from sandbox.code_node import CodeRequest, code_runner

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


@pytest.fixture
def runner(sandbox_ready):
    return code_runner()


needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


@needs_node
def test_flowgram_javascript_template(runner):
    assert "javascript" in runner.languages
    result = runner(CodeRequest(language="javascript", source=FLOWGRAM_TEMPLATE, params={"input": "ab"}))
    assert result.ok, result.error
    assert result.outputs == {"key0": "abab", "key1": ["hello", "world"], "key2": {"key21": "hi"}}


@needs_node
def test_javascript_params_in_scope_non_object_result_and_errors(runner):
    scoped = runner(
        CodeRequest(language="javascript", source="function main() { return params.n * 2 }", params={"n": 21})
    )
    assert scoped.ok
    assert scoped.outputs == {"result": 42}
    failing = runner(CodeRequest(language="javascript", source="async function main() { throw new TypeError('no') }"))
    assert not failing.ok
    assert failing.error == "TypeError: no"
    missing = runner(CodeRequest(language="javascript", source="const x = 1;"))
    assert not missing.ok
    assert "main" in missing.error
    environment = runner(CodeRequest(language="javascript", source="function main() { return process.env }"))
    assert environment.ok
    assert "DJANGO_SETTINGS_MODULE" not in environment.outputs
    assert environment.outputs["HOME"] == "/work"


def test_python_same_contract(runner):
    code = "def main(args):\n    print('log line')\n    return {'double': args['params']['x'] * 2}"
    result = runner(CodeRequest(language="python", source=code, params={"x": 4}))
    assert result.ok, result.error
    assert result.outputs == {"double": 8}
    assert result.logs == "log line\n"
    listed = runner(CodeRequest(language="python", source="def main(args):\n    return [1, 2]"))
    assert listed.outputs == {"result": [1, 2]}
    broken = runner(CodeRequest(language="python", source="def main(args):\n    return args['params']['nope']"))
    assert not broken.ok
    assert broken.error == "KeyError: 'nope'"
    unserializable = runner(CodeRequest(language="python", source="def main(args):\n    return {'f': object()}"))
    assert not unserializable.ok
    assert "JSON" in unserializable.error or "serializable" in unserializable.error


def test_large_params_travel_both_ways(runner):
    blob = "x" * 500_000
    result = runner(
        CodeRequest(
            language="python", source="def main(args):\n    return {'n': len(args['params']['b'])}", params={"b": blob}
        )
    )
    assert result.ok, result.error
    assert result.outputs == {"n": 500_000}


def test_timeout_is_bounded_by_the_request(runner):
    result = runner(
        CodeRequest(language="python", source="import time\ndef main(args):\n    time.sleep(30)", timeout=1)
    )
    assert not result.ok
    assert "1 s" in result.error


def test_cancelling_the_run_kills_the_code(runner):
    import threading
    import time

    from runs.kinds import CancelToken

    token = CancelToken()
    threading.Timer(0.5, token.cancel).start()
    started = time.monotonic()
    result = runner(
        CodeRequest(language="python", source="import time\ndef main(args):\n    time.sleep(20)", cancel=token)
    )
    assert time.monotonic() - started < 5
    assert result.error == "Stopped: the run was cancelled."


def test_the_code_counts_against_the_users_quota(sandbox_ready, user, redis_conn):
    from sandbox import quota

    runner = code_runner(user_id=user.pk)
    try:
        result = runner(CodeRequest(language="python", source="def main(args):\n    return sum(range(10**6))"))
        assert result.outputs == {"result": 499999500000}
        assert quota.cpu_used_today(user_id=user.pk) > 0
    finally:
        for key in redis_conn.scan_iter(match="sandbox:*"):
            redis_conn.delete(key)


def test_no_runner_without_a_sandbox(settings):
    settings.SANDBOX_BACKEND = "disabled"
    assert code_runner() is None


def test_a_language_the_sandbox_lacks_is_refused(runner):
    result = runner(CodeRequest(language="ruby", source="puts 1"))
    assert not result.ok
    assert "ruby" in result.error
