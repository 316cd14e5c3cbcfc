"""The in-memory index on its own: visibility, filters, fusion (no database)."""

import itertools

import numpy as np
import pytest

from rag.search import RRF_K, SnippetDoc, SnippetIndex


def _vec(*values):
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


@pytest.fixture
def index():
    docs = [
        SnippetDoc(1, owner_id=1, shared=False, language="python", title="sort dict by value",
                   description="정렬", embedding=_vec(1, 0, 0)),
        SnippetDoc(2, owner_id=2, shared=False, language="python", title="sort dict secret",
                   description="private", embedding=_vec(1, 0.01, 0)),
        SnippetDoc(3, owner_id=2, shared=True, language="sql", title="duplicate rows",
                   description="group by having", embedding=_vec(0, 1, 0)),
        SnippetDoc(4, owner_id=1, shared=False, language="go", title="worker pool",
                   description="goroutines", embedding=None),
    ]  # fmt: skip
    return SnippetIndex(docs)


def test_a_user_sees_own_and_shared_rows_only(index):
    hits = index.search(vector=_vec(1, 0, 0), tokens=["sort", "dict"], user_id=1, k=10)
    assert {h.id for h in hits} == {1, 3}  # 4 has no embedding and no matching token
    other = index.search(vector=_vec(1, 0, 0), tokens=["sort"], user_id=2, k=10)
    assert 2 in {h.id for h in other}


def test_language_filter(index):
    hits = index.search(vector=_vec(1, 0, 0), tokens=["sort"], user_id=1, language="sql", k=10)
    assert [h.id for h in hits] == [3]
    assert index.search(vector=_vec(1, 0, 0), tokens=["sort"], user_id=1, language="rust", k=10) == []


def test_rows_without_embedding_are_found_by_bm25(index):
    hits = {h.id: h for h in index.search(vector=_vec(1, 0, 0), tokens=["worker", "goroutin"], user_id=1, k=5)}
    assert 4 in hits
    assert hits[4].dense_rank is None
    assert hits[4].bm25_rank == 1


def test_rrf_fusion_score_is_one_when_first_in_both(index):
    hits = index.search(vector=_vec(1, 0, 0), tokens=["sort", "dict"], user_id=1, k=3)
    assert hits[0].id == 1
    assert hits[0].dense_rank == 1
    assert hits[0].bm25_rank == 1
    assert hits[0].score == 1.0
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))
    second = hits[1]
    expected = sum(1 / (RRF_K + r) for r in (second.dense_rank, second.bm25_rank) if r) / (2 / (RRF_K + 1))
    assert second.score == pytest.approx(expected, abs=1e-4)


def test_modes_and_empty_index(index):
    dense = index.search(vector=_vec(0, 1, 0), tokens=["sort"], user_id=1, k=1, mode="dense")
    lexical = index.search(vector=_vec(0, 1, 0), tokens=["sort"], user_id=1, k=1, mode="bm25")
    assert dense[0].id == 3
    assert lexical[0].id == 1
    assert SnippetIndex([]).search(vector=_vec(1, 0, 0), tokens=["x"], user_id=1) == []


def test_a_rebuild_tokenises_only_changed_rows():
    import dataclasses

    docs = [
        SnippetDoc(n, owner_id=1, shared=False, language="python", title=f"title {n}", description="d",
                   code="some_code()", revision=1)
        for n in range(1, 4)
    ]  # fmt: skip
    first = SnippetIndex(docs)
    docs[1] = dataclasses.replace(docs[1], title="renamed parser", revision=2)
    second = SnippetIndex(docs, previous=first)
    assert second._tokens[1][1] is first._tokens[1][1]  # unchanged row: reused
    assert second._tokens[2][1] is not first._tokens[2][1]
    hits = second.search(vector=None, tokens=["renam", "pars"], user_id=1, k=1)
    assert hits[0].id == 2
