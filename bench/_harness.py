"""Shared start-up for the latency/throughput benches (bench/ttft.py, throughput.py,
concurrent_runs.py, history_page.py) and what every bench reports beside its figures.

:class:`Platform` starts, in this order, and stops in reverse:

* embedded Valkey and SecantusDB processes (unless REDIS_URL / MONGO_URL are set);
* Django in this process (its own SQLite file, MongoDB database and Celery queue);
* the scripted LLM as a SUBPROCESS (``python -m scripted_llm``, one HTTP chunk per
  token unless ``pack=True``): it must not share the GIL with the bench's clients;
* ``worker_processes`` gevent Celery workers (production settings, DEBUG off);
* ``web_processes`` daphnes (listen backlog 2048); with more than one, Debian's
  nginx in front of them (the production template, ``nginx/nginx.conf.template``);
* a user and an API token.

:class:`Probe` samples what every figure is printed with: ``/proc/loadavg``
before and after, and the CPU time of each platform process (daphne, worker,
Valkey, SecantusDB, nginx) and of the scripted LLM over a measured interval.

``python -m bench._harness --smoke`` runs every bench at tiny size on ONE platform
and prints a JSON summary (bench/test_bench_smoke.py runs it inside ``make test``).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._client import MODEL, WSClient, direct_stream, pct, sse_turn  # noqa: E402

__all__ = ["MODEL", "Platform", "Probe", "WSClient", "direct_stream", "pct", "sse_turn"]

CLK_TCK = os.sysconf("SC_CLK_TCK")
PLATFORM_GROUPS = ("daphne", "worker", "valkey", "secantusdb", "nginx")


# --- what every figure is printed with --------------------------------------------------------------


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                children = Path(f"/proc/{current}/task/{task}/children").read_text().split()
                todo.extend(int(c) for c in children)
        except OSError:
            continue
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process and its live descendants."""
    total = 0
    for one in _descendants(pid):
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / CLK_TCK


class Profiles:
    """``BENCH_PROFILE=DIR``: py-spy samples daphne and the worker over a Probe's interval.

    Only stacks that hold the GIL are sampled (``--gil``): Python at work, not
    threads waiting in a select or a socket read (py-spy's idle detection
    counts a gevent hub or a thread pool's idle threads as busy).

    Each process's raw stacks go to ``DIR/<n>-<group><i>.txt`` and a summary is
    printed: the functions that were running (self) and the platform functions
    that were on the stack (inclusive), as shares of that process's samples.
    Sampling costs the measured processes a little CPU; profile apart from the
    figures you record.
    """

    RATE = 200
    _count = 0

    def __init__(self, groups: dict[str, list[int]], directory: str) -> None:
        Profiles._count += 1
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.targets = [
            (f"{Profiles._count}-{name}{i}", pid)
            for name in ("daphne", "worker")
            for i, pid in enumerate(groups.get(name, ()))
        ]
        self.procs: list[tuple[str, subprocess.Popen]] = []

    def start(self) -> None:
        spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
        for label, pid in self.targets:
            out = self.dir / f"{label}.txt"
            self.procs.append(
                (
                    label,
                    subprocess.Popen(
                        [
                            spy,
                            "record",
                            "-r",
                            str(self.RATE),
                            "-f",
                            "raw",
                            "--gil",
                            "--nonblocking",
                            "-o",
                            str(out),
                            "-p",
                            str(pid),
                        ],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    ),
                )
            )

    def stop(self) -> None:
        import signal

        for _, proc in self.procs:
            proc.send_signal(signal.SIGINT)
        for label, proc in self.procs:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
            path = self.dir / f"{label}.txt"
            if path.exists():
                print(summarise_profile(path))


