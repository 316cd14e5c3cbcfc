"""Embedding on save, re-embedding on change, the index version and its cache."""

import pytest
from django.conf import settings

from rag import search, selectors, services
from rag.models import Snippet

pytestmark = pytest.mark.django_db


def _version(redis_conn) -> int:
    return int(redis_conn.get(settings.RAG_INDEX_VERSION_KEY) or 0)


def test_description_change_re_embeds_bumps_the_version_and_the_next_search_sees_it(user, make_snippet, redis_conn):
    snippet = make_snippet(user, title="Helper", description="Parse a date string.", code="def f(): ...")
    make_snippet(user, title="Other", description="Send an email with SMTP.", code="smtplib.SMTP()")
    before_vector = bytes(snippet.embedding)
    before_digest = snippet.embedding_digest
    selectors.snippet_search(user=user, query="날짜 파싱", k=1)  # warms this process's index
    index_before = search.current_index()
    version_before = _version(redis_conn)

    services.snippet_update(user=user, snippet_id=snippet.pk, description="쿠버네티스 파드를 재시작하는 kubectl 명령")

    snippet.refresh_from_db()
    assert bytes(snippet.embedding) != before_vector
    assert snippet.embedding_digest != before_digest
    assert _version(redis_conn) > version_before
    assert search.current_index() is not index_before  # rebuilt once, for the new version
    hits = selectors.snippet_search(user=user, query="쿠버네티스 파드 재시작", k=1)
    assert hits[0].snippet.pk == snippet.pk


def test_a_change_to_the_code_body_keeps_the_embedding_but_bm25_sees_the_new_code(user, make_snippet):
    head = "# " + "x" * 400 + "\n"
    snippet = make_snippet(user, title="Legacy helper", description="Old utility.", code=head + "old_name()")
    make_snippet(user, title="Another", description="Unrelated.", code="print('hi')")
    before = bytes(snippet.embedding)

    services.snippet_update(user=user, snippet_id=snippet.pk, code=head + "frobnicate_widgets()")

    snippet.refresh_from_db()
    assert bytes(snippet.embedding) == before  # the embedded text (incl. the code head) did not change
    hits = selectors.snippet_search(user=user, query="frobnicate widgets", k=1)
    assert hits[0].snippet.pk == snippet.pk


def test_the_index_is_built_once_per_version_not_per_query(user, make_snippet):
    make_snippet(user, title="One", code="a = 1")
    first = search.current_index()
    assert search.current_index() is first
    selectors.snippet_search(user=user, query="one", k=1)
    assert search.current_index() is first
    make_snippet(user, title="Two", code="b = 2")
    assert search.current_index() is not first


def test_a_search_with_a_warm_index_reads_the_database_once(user, make_snippet, django_assert_num_queries):
    for n in range(5):
        make_snippet(user, title=f"snippet {n}", code=f"x = {n}")
    selectors.snippet_search(user=user, query="snippet", k=3)  # builds the index
    with django_assert_num_queries(1):
        hits = selectors.snippet_search(user=user, query="snippet", k=3)
    assert len(hits) == 3


def test_a_row_made_private_is_hidden_even_from_a_stale_index(user, other_user, make_snippet):
    shared = make_snippet(other_user, title="Team secret sauce", code="sauce()", shared=True)
    assert selectors.snippet_search(user=user, query="secret sauce", k=1)[0].snippet.pk == shared.pk
    Snippet.objects.filter(pk=shared.pk).update(shared=False)  # behind the services' back: no bump
    assert shared.pk not in {h.snippet.pk for h in selectors.snippet_search(user=user, query="secret sauce")}


def test_delete_removes_from_search(user, make_snippet):
    gone = make_snippet(user, title="Temporary hack", code="hack()")
    make_snippet(user, title="Keeper", code="keep()")
    services.snippet_delete(user=user, snippet_id=gone.pk)
    assert gone.pk not in {h.snippet.pk for h in selectors.snippet_search(user=user, query="temporary hack")}


def test_snippets_embed_fills_missing_and_stale_embeddings(user):
    bare = Snippet.objects.create(owner=user, title="No vector yet", code="x = 1")
    assert not services.embedding_is_current(bare)
    assert services.snippets_embed(snippet_ids=[bare.pk, 999_999]) == 1
    bare.refresh_from_db()
    assert services.embedding_is_current(bare)
    assert services.snippets_embed(snippet_ids=[bare.pk]) == 0  # already current
    assert services.snippets_embed(snippet_ids=[bare.pk], force=True) == 1


def test_search_survives_redis_being_down_without_rebuilding_per_query(user, make_snippet, monkeypatch):
    import redis

    from tomato_agent import redis_client

    make_snippet(user, title="Still searchable", code="x = 1")
    warm = search.current_index()

    def broken():
        raise redis.ConnectionError("down")

    monkeypatch.setattr(redis_client, "get_redis", broken)
    assert search.current_index() is warm  # reused for a few seconds, not rebuilt per query
    hits = selectors.snippet_search(user=user, query="still searchable", k=1)
    assert hits[0].snippet.title == "Still searchable"
    search.index_changed()  # a write while Redis is down: logged, not raised
