"""Start-to-result time of the code sandbox (target: p50 <= 100 ms for `print(1)`).

    .venv/bin/python bench/sandbox_latency.py [--runs 100] [--concurrent 20] [--backend bubblewrap]

Measures what ``run_python`` pays for the sandbox itself, in this process, as
the worker calls it (``sandbox.service.sandbox_execute``): start bubblewrap
(namespaces, mounts, seccomp, rlimits), start the sandbox's interpreter and
harness, run ``print(1)``, collect and decode the result. Then the same with
``--concurrent`` executions started at once (threads; each waits for its own
sandbox), and one ``import numpy, pandas, matplotlib`` run for scale. Prints
p50 and p99 in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def setup_django(backend: str | None = None) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tomato_agent.settings.base")
    if backend:
        os.environ["SANDBOX_BACKEND"] = backend
    import django

    django.setup()


def _one(code: str) -> float:
    from sandbox.service import sandbox_execute
    from sandbox.types import Execution

    started = time.perf_counter()
    result = sandbox_execute(Execution(code=code))
    elapsed = (time.perf_counter() - started) * 1000
    if result.status != "ok" or result.error:
        raise RuntimeError(f"the sandbox failed: {result.message or result.stderr[-300:]}")
    return elapsed


def measure(runs: int = 100, concurrent: int = 20, *, heavy: bool = True, out=print) -> dict[str, float]:
    from sandbox.service import sandbox_availability

    answer = sandbox_availability()
    if not answer.available:
        raise SystemExit(f"no sandbox here: {answer.reason}")
    _one("print(1)")  # warm: the availability probe and the page cache
    sequential = [_one("print(1)") for _ in range(runs)]
    figures = {
        "runs": runs,
        "p50_ms": percentile(sequential, 50),
        "p99_ms": percentile(sequential, 99),
    }
    out(f"backend {answer.backend}, {os.cpu_count()} CPUs")
    out(f"print(1), {runs} sequential:  p50 {figures['p50_ms']:.1f} ms   p99 {figures['p99_ms']:.1f} ms")
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrent) as pool:
        together = list(pool.map(lambda _: _one("print(1)"), range(concurrent)))
    wall = (time.perf_counter() - started) * 1000
    figures.update(
        {
            "concurrent": concurrent,
            "concurrent_p50_ms": percentile(together, 50),
            "concurrent_p99_ms": percentile(together, 99),
            "concurrent_wall_ms": wall,
        }
    )
    out(
        f"print(1), {concurrent} at once:     p50 {figures['concurrent_p50_ms']:.1f} ms   "
        f"p99 {figures['concurrent_p99_ms']:.1f} ms   all done in {wall:.0f} ms"
    )
    if heavy:
        figures["scientific_ms"] = _one("import numpy, pandas, matplotlib.pyplot as plt\nplt.plot([1, 2])")
        out(f"import numpy, pandas, matplotlib + one plot: {figures['scientific_ms']:.0f} ms")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--concurrent", type=int, default=20)
    parser.add_argument("--backend", default=None, help="bubblewrap (default setting) or gvisor")
    args = parser.parse_args()
    setup_django(args.backend)
    measure(args.runs, args.concurrent)


if __name__ == "__main__":
    main()
