"""Files the sandbox produced (plots, CSVs): the bytes live in SANDBOX_FILES_DIR, the row says whose they are."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class SandboxFile(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sandbox_files")
    run_id = models.CharField(max_length=64, blank=True, db_index=True)
    # The chat the run belonged to (blank for a workflow's): deleting the conversation deletes its files.
    conversation_id = models.CharField(max_length=64, blank=True, db_index=True)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    figure = models.BooleanField(default=False, help_text="a matplotlib figure the sandbox rendered")
    path = models.CharField(max_length=300, help_text="relative to SANDBOX_FILES_DIR")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.size} bytes)"

    @property
    def is_image(self) -> bool:
        return self.content_type in INLINE_IMAGE_TYPES


# Types a browser may show inline from our origin. SVG is not among them: it can carry script.
INLINE_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
