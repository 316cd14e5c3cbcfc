"""Backends directly: the framed channel gVisor uses (exercised through bubblewrap), gVisor's OCI bundle, seccomp."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from django.conf import settings

from sandbox import seccomp
from sandbox.backends.bubblewrap import BubblewrapBackend
from sandbox.backends.gvisor import GVisorBackend, oci_config, write_bundle
from sandbox.environment import python_env
from sandbox.service import default_limits
from sandbox.types import Execution, Limits


@pytest.fixture
def framed(sandbox_ready):
    return BubblewrapBackend(
        bwrap=settings.SANDBOX_BWRAP,
        python_env_root=settings.SANDBOX_PYTHON_ENV,
        node=shutil.which("node"),
        host_uids=(200000, 65536),
        framed=True,
    )


def test_framed_channel_carries_output_result_and_files(framed):
    result = framed.execute(
        Execution(code="import sys\nprint('out')\nprint('err', file=sys.stderr)\nopen('f.txt','w').write('x')\n7 * 6")
    )
    assert result.status == "ok", result
    assert (result.stdout, result.stderr, result.value) == ("out\n", "err\n", "42")
    assert [(f.name, f.data) for f in result.files] == [("f.txt", b"x")]


def test_framed_channel_cannot_be_forged_and_keeps_the_caps(framed):
    forged = framed.execute(Execution(code="import os, struct\nos.write(1, struct.pack('>BI', 3, 2) + b'{}')\n'real'"))
    assert forged.value == "'real'"
    assert forged.stdout.endswith("{}")  # the forged frame is just bytes of stdout
    flood = framed.execute(Execution(code="import sys\nwhile True:\n    sys.stdout.write('y' * 65536)"))
    assert flood.status == "output_limit"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_framed_channel_runs_javascript(framed):
    result = framed.execute(
        Execution(
            code="function main({params}) { console.log('hi'); return {n: params.n} }",
            language="javascript",
            mode="main",
            params={"n": 3},
        )
    )
    assert result.output == {"n": 3}
    assert result.stdout == "hi\n"


def test_gvisor_bundle_mounts_only_what_the_interpreter_needs(sandbox_ready, tmp_path):
    env = python_env(settings.SANDBOX_PYTHON_ENV)
    config = oci_config(env, Execution(code="1", limits=default_limits()), node=None)
    assert config["root"] == {"path": "rootfs", "readonly": True}
    assert {"type": "network"} in config["linux"]["namespaces"]
    assert config["process"]["user"] == {"uid": 1000, "gid": 1000}
    assert config["process"]["noNewPrivileges"] is True
    assert config["process"]["args"][-1] == "--framed"
    rlimits = {item["type"]: item["hard"] for item in config["process"]["rlimits"]}
    assert rlimits["RLIMIT_CPU"] == settings.SANDBOX_CPU_SECONDS
    assert rlimits["RLIMIT_AS"] == settings.SANDBOX_MEMORY_MB << 20
    environment = dict(item.split("=", 1) for item in config["process"]["env"])
    assert "DJANGO_SETTINGS_MODULE" not in environment
    destinations = {mount["destination"]: mount for mount in config["mounts"]}
    assert destinations["/work"]["type"] == "tmpfs"
    assert f"size={settings.SANDBOX_WORKDIR_MB << 20}" in destinations["/work"]["options"]
    assert destinations["/usr/local"]["type"] == "tmpfs"
    project = str(settings.BASE_DIR)
    for mount in config["mounts"]:
        if mount["type"] == "bind" and mount["source"].startswith(project):  # only the venv and the harness
            assert mount["destination"] in ("/opt/venv", "/opt/tomato")
        assert "ro" in mount.get("options", ["ro"]) or mount["type"] != "bind"
    write_bundle(str(tmp_path), config)
    assert json.loads((tmp_path / "config.json").read_text())["hostname"] == "sandbox"
    assert os.readlink(tmp_path / "rootfs" / "tmp") == "/work/.tmp"
    assert (tmp_path / "rootfs" / "opt" / "venv").is_dir()


def test_gvisor_without_runsc_says_so():
    backend = GVisorBackend(runsc="/nonexistent/runsc", python_env_root=settings.SANDBOX_PYTHON_ENV, node=None)
    answer = backend.availability()
    assert not answer.available
    assert "runsc" in answer.reason


def test_the_seccomp_program_compiles_and_refuses_with_errno():
    program = seccomp.filter_program()
    assert len(program) % 8 == 0
    assert len(program) > 100 * 8
    assert "ptrace" in seccomp.DENIED
    assert "mount" in seccomp.DENIED


def test_cpu_seconds_are_measured_for_the_whole_sandbox(sandbox_ready):
    from sandbox.service import sandbox_execute

    # A child process burns 600 ms of its own CPU time (whatever the machine's speed); the parent only waits.
    burn = "import time\nwhile time.process_time() < 0.6: pass"
    code = f"import subprocess, sys\nsubprocess.run([sys.executable, '-c', {burn!r}], check=True)"
    result = sandbox_execute(Execution(code=code, limits=Limits(wall_seconds=60)))
    assert result.status == "ok", result
    assert result.cpu_ms is not None
    assert result.cpu_ms >= 550, result.cpu_ms  # the child's CPU is counted, not just the parent's


SECCOMP_PROBE = r"""
import ctypes, json, os, platform
libc = ctypes.CDLL(None, use_errno=True)
add_key = {"x86_64": 248, "aarch64": 217}[platform.machine()]
def call(result):
    return 0 if result >= 0 else ctypes.get_errno()
print(json.dumps({
    "personality": call(libc.personality(0x0040000)),  # ADDR_NO_RANDOMIZE
    "clone3": call(libc.syscall(435, None, 0)),
    "add_key": call(libc.syscall(add_key, b"user", b"tomato", b"x", 1, -2)),
    "getpid": call(libc.getpid()),
}))
"""


def test_seccomp_refuses_what_the_namespaces_alone_would_allow(sandbox_ready):
    """These calls work for an unprivileged process in a user namespace; only the filter refuses them."""
    import errno

    from sandbox.service import sandbox_execute

    result = sandbox_execute(Execution(code=SECCOMP_PROBE))
    assert result.status == "ok", result
    answers = json.loads(result.stdout)
    assert answers == {"personality": errno.EPERM, "clone3": errno.ENOSYS, "add_key": errno.EPERM, "getpid": 0}


@pytest.mark.parametrize(
    ("duration_ms", "status"),
    [(3100, "cpu_limit"), (400, "crashed")],
    ids=["ran_its_cpu_limit", "ended_early"],
)
def test_an_exit_status_reaped_elsewhere_is_not_called_a_crash_after_the_cpu_limit(duration_ms, status):
    """gevent's SIGCHLD handler may reap the sandbox before the supervisor does: no exit status, no CPU time."""
    from sandbox.backends.base import decode_result
    from sandbox.process import Supervised

    lost = Supervised(
        stdout=b"",
        stderr=b"",
        result=b"",
        exit_code=None,
        signal=None,
        killed_for=None,
        duration_ms=duration_ms,
        cpu_ms=None,
    )
    result = decode_result(lost, Limits(cpu_seconds=3, wall_seconds=6))
    assert result.status == status
    assert ("CPU time" in result.message) is (status == "cpu_limit")
