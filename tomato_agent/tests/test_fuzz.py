"""Hostile input never gets a 500: every documented endpoint, every parameter, a table of bad values.

The endpoints and their parameters come from the OpenAPI schema (``/api/schema/``), so
a new endpoint is fuzzed as soon as it is documented (``agents/tests/test_schema.py``
makes sure it is). Each parameter — path, query, header, and each property of a JSON
body — gets every hostile value of its table in turn, the others left out; raw bodies
that are not JSON, too deep or too large go to every operation that takes one. The
person's runs-in-flight cap is 0, so nothing here starts a run: a valid message is
refused at admission (429) instead of waiting for a worker.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from django.test import Client

from accounts.services import token_issue

pytestmark = pytest.mark.django_db

DEEP = "[" * 3000 + "]" * 3000
HOSTILE_STRINGS = [
    "",
    " ",
    "0",
    "-1",
    "9" * 25,
    "99999999999999999999",
    "1e309",
    "NaN",
    "0x7f",
    "١٢٣",
    "0-0",
    "9" * 21 + "-0",
    "\x00",
    "%00",
    "a" * 5000,
    "😀",
    "\u202e",
    "\ud800",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    '{"$gt": ""}',
    "2026-13-45",
    "9999-12-31T23:59:59+99:00",
    "-9999-01-01",
]
SHORT_STRINGS = [value for value in HOSTILE_STRINGS if len(value) < 100]
HOSTILE_VALUES = [
    None,
    True,
    -1,
    0,
    2**70,
    -(2**70),
    1.5,
    1e308,
    "",
    [],
    {},
    {"$gt": ""},
    {"$where": "1"},
    [[[[[[[[[[1]]]]]]]]]],
    "\u0000",
    "😀" * 10,
    "9" * 30,
]
RAW_BODIES = [
    b"",
    b"{",
    b"[]",
    b"null",
    b"\xff\xfe\x00",
    b'"\\ud800"',
    b'{"a": "\\udfff"}',
    DEEP.encode(),
    b'{"a":' * 200 + b"1" + b"}" * 200,
    b'{"x": "' + b"y" * 300_000 + b'"}',
    b'{"x": 1e999}',
    b"NaN",
]
HOSTILE_HEADERS = {
    "HTTP_AUTHORIZATION": ["Token \xff\xfe\xfa", "Bearer", "Token a b", "Token \x00", "Bearer " + "a" * 5000],
    "HTTP_LAST_EVENT_ID": ["x", "9" * 40 + "-1", "-1--1"],
}
SKIP_PREFIXES = ("/api/schema", "/api/docs")
METHODS = ("get", "post", "put", "patch", "delete")


def _schema_operations(client) -> list[tuple[str, str, dict]]:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    ops = []
    for path, item in schema["paths"].items():
        if path.startswith(SKIP_PREFIXES):
            continue
        for method in METHODS:
            if method in item:
                ops.append((path, method, item[method]))
    assert len(ops) > 20  # the whole API, not an empty schema
    # Deletes and logouts last: the caller's things and token must live until then.
    return sorted(ops, key=lambda op: ("logout" in op[0], op[1] == "delete"))


def _body_properties(op: dict) -> dict:
    content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    schema = content.get("schema", {})
    if "$ref" in schema:
        return {"$ref": schema["$ref"]}
    return schema.get("properties", {})


def _resolve(schema_doc: dict, props: dict) -> dict:
    ref = props.get("$ref")
    if not ref:
        return props
    name = ref.rsplit("/", 1)[1]
    return schema_doc["components"]["schemas"][name].get("properties", {})


class Caller:
    def __init__(self, client: Client, token: str) -> None:
        self.client = client
        self.token = token
        self.failures: list[str] = []
        self.calls = 0

    def __call__(
        self,
        method: str,
        path: str,
        *,
        query: dict | None = None,
        body: bytes | None = None,
        headers: dict | None = None,
    ) -> None:
        url = path + (
            "?" + "&".join(f"{quote(k)}={quote(v, safe='', errors='surrogatepass')}" for k, v in query.items())
            if query
            else ""
        )
        extra = {"HTTP_AUTHORIZATION": f"Token {self.token}", **(headers or {})}
        kwargs = {"content_type": "application/json", "data": body} if body is not None else {}
        response = getattr(self.client, method)(url, **kwargs, **extra)
        self.calls += 1
        if response.status_code == 401 and headers is None and path.startswith("/api/") and "logout" not in path:
            self.failures.append(f"{method.upper()} {url[:80]}: the caller's token stopped working")
        if response.status_code >= 500:
            self.failures.append(f"{method.upper()} {url[:120]} body={(body or b'')[:60]!r} -> {response.status_code}")


def _fill_path(path: str, value: str | dict) -> str:
    """The path with every ``{name}`` set to ``value`` (or to ``value[name]``, a real id of the caller's)."""

    def fill(match):
        text = value.get(match.group(1), "1") if isinstance(value, dict) else value
        return quote(str(text), safe="", errors="surrogatepass")

    return re.sub(r"\{([^}]+)\}", fill, path)


class HashEmbedder:
    """A fast stand-in for the e5 model: this test is about parsing and validation, and hundreds of
    accepted snippet edits and searches would each run the real model (rag/tests cover it)."""

    name = "fuzz-hash"

    def _embed(self, texts):
        import hashlib

        import numpy as np

        rows = [np.frombuffer(hashlib.sha256(t.encode("utf-8", "replace")).digest(), dtype=np.uint8) for t in texts]
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), 32) + 1.0

    queries = passages = _embed


