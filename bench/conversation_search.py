"""The conversation search of the chat sidebar (``GET /api/conversations?q=``) on a seeded embedded SecantusDB.

    .venv/bin/python bench/conversation_search.py [--conversations 10000] [--messages 100000] [--samples 50]

Seeds the data set of bench/history_page.py (the bench user owns 1 % of the
conversations, each with 100 messages; the rest belong to other users), then
times, over a keep-alive HTTP connection through daphne, searches for a word
in every conversation (``the``), a word in none (``zebra``), a Korean word and
a title (``conversation 42``). Each search matches titles and contents, any
case, in one query on conversations, which keep the text a search reads. The
seeded data is written as before conversations kept it, so the upgrade's
backfill (``manage.py backfill_conversation_search``) runs first, timed.

Prints p50/p99 per query and the number of conversations each found.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import Platform, loadavg, pct
from bench.history_page import seed

QUERIES = ["the", "zebra", "토마토", "conversation 42"]


def measure(platform: Platform, *, conversations: int, messages: int, samples: int, out=print) -> dict:
    import httpx2 as httpx

    from agents.indexes import ensure_indexes

    ensure_indexes()
    from agents.history import conversations_search_backfill

    own = seed(platform, conversations=conversations, messages=messages, out=out)
    started = time.perf_counter()
    built = conversations_search_backfill()
    backfill_s = time.perf_counter() - started
    out(f"backfill: {built:,} conversations given their search text in {backfill_s:.1f} s")
    headers = {"Authorization": f"Token {platform.token}"}
    result: dict = {"conversations": conversations, "messages": messages, "own": len(own), "samples": samples}
    result["backfill_s"] = backfill_s
    out(
        f"\nGET /api/conversations?q=…&limit=50 (daphne), {samples} samples each; the user has {len(own)} conversations"
    )
    out(f"{'query':18} {'found':>6} {'p50':>9} {'p99':>9}")
    with httpx.Client(base_url=platform.daphne_url, headers=headers, timeout=60) as client:
        for query in QUERIES:
            times, found = [], 0
            for i in range(samples + 3):
                t0 = time.perf_counter()
                response = client.get("/api/conversations", params={"q": query, "limit": 50})
                elapsed = (time.perf_counter() - t0) * 1000
                assert response.status_code == 200, response.text
                found = len(response.json()["results"])
                if i >= 3:  # warm-up
                    times.append(elapsed)
            result[query] = {"found": found, "p50": pct(times, 0.5), "p99": pct(times, 0.99)}
            out(f"{query:18} {found:>6} {pct(times, 0.5):>7.1f}ms {pct(times, 0.99):>7.1f}ms")
    out(f"load average: {loadavg()}")
    return result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=50)
    args = parser.parse_args(argv)
    with Platform(worker=False, llm=False) as platform:
        return measure(platform, conversations=args.conversations, messages=args.messages, samples=args.samples)


if __name__ == "__main__":
    main()
