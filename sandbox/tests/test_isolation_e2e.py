"""The sandbox's guarantees, checked through the real ``run_python`` tool from the agent loop.

A scripted model asks for ``run_python``; a real Celery worker (with a canary
secret in its environment and tight limits) runs the code in bubblewrap; the
test reads what the person would see in the ``tool_result`` event. Skipped,
with the reason, where no sandbox can run (no bubblewrap).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path

import pytest

from agents import services
from agents.tests.fixtures import read_events
from runs import events
from runs.web import admission
from sandbox.tests.conftest import CANARY, TIGHT_LIMITS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

ROOT = Path(__file__).resolve().parents[2]


def run_through_agent(user, scenario, codes: list[str], *, timeout: float = 60.0) -> list[dict]:
    """One chat turn in which the model calls run_python once per code (concurrently); the visible results."""
    marker = scenario(
        [
            {"tool_calls": [{"name": "run_python", "arguments": {"code": code}} for code in codes]},
            {"content": "Done."},
        ]
    )
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} run it")
    evts = read_events(started.run_id, timeout=timeout)
    assert evts[-1].type == events.RESULT, [e.type for e in evts]
    results = [e.data for e in evts if e.type == events.TOOL_RESULT]
    assert [r["tool"] for r in results] == ["run_python"] * len(codes)
    by_call = {r["call_id"]: r for r in results}
    starts = [e.data for e in evts if e.type == events.TOOL_START]
    return [by_call[s["call_id"]] for s in starts]


def stdout_json(result: dict) -> dict:
    assert result["ok"], result
    return json.loads(result["visible"]["stdout"])


PROBE = r"""
import ctypes, errno, json, os, socket, subprocess
out = {}
def attempt(name, action):
    try:
        value = action()
        out[name] = ["allowed", repr(value)[:300]]
    except BaseException as exc:
        out[name] = ["refused", type(exc).__name__, str(exc)[:300]]

def tcp(host, port):
    with socket.create_connection((host, port), timeout=3):
        return "connected"

def route(host):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.connect((host, 53))  # a route lookup only: nothing is sent
        return udp.getsockname()

def write(path):
    with open(path, "w") as handle:
        handle.write("x")
    return path

def libc_call(name, *args):
    libc = ctypes.CDLL(None, use_errno=True)
    if getattr(libc, name)(*args) != 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    return "ok"

attempt("tcp_platform", lambda: tcp("127.0.0.1", PLATFORM_PORT))
attempt("route_public", lambda: route("8.8.8.8"))
attempt("interfaces", lambda: [name for _, name in socket.if_nameindex()])
attempt("read_var", lambda: os.listdir(VAR_DIR))
attempt("read_source", lambda: open(SOURCE_FILE).read(100))
attempt("read_proc1_environ", lambda: open("/proc/1/environ", "rb").read())
attempt("read_home", lambda: os.listdir(HOME))
attempt("read_platform_venv", lambda: os.listdir(PLATFORM_VENV))
for path in ["/escape", "/etc/escape", "/usr/escape", "/opt/venv/escape", "/opt/tomato/escape", "/var/escape",
             "/proc/escape", "/dev/escape", "/home/escape"]:
    attempt("write:" + path, lambda path=path: write(path))
attempt("write_workdir", lambda: write("/work/inside.txt"))
attempt("setuid0", lambda: os.setuid(0))
attempt("mount_command", lambda: subprocess.run(["mount", "-t", "tmpfs", "none", "/work"], capture_output=True,
                                                text=True, check=True))