@pytest.fixture
def caller(user, settings, mongo_db):
    """A staff caller (staff-only endpoints are fuzzed past their permission check) owning one of each thing,
    so hostile query values reach the queries behind an ownership check (``?before=`` on real messages)."""
    from datetime import UTC, datetime

    from agents import history
    from rag import embeddings
    from rag.models import Snippet
    from runs import reports

    settings.RUNS_IN_FLIGHT_PER_USER = 0  # admission refuses every run: nothing waits for a worker
    embeddings.set_embedder(HashEmbedder())
    user.is_staff = True
    user.save()
    conversation = history.conversation_create(user_id=user.id, title="fuzz")
    run_id = "f" * 32
    reports.report_record_queued(
        run_id=run_id,
        user_id=user.id,
        kind="chat",
        model="m",
        created_at=datetime.now(UTC),
        fields={
            "conversation_id": conversation["_id"],
            "user_message_id": "u" * 32,
            "assistant_message_id": "a" * 32,
            "assistant_seq": 2,
        },
    )
    snippet = Snippet.objects.create(owner=user, title="fuzz", code="print(1)")
    token, _ = token_issue(user=user)
    caller = Caller(Client(raise_request_exception=False), token)
    caller.ids = {"conversation_id": conversation["_id"], "run_id": run_id, "snippet_id": snippet.id}
    yield caller
    from rag.search import index_reset

    embeddings.set_embedder(None)
    index_reset()  # the index holds vectors of the stand-in model


# Thousands of requests, more with every documented endpoint: about 35 s of CPU, over 120 s of wall time when
# the machine is shared (the project-wide timeout), so this one test gets its own bound.
@pytest.mark.timeout(480)
def test_no_endpoint_answers_500_to_hostile_input(caller):
    ops = _schema_operations(caller.client)
    schema_doc = json.loads(caller.client.get("/api/schema/", HTTP_ACCEPT="application/json").content)
    for path, method, op in ops:
        plain_path = _fill_path(path, caller.ids)
        params = op.get("parameters", [])
        for value in HOSTILE_STRINGS:
            if "{" in path:
                caller(method, _fill_path(path, value))
            for param in params:
                if param["in"] == "query":
                    caller(method, plain_path, query={param["name"]: value})
        for param in params:
            if param["in"] == "header":
                for value in HOSTILE_STRINGS[:12]:
                    caller(method, plain_path, headers={"HTTP_" + param["name"].upper().replace("-", "_"): value})
        for header, values in HOSTILE_HEADERS.items():
            for value in values:
                caller(method, plain_path, headers={header: value})
        if method in ("post", "put", "patch"):
            for raw in RAW_BODIES:
                caller(method, plain_path, body=raw)
            properties = _resolve(schema_doc, _body_properties(op))
            for name in properties:
                for value in HOSTILE_VALUES + SHORT_STRINGS:
                    caller(method, plain_path, body=json.dumps({name: value}).encode())
            caller(method, plain_path, body=json.dumps(dict.fromkeys(properties, "x" * 40_000)).encode())
    assert caller.calls > 1000
    assert caller.failures == [], "\n".join(caller.failures[:40])
