"""``make run``: the whole platform in one terminal on embedded defaults.

For each backing service whose URL is unset, the embedded server is started
(data under ``var/`` so it survives restarts), then daphne, a Celery worker
and — without LLM_BASE_URL — the scripted demo LLM server. honcho supervises
them all: Ctrl-C stops every child.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
EMBEDDED_REDIS_PORT = 6390
EMBEDDED_MONGO_PORT = 27027
SCRIPTED_LLM_PORT = 8100


def _port_busy(port: int) -> bool:
    import socket

    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def build_procfile(env: dict[str, str]) -> tuple[str, list[str]]:
    """The Procfile text for this environment and the notes to print."""
    py = shlex.quote(sys.executable)
    lines: list[str] = []
    notes: list[str] = []
    if not env.get("REDIS_URL"):
        env["REDIS_URL"] = f"redis://127.0.0.1:{EMBEDDED_REDIS_PORT}/0"
        lines.append(f"redis: {py} -m tomato_agent.embedded redis --port {EMBEDDED_REDIS_PORT} --data var/valkey")
        notes.append(f"Redis: embedded Valkey on 127.0.0.1:{EMBEDDED_REDIS_PORT} (var/valkey)")
    if not env.get("MONGO_URL"):
        env["MONGO_URL"] = f"mongodb://127.0.0.1:{EMBEDDED_MONGO_PORT}/tomato?directConnection=true"
        lines.append(f"mongo: {py} -m tomato_agent.embedded mongo --port {EMBEDDED_MONGO_PORT} --data var/mongo")
        notes.append(f"MongoDB: embedded SecantusDB on 127.0.0.1:{EMBEDDED_MONGO_PORT} (var/mongo)")
    if not env.get("LLM_BASE_URL"):
        env["LLM_BASE_URL"] = f"http://127.0.0.1:{SCRIPTED_LLM_PORT}/v1"
        env["LLM_SCRIPTED"] = "true"
        env.setdefault("LLM_MODEL", "scripted-demo")
        lines.append(f"llm: {py} -m scripted_llm --host 127.0.0.1 --port {SCRIPTED_LLM_PORT} --delay-ms 15")
        notes.append("LLM: the scripted DEMO model (no intelligence; set LLM_BASE_URL for a real one)")
    host, port = env.get("HOST", "127.0.0.1"), env.get("PORT", "8000")
    lines.append(
        f"web: {py} manage.py prepare_services && "
        # A Twisted endpoint string: daphne's default listen backlog (50) stalls bursts of connects.
        # -v 0: daphne's own access log would print query strings; our middleware logs requests.
        f"exec {py} -m daphne -v 0 -e tcp:port={int(port)}:interface={shlex.quote(host)}:backlog=2048 "
        f"tomato_agent.asgi:application"
    )
    lines.append(
        f"worker: {py} manage.py wait_for_services && exec {py} -m celery -A tomato_agent worker "
        f"--pool gevent --concurrency {env.get('WORKER_CONCURRENCY', '250')} --loglevel INFO"
    )
    notes.append(f"Open http://{host}:{port}/  (admin: {sys.executable} manage.py createsuperuser)")
    return "\n".join(lines) + "\n", notes


def main() -> None:
    os.chdir(ROOT)
    VAR.mkdir(exist_ok=True)
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "tomato_agent.settings.base")
    env["PYTHONUNBUFFERED"] = "1"
    for name, port in (("REDIS_URL", EMBEDDED_REDIS_PORT), ("MONGO_URL", EMBEDDED_MONGO_PORT)):
        if not env.get(name) and _port_busy(port):
            sys.exit(f"port {port} (embedded server for unset {name}) is taken: stop what uses it")
    procfile, notes = build_procfile(env)
    (VAR / "Procfile").write_text(procfile)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, check=True)
    print("Tomato Agent is starting:")
    for note in notes:
        print("  " + note)
    sys.stdout.flush()
    honcho = Path(sys.executable).with_name("honcho")
    os.execve(str(honcho), [str(honcho), "-f", str(VAR / "Procfile"), "-d", str(ROOT), "start"], env)


if __name__ == "__main__":
    main()
