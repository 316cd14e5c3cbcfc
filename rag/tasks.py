"""Celery tasks of the RAG app: embedding snippets in bulk.

The worker runs a gevent pool and the local model is CPU-bound C code that
holds the hub while it runs, so a task embeds in small batches and yields
between them (see :func:`rag.services.snippets_embed`); agent runs on the
same worker keep streaming.
"""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from rag import services
from rag.embeddings import EmbeddingError

TASK_CHUNK = 200  # snippets per task, so one bad batch retries little


@shared_task(
    name="rag.snippets_embed",
    acks_late=True,
    ignore_result=True,
    autoretry_for=(EmbeddingError,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
    soft_time_limit=600,
    time_limit=660,
)
def snippets_embed(snippet_ids: list[int], force: bool = False) -> int:
    """(Re)compute embeddings of these snippets; ids that no longer exist are skipped."""
    return services.snippets_embed(snippet_ids=snippet_ids, force=force, batch_size=4)


def enqueue_embedding(*, snippet_ids: list[int], force: bool = False) -> None:
    """Queue embedding after the current transaction commits, in chunks."""
    ids = list(snippet_ids)
    for start in range(0, len(ids), TASK_CHUNK):
        chunk = ids[start : start + TASK_CHUNK]
        transaction.on_commit(lambda chunk=chunk: snippets_embed.delay(chunk, force))
