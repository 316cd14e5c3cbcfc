"""The snippet REST API: visibility, permissions, validation, pagination, search."""

import pytest
from rest_framework.test import APIClient

from rag.models import Snippet

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_client(other_user):
    from accounts.services import token_issue

    token, _ = token_issue(user=other_user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_requires_authentication(api_client):
    assert api_client.get("/api/snippets").status_code == 401
    assert api_client.get("/api/snippets/search", {"q": "sort"}).status_code == 401


def test_create_is_private_embedded_and_normalised(auth_client):
    response = auth_client.post(
        "/api/snippets",
        {"title": "  Read a CSV  ", "description": "판다스로 CSV 읽기", "code": "pd.read_csv(p)",
         "language": "Py", "tags": ["Pandas", "pandas", " csv "]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.data
    body = response.json()
    assert body["title"] == "Read a CSV"
    assert body["language"] == "python"
    assert body["tags"] == ["pandas", "csv"]
    assert body["shared"] is False
    assert body["owner"] == auth_client.user.username
    assert body["embedded"] is True
    snippet = Snippet.objects.get(pk=body["id"])
    assert snippet.owner == auth_client.user
    assert snippet.vector.shape == (384,)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"code": "x = 1"}, "title"),
        ({"title": "t", "code": "   "}, "code"),
        ({"title": "t"}, "code"),
        ({"title": "t", "code": "x", "tags": "python"}, "tags"),
        ({"title": "t", "code": "x", "tags": [f"t{i}" for i in range(21)]}, "tags"),
        ({"title": "t" * 201, "code": "x"}, "title"),
        ({"title": "t", "code": "x", "language": "not a language!"}, "language"),
    ],
)
def test_create_validation_errors_are_field_keyed(auth_client, payload, field):
    response = auth_client.post("/api/snippets", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert isinstance(response.json()[field], list)
    assert not Snippet.objects.exists()


def test_list_shows_own_and_shared_never_another_users_private(auth_client, library):
    response = auth_client.get("/api/snippets")
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {library["sort"].pk, library["sql"].pk, library["shared"].pk}
    assert set(response.json()) == {"results", "next"}


def test_list_filters_and_cursor_pagination(auth_client, library, make_snippet):
    for n in range(3):
        make_snippet(auth_client.user, title=f"extra {n}", code=f"print({n})", language="python")
    only_sql = auth_client.get("/api/snippets", {"language": "SQL"}).json()["results"]
    assert [row["id"] for row in only_sql] == [library["sql"].pk]
    assert [r["id"] for r in auth_client.get("/api/snippets", {"q": "dictionary"}).json()["results"]] == [
        library["sort"].pk
    ]

    seen, url, pages = [], "/api/snippets?limit=2", 0
    while url:
        page = auth_client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url, pages = page["next"], pages + 1
    assert pages == 3
    assert seen == sorted(seen, reverse=True)  # newest first, no repeats
    assert len(seen) == len(set(seen)) == 6


def test_another_users_private_snippet_is_404_everywhere(auth_client, library):
    url = f"/api/snippets/{library['private'].pk}"
    assert auth_client.get(url).status_code == 404
    assert auth_client.patch(url, {"title": "mine now"}, format="json").status_code == 404
    assert auth_client.delete(url).status_code == 404
    assert auth_client.get("/api/snippets/999999").status_code == 404
    library["private"].refresh_from_db()
    assert library["private"].title == "Rotate AWS access keys"


def test_shared_snippet_is_readable_but_only_the_owner_changes_it(auth_client, other_client, library):
    url = f"/api/snippets/{library['shared'].pk}"
    assert auth_client.get(url).status_code == 200
    response = auth_client.patch(url, {"title": "hijack"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert auth_client.delete(url).status_code == 403
    assert other_client.patch(url, {"title": "Debounce keystrokes"}, format="json").status_code == 200
    assert other_client.delete(url).status_code == 204
    assert not Snippet.objects.filter(pk=library["shared"].pk).exists()


def test_staff_may_change_any_snippet(make_user, library):
    from accounts.services import token_issue

    staff = make_user(is_staff=True)
    token, _ = token_issue(user=staff)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    url = f"/api/snippets/{library['private'].pk}"
    assert client.get(url).status_code == 200
    assert client.patch(url, {"shared": True}, format="json").json()["shared"] is True


def test_patch_validates_and_owner_can_share(auth_client, library):
    url = f"/api/snippets/{library['sort'].pk}"
    assert auth_client.patch(url, {"code": ""}, format="json").status_code == 400
    assert auth_client.patch(url, {"tags": [1, {"a": 2}]}, format="json").status_code == 400
    body = auth_client.patch(url, {"shared": True, "language": "Python3"}, format="json").json()
    assert body["shared"] is True
    assert body["language"] == "python"


def test_search_finds_korean_and_english_queries(auth_client, library):
    ko = auth_client.get("/api/snippets/search", {"q": "딕셔너리 값으로 정렬하기"})
    assert ko.status_code == 200
    assert ko.json()[0]["id"] == library["sort"].pk
    assert set(ko.json()[0]) == {"id", "title", "description", "language", "code", "tags", "shared", "owner", "score"}
    en = auth_client.get("/api/snippets/search", {"q": "emails that appear twice", "k": 1}).json()
    assert [hit["id"] for hit in en] == [library["sql"].pk]
    shared = auth_client.get("/api/snippets/search", {"q": "wait until typing stops"}).json()
    assert shared[0]["id"] == library["shared"].pk


def test_search_never_returns_another_users_private_snippet(auth_client, library):
    hits = auth_client.get("/api/snippets/search", {"q": "Rotate AWS access keys", "k": 20}).json()
    assert library["private"].pk not in {hit["id"] for hit in hits}
    assert len(hits) == 3  # everything the user may see, nothing else


def test_search_language_filter_and_validation(auth_client, library):
    hits = auth_client.get("/api/snippets/search", {"q": "sort", "language": "sql"}).json()
    assert [hit["id"] for hit in hits] == [library["sql"].pk]
    assert auth_client.get("/api/snippets/search").status_code == 400
    bad_k = auth_client.get("/api/snippets/search", {"q": "x", "k": 0})
    assert bad_k.status_code == 400
    assert "k" in bad_k.json()


def test_schema_describes_the_snippet_endpoints(auth_client):
    import json

    response = auth_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    assert set(paths["/api/snippets"]) == {"get", "post"}
    assert set(paths["/api/snippets/{snippet_id}"]) == {"get", "patch", "delete"}
    assert set(paths["/api/snippets/search"]) == {"get"}


def test_list_and_search_filter_by_mine_shared_and_tag(auth_client, library):
    def ids(response):
        assert response.status_code == 200, response.content
        body = response.json()
        return {hit["id"] for hit in (body["results"] if isinstance(body, dict) else body)}

    mine = {library["sort"].pk, library["sql"].pk}
    assert ids(auth_client.get("/api/snippets", {"scope": "mine"})) == mine
    assert ids(auth_client.get("/api/snippets", {"scope": "shared"})) == {library["shared"].pk}
    assert ids(auth_client.get("/api/snippets", {"tag": "SORTING"})) == {library["sort"].pk}
    assert ids(auth_client.get("/api/snippets", {"tag": "no-such-tag"})) == set()
    # The hybrid search narrows the same way and still ranks by meaning (a Korean query).
    ko = auth_client.get("/api/snippets/search", {"q": "딕셔너리 값으로 정렬하기", "scope": "mine"})
    assert ko.json()[0]["id"] == library["sort"].pk
    assert ko.json()[0]["tags"] == ["dict", "sorting"]
    assert ids(auth_client.get("/api/snippets/search", {"q": "wait until typing stops", "scope": "mine"})) <= mine
    assert ids(auth_client.get("/api/snippets/search", {"q": "wait until typing stops", "scope": "shared"})) == {
        library["shared"].pk
    }
    assert ids(auth_client.get("/api/snippets/search", {"q": "sort", "tag": "sorting"})) == {library["sort"].pk}
    assert auth_client.get("/api/snippets", {"scope": "everyone"}).status_code == 400