attempt("mount_syscall", lambda: libc_call("mount", b"none", b"/work", b"tmpfs", 0, None))
attempt("unshare_user", lambda: libc_call("unshare", 0x10000000))
attempt("ptrace_pid1", lambda: libc_call("ptrace", 16, 1, None, None))
attempt("af_packet", lambda: socket.socket(17, socket.SOCK_RAW))
out["uid"] = [os.getuid(), os.geteuid(), os.getgid()]
out["environ"] = dict(os.environ)
out["self_environ"] = open("/proc/self/environ", "rb").read().decode()
out["processes"] = sorted(p for p in os.listdir("/proc") if p.isdigit())
print(json.dumps(out))
"""


def test_the_sandbox_holds_through_the_agent_loop(on_sandbox_worker, user, scenario, live_server_url):
    port = int(live_server_url.rsplit(":", 1)[1])
    venv = Path(os.environ.get("VIRTUAL_ENV") or ROOT / ".venv").resolve()
    code = (
        PROBE.replace("PLATFORM_PORT", str(port))
        .replace("VAR_DIR", repr(str(ROOT / "var")))
        .replace("SOURCE_FILE", repr(str(ROOT / "manage.py")))
        .replace("PLATFORM_VENV", repr(str(venv)))
        .replace("HOME", repr(os.path.expanduser("~")))
    )
    [result] = run_through_agent(user, scenario, [code])
    probe = stdout_json(result)
    refused = {name: value for name, value in probe.items() if isinstance(value, list) and value[0] == "refused"}

    # The network: the platform's own port and any public route are out of reach; only a loopback exists.
    assert "tcp_platform" in refused
    assert refused["tcp_platform"][1] == "ConnectionRefusedError"
    assert refused["route_public"][2].startswith("[Errno 101]")  # ENETUNREACH: no route at all
    assert probe["interfaces"] == ["allowed", "['lo']"]
    # The host's files: var/, the project's source, the platform's venv, the home and pid 1's environment.
    for name in ("read_var", "read_source", "read_platform_venv", "read_home", "read_proc1_environ"):
        assert name in refused, (name, probe[name])
    # Writes outside the working directory fail; inside it they work.
    writes = [name for name in probe if name.startswith("write:")]
    assert len(writes) == 9
    assert all(name in refused for name in writes), {n: probe[n] for n in writes}
    assert probe["write_workdir"][0] == "allowed"
    # No way back to root or to the kernel's mount and namespace machinery.
    assert probe["uid"] == [1000, 1000, 1000]
    for name in ("setuid0", "mount_command", "mount_syscall", "unshare_user", "ptrace_pid1", "af_packet"):
        assert name in refused, (name, probe[name])
    assert "EPERM" in refused["mount_syscall"][2] or "Operation not permitted" in refused["mount_syscall"][2]
    # The environment is the sandbox's own: no variable of the worker's, no canary anywhere.
    assert set(probe["environ"]) <= {
        "PATH",
        "HOME",
        "TMPDIR",
        "USER",
        "LANG",
        "PYTHONUNBUFFERED",
        "PYTHONDONTWRITEBYTECODE",
        "MPLBACKEND",
        "MPLCONFIGDIR",
        "OPENBLAS_NUM_THREADS",
        "OMP_NUM_THREADS",
        "OPENBLAS_CORETYPE",
        "OPENBLAS_L2_SIZE",
        "PWD",
    }
    assert CANARY not in json.dumps(probe)
    assert "LLM_API_KEY" not in probe["self_environ"]
    assert "DJANGO_SETTINGS_MODULE" not in probe["self_environ"]
    # The sandbox sees its own processes only.
    assert len(probe["processes"]) <= 3


ORDINARY = r"""
import json, subprocess, sys, threading
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt

frame = pd.DataFrame({"x": np.arange(10), "y": np.arange(10) ** 2})
results = []
threads = [threading.Thread(target=lambda i=i: results.append(int(np.linalg.matrix_power(np.eye(3) * 2, i)[0, 0])))
           for i in range(4)]
for t in threads: t.start()
for t in threads: t.join()
child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
shell = subprocess.run("echo hi | tr a-z A-Z", shell=True, capture_output=True, text=True)
plt.plot(frame.x, frame.y)
plt.title("squares")
frame.to_csv("squares.csv", index=False)
print(json.dumps({"sum": int(frame.y.sum()), "threads": sorted(results), "child": child.stdout.strip(),
                  "shell": shell.stdout.strip(), "numpy": np.__version__, "pandas": pd.__version__}))
