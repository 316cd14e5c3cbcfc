"""Snippet JSON Lines: one object per line with title, description, code, language, tags, shared.

The import/export commands, the admin upload and the seed file use this format.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from rest_framework.exceptions import ValidationError

from tomato_agent.errors import InvalidRequest
from tomato_agent.http import parse_json

EXPORT_FIELDS = ("title", "description", "code", "language", "tags", "shared")


def read_records(lines: Iterable[str | bytes]) -> list[dict]:
    """Parse JSONL; blank lines are skipped, a bad line is a 400 naming its number."""
    records = []
    for number, line in enumerate(lines, start=1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise ValidationError({"file": [f"line {number}: not UTF-8"]}) from None
        line = line.strip()
        if not line:
            continue
        try:  # the one client-JSON parser: nesting limit, no lone surrogates; the upload limit bounds the size
            record = parse_json(line, max_bytes=len(line))
        except InvalidRequest as exc:
            raise ValidationError({"file": [f"line {number}: not JSON ({exc.message})"]}) from None
        if not isinstance(record, dict):
            raise ValidationError({"file": [f"line {number}: expected a JSON object"]})
        records.append(record)
    return records


def snippet_record(snippet) -> dict:
    record = {name: getattr(snippet, name) for name in EXPORT_FIELDS}
    record["owner"] = snippet.owner.username
    return record


def write_records(records: Iterable[dict]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"
