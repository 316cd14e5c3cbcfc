"""code_search and save_snippet through the registry, as the agent loop calls them."""

import json

import pytest

from rag.models import Snippet
from tools.registry import ToolCall, ToolContext, registry, run_call

# The registry runs each tool in a worker thread with its own connection, which only
# sees committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


def _call(name: str, arguments: dict, user):
    tools = {tool.name: tool for tool in registry.tools_for(ToolContext(user_id=user.pk))}
    call = ToolCall(call_id="call_1", name=name, arguments=json.dumps(arguments, ensure_ascii=False))
    return run_call(call, tools.get(name), ToolContext(user_id=user.pk, is_staff=user.is_staff))


def test_both_tools_are_registered():
    names = {tool.name for tool in registry.tools_for_static()}
    assert {"code_search", "save_snippet"} <= names


def test_code_search_runs_as_the_requesting_user(user, other_user, library):
    outcome = _call("code_search", {"query": "딕셔너리 값 정렬"}, user)
    assert outcome.ok, outcome.error
    results = outcome.result
    assert results[0]["id"] == library["sort"].pk
    assert results[0]["code"].startswith("dict(sorted(")
    assert set(results[0]) == {"id", "title", "description", "language", "code", "score"}
    assert len(results) == 3  # default k
    # what a person sees: titles, ids and scores, no code
    assert outcome.visible[0] == {"id": library["sort"].pk, "title": results[0]["title"], "score": results[0]["score"]}
    assert all("code" not in row for row in outcome.visible)


def test_code_search_never_shows_another_users_private_snippet(user, other_user, library):
    outcome = _call("code_search", {"query": "rotate AWS access keys", "k": 10}, user)
    assert outcome.ok
    assert library["private"].pk not in {row["id"] for row in outcome.result}
    assert "aws iam" not in outcome.content
    owner_view = _call("code_search", {"query": "rotate AWS access keys", "k": 1}, other_user)
    assert owner_view.result[0]["id"] == library["private"].pk


def test_code_search_language_filter_k_bounds_and_truncation(user, make_snippet, settings):
    settings.RAG_TOOL_CODE_CHARS = 50
    make_snippet(user, title="Long SQL report", code="SELECT 1;\n" + "-- padding\n" * 100, language="sql")
    make_snippet(user, title="Short python", code="print(1)")
    outcome = _call("code_search", {"query": "report", "language": "SQL", "k": 10}, user)
    assert [row["title"] for row in outcome.result] == ["Long SQL report"]
    assert "truncated" in outcome.result[0]["code"]
    assert len(outcome.result[0]["code"]) < 120
    too_many = _call("code_search", {"query": "report", "k": 11}, user)
    assert not too_many.ok
    assert "invalid arguments" in too_many.error
    assert _call("code_search", {"query": "report", "k": 0}, user).ok is False


def test_save_snippet_saves_privately_as_the_requesting_user(user, other_user):
    outcome = _call(
        "save_snippet",
        {"title": "Chunk a list", "description": "리스트를 n개씩 나누기", "code": "def chunks(xs, n): ...",
         "language": "Python", "tags": ["list"]},
        user,
    )  # fmt: skip
    assert outcome.ok, outcome.error
    snippet = Snippet.objects.get(pk=outcome.result["id"])
    assert snippet.owner == user
    assert snippet.shared is False
    assert snippet.language == "python"
    assert outcome.visible == {"id": snippet.pk, "title": "Chunk a list"}
    assert _call("code_search", {"query": "리스트 나누기", "k": 1}, user).result[0]["id"] == snippet.pk
    assert snippet.pk not in {r["id"] for r in _call("code_search", {"query": "리스트 나누기"}, other_user).result}


def test_save_snippet_reports_invalid_input_to_the_model(user):
    outcome = _call("save_snippet", {"title": "x", "code": "   "}, user)
    assert not outcome.ok
    assert "code" in outcome.error
    assert not Snippet.objects.exists()
    assert not _call("save_snippet", {"title": "x", "code": "y", "shared": True}, user).ok  # not a parameter
