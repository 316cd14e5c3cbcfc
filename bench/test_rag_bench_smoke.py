"""The two RAG bench scripts at tiny size: they run and report sane numbers.

Both index the first 20 seed snippets (embedded once, shared by the two tests).
"""

import io

from bench import rag_eval, rag_search_latency


def test_rag_eval_reports_recall_and_mrr_per_mode():
    printed = io.StringIO()
    results = rag_eval.evaluate(limit=10, corpus=20, out=lambda line: printed.write(line + "\n"))
    assert "10 queries over 20 seed snippets" in printed.getvalue()
    for modes in results.values():
        assert set(modes) == {"dense", "bm25", "hybrid"}
        for row in modes.values():
            assert 0.0 <= row["recall@1"] <= row["recall@5"] <= 1.0
            assert 0.0 <= row["mrr"] <= 1.0
    assert results["all"]["hybrid"]["recall@5"] >= 0.5  # far above chance (5/20)
    assert "hybrid" in printed.getvalue()
    assert "recall@5" in printed.getvalue()


def test_rag_search_latency_reports_percentiles():
    lines = []
    result = rag_search_latency.measure(n_snippets=500, n_queries=20, base_size=20, out=lines.append)
    assert result["snippets"] == 500
    assert 0 < result["index_p50_ms"] <= result["index_p95_ms"] < 1000
    assert 0 < result["p50_ms"] <= result["p95_ms"] < 5000
    assert any("p50" in line for line in lines)