def summarise_profile(path: Path, top: int = 25) -> str:
    """Self and inclusive shares of a py-spy raw file (``frame;frame;... count`` lines, leaf last)."""
    from collections import Counter

    own: Counter = Counter()
    inclusive: Counter = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [f.split(" (")[0] + " (" + f.split(" (")[-1].split(":")[0] + ")" for f in stack.split(";")]
        own[frames[-1]] += n
        for frame in set(frames):
            inclusive[frame] += n
    if not total:
        return f"{path.name}: no samples"
    lines = [f"{path.name}: {total} samples; self:"]
    lines += [f"  {n / total:6.1%}  {f}" for f, n in own.most_common(top)]
    lines.append("  inclusive (project code):")
    ours = [(f, n) for f, n in inclusive.most_common() if any(p in f for p in _OUR_CODE)]
    lines += [f"  {n / total:6.1%}  {f}" for f, n in ours[:top]]
    return "\n".join(lines)


_OUR_CODE = ("(runs/", "(agents/", "(providers/", "(tomato_agent/", "(accounts/", "(tools/")


class Probe:
    """CPU of named process groups (share of ONE core) and the machine load over an interval."""

    def __init__(self, groups: dict[str, list[int]]) -> None:
        self.groups = {name: pids for name, pids in groups.items() if pids}
        self.result: dict = {}
        self.profiles = Profiles(self.groups, os.environ["BENCH_PROFILE"]) if os.environ.get("BENCH_PROFILE") else None

    def __enter__(self) -> Probe:
        if self.profiles:
            self.profiles.start()
        self.load_before = loadavg()
        self._t0 = time.monotonic()
        self._cpu0 = {name: sum(cpu_seconds(p) for p in pids) for name, pids in self.groups.items()}
        return self

    def __exit__(self, *exc) -> None:
        elapsed = max(1e-6, time.monotonic() - self._t0)
        cpu = {name: (sum(cpu_seconds(p) for p in pids) - self._cpu0[name]) / elapsed * 100
               for name, pids in self.groups.items()}  # fmt: skip
        platform = sum(v for k, v in cpu.items() if k in PLATFORM_GROUPS)
        self.result = {"seconds": elapsed, "load_before": self.load_before, "load_after": loadavg(),
                       "cpu_pct": cpu, "platform_cpu_pct": platform}  # fmt: skip
        if self.profiles:
            self.profiles.stop()

    def add_client_cpu(self, seconds: float) -> None:
        self.result["cpu_pct"]["client"] = seconds / self.result["seconds"] * 100

    def line(self) -> str:
        r = self.result
        parts = ", ".join(f"{k} {v:.0f}%" for k, v in r["cpu_pct"].items())
        return (f"CPU over {r['seconds']:.1f}s (% of one core): platform {r['platform_cpu_pct']:.0f}% "
                f"[{parts}]; load {r['load_before']} -> {r['load_after']}")  # fmt: skip


# --- the platform ------------------------------------------------------------------------------------