frame.y.mean()
"""


def test_ordinary_code_passes_the_filter_and_plots_come_back(on_sandbox_worker, user, scenario, make_user):
    [result] = run_through_agent(user, scenario, [ORDINARY])
    visible = result["visible"]
    assert visible["status"] == "ok", visible
    assert visible["stderr"] == ""
    data = json.loads(visible["stdout"])
    assert data["sum"] == 285
    assert data["threads"] == [1, 2, 4, 8]
    assert data["child"].isdigit()
    assert data["shell"] == "HI"
    assert visible["value"] == "np.float64(28.5)"  # the repr, as a notebook shows it
    files = {item["name"]: item for item in visible["files"]}
    assert set(files) == {"figure-1.png", "squares.csv"}
    figure = files["figure-1.png"]
    assert figure["image"] is True
    assert figure["figure"] is True
    assert figure["content_type"] == "image/png"
    assert files["squares.csv"]["image"] is False

    from rest_framework.test import APIClient

    owner = APIClient()
    owner.force_authenticate(user)
    response = owner.get(figure["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    csv = owner.get(files["squares.csv"]["url"])
    assert csv.status_code == 200
    assert "attachment" in csv["Content-Disposition"]
    assert b"".join(csv.streaming_content).startswith(b"x,y\n0,0\n")
    stranger = APIClient()
    stranger.force_authenticate(make_user())
    assert stranger.get(figure["url"]).status_code == 404
    assert APIClient().get(figure["url"]).status_code in (401, 403)


def test_two_concurrent_executions_cannot_see_each_others_files(on_sandbox_worker, user, scenario):
    code = (
        "import os, time\nopen('/work/mine-{tag}.txt', 'w').write('{tag}')\ntime.sleep(1.5)\n"
        "print(sorted(f for f in os.listdir('/work') if not f.startswith('.')))"
    )
    started = time.monotonic()
    first, second = run_through_agent(user, scenario, [code.format(tag="a"), code.format(tag="b")])
    assert first["visible"]["stdout"].strip() == "['mine-a.txt']"
    assert second["visible"]["stdout"].strip() == "['mine-b.txt']"
    assert time.monotonic() - started < 2 * 1.5 + 6  # they ran side by side, not one after the other


@pytest.mark.parametrize(
    ("code", "statuses", "words"),
    [
        (
            "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
            {"timeout", "cpu_limit"},
            "Stopped",
        ),
        ("chunks = []\nwhile True:\n    chunks.append(bytearray(50 * 1024 * 1024))\n", {"memory_limit"}, "memory"),
        ("while True:\n    pass\n", {"cpu_limit", "timeout"}, "Stopped"),
        (
            "import sys\nblock = 'x' * (1024 * 1024)\nfor _ in range(100):\n    sys.stdout.write(block)\n",
            {"output_limit"},
            "output",
        ),
    ],
    ids=["fork_bomb", "memory_hog", "infinite_loop", "100mb_output"],
)
def test_runaway_code_ends_with_a_clear_error_and_the_worker_is_unharmed(
    on_sandbox_worker, user, scenario, code, statuses, words
):
    started = time.monotonic()
    [result] = run_through_agent(user, scenario, [code])
    elapsed = time.monotonic() - started
    visible = result["visible"]
    assert visible["status"] in statuses, visible
    assert words in visible["message"]
    assert elapsed < float(TIGHT_LIMITS["SANDBOX_WALL_SECONDS"]) + 10  # the wall clock + the turn around it
    assert len(visible["stdout"]) <= 25_000  # what a person sees is clipped
    # The worker lives on and runs the next piece of code normally.
    assert on_sandbox_worker.poll() is None
    [after] = run_through_agent(user, scenario, ["print(sum(range(10)))"])
    assert after["visible"]["stdout"] == "45\n"


def processes_with(tag: str) -> list[str]:
    """The host's processes whose command line carries ``tag``."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                if tag.encode() in handle.read():
                    found.append(pid)
        except OSError:
            continue  # gone meanwhile
    return found


def test_cancelling_the_run_kills_the_code_run_python_is_running(on_sandbox_worker, user, scenario):
    # The code becomes a sleeping interpreter whose command line carries a tag the host can see.
    tag = f"tomato-cancel-{uuid.uuid4().hex}"
    code = f"import os, sys\nos.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(60)', {tag!r}])"
    marker = scenario([{"tool_calls": [{"name": "run_python", "arguments": {"code": code}}]}, {"content": "Done."}])
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} run it")
    deadline = time.monotonic() + 30
    while not processes_with(tag):
        assert time.monotonic() < deadline, "the code never started"
        time.sleep(0.05)
    cancelled_at = time.monotonic()
    assert admission.run_cancel(user=user, run_id=started.run_id) == "cancelling"
    evts = read_events(started.run_id, timeout=30)
    ended_after = time.monotonic() - cancelled_at
    assert evts[-1].type == events.CANCELLED
    [result] = [e.data for e in evts if e.type == events.TOOL_RESULT]
    # Stopped by the cancel, not by the wall clock (6 s) that would have ended it otherwise.
    assert result["visible"]["status"] == "cancelled", result["visible"]
    assert ended_after < float(TIGHT_LIMITS["SANDBOX_WALL_SECONDS"]) - 1.5
    deadline = time.monotonic() + 2
    while processes_with(tag) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not processes_with(tag), "the sandboxed process outlived the cancel"
