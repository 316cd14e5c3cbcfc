"""Snippet writes: create, update, delete, embed, bulk import.

Every write ends with :func:`rag.search.index_changed`, so each process's
in-memory search index is rebuilt before its next query. Who may change what:
the owner or a staff user; another user's *shared* snippet is readable, so
changing it is a 403 (:class:`SnippetForbidden`), while a private one is a 404
(:class:`rag.selectors.SnippetNotFound`) — its existence is never confirmed.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from rest_framework.exceptions import ValidationError

from rag import embeddings
from rag.models import LANGUAGE_RE, Snippet, normalise_language
from rag.search import index_changed
from rag.selectors import snippet_get
from tomato_agent.errors import DomainError

MAX_TITLE_CHARS = 200
MAX_DESCRIPTION_CHARS = 4000
MAX_TAGS = 20
MAX_TAG_CHARS = 40
EDITABLE_FIELDS = ("title", "description", "code", "language", "tags", "shared")


class SnippetForbidden(DomainError):
    code = "forbidden"
    status = 403
    message = "Only the owner of this snippet can change it."


def validation_message(exc: ValidationError) -> str:
    """A ValidationError as one plain line: ``code: This field may not be blank.``"""
    detail = exc.detail
    if isinstance(detail, dict):
        return "; ".join(f"{name}: {' '.join(map(str, problems))}" for name, problems in detail.items())
    return " ".join(map(str, detail if isinstance(detail, list) else [detail]))


def _clean_tags(tags: Iterable[str] | None) -> list[str]:
    cleaned = [" ".join(str(tag).split()).lower() for tag in (tags or ())]
    return list(dict.fromkeys(tag for tag in cleaned if tag))


def snippet_clean(values: dict) -> dict:
    """Normalise and check snippet fields; a 400 ``{field: [..]}`` on bad input.

    The API serializers check the same limits first; this is the check every
    caller (tools, imports, admin) goes through.
    """
    errors: dict[str, list[str]] = {}
    out = dict(values)
    if "title" in out:
        out["title"] = " ".join(str(out["title"]).split())
        if not out["title"]:
            errors["title"] = ["This field may not be blank."]
        elif len(out["title"]) > MAX_TITLE_CHARS:
            errors["title"] = [f"Ensure this field has no more than {MAX_TITLE_CHARS} characters."]
    if "description" in out:
        out["description"] = str(out["description"] or "").strip()
        if len(out["description"]) > MAX_DESCRIPTION_CHARS:
            errors["description"] = [f"Ensure this field has no more than {MAX_DESCRIPTION_CHARS} characters."]
    if "code" in out:
        out["code"] = str(out["code"] or "").strip("\n")
        if not out["code"].strip():
            errors["code"] = ["This field may not be blank."]
        elif len(out["code"]) > settings.RAG_MAX_CODE_CHARS:
            errors["code"] = [f"Ensure this field has no more than {settings.RAG_MAX_CODE_CHARS} characters."]
    if "language" in out:
        out["language"] = normalise_language(out["language"])
        if out["language"] and not LANGUAGE_RE.match(out["language"]):
            errors["language"] = ["Use a short language name such as python, sql or typescript."]
    if "tags" in out:
        raw = out["tags"]
        if raw is None:
            raw = []
        if isinstance(raw, str) or not isinstance(raw, list | tuple):
            errors["tags"] = ["Expected a list of strings."]
        else:
            out["tags"] = _clean_tags(raw)
            if len(out["tags"]) > MAX_TAGS:
                errors["tags"] = [f"At most {MAX_TAGS} tags."]
            elif any(len(tag) > MAX_TAG_CHARS for tag in out["tags"]):
                errors["tags"] = [f"A tag has at most {MAX_TAG_CHARS} characters."]
    if "shared" in out:
        out["shared"] = bool(out["shared"])
    if errors:
        raise ValidationError(errors)
    return out


def _embedding_text(snippet: Snippet) -> str:
    return embeddings.passage_text(
        title=snippet.title,
        description=snippet.description,
        language=snippet.language,
        tags=snippet.tags,
        code=snippet.code,
    )


def embedding_is_current(snippet: Snippet, *, model_name: str | None = None) -> bool:
    """Whether the stored embedding was computed by this model from the snippet's current text."""
    model_name = model_name or embeddings.get_embedder().name
    return bool(
        snippet.embedding
        and snippet.embedding_model == model_name
        and snippet.embedding_digest == embeddings.text_digest(_embedding_text(snippet))
    )


def _fill_embeddings(snippets: Sequence[Snippet], *, force: bool = False) -> list[Snippet]:
    """Compute embeddings in one batch for those that need it; returns the changed ones (unsaved)."""
    model_name = embeddings.get_embedder().name
    stale = [s for s in snippets if force or not embedding_is_current(s, model_name=model_name)]
    if not stale:
        return []
    texts = [_embedding_text(s) for s in stale]
    vectors = embeddings.embed_passages(texts)
    for snippet, text, vector in zip(stale, texts, vectors, strict=True):
        snippet.embedding = embeddings.to_bytes(vector)
        snippet.embedding_model = model_name
        snippet.embedding_digest = embeddings.text_digest(text)
    return stale


def snippet_create(
    *,
    user,
    title: str,
    code: str,
    description: str = "",
    language: str = "",
    tags: Sequence[str] = (),
    shared: bool = False,
) -> Snippet:
    """Save a snippet owned by ``user`` with its embedding."""
    values = snippet_clean(
        {"title": title, "code": code, "description": description, "language": language, "tags": list(tags),
         "shared": shared}
    )  # fmt: skip
    snippet = Snippet(owner=user, **values)
    _fill_embeddings([snippet])
    snippet.save()
    index_changed()
    return snippet