class Platform:
    """Everything the platform needs, started as production would."""

    def __init__(self, *, worker_concurrency: int = 250, runs_in_flight: int = 600, daphne: bool = True,
                 worker: bool = True, llm: bool = True, log_level: str = "WARNING", web_processes: int = 1,
                 worker_processes: int = 1, pack: bool = False, extra_env: dict | None = None) -> None:  # fmt: skip
        self.worker_concurrency = worker_concurrency
        self.runs_in_flight = runs_in_flight
        self.want_daphne, self.want_worker, self.want_llm = daphne, worker, llm
        self.web_processes, self.worker_processes = web_processes, worker_processes
        self.pack = pack
        self.extra_env = extra_env or {}
        self.log_level = log_level
        self.tag = f"{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.tmp = Path(tempfile.mkdtemp(prefix="tomato-bench-"))
        self.tmp.chmod(0o755)  # nginx's workers read under it
        self.log_dir = ROOT / "var"
        self.log_dir.mkdir(exist_ok=True)
        self.llm = None
        self.services: dict[str, subprocess.Popen] = {}
        self.workers: list[subprocess.Popen] = []
        self.webs: list[subprocess.Popen] = []
        self.nginx: subprocess.Popen | None = None
        self.daphne_url = ""
        self.user = None
        self.token = ""
        self._django_ready = False

    # --- start ---------------------------------------------------------------------------------

    def __enter__(self) -> Platform:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _env(self) -> dict[str, str]:
        return {
            "DJANGO_SETTINGS_MODULE": "tomato_agent.settings.base",
            "DEBUG": "false",
            "DATABASE_URL": f"sqlite:///{self.tmp / 'bench.sqlite3'}",
            "MONGO_DB_NAME": f"tomato_bench_{self.tag}",
            "CELERY_QUEUE": f"tomato-bench-{self.tag}",
            "RUNS_IN_FLIGHT_PER_USER": str(self.runs_in_flight),
            "LLM_SCRIPTED": "true",
            "LLM_MODEL": MODEL,
            "LOG_LEVEL": self.log_level,
            "ACCESS_LOG_LEVEL": self.log_level,
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }

    def _start_services(self) -> None:
        """Valkey and SecantusDB for this bench (their pids are measured), unless URLs are given."""
        from tomato_agent import embedded

        for name, url_var, command, url in (
            ("valkey", "REDIS_URL", embedded.valkey_command, "redis://127.0.0.1:{port}/0"),
            ("secantusdb", "MONGO_URL", embedded.secantus_command, "mongodb://127.0.0.1:{port}/?directConnection=true"),
        ):  # fmt: skip
            if os.environ.get(url_var):
                continue
            port = embedded.free_port()
            self.services[name] = embedded.start_process(command(port=port, data_dir=None), port=port)
            os.environ[url_var] = url.format(port=port)

    def start(self) -> None:
        os.environ.update(self._env())
        self._start_services()
        if self.want_llm:
            from scripted_llm.server import ScriptedLLMProcess

            self.llm = ScriptedLLMProcess(port=0, pack=self.pack).start()
            os.environ["LLM_BASE_URL"] = self.llm.base_url
        else:
            os.environ.setdefault("LLM_BASE_URL", "http://127.0.0.1:9/v1")
        import django

        django.setup()
        self._django_ready = True
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("ensure_mongo_indexes", verbosity=0)
        from accounts.models import User
        from accounts.services import token_issue

        self.user = User.objects.create_user(username=f"bench-{self.tag}", password=uuid.uuid4().hex)
        self.token, _ = token_issue(user=self.user)
        if self.want_worker:
            self.workers = [self._start_worker(i) for i in range(self.worker_processes)]
            self._wait_workers()
        if self.want_daphne:
            ports = []
            for i in range(self.web_processes):
                proc, port = self._start_daphne(i)
                self.webs.append(proc)
                ports.append(port)
            self.daphne_url = f"http://127.0.0.1:{ports[0]}"
            if self.web_processes > 1:
                self.daphne_url = self._start_nginx(ports)

    def _child_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(self._env())
        env["PYTHONPATH"] = str(ROOT)
        return env

    def _start_worker(self, index: int) -> subprocess.Popen:
        log = open(self.log_dir / f"bench-worker{index}.log", "ab")  # noqa: SIM115 - the child owns it
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tomato_agent", "worker", "--pool", "gevent",
             "--concurrency", str(self.worker_concurrency), "--loglevel", self.log_level, "--without-gossip",
             "--without-mingle", "--without-heartbeat", "-n", f"bench{index}-{self.tag}@%h",
             "-Q", os.environ["CELERY_QUEUE"]],
            cwd=ROOT, env=self._child_env(), stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def _wait_workers(self) -> None:
        from tomato_agent.celery import app

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            for index, proc in enumerate(self.workers):
                if proc.poll() is not None:
                    raise RuntimeError(f"a Celery worker exited at start-up; see var/bench-worker{index}.log")
            active = app.control.inspect(timeout=0.5).active_queues() or {}
            ready = [name for name, queues in active.items()
                     if any(q["name"] == os.environ["CELERY_QUEUE"] for q in queues)]  # fmt: skip
            if len(ready) >= len(self.workers):
                return
        raise TimeoutError("the Celery workers did not answer pings")

    def _start_daphne(self, index: int) -> tuple[subprocess.Popen, int]:
        from tomato_agent.embedded import free_port, wait_for_port

        port = free_port()
        log = open(self.log_dir / f"bench-daphne{index}.log", "ab")  # noqa: SIM115 - the child owns it
        proc = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-e", f"tcp:port={port}:interface=127.0.0.1:backlog=2048",
             "tomato_agent.asgi:application"],
            cwd=ROOT, env=self._child_env(), stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_for_port(port, timeout=60)
        except TimeoutError:
            _stop(proc)
            raise RuntimeError(f"daphne did not start; see var/bench-daphne{index}.log") from None
        return proc, port

    def _start_nginx(self, ports: list[int]) -> str:
        from ops.smoke_topology import render_nginx
        from tomato_agent.embedded import free_port, wait_for_port

        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise RuntimeError("more than one web process needs nginx in front: apt-get install nginx")
        port = free_port()
        prefix = self.tmp / "nginx"
        (prefix / "temp").mkdir(parents=True)
        (self.tmp / "static").mkdir()
        conf = prefix / "nginx.conf"
        conf.write_text(render_nginx(
            listen=f"127.0.0.1:{port}", upstreams=[f"127.0.0.1:{p}" for p in ports],
            static_root=str(self.tmp / "static"), temp=str(prefix / "temp"), pid=str(prefix / "nginx.pid"),
            error_log=str(prefix / "error.log"), access_log="off",
        ).replace("access_log off tomato;", "access_log off;"))  # fmt: skip
        self.nginx = subprocess.Popen([nginx, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf),
                                       "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)  # fmt: skip
        wait_for_port(port, timeout=30)
        return f"http://127.0.0.1:{port}"

    # --- helpers ---------------------------------------------------------------------------------

    @property
    def ws_url(self) -> str:
        return self.daphne_url.replace("http://", "ws://") + "/ws/chat/"

    def job(self, transport: str, n: int, content: str) -> dict:
        """What a measuring client needs to run ``n`` streams of ``transport``."""
        return {"transport": transport, "n": n, "content": content, "llm_url": self.llm.base_url,
                "base_url": self.daphne_url, "ws_url": self.ws_url, "token": self.token}  # fmt: skip

    def ws_client(self) -> WSClient:
        return WSClient(self.ws_url, self.token)

    def scenario(self, name: str, turns: list[dict]) -> str:
        """Register a scenario on the scripted server; returns the marker for the user message."""
        self.llm.add_scenario(name, turns)
        return f"[scenario:{name}]"

    def expected_text(self, marker: str) -> str:
        """The exact answer text of a scenario, read once directly."""
        import httpx2 as httpx
        import orjson

        body = {"model": MODEL, "stream": True, "messages": [{"role": "user", "content": f"{marker} probe"}]}
        out = []
        with httpx.stream("POST", f"{self.llm.base_url}/chat/completions", json=body, timeout=120) as response:
            for line in response.iter_lines():
                if line.startswith("data: {"):
                    choices = orjson.loads(line[6:])["choices"]
                    if choices and choices[0]["delta"].get("content"):
                        out.append(choices[0]["delta"]["content"])
        return "".join(out)

    def pid_groups(self) -> dict[str, list[int]]:
        """The processes to measure, by role (the platform's and the scripted LLM)."""
        return {
            "daphne": [p.pid for p in self.webs],
            "worker": [p.pid for p in self.workers],
            "valkey": [self.services["valkey"].pid] if "valkey" in self.services else [],
            "secantusdb": [self.services["secantusdb"].pid] if "secantusdb" in self.services else [],
            "nginx": [self.nginx.pid] if self.nginx else [],
            "llm": [self.llm.proc.pid] if self.llm else [],
        }

    def probe(self) -> Probe:
        return Probe(self.pid_groups())

    def describe(self) -> str:
        front = f"nginx -> {self.web_processes} daphne" if self.nginx else f"{self.web_processes} daphne"
        return (f"{front}, {self.worker_processes} gevent worker(s) x {self.worker_concurrency}; "
                f"scripted LLM {'packed' if self.pack else 'one chunk per token'}")  # fmt: skip

    # --- stop --------------------------------------------------------------------------------------

    def stop(self) -> None:
        if self.nginx is not None:
            _stop(self.nginx)
            self.nginx = None
        for proc in [*self.webs, *self.workers]:
            _stop(proc)
        self.webs, self.workers = [], []
        if self.llm is not None:
            self.llm.stop()
            self.llm = None
        if self._django_ready:
            try:
                from django.conf import settings

                from tomato_agent.mongo import get_client

                get_client().drop_database(settings.MONGO_DB_NAME)
            except Exception as exc:
                print(f"(could not drop the bench database: {exc})", file=sys.stderr)
            self._django_ready = False
        for name, proc in self.services.items():
            _stop(proc)
            os.environ.pop({"valkey": "REDIS_URL", "secantusdb": "MONGO_URL"}[name], None)  # gone with the server
        self.services = {}
        shutil.rmtree(self.tmp, ignore_errors=True)


def _stop(proc: subprocess.Popen) -> None:
    from tomato_agent.embedded import stop_process

    stop_process(proc, timeout=15)


# --- command lines ---------------------------------------------------------------------------------


def add_platform_args(parser) -> None:
    """The options every streaming bench shares: which transports, and packed LLM chunks."""
    parser.add_argument("--transports", default="ws,sse", type=lambda v: tuple(v.split(",")),
                        help="comma-separated: ws, sse")  # fmt: skip
    parser.add_argument("--pack", action="store_true", help="the scripted LLM packs chunks (default: one per token)")


# --- N streams in client processes --------------------------------------------------------------------


def run_streams(platform: Platform, transport: str, n: int, content: str, *, processes: int = 0,
                probe: bool = True) -> tuple[list[dict], Probe | None]:  # fmt: skip
    """``n`` concurrent streams; in ``processes`` client processes (0: in this one), measured by a Probe."""
    from bench import _client

    job = platform.job(transport, n, content)
    meter = platform.probe() if probe else None
    if processes <= 0:

        async def ready() -> None:
            if meter:
                meter.__enter__()

        out = asyncio.run(_client.run_streams(job, ready))
        if meter:
            meter.__exit__(None, None, None)
            meter.add_client_cpu(out["cpu_s"])
        return out["results"], meter
    share = [n // processes + (1 if i < n % processes else 0) for i in range(processes)]
    procs = []
    try:
        for count in share:
            proc = subprocess.Popen([sys.executable, "-m", "bench._client"], cwd=ROOT, stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
            proc.stdin.write(json.dumps({**job, "n": count}) + "\n")
            proc.stdin.flush()
            procs.append(proc)
        for proc in procs:
            line = proc.stdout.readline()
            if line.strip() != "READY":
                raise RuntimeError(f"a client process failed to connect: {line!r}")
        if meter:
            meter.__enter__()
        for proc in procs:
            proc.stdin.write("GO\n")
            proc.stdin.flush()
        results, client_cpu = [], 0.0
        for proc in procs:
            line = proc.stdout.readline()
            if not line.startswith("RESULT "):
                raise RuntimeError(f"a client process failed: {line!r}")
            out = json.loads(line[len("RESULT ") :])
            results.extend(out["results"])
            client_cpu += out["cpu_s"]
        if meter:
            meter.__exit__(None, None, None)
            meter.add_client_cpu(client_cpu)
        return results, meter
    finally:
        for proc in procs:
            _stop(proc)


# --- smoke ---------------------------------------------------------------------------------------


def smoke() -> dict:
    """Every bench at tiny size on one platform, over both transports; returns their figures."""
    from bench import concurrent_runs, history_page, throughput, ttft

    out: dict = {}
    with Platform(worker_concurrency=40, runs_in_flight=50) as platform:
        out["ttft"] = asyncio.run(ttft.measure(platform, turns=4, warmup=1))
        out["throughput"] = asyncio.run(throughput.measure(platform, tokens=300, repeats=1))
        out["concurrent_runs"] = concurrent_runs.measure(platform, n=8, tokens=10, delay_ms=20)
        out["concurrent_runs_processes"] = concurrent_runs.measure(platform, n=4, tokens=5, delay_ms=10,
                                                                   transports=("sse",), client_processes=2)  # fmt: skip
        out["history_page"] = history_page.measure(platform, conversations=50, messages=500, samples=10)
    return out


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    if parser.parse_args().smoke:
        result = smoke()
        print("SMOKE-JSON " + json.dumps(result, default=str))
