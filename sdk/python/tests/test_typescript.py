"""The TypeScript SDK's tests and the official `openai` npm package, run with node's test runner
against the live server (node 20; the npm packages from sdk/typescript/package-lock.json)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from apikeys import services as keys

TS = Path(__file__).resolve().parents[2] / "typescript"
NODE = shutil.which("node")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.e2e,
    pytest.mark.skipif(NODE is None, reason="node is missing (node 20 is on the CI machine; .ci/run checks)"),
    pytest.mark.skipif(
        not (TS / "node_modules" / "openai").is_dir(),
        reason="sdk/typescript/node_modules is missing: run `make sdk-deps` (npm ci from the lockfile)",
    ),
    pytest.mark.timeout(300),
]


def test_typescript_sdk_and_openai_npm_against_the_live_server(live_server_url, proxy, make_user, scenario):
    owner = make_user()
    _, secret = keys.key_create(user=owner, name="node tests")
    answers = {
        "tool": "It is 42.",
        "resume": " ".join(f"n{i:03d}" for i in range(150)),
        "long": "slow " * 300,
        "plain": "Plain answer.",
        "openai": "6 times 7 is 42.",
    }
    calculator = {"tool_calls": [{"name": "calculator", "arguments": {"expression": "6*7"}}]}
    scenarios = {
        "tool": scenario([calculator, {"content": answers["tool"]}]),
        "resume": scenario([{"content": answers["resume"], "delay_ms": 10}]),
        "long": scenario([{"content": answers["long"], "delay_ms": 20}]),
        "plain": scenario([{"content": answers["plain"]}]),
        "openai": scenario([calculator, {"content": answers["openai"]}]),
        "broken": scenario([{"error": {"status": 400, "message": "nope", "times": None}}]),
    }
    env = {
        **os.environ,
        "TOMATO_BASE_URL": live_server_url,
        "TOMATO_PROXY_URL": proxy.url,
        "TOMATO_API_KEY": secret,
        "TOMATO_USERNAME": owner.username,
        "TOMATO_SCENARIOS": json.dumps(
            {name: {"marker": marker, "answer": answers.get(name, "")} for name, marker in scenarios.items()}
        ),
    }
    done = subprocess.run(
        [NODE, "--test", "--test-reporter=tap", "test/"], cwd=TS, env=env, capture_output=True, text=True, timeout=240
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-6000:]
    passed = re.search(r"^# pass (\d+)$", output, re.MULTILINE)
    assert passed is not None, output[-3000:]
    assert int(passed.group(1)) == 8, output[-3000:]  # every test ran: none skipped
    assert re.search(r"^# fail 0$", output, re.MULTILINE)
    assert proxy.dropped == 1