def _check_can_change(*, user, snippet: Snippet) -> None:
    if snippet.owner_id != user.pk and not user.is_staff:
        raise SnippetForbidden()


def snippet_update(*, user, snippet_id: int, **changes) -> Snippet:
    """Change some fields; re-embeds only if the embedded text changed (a code change beyond
    the head of the code does not; see :func:`rag.embeddings.passage_text`)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: ["This field cannot be changed."] for name in sorted(unknown)})
    snippet = snippet_get(user=user, snippet_id=snippet_id)
    _check_can_change(user=user, snippet=snippet)
    values = snippet_clean(changes)
    for name, value in values.items():
        setattr(snippet, name, value)
    _fill_embeddings([snippet])
    snippet.save()
    index_changed()
    return snippet


def snippet_delete(*, user, snippet_id: int) -> None:
    snippet = snippet_get(user=user, snippet_id=snippet_id)
    _check_can_change(user=user, snippet=snippet)
    snippet.delete()
    index_changed()


def snippet_save(*, snippet: Snippet) -> Snippet:
    """Save a snippet edited outside the services (the admin form): normalise, embed, bump."""
    values = snippet_clean({name: getattr(snippet, name) for name in EDITABLE_FIELDS})
    for name, value in values.items():
        setattr(snippet, name, value)
    _fill_embeddings([snippet])
    snippet.save()
    index_changed()
    return snippet


def snippets_delete(*, snippet_ids: Iterable[int]) -> int:
    """Delete snippets by id (admin bulk delete)."""
    deleted, _ = Snippet.objects.filter(pk__in=list(snippet_ids)).delete()
    index_changed()
    return deleted


def snippets_embed(*, snippet_ids: Iterable[int], force: bool = False, batch_size: int = 64) -> int:
    """Compute missing or stale embeddings for these snippets; ``force`` recomputes all.

    Returns how many were (re)embedded. Used by the Celery task and the admin action.
    """
    ids = sorted(set(snippet_ids))
    done = 0
    for start in range(0, len(ids), batch_size):
        batch = list(Snippet.objects.filter(pk__in=ids[start : start + batch_size]).order_by("id"))
        changed = _fill_embeddings(batch, force=force)
        if changed:
            Snippet.objects.bulk_update(changed, ["embedding", "embedding_model", "embedding_digest"])
            done += len(changed)
        time.sleep(0)  # under gevent: let other greenlets run between CPU-bound batches
    if done:
        index_changed()
    return done


def snippets_import(*, owner, records: Iterable[dict], shared: bool | None = None, embed: str = "async") -> list[int]:
    """Create snippets owned by ``owner`` from dicts (title, description, code, language, tags, shared).

    ``shared`` overrides each record's flag when given. ``embed`` is ``"async"``
    (a Celery task computes embeddings after commit; search finds the rows by
    BM25 meanwhile) or ``"sync"`` (computed here, in batches). A bad record
    raises a 400 naming its line number; nothing is saved then.
    """
    if embed not in ("async", "sync"):
        raise ValueError("embed must be 'async' or 'sync'")
    snippets = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise ValidationError({"records": [f"record {number}: expected a JSON object"]})
        fields = {name: record.get(name, "") for name in ("title", "code", "description", "language")}
        fields["tags"] = record.get("tags") or []
        fields["shared"] = record.get("shared", False) if shared is None else shared
        try:
            values = snippet_clean(fields)
        except ValidationError as exc:
            raise ValidationError({"records": [f"record {number}: {validation_message(exc)}"]}) from None
        snippets.append(Snippet(owner=owner, **values))
    if embed == "sync":
        for start in range(0, len(snippets), 64):
            _fill_embeddings(snippets[start : start + 64])
    with transaction.atomic():
        created = Snippet.objects.bulk_create(snippets, batch_size=500)
        ids = [s.pk for s in created]
        index_changed()
        if embed == "async" and ids:
            from rag.tasks import enqueue_embedding

            enqueue_embedding(snippet_ids=ids)
    return ids


def seed_owner() -> object:
    """The system user that owns the shared seed library (cannot log in)."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    user = user_model.objects.filter_by_username(settings.RAG_SEED_USERNAME).first()
    if user is None:
        user = user_model(username=settings.RAG_SEED_USERNAME)
        user.set_unusable_password()
        user.save()
    return user


def snippets_sync(*, owner, records: Iterable[dict], shared: bool = True) -> tuple[int, int]:
    """Make ``owner``'s snippets match ``records`` by title: create the missing ones,
    update the changed ones (never deletes). Embeddings are computed here.

    Returns (created, updated). Used for the seed library, so re-running is safe.
    """
    existing = {s.title: s for s in Snippet.objects.filter(owner=owner)}
    to_create: list[Snippet] = []
    to_update: list[Snippet] = []
    for number, record in enumerate(records, start=1):
        fields = {name: record.get(name, "") for name in ("title", "code", "description", "language")}
        fields["tags"] = record.get("tags") or []
        fields["shared"] = shared
        try:
            values = snippet_clean(fields)
        except ValidationError as exc:
            raise ValidationError({"records": [f"record {number}: {validation_message(exc)}"]}) from None
        snippet = existing.get(values["title"])
        if snippet is None:
            to_create.append(Snippet(owner=owner, **values))
        elif any(getattr(snippet, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(snippet, name, value)
            to_update.append(snippet)
    for start in range(0, len(to_create), 64):
        _fill_embeddings(to_create[start : start + 64])
    _fill_embeddings(to_update)
    with transaction.atomic():
        Snippet.objects.bulk_create(to_create, batch_size=500)
        for snippet in to_update:
            snippet.save()
        if to_create or to_update:
            index_changed()
    return len(to_create), len(to_update)
