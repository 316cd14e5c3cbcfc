"""Retrieval quality of the snippet search over the seed library.

    .venv/bin/python bench/rag_eval.py [--limit N]

Builds the same in-memory index the server uses (rag.search.SnippetIndex,
embeddings from rag.embeddings, BM25 tokens from rag.tokens) over
rag/seed/snippets.jsonl — no database — and runs the queries of
bench/data/rag_eval.jsonl (Korean, English and mixed paraphrases of a need,
each naming the seed snippet it should find). Prints recall@1, recall@5 and
MRR (over the top 10) for dense only, BM25 only and hybrid (RRF).
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "rag" / "seed" / "snippets.jsonl"
EVAL_FILE = ROOT / "bench" / "data" / "rag_eval.jsonl"
MODES = ("dense", "bm25", "hybrid")


def setup_django() -> None:
    """Settings only: the index, embeddings and tokens need no database or app registry."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tomato_agent.settings.base")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@functools.lru_cache(maxsize=4)
def _seed_docs_cached(path: str, mtime: float, size: int | None) -> tuple:
    return tuple(seed_docs(read_jsonl(Path(path))[:size]))


def seed_library(size: int | None = None) -> list:
    """SnippetDocs of the first ``size`` seed snippets (all by default), embedded once per
    process: the eval and the latency bench share them."""
    return list(_seed_docs_cached(str(SEED_FILE), SEED_FILE.stat().st_mtime, size))


def seed_docs(records: list[dict]):
    """SnippetDocs of the seed records, ids 1..n, embedded like the server embeds them."""
    from rag import embeddings
    from rag.languages import normalise_language
    from rag.search import SnippetDoc

    texts = [
        embeddings.passage_text(
            title=r["title"], description=r["description"], language=normalise_language(r["language"]),
            tags=r["tags"], code=r["code"],
        )
        for r in records
    ]  # fmt: skip
    vectors = embeddings.embed_passages(texts)
    return [
        SnippetDoc(
            id=number, owner_id=0, shared=True, language=normalise_language(r["language"]), title=r["title"],
            description=r["description"], tags=tuple(r["tags"]), code=r["code"], embedding=vectors[number - 1],
        )
        for number, r in enumerate(records, start=1)
    ]  # fmt: skip


def _metrics(ranks: list[int | None]) -> dict[str, float]:
    n = max(len(ranks), 1)
    return {
        "recall@1": sum(1 for r in ranks if r == 1) / n,
        "recall@5": sum(1 for r in ranks if r is not None and r <= 5) / n,
        "mrr": sum(1.0 / r for r in ranks if r is not None) / n,
    }


def evaluate(
    limit: int | None = None, *, corpus: int | None = None, out=print
) -> dict[str, dict[str, dict[str, float]]]:
    """Run the evaluation and print a table. ``limit`` keeps the first N queries;
    ``corpus`` indexes only the first N seed snippets (and keeps the queries
    that name one of them) — for a quick smoke run.

    Returns ``{split: {mode: {"recall@1", "recall@5", "mrr"}}}`` for the splits
    ``dev`` (queries seen while the tokeniser and glossary were written),
    ``heldout`` (written after they were frozen) and ``all``.
    """
    setup_django()
    from rag.embeddings import embed_query
    from rag.search import SnippetIndex
    from rag.tokens import query_tokens

    all_records = read_jsonl(SEED_FILE)
    known = {r["title"] for r in all_records}
    unknown = [q["expected"] for q in read_jsonl(EVAL_FILE) if q["expected"] not in known]
    if unknown:
        raise SystemExit(f"eval names snippets that are not in the seed: {unknown}")
    records = all_records[:corpus]
    id_of = {r["title"]: number for number, r in enumerate(records, start=1)}
    queries = [q for q in read_jsonl(EVAL_FILE) if q["expected"] in id_of][:limit]

    started = time.perf_counter()
    index = SnippetIndex(seed_library(corpus))
    build_s = time.perf_counter() - started

    prepared = [(q, embed_query(q["query"]), query_tokens(q["query"])) for q in queries]
    ranks: dict[str, list[tuple[str, int | None]]] = {mode: [] for mode in MODES}
    misses: list[str] = []
    for mode in MODES:
        for query, vector, tokens in prepared:
            ranked = [hit.id for hit in index.search(vector=vector, tokens=tokens, user_id=None, k=10, mode=mode)]
            want = id_of[query["expected"]]
            rank = ranked.index(want) + 1 if want in ranked else None
            ranks[mode].append((query.get("split", "dev"), rank))
            if mode == "hybrid" and (rank is None or rank > 5):
                top = records[ranked[0] - 1]["title"] if ranked else "-"
                misses.append(
                    f"  [{query.get('split', 'dev')}] {query['query']!r}: wanted {query['expected']!r}, got {top!r}"
                )

    splits = [*sorted({split for split, _ in ranks["hybrid"]}), "all"]
    results = {
        split: {mode: _metrics([rank for s, rank in ranks[mode] if split in ("all", s)]) for mode in MODES}
        for split in splits
    }
    counts = {split: sum(1 for s, _ in ranks["hybrid"] if split in ("all", s)) for split in splits}

    out(f"RAG retrieval eval: {len(queries)} queries over {len(records)} seed snippets "
        f"(passage embeddings + index built in {build_s:.2f} s)")  # fmt: skip
    out(f"{'split':<8} {'queries':>7} {'mode':<7} {'recall@1':>9} {'recall@5':>9} {'MRR':>7}")
    for split in splits:
        for mode in MODES:
            row = results[split][mode]
            out(f"{split:<8} {counts[split]:>7} {mode:<7} {row['recall@1']:>9.3f} {row['recall@5']:>9.3f} "
                f"{row['mrr']:>7.3f}")  # fmt: skip
    if misses:
        out("hybrid misses (not in the top 5):")
        for line in misses:
            out(line)
    return results


def main(argv: list[str] | None = None) -> dict[str, dict[str, dict[str, float]]]:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N queries")
    parser.add_argument("--corpus", type=int, default=None, help="only the first N seed snippets")
    args = parser.parse_args(argv)
    return evaluate(args.limit, corpus=args.corpus)


if __name__ == "__main__":
    main()
