"""Storing and serving what the sandbox produced.

Files never travel through the event stream or MongoDB: the worker writes the
bytes under ``SANDBOX_FILES_DIR`` (a volume the web and worker processes
share) and records a :class:`~sandbox.models.SandboxFile` row; events and
history carry only its id, name, size and URL. ``GET /api/sandbox/files/{id}``
serves it to its owner only. Files older than ``SANDBOX_FILES_DAYS`` are
removed by ``manage.py sandbox_purge_files``; a conversation's go with it
(``agents.services.conversation_delete``), a user's with the user
(``accounts.services.user_delete``).
"""

from __future__ import annotations

import contextlib
import mimetypes
import os
import uuid
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sandbox.models import INLINE_IMAGE_TYPES, SandboxFile
from sandbox.types import ProducedFile
from tomato_agent.errors import NotFound

# Signatures of the image types a browser may show inline: the name alone is the code's to choose.
_SIGNATURES = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
}


def _root() -> Path:
    return Path(settings.SANDBOX_FILES_DIR)


def content_type_of(name: str, data: bytes) -> str:
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if guessed in INLINE_IMAGE_TYPES and not data.startswith(_SIGNATURES[guessed]):
        return "application/octet-stream"
    return guessed


def file_url(file_id) -> str:
    return f"/api/sandbox/files/{file_id}"


def files_store(
    *, user_id: int, run_id: str, files: list[ProducedFile], conversation_id: str = ""
) -> list[SandboxFile]:
    """Write the produced files and record who owns them."""
    stored = []
    for produced in files:
        file_id = uuid.uuid4()
        relative = Path(str(user_id)) / f"{file_id.hex}"
        target = _root() / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(produced.data)
        try:
            with transaction.atomic():
                row = SandboxFile.objects.create(
                    id=file_id,
                    owner_id=user_id,
                    run_id=run_id,
                    conversation_id=conversation_id,
                    name=os.path.basename(produced.name)[:200] or "file",
                    content_type=content_type_of(produced.name, produced.data),
                    size=produced.size,
                    figure=produced.figure,
                    path=str(relative),
                )
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        stored.append(row)
    return stored


def file_for(*, user, file_id) -> tuple[SandboxFile, Path]:
    """The file and where its bytes are, if ``user`` owns it; anyone else gets NotFound."""
    try:
        row = SandboxFile.objects.get(id=file_id, owner=user)
    except (SandboxFile.DoesNotExist, ValueError):
        raise NotFound("No such file.") from None
    path = _root() / row.path
    if not path.is_file():
        raise NotFound("The file has expired.")
    return row, path


def files_delete(*, user_id: int, conversation_id: str | None = None, run_ids: Sequence[str] = ()) -> int:
    """Delete the user's files, bytes first; how many went. With ``conversation_id``, only that
    conversation's: those recording it and those of ``run_ids`` (its runs)."""
    rows = SandboxFile.objects.filter(owner_id=user_id)
    if conversation_id is not None:
        rows = rows.filter(Q(conversation_id=conversation_id) | Q(run_id__in=[*run_ids]))
    count = 0
    for row in rows.iterator():
        (_root() / row.path).unlink(missing_ok=True)
        row.delete()
        count += 1
    if conversation_id is None:
        with contextlib.suppress(OSError):  # gone already, or a file being written there right now
            (_root() / str(user_id)).rmdir()
    return count


def files_purge(*, older_than_days: int | None = None) -> int:
    """Delete files older than the retention period; returns how many went."""
    days = settings.SANDBOX_FILES_DAYS if older_than_days is None else older_than_days
    expired = SandboxFile.objects.filter(created_at__lt=timezone.now() - timedelta(days=days))
    count = 0
    for row in expired.iterator():
        (_root() / row.path).unlink(missing_ok=True)
        row.delete()
        count += 1
    return count
