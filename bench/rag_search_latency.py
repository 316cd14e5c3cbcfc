"""Search latency of the in-memory snippet index at 10k snippets.

    .venv/bin/python bench/rag_search_latency.py [--snippets 10000] [--queries 200]

Synthesises snippets in memory (no database) through the same index-building
code the server uses (rag.search.SnippetIndex): titles, descriptions, tags
and code recombined from the seed library, so BM25 sees realistic Korean and
English vocabulary, and embeddings that are seed embeddings plus noise, so
dense scores spread like real ones. Half the snippets belong to other users
and are private, so the visibility mask does real work. The queries are the
evaluation queries.

Prints p50/p95 of a top-5 search end to end (query embedding + tokenising +
scoring + fusion, what /api/snippets/search and code_search pay besides one
database read) and of the index part alone, and the index build time.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.rag_eval import EVAL_FILE, read_jsonl, seed_library, setup_django


def synthesize(n: int, *, seed: int = 7, base_size: int | None = None):
    """``n`` SnippetDocs recombined from the seed library (its first ``base_size``
    snippets when given), deterministically."""
    import numpy as np

    from rag.search import SnippetDoc

    base = seed_library(base_size)
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    docs = []
    for number in range(1, n + 1):
        a, b = rng.sample(base, 2)
        code_lines = a.code.splitlines()
        start = rng.randrange(max(len(code_lines) - 8, 1))
        vector = a.embedding + 0.35 * b.embedding + noise.normal(0, 0.02, a.embedding.shape).astype("float32")
        vector /= np.linalg.norm(vector)
        docs.append(
            SnippetDoc(
                id=number,
                owner_id=1 if number % 2 else rng.randrange(2, 500),
                shared=number % 4 == 0,
                language=a.language,
                title=f"{a.title} ({b.title.split()[0].lower()} #{number})",
                description=f"{a.description} {b.description.split('.')[0]}",
                tags=tuple(dict.fromkeys(a.tags + b.tags[:1])),
                code="\n".join(code_lines[start : start + 8] + b.code.splitlines()[:4]),
                embedding=vector.astype("float32"),
            )
        )
    return docs


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def measure(
    n_snippets: int = 10_000, n_queries: int = 200, k: int = 5, *, base_size: int | None = None, out=print
) -> dict[str, float]:
    setup_django()
    from rag.embeddings import embed_query
    from rag.search import SnippetIndex
    from rag.tokens import query_tokens

    docs = synthesize(n_snippets, base_size=base_size)
    started = time.perf_counter()
    index = SnippetIndex(docs)
    build_s = time.perf_counter() - started

    texts = [q["query"] for q in read_jsonl(EVAL_FILE)]
    queries = [texts[i % len(texts)] for i in range(n_queries)]
    embed_query(queries[0])  # load the model outside the timings
    total_ms, index_ms, embed_ms = [], [], []
    for text in queries:
        t0 = time.perf_counter()
        vector = embed_query(text)
        t1 = time.perf_counter()
        hits = index.search(vector=vector, tokens=query_tokens(text), user_id=1, k=k)
        t2 = time.perf_counter()
        assert len(hits) == k
        total_ms.append((t2 - t0) * 1000)
        index_ms.append((t2 - t1) * 1000)
        embed_ms.append((t1 - t0) * 1000)

    result = {
        "snippets": n_snippets,
        "queries": n_queries,
        "build_s": build_s,
        "p50_ms": statistics.median(total_ms),
        "p95_ms": percentile(total_ms, 95),
        "index_p50_ms": statistics.median(index_ms),
        "index_p95_ms": percentile(index_ms, 95),
        "embed_p50_ms": statistics.median(embed_ms),
    }
    out(f"RAG search latency: top-{k} over {n_snippets} snippets, {n_queries} queries "
        f"(index built in {build_s:.2f} s)")  # fmt: skip
    out(f"{'part':<28} {'p50 ms':>8} {'p95 ms':>8}")
    out(f"{'end to end (embed+search)':<28} {result['p50_ms']:>8.2f} {result['p95_ms']:>8.2f}")
    out(f"{'index only (dense+bm25+rrf)':<28} {result['index_p50_ms']:>8.2f} {result['index_p95_ms']:>8.2f}")
    out(f"{'query embedding':<28} {result['embed_p50_ms']:>8.2f} {percentile(embed_ms, 95):>8.2f}")
    return result


def main(argv: list[str] | None = None) -> dict[str, float]:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snippets", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("-k", type=int, default=5)
    args = parser.parse_args(argv)
    return measure(args.snippets, args.queries, args.k)


if __name__ == "__main__":
    main()
