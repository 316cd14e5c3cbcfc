"""Agent tools over the snippet store: ``code_search`` and ``save_snippet``.

Both act strictly as ``ctx.user_id``: search sees that user's own snippets
and the shared ones, save stores a private snippet of that user. They run in
the Celery worker; each call does a handful of small queries (the user, the
hit rows or the insert) and leaves connection handling to the caller.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from rest_framework.exceptions import ValidationError

from rag import selectors, services
from rag.embeddings import EmbeddingError
from tools.registry import Tool, ToolContext, ToolError


def _user(ctx: ToolContext):
    try:
        return get_user_model().objects.only("id", "is_staff", "is_active").get(pk=ctx.user_id, is_active=True)
    except get_user_model().DoesNotExist:
        raise ToolError("the requesting user no longer exists") from None


def _truncate(code: str, limit: int) -> str:
    if len(code) <= limit:
        return code
    return code[:limit].rstrip() + f"\n… [truncated, {len(code) - limit} more characters]"


# --- code_search -----------------------------------------------------------------------------


def code_search(arguments: dict, ctx: ToolContext) -> list[dict[str, Any]]:
    query = arguments["query"].strip()
    if not query:
        raise ToolError("query must not be empty")
    try:
        hits = selectors.snippet_search(
            user=_user(ctx),
            query=query,
            k=arguments.get("k", 3),
            language=arguments.get("language") or "",
            tags=ctx.knowledge_tags,
        )
    except EmbeddingError:
        raise ToolError("the embedding service is unavailable; try again later") from None
    limit = settings.RAG_TOOL_CODE_CHARS
    return [
        {
            "id": hit.snippet.pk,
            "title": hit.snippet.title,
            "description": hit.snippet.description,
            "language": hit.snippet.language,
            "code": _truncate(hit.snippet.code, limit),
            "score": hit.score,
        }
        for hit in hits
    ]


CODE_SEARCH = Tool(
    name="code_search",
    idempotent=True,  # a read: retried after a transient failure
    alias="Code snippet search",
    description=(
        "Search the user's saved code snippets and the shared snippet library (Korean or English). "
        "Describe what the code should do, e.g. 'retry an HTTP request with backoff' or "
        "'파이썬 딕셔너리 값으로 정렬'. Returns the best matches with their code."
    ),
    parameters={
        "type": "object",
        "properties": {
            "query": {"type": "string", "minLength": 1, "maxLength": 500, "description": "what the code does"},
            "k": {"type": "integer", "minimum": 1, "maximum": 10, "default": 3, "description": "how many"},
            "language": {"type": "string", "maxLength": 40, "description": "only this language, e.g. python"},
        },
        "required": ["query"],
        "additionalProperties": False,
    },
    func=code_search,
    output_rules=(
        "Results are snippets the user saved or the shared library holds, best first; score is a 0-1 "
        "rank agreement, not a probability. Use a result only if its title and description fit the "
        "question; quote its code verbatim in a fenced block with its language and name the snippet's "
        "title. If nothing fits, say no saved snippet matches and do not present your own code as a "
        "saved one. Never invent snippet ids or titles."
    ),
    visible_args=lambda a: {k: a[k] for k in ("query", "language") if a.get(k)},
    visible_result=lambda r: [{"id": hit["id"], "title": hit["title"], "score": hit["score"]} for hit in r],
    timeout=20.0,  # the first search of a process builds the index
)

# --- save_snippet ----------------------------------------------------------------------------


def save_snippet(arguments: dict, ctx: ToolContext) -> dict[str, Any]:
    try:
        snippet = services.snippet_create(
            user=_user(ctx),
            title=arguments["title"],
            description=arguments.get("description", ""),
            code=arguments["code"],
            language=arguments.get("language", ""),
            tags=arguments.get("tags") or [],
            shared=False,
        )
    except ValidationError as exc:
        raise ToolError(f"cannot save the snippet: {services.validation_message(exc)}") from None
    except EmbeddingError:
        raise ToolError("the embedding service is unavailable; try again later") from None
    return {"id": snippet.pk, "title": snippet.title, "language": snippet.language, "shared": False}


SAVE_SNIPPET = Tool(
    name="save_snippet",
    alias="Save code snippet",
    description=(
        "Save a code snippet to the user's private library so code_search can find it later. "
        "Only when the user asks to save or remember code."
    ),
    parameters={
        "type": "object",
        "properties": {
            "title": {"type": "string", "minLength": 1, "maxLength": 200},
            "description": {
                "type": "string",
                "maxLength": 4000,
                "description": "what the code does and when to use it, in the user's language",
            },
            "code": {"type": "string", "minLength": 1, "maxLength": 100_000},
            "language": {"type": "string", "maxLength": 40, "description": "e.g. python, sql, shell"},
            "tags": {"type": "array", "items": {"type": "string", "maxLength": 40}, "maxItems": 20},
        },
        "required": ["title", "code"],
        "additionalProperties": False,
    },
    func=save_snippet,
    output_rules=(
        "Tell the user the snippet was saved privately, with its title and id. It is visible only to "
        "them; it can be shared from the snippets API."
    ),
    visible_args=lambda a: {"title": a.get("title", "")},
    visible_result=lambda r: {"id": r["id"], "title": r["title"]},
    timeout=20.0,
)

RAG_TOOLS = (CODE_SEARCH, SAVE_SNIPPET)
