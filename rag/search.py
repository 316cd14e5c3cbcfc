"""Hybrid snippet search: dense cosine and BM25, fused by reciprocal rank.

:class:`SnippetIndex` is built from plain :class:`SnippetDoc` records (the
database, the seed file or a synthetic benchmark corpus) and holds every
snippet of every user: a float32 matrix of normalised embeddings, a BM25
index (bm25s, tokens from :mod:`rag.tokens`) and per-row owner, shared flag
and language for filtering. A query embeds once, scores all rows in both
rankings, masks what the user may not see or did not ask for, takes the top
``depth`` of each ranking and fuses them with RRF (k=60).

Each process keeps one index (:func:`current_index`). Every write bumps a
version counter in Redis (:func:`index_changed`); a query reads the counter
(one GET) and rebuilds only when it moved. Rows are re-checked against the
database by the caller (:func:`rag.selectors.snippet_search`), so a change
that is committed but not yet seen can never show a private snippet.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import bm25s
import numpy as np
from django.conf import settings
from django.db import transaction

from rag.tokens import query_tokens, tokenize

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on import; one line per rebuild

RRF_K = 60
DEFAULT_DEPTH = 100
MODES = ("hybrid", "dense", "bm25")
_MAX_SCORE = 2.0 / (RRF_K + 1)  # first in both rankings


@dataclass(frozen=True)
class SnippetDoc:
    """What the index needs of one snippet."""

    id: int
    owner_id: int
    shared: bool
    language: str
    title: str
    description: str
    tags: tuple[str, ...] = ()
    code: str = ""
    embedding: np.ndarray | None = field(default=None, repr=False)  # normalised float32 or None
    revision: object = None  # e.g. updated_at: same id and revision means same tokens


@dataclass(frozen=True)
class Hit:
    id: int
    score: float  # RRF score scaled to 0..1 (1 = first in both rankings)
    dense_rank: int | None = None
    bm25_rank: int | None = None


def document_tokens(doc: SnippetDoc) -> list[str]:
    """BM25 tokens of a snippet: the title counts twice, the code's distinct tokens once.

    Code is long and repetitive; counting each of its tokens once keeps a long
    snippet's identifiers findable without letting its length drown the
    description (BM25 normalises by document length).
    """
    tokens = tokenize(doc.title) * 2
    tokens += tokenize(doc.description)
    tokens += tokenize(" ".join(doc.tags))
    if doc.language:
        tokens.append(doc.language)
    tokens += list(dict.fromkeys(tokenize(doc.code)))
    return tokens


class SnippetIndex:
    """All snippets, searchable. ``previous`` lends its tokens for unchanged rows (same
    id and revision), so a rebuild after one change tokenises one snippet, not all."""

    def __init__(
        self, docs: Sequence[SnippetDoc], *, dim: int | None = None, previous: SnippetIndex | None = None
    ) -> None:
        started = time.monotonic()
        self.size = len(docs)
        self.ids = np.fromiter((d.id for d in docs), dtype=np.int64, count=self.size)
        self.owner_ids = np.fromiter((d.owner_id for d in docs), dtype=np.int64, count=self.size)
        self.shared = np.fromiter((d.shared for d in docs), dtype=bool, count=self.size)
        self._languages: dict[str, int] = {}
        self.language_codes = np.fromiter(
            (self._languages.setdefault(d.language, len(self._languages)) for d in docs),
            dtype=np.int32,
            count=self.size,
        )
        if dim is None:
            dim = next((len(d.embedding) for d in docs if d.embedding is not None), 0)
        self.dim = dim
        self.matrix = np.zeros((self.size, dim), dtype=np.float32)
        self.has_vector = np.zeros(self.size, dtype=bool)
        for row, doc in enumerate(docs):
            if doc.embedding is not None and len(doc.embedding) == dim:
                self.matrix[row] = doc.embedding
                self.has_vector[row] = True
        self.bm25: bm25s.BM25 | None = None
        self._tokens: dict[int, tuple[object, list[str]]] = {}
        if self.size:
            known = previous._tokens if previous is not None else {}
            corpus = []
            for row, doc in enumerate(docs):
                cached = known.get(doc.id)
                if cached is not None and doc.revision is not None and cached[0] == doc.revision:
                    tokens = cached[1]
                else:
                    tokens = document_tokens(doc)
                    if row % 500 == 499:
                        time.sleep(0)  # under gevent: let other greenlets run during a cold build
                self._tokens[doc.id] = (doc.revision, tokens)
                corpus.append(tokens)
            self.bm25 = bm25s.BM25()
            self.bm25.index(corpus, show_progress=False)
        self.build_ms = (time.monotonic() - started) * 1000

    def _mask(self, user_id: int | None, language: str | None) -> np.ndarray:
        mask = np.ones(self.size, dtype=bool) if user_id is None else (self.owner_ids == user_id) | self.shared
        if language:
            code = self._languages.get(language)
            if code is None:
                return np.zeros(self.size, dtype=bool)
            mask &= self.language_codes == code
        return mask

    @staticmethod
    def _top(scores: np.ndarray, allowed: np.ndarray, depth: int) -> np.ndarray:
        """Row numbers of the best ``depth`` allowed rows, best first."""
        rows = np.flatnonzero(allowed)
        if rows.size > depth:
            part = np.argpartition(-scores[rows], depth - 1)[:depth]
            rows = rows[part]
        return rows[np.argsort(-scores[rows], kind="stable")]

    def dense_rows(self, vector: np.ndarray, mask: np.ndarray, depth: int) -> np.ndarray:
        if self.dim == 0 or vector is None or len(vector) != self.dim:
            return np.zeros(0, dtype=np.int64)
        scores = self.matrix @ vector.astype(np.float32, copy=False)
        return self._top(scores, mask & self.has_vector, depth)

    def bm25_rows(self, tokens: list[str], mask: np.ndarray, depth: int) -> np.ndarray:
        if self.bm25 is None:
            return np.zeros(0, dtype=np.int64)
        token_ids = self.bm25.get_tokens_ids(tokens)
        if not token_ids:
            return np.zeros(0, dtype=np.int64)
        scores = self.bm25.get_scores_from_ids(token_ids)
        return self._top(scores, mask & (scores > 0), depth)

    def search(
        self,
        *,
        vector: np.ndarray | None,
        tokens: list[str],
        user_id: int | None,
        language: str | None = None,
        k: int = 5,
        mode: str = "hybrid",
        depth: int = DEFAULT_DEPTH,
    ) -> list[Hit]:
        """The best ``k`` snippets ``user_id`` may see (own or shared; all when None)."""
        if self.size == 0 or k <= 0:
            return []
        depth = max(depth, k)
        mask = self._mask(user_id, language)
        dense = self.dense_rows(vector, mask, depth) if mode in ("hybrid", "dense") else ()
        lexical = self.bm25_rows(tokens, mask, depth) if mode in ("hybrid", "bm25") else ()
        fused: dict[int, list] = {}
        for rank, row in enumerate(dense, start=1):
            fused[int(row)] = [1.0 / (RRF_K + rank), rank, None]
        for rank, row in enumerate(lexical, start=1):
            entry = fused.setdefault(int(row), [0.0, None, None])
            entry[0] += 1.0 / (RRF_K + rank)
            entry[2] = rank
        best = sorted(fused.items(), key=lambda item: (-item[1][0], item[0]))[:k]
        return [
            Hit(id=int(self.ids[row]), score=round(rrf / _MAX_SCORE, 4), dense_rank=d, bm25_rank=b)
            for row, (rrf, d, b) in best
        ]


# --- the process's index ---------------------------------------------------------------------

_lock = threading.Lock()
_current: tuple[object, SnippetIndex, float] | None = None  # (version, index, built at)
_UNKNOWN = object()  # Redis unreachable
_FALLBACK_SECONDS = 10.0  # with Redis down, rebuild at most this often


def _version_key() -> str:
    return settings.RAG_INDEX_VERSION_KEY


def _read_version() -> object:
    from tomato_agent.redis_client import get_redis

    try:
        return get_redis().get(_version_key())
    except Exception:  # Redis down: search still works, on an index at most a few seconds old
        log.warning("rag: cannot read the index version", exc_info=True)
        return _UNKNOWN


def _bump() -> None:
    from tomato_agent.redis_client import get_redis

    try:
        get_redis().incr(_version_key())
    except Exception:
        log.exception("rag: cannot bump the index version; other processes may serve a stale index")


def index_changed() -> None:
    """Tell every process that snippets changed. Call after any create/update/delete/import.

    Bumps now, so this connection's next search sees its own change, and again
    after the transaction commits, so no process keeps an index it built from
    the database before the commit.
    """
    _bump()
    transaction.on_commit(_bump)


def docs_from_database() -> Iterable[SnippetDoc]:
    """Every snippet as a :class:`SnippetDoc`; embeddings of another model count as missing."""
    from rag.embeddings import get_embedder
    from rag.models import Snippet

    model_name = get_embedder().name
    rows = Snippet.objects.order_by("id").values_list(
        "id", "owner_id", "shared", "language", "title", "description", "tags", "code",
        "embedding", "embedding_model", "updated_at",
    )  # fmt: skip
    for pk, owner_id, shared, language, title, description, tags, code, blob, blob_model, updated_at in rows.iterator(
        chunk_size=2000
    ):
        vector = np.frombuffer(bytes(blob), dtype="<f4") if blob and blob_model == model_name else None
        yield SnippetDoc(
            pk, owner_id, shared, language, title, description, tuple(tags or ()), code, vector, updated_at
        )


def _fresh(cached: tuple[object, SnippetIndex, float] | None, version: object) -> bool:
    if cached is None:
        return False
    if version is _UNKNOWN:
        return time.monotonic() - cached[2] < _FALLBACK_SECONDS
    return cached[0] == version


def current_index() -> SnippetIndex:
    """This process's index, rebuilt from the database only when the version moved."""
    global _current
    version = _read_version()
    cached = _current
    if _fresh(cached, version):
        return cached[1]
    with _lock:  # one rebuild at a time; the others wait for it and reuse it
        cached = _current
        if _fresh(cached, version):
            return cached[1]
        index = SnippetIndex(list(docs_from_database()), previous=cached[1] if cached else None)
        _current = (version, index, time.monotonic())
        log.info("rag: index of %d snippets built in %.0f ms", index.size, index.build_ms)
        return index


def index_reset() -> None:
    """Forget this process's index (tests)."""
    global _current
    with _lock:
        _current = None


def search_index(
    index: SnippetIndex,
    query: str,
    *,
    user_id: int | None,
    language: str | None = None,
    k: int = 5,
    mode: str = "hybrid",
) -> list[Hit]:
    """Embed and tokenise ``query`` and search ``index`` (no database)."""
    from rag.embeddings import embed_query

    vector = embed_query(query) if mode in ("hybrid", "dense") and index.dim else None
    return index.search(vector=vector, tokens=query_tokens(query), user_id=user_id, language=language, k=k, mode=mode)
