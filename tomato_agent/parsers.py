"""DRF's default parser: JSON through :func:`tomato_agent.http.parse_json` (its size and nesting limits).

Every endpoint of the API takes a JSON object, so any other JSON value (``[]``, ``null``, ``"x"``) is a 400
here, before a view could mistake it for one."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        # Imported here: DRF loads this class while tomato_agent.errors (imported by http) is loading.
        from tomato_agent.errors import InvalidRequest
        from tomato_agent.http import MAX_BODY_BYTES, parse_json

        raw = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        try:
            body = parse_json(raw or b"{}")
        except InvalidRequest as exc:
            raise ParseError(exc.message) from None
        if not isinstance(body, dict):
            raise ParseError("The body must be a JSON object.")
        return body
