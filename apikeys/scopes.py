"""Which scope a request made with an API key needs: one table for every route, in one place.

A key can do what its scopes name and nothing else:

* ``read``: any ``GET`` of the API (``/api/…``, ``/v1/models``);
* ``chat``: start chat runs (``/api/chat…``, ``/chat/stream``,
  ``/v1/chat/completions``, the WebSocket), read and change conversations,
  change snippets and agents, follow and cancel runs;
* ``workflows``: read, define and run workflows (``/api/workflows…``,
  ``/api/task/…``, ``/v1/run_workflow``), follow and cancel runs.

Managing keys, embeds and the account (everything under ``/api/keys``,
``/api/embeds`` and ``/api/auth`` but ``GET /api/auth/me``) needs a login, so
a leaked key cannot mint more keys or lock its owner out.
"""

from __future__ import annotations

import re

from apikeys.models import CHAT, READ, WORKFLOWS

NEVER: frozenset[str] = frozenset()
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
ANY_RUN = frozenset({READ, CHAT, WORKFLOWS})

# (methods or None for any, path pattern, the scopes any one of which admits the request); first match wins.
RULES: list[tuple[frozenset[str] | None, re.Pattern, frozenset[str]]] = [
    (SAFE, re.compile(r"^/api/auth/me$"), ANY_RUN),
    (None, re.compile(r"^/api/(keys|embeds|auth)(/|$)"), NEVER),
    (SAFE, re.compile(r"^/v1/models(/|$)"), ANY_RUN),
    (SAFE, re.compile(r"^/api/runs/[^/]+(/events)?$"), ANY_RUN),
    (SAFE, re.compile(r"^/api/conversations(/|$)"), frozenset({READ, CHAT})),
    (None, re.compile(r"^/api/runs/[^/]+/cancel$"), frozenset({CHAT, WORKFLOWS})),
    # Chat Completions run agents (chat) and workflows (workflows): the model decides (openai_api/catalog.py).
    (None, re.compile(r"^/v1/chat/completions$"), frozenset({CHAT, WORKFLOWS})),
    (None, re.compile(r"^/(api/chat|chat|ws/chat)(/|$)"), frozenset({CHAT})),
    (SAFE, re.compile(r"^/(api/workflows|api/task|v1/workflows)(/|$)"), frozenset({READ, WORKFLOWS})),
    (None, re.compile(r"^/(api/workflows|api/task|v1/run_workflow)(/|$)"), frozenset({WORKFLOWS})),
    (SAFE, re.compile(r"^/(api|v1)/"), frozenset({READ})),
    (None, re.compile(r"^/api/(conversations|snippets|agents)(/|$)"), frozenset({CHAT})),
]


def scopes_admitting(method: str, path: str) -> frozenset[str]:
    """The scopes of which a key needs one for ``method path``; empty: no key may (a login is needed)."""
    for methods, pattern, scopes in RULES:
        if (methods is None or method in methods) and pattern.match(path):
            return scopes
    return NEVER


def key_admits(scopes: list[str], method: str, path: str) -> bool:
    return bool(scopes_admitting(method, path) & set(scopes))
