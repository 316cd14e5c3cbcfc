"""The REST history page (newest 50 messages of a conversation) on a seeded embedded SecantusDB.

    .venv/bin/python bench/history_page.py [--conversations 10000] [--messages 100000] [--samples 200]

Starts the platform without a worker (bench/_harness.py: embedded services, one
daphne), seeds ``--conversations`` conversations and ``--messages`` messages with
``insert_many`` (the bench user owns 1 % of the conversations, each with 100
messages; the rest belong to other users), then times, alternately on random
conversations of the bench user:

* ``agents.history.messages_for`` in this process (the selector: ownership check
  + one sorted, limited find);
* ``GET /api/conversations/{id}/messages?limit=50`` through daphne (token auth,
  DRF, serializer), over a keep-alive HTTP connection.

Prints p50/p99 of both. Target: HTTP p50 <= 15 ms.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import Platform, pct

WORDS = ["the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog", "while", "Django", "streams", "tokens", "through", "Redis", "to", "the", "browser", "and", "토마토", "에이전트", "answers", "in", "Korean", "too"]  # fmt: skip


def seed(platform: Platform, *, conversations: int, messages: int, out=print) -> list[str]:
    """Insert the data set; returns the ids of the bench user's conversations."""
    from agents import history
    from tomato_agent.mongo import new_id

    db = history.get_db()
    rng = random.Random(7)
    mine = max(1, conversations // 100)
    per_mine = 100
    rest = max(0, messages - mine * per_mine)
    others = conversations - mine
    base = datetime.now(UTC) - timedelta(days=30)
    started = time.perf_counter()
    conv_docs, msg_docs, own_ids = [], [], []
    inserted = 0

    def flush(force: bool = False) -> None:
        nonlocal inserted
        if conv_docs and (force or len(conv_docs) >= 2000):
            db.conversations.insert_many(conv_docs, ordered=False)
            conv_docs.clear()
        if msg_docs and (force or len(msg_docs) >= 5000):
            db.messages.insert_many(msg_docs, ordered=False)
            inserted += len(msg_docs)
            msg_docs.clear()

    for number in range(conversations):
        own = number < mine
        user_id = platform.user.id if own else 100_000 + number % 500
        count = per_mine if own else rest // others + (1 if number - mine < rest % others else 0)
        cid = new_id()
        if own:
            own_ids.append(cid)
        stamp = base + timedelta(seconds=number)
        conv_docs.append({"_id": cid, "user_id": user_id, "title": f"conversation {number}", "created_at": stamp,
                          "updated_at": stamp, "message_count": count, "seq": count})  # fmt: skip
        for seq in range(1, count + 1):
            role = "user" if seq % 2 else "assistant"
            text = " ".join(rng.choices(WORDS, k=30 if role == "user" else 80))
            doc = {"_id": new_id(), "conversation_id": cid, "user_id": user_id, "seq": seq, "role": role,
                   "content": text, "run_id": new_id(), "created_at": stamp + timedelta(seconds=seq)}  # fmt: skip
            if role == "assistant":
                doc.update({"final_content": text, "reasoning": "", "rounds": [], "status": "succeeded",
                            "error": None, "model": "scripted-demo", "timings": {"queue_ms": 3, "run_ms": 120},
                            "usage": {"prompt_tokens": 120, "completion_tokens": 80, "cost_usd": 0.0001}})  # fmt: skip
            msg_docs.append(doc)
        flush()
    flush(force=True)
    seconds = time.perf_counter() - started
    out(f"seeded {conversations:,} conversations / {inserted:,} messages in {seconds:.1f} s "
        f"({inserted / seconds:,.0f} messages/s with insert_many)")  # fmt: skip
    return own_ids


def measure(platform: Platform, *, conversations: int, messages: int, samples: int, out=print) -> dict:
    import httpx2 as httpx

    from agents import history

    own = seed(platform, conversations=conversations, messages=messages, out=out)
    rng = random.Random(11)
    selector_ms, http_ms, bad = [], [], 0
    headers = {"Authorization": f"Token {platform.token}"}
    with httpx.Client(base_url=platform.daphne_url, headers=headers, timeout=30) as client:
        for i in range(samples + 10):
            cid = rng.choice(own)
            t0 = time.perf_counter()
            page = history.messages_for(user_id=platform.user.id, conversation_id=cid, limit=50)
            t1 = time.perf_counter()
            response = client.get(f"/api/conversations/{cid}/messages", params={"limit": 50})
            t2 = time.perf_counter()
            body = response.json() if response.status_code == 200 else {}
            results = body.get("results", [])
            if len(page) != 50 or len(results) != 50 or [m["id"] for m in results] != [m["_id"] for m in page]:
                bad += 1
            if i >= 10:  # warm-up
                selector_ms.append((t1 - t0) * 1000)
                http_ms.append((t2 - t1) * 1000)
    result = {
        "conversations": conversations, "messages": messages, "samples": samples, "bad": bad,
        "selector_p50": pct(selector_ms, 0.5), "selector_p99": pct(selector_ms, 0.99),
        "http_p50": pct(http_ms, 0.5), "http_p99": pct(http_ms, 0.99),
    }  # fmt: skip
    out(f"\nnewest 50 messages of a conversation, {samples} samples")
    out(f"{'':34} {'p50':>9} {'p99':>9}")
    out(f"{'history.messages_for (in process)':34} {result['selector_p50']:>7.2f}ms {result['selector_p99']:>7.2f}ms")
    out(f"{'GET .../messages?limit=50 (daphne)':34} {result['http_p50']:>7.2f}ms {result['http_p99']:>7.2f}ms"
        f"   (target p50 <= 15 ms)")  # fmt: skip
    out(f"wrong pages: {bad}")
    return result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args(argv)
    with Platform(worker=False, llm=False) as platform:
        return measure(platform, conversations=args.conversations, messages=args.messages, samples=args.samples)


if __name__ == "__main__":
    main()
