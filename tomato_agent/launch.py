"""``make run``: the whole platform in one terminal on embedded defaults, supervised by circus.

For each backing service whose URL is unset, the embedded server is started
(data under ``var/`` so it survives restarts), then ``WEB_PROCESSES`` daphne
processes sharing one listening socket that circus owns (``daphne --fd``),
``WORKER_PROCESSES`` Celery workers and — without LLM_BASE_URL — the scripted
demo LLM server. circus (a maintained process supervisor from PyPI) restarts
any child that dies: at once, and a child that keeps dying (more than
``attempts`` deaths in ``window`` seconds) is paused ``retry_in`` seconds
before the next try, for as long as it takes. The runs a dead worker held end
with ``worker_lost`` (the web processes' sweeper, or their followers).
Ctrl-C stops every child.

Why circus and not honcho: honcho stops everything when one child exits (a
killed worker took Valkey, SecantusDB and daphne down with it), and it cannot
hand one listening socket to several daphne processes.
"""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
# Fixed so that data and URLs stay put between runs; a test of the launcher moves them all.
EMBEDDED_REDIS_PORT = 6390
EMBEDDED_MONGO_PORT = 27027
SCRIPTED_LLM_PORT = 8100
# Restart policy for every child (the circus flapping plugin): more than ATTEMPTS deaths within
# WINDOW seconds pauses the child RETRY_IN seconds before the next start; it never gives up.
FLAPPING = {"attempts": 3, "window": 10, "retry_in": 5, "max_retry": -1}


