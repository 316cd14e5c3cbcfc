"""The worker runs workflows in a gevent pool with threading monkey-patched: the same concurrency and
cancel tests, in a subprocess patched the same way (threads are greenlets there)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SELECTED = "concurrently or middle_of_a_loop or in_flight or loop_over_eight or nested_loop or behind_a_condition"

PATCHED_PYTEST = """
from gevent import monkey
monkey.patch_all()
import sys, pytest
sys.exit(pytest.main(sys.argv[1:]))
"""


def test_engine_under_gevent():
    here = Path(__file__).parent
    files = [str(here / "test_fixtures.py"), str(here / "test_cancel_and_http.py")]
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            PATCHED_PYTEST,
            *files,
            "-o",
            "addopts=",
            "-q",
            "-p",
            "no:cacheprovider",
            "-k",
            SELECTED,
        ],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=110,
    )
    assert done.returncode == 0, f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert "\n6 passed" in done.stdout
    assert " failed" not in done.stdout
