"""Snippet language names: free text, lower-case, with common aliases folded."""

from __future__ import annotations

import re

LANGUAGE_ALIASES = {
    "py": "python",
    "python3": "python",
    "js": "javascript",
    "node": "javascript",
    "nodejs": "javascript",
    "ts": "typescript",
    "sh": "shell",
    "bash": "shell",
    "zsh": "shell",
    "golang": "go",
    "yml": "yaml",
    "c++": "cpp",
    "cs": "csharp",
    "c#": "csharp",
    "rb": "ruby",
    "rs": "rust",
    "kt": "kotlin",
    "postgresql": "sql",
    "psql": "sql",
}
LANGUAGE_RE = re.compile(r"^[a-z0-9][a-z0-9+#._-]{0,39}$")


def normalise_language(value: str | None) -> str:
    """Lower-case, trimmed, with common aliases folded (``py`` → ``python``, ``bash`` → ``shell``)."""
    value = (value or "").strip().lower()
    return LANGUAGE_ALIASES.get(value, value)
