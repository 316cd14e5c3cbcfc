"""Snippet reads. Everyone sees their own snippets and the shared ones; by id, staff see any.

Lists and search show staff the same as everyone (own + shared): staff reach
another user's private snippet only by id, to moderate it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from rag import search
from rag.models import Snippet, normalise_language
from tomato_agent.errors import NotFound


class SnippetNotFound(NotFound):
    message = "Snippet not found."


@dataclass(frozen=True)
class SnippetHit:
    snippet: Snippet
    score: float


def snippets_visible(*, user) -> QuerySet[Snippet]:
    return Snippet.objects.filter(Q(owner_id=user.pk) | Q(shared=True))


def _scoped(snippets: QuerySet[Snippet], *, user, scope: str, tag: str) -> QuerySet[Snippet]:
    """``scope`` "mine" (the person's own) or "shared" (shared by others); ``tag`` one of a snippet's tags
    (any case). Tags are a JSON list: matched here in Python, the same on every database."""
    if scope == "mine":
        snippets = snippets.filter(owner_id=user.pk)
    elif scope == "shared":
        snippets = snippets.exclude(owner_id=user.pk)
    tag = tag.strip().casefold()
    if tag:
        tagged = [pk for pk, tags in snippets.values_list("pk", "tags") if tag in {str(t).casefold() for t in tags}]
        snippets = snippets.filter(pk__in=tagged)
    return snippets


def snippet_list(*, user, q: str = "", language: str = "", scope: str = "all", tag: str = "") -> QuerySet[Snippet]:
    """Own and shared snippets, newest first; ``q`` is a plain substring filter
    on title, description and code (ranked search is :func:`snippet_search`)."""
    snippets = _scoped(snippets_visible(user=user).select_related("owner"), user=user, scope=scope, tag=tag)
    language = normalise_language(language)
    if language:
        snippets = snippets.filter(language=language)
    q = q.strip()
    if q:
        snippets = snippets.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(code__icontains=q))
    return snippets.order_by("-id")


def snippet_get(*, user, snippet_id: int) -> Snippet:
    """A snippet the user may read, or :class:`SnippetNotFound` (never a hint that it exists)."""
    snippets = Snippet.objects.select_related("owner")
    if not user.is_staff:
        snippets = snippets.filter(Q(owner_id=user.pk) | Q(shared=True))
    try:
        return snippets.get(pk=snippet_id)
    except Snippet.DoesNotExist:
        raise SnippetNotFound() from None


def snippet_search(
    *,
    user,
    query: str,
    k: int = 5,
    language: str = "",
    scope: str = "all",
    tag: str = "",
    tags: tuple[str, ...] = (),
) -> list[SnippetHit]:
    """Hybrid search over the user's own and shared snippets, best first.

    ``tags`` (an agent's knowledge) keeps only snippets carrying one of them.

    The in-memory index ranks; the rows are then read back through
    :func:`snippets_visible`, so a snippet made private or deleted a moment ago
    never shows even if this process's index has not caught up. With ``scope``
    or ``tag`` (:func:`_scoped`) the index is asked for more and the rows narrowed.
    """
    narrowed = scope != "all" or bool(tag.strip()) or bool(tags)
    index = search.current_index()
    depth = min(100, k * 10) if narrowed else k
    hits = search.search_index(index, query, user_id=user.pk, language=normalise_language(language) or None, k=depth)
    if not hits:
        return []
    visible = snippets_visible(user=user).select_related("owner")
    if narrowed:
        visible = _scoped(visible, user=user, scope=scope, tag=tag)
    rows = visible.in_bulk([hit.id for hit in hits])
    wanted = {t.lower() for t in tags}  # an agent's knowledge: snippets carrying one of these tags
    return [
        SnippetHit(snippet=rows[hit.id], score=hit.score)
        for hit in hits
        if hit.id in rows and (not wanted or wanted & {str(t).lower() for t in rows[hit.id].tags or ()})
    ][:k]
