"""The five-line examples of both SDK READMEs run as written against the live server
(only the base URL and the key are filled in)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from apikeys import services as keys

SDK = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def _example(readme: Path, language: str, live_server_url: str, secret: str) -> str:
    """The README's first code block in ``language``, pointed at the live server."""
    block = re.search(rf"```{language}\n(.*?)```", readme.read_text(encoding="utf-8"), re.DOTALL).group(1)
    lines = [line for line in block.splitlines() if line.strip()]
    assert len(lines) == 5, f"{readme.name}: the first example should be five lines"
    return block.replace("http://127.0.0.1:8000", live_server_url).replace("tmt_…", secret)


def test_the_python_readme_example_works(live_server_url, make_user, tmp_path):
    _, secret = keys.key_create(user=make_user(), name="readme")
    script = tmp_path / "example.py"
    script.write_text(_example(SDK / "python" / "README.md", "python", live_server_url, secret))
    env = {**os.environ, "PYTHONPATH": str(SDK / "python")}  # as `pip install ./sdk/python` would
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "42" in done.stdout


@pytest.mark.skipif(NODE is None, reason="node is missing (node 20 is on the CI machine; .ci/run checks)")
def test_the_typescript_readme_example_works(live_server_url, make_user):
    _, secret = keys.key_create(user=make_user(), name="readme")
    # Inside the package, "@tomato-agent/sdk" resolves to itself (package.json "exports").
    script = SDK / "typescript" / f"readme-example-{make_user().id}.mjs"
    script.write_text(_example(SDK / "typescript" / "README.md", "js", live_server_url, secret))
    try:
        done = subprocess.run([NODE, script.name], cwd=script.parent, capture_output=True, text=True, timeout=120)
    finally:
        script.unlink()
    assert done.returncode == 0, done.stderr[-3000:]
    assert "42" in done.stdout
    assert "56" in done.stdout
