"""Every latency/throughput bench at tiny size, so they cannot rot (no speed targets here).

One subprocess (``python -m bench._harness --smoke``) boots one platform — its
own Valkey and SecantusDB, the scripted LLM as a subprocess (one chunk per
token), one gevent worker, one daphne — on its own Celery queue, MongoDB
database and SQLite file, runs bench/ttft.py, throughput.py and
concurrent_runs.py over the WebSocket and native SSE (once with the client in
separate processes) and history_page.py with a few turns each, and prints their
figures as JSON. The test checks the figures are sane, that the CPU and load
figures are there, and that no token was lost, duplicated or reordered.
"""

from __future__ import annotations

import math

import pytest

from bench._smoke import smoke_figures


def _finite_ms(value) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and -1000 < value < 30_000


@pytest.fixture(scope="module")
def smoke() -> dict:
    # Its own Valkey and SecantusDB too, so their CPU is measured.
    return smoke_figures("bench._harness", own_services=True)


def _probed(probe: dict) -> None:
    assert probe["seconds"] > 0
    assert probe["load_before"]
    assert probe["load_after"]
    for group in ("daphne", "worker", "valkey", "secantusdb", "llm"):
        assert 0 <= probe["cpu_pct"][group] < 400, probe
    assert probe["platform_cpu_pct"] >= probe["cpu_pct"]["daphne"]


@pytest.mark.e2e
def test_ttft_smoke(smoke):
    r = smoke["ttft"]
    assert r["turns"] == 4
    assert r["bad_turns"] == 0
    assert _finite_ms(r["direct_p50"])
    assert 0 < r["direct_p50"] <= r["direct_p99"]
    for transport in ("ws", "sse"):
        t = r[transport]
        for key in ("p50", "p99", "diff_p50", "diff_p99"):
            assert _finite_ms(t[key]), (transport, key, t)
        assert 0 < t["p50"] <= t["p99"]
    _probed(r["probe"])
    assert r["probe"]["platform_cpu_pct"] > 0  # the platform answered 8 turns in the window


@pytest.mark.e2e
def test_throughput_smoke(smoke):
    r = smoke["throughput"]
    assert r["wrong_runs"] == 0
    assert r["lost_chars"] == 0
    assert r["direct_tok_s"] > 0
    for transport in ("ws", "sse"):
        t = r[transport]
        assert t["tok_s"] > 0, t
        assert 0 < t["ratio"] < 10, t
        assert 1 <= t["token_events"] <= 300  # coalesced, never more events than tokens
    _probed(r["probe"])


@pytest.mark.e2e
@pytest.mark.parametrize("key", ["concurrent_runs", "concurrent_runs_processes"])
def test_concurrent_runs_smoke(smoke, key):
    rows = smoke[key]
    labels = [row["label"] for row in rows]
    assert labels == (["direct", "platform-ws", "platform-sse"] if key == "concurrent_runs"
                      else ["direct", "platform-sse"])  # fmt: skip
    for row in rows:
        assert row["runs"] == row["complete"], row
        assert row["lost_chars"] == row["wrong_or_duplicated"] == row["reordered"] == 0, row
        for metric in ("ttft_p50", "ttft_p99", "gap_p50", "gap_p99"):
            assert _finite_ms(row[metric]), (metric, row)
        _probed(row["probe"])
        assert row["probe"]["cpu_pct"]["client"] > 0, row["probe"]  # the client's own CPU is reported
    assert rows[0]["runs"] == (8 if key == "concurrent_runs" else 4)


@pytest.mark.e2e
def test_history_page_smoke(smoke):
    r = smoke["history_page"]
    assert r["bad"] == 0
    assert r["samples"] == 10
    assert 0 < r["selector_p50"] <= r["selector_p99"] < 30_000
    assert 0 < r["http_p50"] <= r["http_p99"] < 30_000