def _port_busy(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def process_counts(env: dict[str, str]) -> tuple[int, int]:
    """``WEB_PROCESSES`` and ``WORKER_PROCESSES`` (each defaults to the number of cores)."""
    cores = os.cpu_count() or 1
    counts = []
    for name in ("WEB_PROCESSES", "WORKER_PROCESSES"):
        raw = env.get(name, "").strip()
        try:
            value = int(raw) if raw else cores
        except ValueError:
            sys.exit(f"{name} must be a whole number, not {raw!r}")
        if value < 1:
            sys.exit(f"{name} must be at least 1")
        counts.append(value)
    return counts[0], counts[1]


def _watcher(name: str, cmd: str, *, priority: int, numprocesses: int = 1, graceful: int = 10, **extra) -> str:
    """One circus watcher. ``cmd`` is a shell script run by ``/bin/sh -c``; it ends by ``exec``-ing the real
    program, so circus supervises (and signals) that program itself, not a shell around it."""
    lines = [
        f"[watcher:{name}]",
        f"cmd = /bin/sh -c {shlex.quote(cmd)}",
        "copy_env = True",
        f"working_dir = {ROOT}",
        f"numprocesses = {numprocesses}",
        f"priority = {priority}",
        f"graceful_timeout = {graceful}",
        "stop_children = True",
        "stdout_stream.class = FancyStdoutStream",
        "stderr_stream.class = FancyStdoutStream",
    ]
    lines += [f"{key} = {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


def build_circus_ini(env: dict[str, str], run_dir: Path = VAR) -> tuple[str, list[str]]:
    """The circus configuration for this environment and the notes to print; fills in ``env``'s URLs.

    ``run_dir`` holds the configuration, circus's control sockets and the embedded servers' data
    (``var/``; ``EMBEDDED_REDIS_PORT``, ``EMBEDDED_MONGO_PORT``, ``SCRIPTED_LLM_PORT`` move the ports).
    """
    redis_port = int(env.get("EMBEDDED_REDIS_PORT", EMBEDDED_REDIS_PORT))
    mongo_port = int(env.get("EMBEDDED_MONGO_PORT", EMBEDDED_MONGO_PORT))
    llm_port = int(env.get("SCRIPTED_LLM_PORT", SCRIPTED_LLM_PORT))
    py = shlex.quote(sys.executable)
    manage = f"{py} manage.py"
    sections: list[str] = []
    notes: list[str] = []
    if not env.get("REDIS_URL"):
        env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        sections.append(
            _watcher(
                "redis",
                f"exec {py} -m tomato_agent.embedded redis --port {redis_port} --data {shlex.quote(str(run_dir / 'valkey'))}",
                priority=100,
                graceful=15,
            )
        )
        notes.append(f"Redis: embedded Valkey on 127.0.0.1:{redis_port} ({run_dir / 'valkey'})")
    if not env.get("MONGO_URL"):
        env["MONGO_URL"] = f"mongodb://127.0.0.1:{mongo_port}/tomato?directConnection=true"
        sections.append(
            _watcher(
                "mongo",
                f"exec {py} -m tomato_agent.embedded mongo --port {mongo_port} --data {shlex.quote(str(run_dir / 'mongo'))}",
                priority=100,
                graceful=15,
            )
        )
        notes.append(f"MongoDB: embedded SecantusDB on 127.0.0.1:{mongo_port} ({run_dir / 'mongo'})")
    if not env.get("LLM_BASE_URL"):
        env["LLM_BASE_URL"] = f"http://127.0.0.1:{llm_port}/v1"
        env["LLM_SCRIPTED"] = "true"
        env.setdefault("LLM_MODEL", "scripted-demo")
        sections.append(
            _watcher(
                "llm",
                f"exec {py} -m scripted_llm --host 127.0.0.1 --port {llm_port} --delay-ms 15",
                priority=90,
            )
        )
        notes.append("LLM: the scripted DEMO model (no intelligence; set LLM_BASE_URL for a real one)")
    web, workers = process_counts(env)
    host, port = env.get("HOST", "127.0.0.1"), int(env.get("PORT", "8000"))
    # Indexes and seed data, once per start (not restarted when it exits).
    sections.append(_watcher("prepare", f"exec {manage} prepare_services", priority=50, respawn="False"))
    # One listening socket owned by circus, shared by every daphne process (the kernel spreads
    # connections); a large backlog so bursts of connects do not stall.
    sections.append(f"[socket:web]\nhost = {host}\nport = {port}\nbacklog = 2048\n")
    wait = f"exec {manage} wait_for_services --timeout 120 --exec"
    # -v 0: daphne's own access log would print query strings; our middleware logs requests.
    sections.append(
        _watcher(
            "web",
            f"{wait} {py} -m daphne -v 0 --fd $(circus.sockets.web) tomato_agent.asgi:application",
            priority=10,
            numprocesses=web,
            use_sockets="True",
        )
    )
    sections.append(
        _watcher(
            "worker",
            f"{wait} {py} -m celery -A tomato_agent worker --pool gevent "
            f"--concurrency {int(env.get('WORKER_CONCURRENCY', '250'))} --loglevel INFO -n worker$(circus.wid)@%h",
            priority=10,
            numprocesses=workers,
        )
    )
    notes.append(f"{web} web process(es) on one socket, {workers} worker process(es) (WEB_PROCESSES, WORKER_PROCESSES)")
    notes.append(f"Open http://{host}:{port}/  (admin: {sys.executable} manage.py createsuperuser)")
    control = (
        "[circus]\n"
        f"endpoint = ipc://{run_dir / 'circus-control.sock'}\n"
        f"pubsub_endpoint = ipc://{run_dir / 'circus-pubsub.sock'}\n"
        "statsd = False\n"
        "check_delay = 1\n"
        "warmup_delay = 0\n"
        "\n[plugin:flapping]\nuse = circus.plugins.flapping.Flapping\n"
        + "".join(f"{key} = {value}\n" for key, value in FLAPPING.items())
    )
    return control + "\n" + "\n".join(sections), notes


def main() -> None:
    os.chdir(ROOT)
    env = dict(os.environ)
    run_dir = Path(env.get("RUN_DIR") or VAR).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    env.setdefault("DJANGO_SETTINGS_MODULE", "tomato_agent.settings.base")
    env["PYTHONUNBUFFERED"] = "1"
    embedded = [
        ("REDIS_URL", "EMBEDDED_REDIS_PORT", EMBEDDED_REDIS_PORT),
        ("MONGO_URL", "EMBEDDED_MONGO_PORT", EMBEDDED_MONGO_PORT),
    ]
    for name, port_setting, default in embedded:
        number = int(env.get(port_setting, default))
        if not env.get(name) and _port_busy(number):
            sys.exit(f"port {number} (embedded server for unset {name}) is taken: stop what uses it")
    config, notes = build_circus_ini(env, run_dir)
    (run_dir / "circus.ini").write_text(config)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, check=True)
    print("Tomato Agent is starting (circus supervises every process; Ctrl-C stops them all):")
    for note in notes:
        print("  " + note)
    sys.stdout.flush()
    circusd = Path(sys.executable).with_name("circusd")
    os.execve(str(circusd), [str(circusd), str(run_dir / "circus.ini")], env)


if __name__ == "__main__":
    main()
