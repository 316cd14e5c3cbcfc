"""Code snippets people save and the agent searches.

The embedding is stored with the row: float32 little-endian bytes of an
L2-normalised vector, plus the model that computed it and a digest of the text
it was computed from (:func:`rag.embeddings.passage_text`: title, description,
language, tags and the first 300 characters of the code). So a change of
title, description, language or tags re-embeds; a code change re-embeds only
when it touches the head of the code (BM25 sees all of the new code anyway,
because the in-memory index is rebuilt from the rows).
"""

from __future__ import annotations

import numpy as np
from django.conf import settings
from django.db import models

from rag.languages import LANGUAGE_RE, normalise_language  # noqa: F401 - re-exported


class Snippet(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="snippets")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    code = models.TextField()
    language = models.CharField(max_length=40, blank=True, default="", db_index=True)
    tags = models.JSONField(default=list, blank=True)
    shared = models.BooleanField(default=False, help_text="Visible to and searchable by every user.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    embedding = models.BinaryField(null=True, blank=True, editable=False)
    embedding_model = models.CharField(max_length=200, blank=True, default="", editable=False)
    embedding_digest = models.CharField(
        max_length=64, blank=True, default="", editable=False, help_text="sha256 of the embedded text"
    )

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["owner", "-id"], name="rag_snippet_owner_id"),
            models.Index(fields=["shared", "-id"], name="rag_snippet_shared_id"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def vector(self) -> np.ndarray | None:
        """The stored embedding as a float32 array (a view on the bytes), or None."""
        if not self.embedding:
            return None
        return np.frombuffer(bytes(self.embedding), dtype="<f4")
