"""Smoke test of the production topology, without Docker, on this machine.

    .venv/bin/python ops/smoke_topology.py [--keep]

Starts Debian's nginx (installed with apt-get when missing and running as root)
on a free 127.0.0.1 port in front of TWO daphne processes and one Celery worker
(``--pool gevent``), all on production settings, against this machine's
PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test) and
Redis (SMOKE_REDIS_URL, default redis://127.0.0.1:6379/8), an in-memory
embedded MongoDB-protocol server and the scripted LLM (which requires an API
key: a canary that must never show up in a log). Then, through nginx only:
/health, a static file, signup, chat over WebSocket, SSE (/api/chat/stream),
the GenOS endpoint (/chat/stream), the run-events replay, /metrics; it checks
that streamed tokens add up to the answer, that both web processes served
requests, that their logs are JSON, and that no token or key reaches nginx's
access log or any service log. Every process it started is stopped (process
groups) on the way out; the temp directory is removed unless --keep or failure.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tomato_agent.embedded import free_port, secantus_command, wait_for_port  # noqa: E402

QUESTION = "what is 12*7"
TEMPLATE = ROOT / "nginx" / "nginx.conf.template"
STEP_TIMEOUT = 60.0
TOTAL_TIMEOUT = 300


def render_nginx(*, listen: str, upstreams: list[str], static_root: str, temp: str, pid: str,
                 error_log: str, access_log: str) -> str:  # fmt: skip
    text = TEMPLATE.read_text()
    values = {
        "LISTEN": listen,
        "UPSTREAMS": "\n".join(f"        server {u} max_fails=3 fail_timeout=5s;" for u in upstreams),
        "STATIC_ROOT": static_root.rstrip("/"),
        "TEMP": temp,
        "PID": pid,
        "ERROR_LOG": error_log,
        "ACCESS_LOG": access_log,
    }
    for key, value in values.items():
        text = text.replace(f"@@{key}@@", value)
    assert "@@" not in text, "unrendered placeholder"
    return text


def compose_nginx_conf() -> str:
    """nginx/nginx.conf: the template for docker-compose (web service, /srv/static)."""
    return render_nginx(
        listen="80", upstreams=["web:8000"], static_root="/srv/static", temp="/var/cache/nginx",
        pid="/var/run/nginx.pid", error_log="/dev/stderr", access_log="/dev/stdout",
    )  # fmt: skip


class Smoke:
    def __init__(self, keep: bool) -> None:
        self.keep = keep
        self.tmp = Path(tempfile.mkdtemp(prefix="tomato-smoke-"))
        self.tmp.chmod(0o755)  # nginx workers (nobody) read static files under it
        self.procs: list[tuple[str, subprocess.Popen]] = []
        self.exercised: list[str] = []
        self.canary_llm_key = "sk-smoke-CANARY" + secrets.token_hex(12)

    # --- processes -----------------------------------------------------------------------------------

    def start(self, name: str, cmd: list[str], env: dict | None = None, stdout=None) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=stdout or log, stderr=log, start_new_session=True,
        )  # fmt: skip
        self.procs.append((name, proc))
        return proc

    def stop_all(self) -> None:
        for _name, proc in reversed(self.procs):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for name, proc in reversed(self.procs):
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                print(f"  {name} did not stop on SIGTERM: SIGKILL")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        # Children left in a group (celery's pool, nginx workers) go too.
        for _name, proc in self.procs:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)

    def check_alive(self) -> None:
        for name, proc in self.procs:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}; see {self.tmp / (name + '.log')}")

    # --- setup ---------------------------------------------------------------------------------------

    def nginx_binary(self) -> str:
        found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
        if found:
            return found
        if os.geteuid() != 0:
            raise RuntimeError("nginx is not installed and this is not root: apt-get install nginx")
        print("  installing nginx (apt-get)")
        subprocess.run(["apt-get", "update", "-qq"], check=True, timeout=300)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=True, timeout=600,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})  # fmt: skip
        return shutil.which("nginx") or "/usr/sbin/nginx"

    def start_services(self) -> dict[str, str]:
        mongo_port = free_port()
        self.start("mongo", secantus_command(port=mongo_port, data_dir=None))
        wait_for_port(mongo_port, timeout=STEP_TIMEOUT)

        llm = self.start(
            "llm",
            [sys.executable, "-m", "scripted_llm", "--host", "127.0.0.1", "--port", "0", "--delay-ms", "20",
             "--api-key", self.canary_llm_key],
            stdout=subprocess.PIPE,
        )  # fmt: skip
        line = llm.stdout.readline().decode().strip()
        if "listening on " not in line:
            raise RuntimeError(f"scripted LLM did not start: {line!r}")
        llm_url = line.split("listening on ", 1)[1]

        prom = self.tmp / "prometheus"
        prom.mkdir()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tomato_agent.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "NUM_PROXIES": "1",
            "DEBUG": "false",
            "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test"),
            "REDIS_URL": os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/8"),
            "MONGO_URL": f"mongodb://127.0.0.1:{mongo_port}/tomato_smoke?directConnection=true",
            "MONGO_DB_NAME": "tomato_smoke",
            "LLM_BASE_URL": llm_url,
            "LLM_SCRIPTED": "true",
            "LLM_MODEL": "scripted-demo",
            "LLM_API_KEY": self.canary_llm_key,
            "CELERY_QUEUE": f"tomato-smoke-{uuid.uuid4().hex[:8]}",
            "STATIC_ROOT": str(self.tmp / "static"),
            "PROMETHEUS_MULTIPROC_DIR": str(prom),
            "METRICS_ALLOWED_IPS": "127.0.0.1/32",
            "LOG_FORMAT": "json",
            "PYTHONUNBUFFERED": "1",
        }
        self.exercised.append(f"scripted LLM at {llm_url} (API key required), embedded Mongo :{mongo_port}")
        return env

    def manage(self, env: dict, *args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=180,
                       stdout=subprocess.DEVNULL)  # fmt: skip

    def start_topology(self, env: dict) -> tuple[int, list[int]]:
        web_ports = [free_port(), free_port()]
        for i, port in enumerate(web_ports):
            self.start(f"web{i + 1}", [sys.executable, "-m", "daphne", "-v", "0", "-b", "127.0.0.1", "-p",
                                       str(port), "tomato_agent.asgi:application"], env=env)  # fmt: skip
        self.start("worker", [sys.executable, "-m", "celery", "-A", "tomato_agent", "worker", "--pool", "gevent",
                              "--concurrency", "20", "--loglevel", "INFO", "--without-gossip",
                              "--without-mingle", "-n", f"smoke-{uuid.uuid4().hex[:6]}@%h"], env=env)  # fmt: skip
        for port in web_ports:
            wait_for_port(port, timeout=STEP_TIMEOUT)
        nginx_port = free_port()
        prefix = self.tmp / "nginx"
        (prefix / "temp").mkdir(parents=True)
        conf = prefix / "nginx.conf"
        conf.write_text(render_nginx(
            listen=f"127.0.0.1:{nginx_port}", upstreams=[f"127.0.0.1:{p}" for p in web_ports],
            static_root=env["STATIC_ROOT"], temp=str(prefix / "temp"), pid=str(prefix / "nginx.pid"),
            error_log=str(prefix / "error.log"), access_log=str(prefix / "access.log"),
        ))  # fmt: skip
        nginx = self.nginx_binary()
        subprocess.run([nginx, "-t", "-q", "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf)],
                       check=True, timeout=30)  # fmt: skip
        self.start("nginx", [nginx, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf),
                             "-g", "daemon off;"])  # fmt: skip
        wait_for_port(nginx_port, timeout=STEP_TIMEOUT)
        self.exercised.append(f"nginx :{nginx_port} -> daphne :{web_ports[0]}, :{web_ports[1]}; celery --pool gevent")
        return nginx_port, web_ports

    # --- checks through nginx ------------------------------------------------------------------------------

    async def checks(self, base: str) -> None:
        import aiohttp

        timeout = aiohttp.ClientTimeout(total=STEP_TIMEOUT)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            await self.wait_healthy(http, base)
            await self.check_static(http, base)
            token = await self.signup(http, base)
            self.user_token = token
            auth = {"Authorization": f"Token {token}"}
            # A token in a query string (a client mistake) must not reach the access log either.
            async with http.get(f"{base}/api/auth/me?token={token}", headers=auth) as r:
                assert r.status == 200, r.status
            for _ in range(6):  # spread over both web processes
                async with http.get(f"{base}/api/auth/me", headers=auth) as r:
                    assert r.status == 200
                    assert r.headers.get("X-Request-ID"), "no X-Request-ID"
            ws_content, ws_tokens = await self.chat_ws(http, base, token)
            sse_run, sse_content, sse_tokens, sse_reads = await self.chat_sse(http, base, auth)
            genos_tokens = await self.chat_genos(http, base, auth)
            await self.replay(http, base, auth, sse_run, sse_content)
            for name, tokens in (("WebSocket", ws_content), ("SSE", sse_content)):
                assert "84" in tokens, f"{name} answer lacks 84: {tokens!r}"
            assert genos_tokens == sse_content, f"GenOS tokens {genos_tokens!r} != SSE answer {sse_content!r}"
            self.exercised.append(f"WebSocket /ws/chat/: {ws_tokens} tokens == result {ws_content!r}")
            self.exercised.append(
                f"SSE POST /api/chat/stream: {sse_tokens} tokens in {sse_reads} network reads == result"
            )
            self.exercised.append("GenOS POST /chat/stream: tokens == the SSE answer")
            await self.check_metrics(http, base)

    async def wait_healthy(self, http, base: str) -> None:
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:
            self.check_alive()
            try:
                async with http.get(f"{base}/health") as r:
                    if r.status == 200:
                        self.exercised.append("GET /health 200")
                        return
                    status = r.status
            except OSError as exc:
                status = exc
            if time.monotonic() > deadline:
                raise RuntimeError(f"/health never answered 200 (last: {status})")
            await asyncio.sleep(0.3)

    async def check_static(self, http, base: str) -> None:
        rel = "admin/css/base.css"
        on_disk = (Path(self.env["STATIC_ROOT"]) / rel).read_bytes()
        async with http.get(f"{base}/static/{rel}") as r:
            assert r.status == 200, f"static {r.status}"
            assert await r.read() == on_disk
            assert r.headers.get("X-Content-Type-Options") == "nosniff"
            assert "text/css" in r.headers.get("Content-Type", "")
        self.exercised.append(f"GET /static/{rel} 200 from nginx (STATIC_ROOT)")

    async def signup(self, http, base: str) -> str:
        username = f"smoke-{uuid.uuid4().hex[:10]}"
        body = {"username": username, "password": "Sm0ke-" + secrets.token_urlsafe(12)}
        async with http.post(f"{base}/api/auth/signup", json=body) as r:
            data = await r.json()
            assert r.status == 201, (r.status, data)
        self.exercised.append(f"POST /api/auth/signup 201 ({username})")
        return data["token"]

    async def chat_ws(self, http, base: str, token: str) -> tuple[str, int]:
        tokens: list[str] = []
        async with http.ws_connect(f"{base}/ws/chat/") as ws:
            await ws.send_str(json.dumps({"type": "auth", "token": token}))
            frame = json.loads((await ws.receive(timeout=STEP_TIMEOUT)).data)
            assert frame["type"] == "auth_ok", frame
            await ws.send_str(json.dumps({"type": "message", "content": QUESTION}))
            while True:
                msg = await ws.receive(timeout=STEP_TIMEOUT)
                assert msg.type.name == "TEXT", f"socket closed: {msg}"
                frame = json.loads(msg.data)
                if frame["type"] == "token":
                    tokens.append(frame["data"])
                elif frame["type"] == "error":
                    raise AssertionError(f"WebSocket run failed: {frame}")
                elif frame["type"] == "result":
                    content = frame["data"]["content"]
                    break
        assert "".join(tokens) == content, (tokens, content)
        return content, len(tokens)

    @staticmethod
    async def _sse_events(response):
        """(event, data) pairs of a text/event-stream, and the number of network reads."""
        buffer, reads = b"", 0
        async for chunk in response.content.iter_any():
            reads += 1
            buffer += chunk
            while b"\n\n" in buffer:
                block, buffer = buffer.split(b"\n\n", 1)
                event, data = "message", []
                for line in block.decode().splitlines():
                    if line.startswith("event: "):
                        event = line[7:]
                    elif line.startswith("data: "):
                        data.append(line[6:])
                if data:
                    yield event, json.loads("\n".join(data)), reads

    async def chat_sse(self, http, base: str, auth: dict) -> tuple[str, str, int, int]:
        tokens, run_id, reads = [], None, 0
        async with http.post(f"{base}/api/chat/stream", json={"message": QUESTION}, headers=auth) as r:
            assert r.status == 200, r.status
            assert r.headers["Content-Type"].startswith("text/event-stream")
            async for event, data, count in self._sse_events(r):
                reads = count
                if event == "session":
                    run_id = data["run_id"]
                elif event == "token":
                    tokens.append(data)
                elif event == "error":
                    raise AssertionError(f"SSE run failed: {data}")
                elif event == "result":
                    content = data["content"]
                    break
        assert "".join(tokens) == content, (tokens, content)
        # Unbuffered: the answer arrives over several reads, not as one buffered block.
        assert reads > 2, f"the SSE stream arrived in {reads} read(s): buffered?"
        return run_id, content, len(tokens), reads

    async def chat_genos(self, http, base: str, auth: dict) -> str:
        tokens = []
        async with http.post(f"{base}/chat/stream", json={"question": QUESTION}, headers=auth) as r:
            assert r.status == 200, r.status
            async for _event, data, _reads in self._sse_events(r):
                if data["event"] == "token":
                    tokens.append(data["data"])
                elif data["event"] == "error":
                    raise AssertionError(f"GenOS run failed: {data}")
                elif data["event"] == "result":
                    break
        return "".join(tokens)

    async def replay(self, http, base: str, auth: dict, run_id: str, content: str) -> None:
        tokens = []
        async with http.get(f"{base}/api/runs/{run_id}/events", headers=auth) as r:
            assert r.status == 200, r.status
            async for event, data, _reads in self._sse_events(r):
                if event == "token":
                    tokens.append(data)
                elif event in ("result", "error", "cancelled"):
                    assert event == "result", data
                    break
        assert "".join(tokens) == content
        self.exercised.append("GET /api/runs/{id}/events replay == result")

    async def check_metrics(self, http, base: str) -> None:
        async with http.get(f"{base}/metrics") as r:
            text = await r.text()
            assert r.status == 200, r.status
        assert "tomato_http_requests_total" in text, text[:500]
        self.metrics_requests = sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("tomato_http_requests_total{")
        )
        self.exercised.append(f"GET /metrics 200: {self.metrics_requests:.0f} HTTP requests counted")

    # --- logs ------------------------------------------------------------------------------------------------

    def check_logs(self) -> None:
        access = (self.tmp / "nginx" / "access.log").read_text()
        assert access.strip(), "nginx wrote no access log"
        secrets_ = {"user token": self.user_token, "LLM key": self.canary_llm_key}
        for what, value in secrets_.items():
            assert value not in access, f"{what} in nginx's access log"
        assert "?token=" not in access
        self.exercised.append(f"nginx access log: {len(access.splitlines())} lines, no token, no query string")
        served = {}
        # daphne runs with -v 0: its own access log would print query strings; the
        # request-id middleware logs method, path and status instead.
        for name in ("web1", "web2", "worker"):
            text = (self.tmp / f"{name}.log").read_text(errors="replace")
            for what, value in secrets_.items():
                assert value not in text, f"{what} in {name}'s log"
            lines = [ln for ln in text.splitlines() if ln.startswith("{")]
            parsed = [json.loads(ln) for ln in lines]
            served[name] = sum(1 for p in parsed if p.get("logger") == "tomato_agent.request")
            if name != "worker":
                assert all({"time", "level", "logger", "message", "request_id"} <= p.keys() for p in parsed)
        assert served["web1"] > 0, "web1 served nothing"
        assert served["web2"] > 0, "web2 served nothing"
        # One scrape (answered by one daphne) counts the requests of both: multiprocess mode works.
        before_scrape = served["web1"] + served["web2"] - 1
        assert self.metrics_requests >= before_scrape, (self.metrics_requests, served)
        self.exercised.append(
            f"JSON logs: web1 {served['web1']} / web2 {served['web2']} requests (all in the one /metrics scrape); "
            "no token or key in any service log"
        )

    def run(self) -> None:
        env = self.start_services()
        self.env = env
        self.manage(env, "migrate", "--noinput", "-v", "0")
        self.manage(env, "collectstatic", "--noinput", "-v", "0")
        self.exercised.append("migrate (PostgreSQL) + collectstatic (temp STATIC_ROOT)")
        nginx_port, _ = self.start_topology(env)
        asyncio.run(asyncio.wait_for(self.checks(f"http://127.0.0.1:{nginx_port}"), TOTAL_TIMEOUT))
        self.check_alive()
        time.sleep(0.5)  # let the last access lines land
        self.check_logs()


def _alarm(signum, frame):
    raise TimeoutError(f"smoke test exceeded {TOTAL_TIMEOUT + 120}s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temp directory (logs, configs)")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.alarm(TOTAL_TIMEOUT + 120)
    smoke = Smoke(keep=args.keep)
    ok = False
    print(f"smoke: production topology in {smoke.tmp}")
    try:
        smoke.run()
        ok = True
    except BaseException as exc:
        print(f"smoke: FAILED: {type(exc).__name__}: {exc}")
        for name, _ in smoke.procs:
            log = smoke.tmp / f"{name}.log"
            if log.exists():
                tail = log.read_text(errors="replace").splitlines()[-15:]
                print(f"--- {name}.log (tail) ---\n" + "\n".join(tail))
        if not isinstance(exc, Exception):
            raise
    finally:
        signal.alarm(0)
        smoke.stop_all()
        left = [name for name, proc in smoke.procs if proc.poll() is None]
        print(f"smoke: stopped {len(smoke.procs)} processes" + (f" (still running: {left})" if left else ""))
        if ok and not smoke.keep:
            shutil.rmtree(smoke.tmp, ignore_errors=True)
    print("smoke: exercised:")
    for item in smoke.exercised:
        print(f"  - {item}")
    print("smoke: PASSED" if ok else f"smoke: FAILED (logs kept in {smoke.tmp})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
