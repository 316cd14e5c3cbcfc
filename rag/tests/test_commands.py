"""import_snippets / export_snippets / load_seed_snippets, the Celery task and the admin."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rag import jsonl, services, tasks
from rag.models import Snippet

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """Embedding tasks sent to the broker, recorded instead of sent."""
    sent = []
    monkeypatch.setattr(tasks.snippets_embed, "delay", lambda ids, force=False: sent.append((list(ids), force)))
    return sent


def test_export_then_import_round_trip(tmp_path, user, other_user, make_snippet):
    make_snippet(user, title="한글 제목", description="설명입니다", code="print('안녕')\n", tags=["a", "b"])
    make_snippet(user, title="Shared one", code="SELECT 1;", language="sql", shared=True)
    make_snippet(other_user, title="Not mine", code="x")
    path = tmp_path / "out.jsonl"

    call_command("export_snippets", str(path), owner=user.username, stderr=io.StringIO())
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert "한글 제목" in lines[0]  # UTF-8, not \\u escapes

    out = io.StringIO()
    call_command("import_snippets", str(path), owner=other_user.username, sync=True, stdout=out)
    assert "Imported 2" in out.getvalue()
    fields = ("title", "description", "code", "language", "tags", "shared")
    exported = [{k: v for k, v in json.loads(line).items() if k in fields} for line in lines]
    imported = [
        {k: getattr(s, k) for k in fields}
        for s in Snippet.objects.filter(owner=other_user).exclude(title="Not mine").order_by("id")
    ]
    assert imported == exported
    assert all(services.embedding_is_current(s) for s in Snippet.objects.filter(owner=other_user))


def test_import_enqueues_embedding_after_commit_and_the_task_embeds(
    tmp_path, user, queued, django_capture_on_commit_callbacks
):
    path = tmp_path / "in.jsonl"
    path.write_text(
        "\n".join(json.dumps({"title": f"Bulk {n}", "code": f"x = {n}", "language": "py"}) for n in range(3)) + "\n",
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_snippets", str(path), owner=user.username, shared=True, stdout=io.StringIO())
    rows = list(Snippet.objects.filter(owner=user))
    assert len(rows) == 3
    assert all(s.shared and s.language == "python" and not s.embedding for s in rows)
    assert queued == [(sorted(s.pk for s in rows), False)]

    assert tasks.snippets_embed.apply(args=[queued[0][0]]).get() == 3
    assert all(services.embedding_is_current(s) for s in Snippet.objects.filter(owner=user))


def test_import_rejects_a_bad_line_and_saves_nothing(tmp_path, user):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"title": "ok", "code": "x"}\n{"title": "no code"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="record 2: code: This field may not be blank"):
        call_command("import_snippets", str(path), owner=user.username, sync=True)
    path.write_text('{"title": "ok", "code": "x"}\nnot json\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 2: not JSON"):
        call_command("import_snippets", str(path), owner=user.username, sync=True)
    with pytest.raises(CommandError, match="no user"):
        call_command("import_snippets", str(path), owner="nobody-here", sync=True)
    assert not Snippet.objects.exists()


def test_the_seed_library_is_valid_and_bilingual():
    from rag.management.commands.load_seed_snippets import SEED_FILE

    records = jsonl.read_records(SEED_FILE.read_text(encoding="utf-8").splitlines())
    assert len(records) >= 40
    cleaned = [services.snippet_clean({k: r[k] for k in ("title", "description", "code", "language", "tags")})
               for r in records]  # fmt: skip
    assert len({r["title"] for r in cleaned}) == len(records)
    korean = sum(1 for r in cleaned if re.search("[가-힣]", r["description"]))
    assert 0.4 <= korean / len(records) <= 0.6
    assert len({r["language"] for r in cleaned}) >= 6


def test_load_seed_snippets_is_shared_idempotent_and_respects_if_empty(settings, tmp_path, user):
    seed_file = tmp_path / "seed.jsonl"
    records = [
        {"title": "Undo the last commit", "description": "커밋 취소하고 변경 내용은 유지",
         "code": "git reset --soft HEAD~1", "language": "shell", "tags": ["git"]},
        {"title": "Sort a dict by value", "description": "Order a mapping by its values.",
         "code": "dict(sorted(d.items(), key=lambda kv: kv[1]))", "language": "python", "tags": []},
    ]  # fmt: skip
    seed_file.write_text("".join(jsonl.write_records(records)), encoding="utf-8")

    call_command("load_seed_snippets", file=str(seed_file), stdout=io.StringIO())
    seed = Snippet.objects.filter(owner__username=settings.RAG_SEED_USERNAME)
    assert seed.count() == 2
    assert all(s.shared and services.embedding_is_current(s) for s in seed)
    assert not seed.first().owner.has_usable_password()

    out = io.StringIO()
    call_command("load_seed_snippets", file=str(seed_file), stdout=out)  # again: nothing new
    assert "0 created, 0 updated" in out.getvalue()
    records[1]["description"] = "딕셔너리를 값 기준으로 정렬"
    seed_file.write_text("".join(jsonl.write_records(records)), encoding="utf-8")
    out = io.StringIO()
    call_command("load_seed_snippets", file=str(seed_file), stdout=out)
    assert "0 created, 1 updated" in out.getvalue()
    assert seed.count() == 2

    out = io.StringIO()
    call_command("load_seed_snippets", if_empty=True, stdout=out)
    assert "not loaded" in out.getvalue()

    # the seed is shared: any user finds it, in Korean or English
    from rag.selectors import snippet_search

    assert snippet_search(user=user, query="커밋 되돌리기", k=1)[0].snippet.title == "Undo the last commit"
    assert snippet_search(user=user, query="sort dictionary values", k=1)[0].snippet.title == "Sort a dict by value"


def test_admin_changelist_import_and_reembed(admin_client, user, queued, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "s.jsonl", b'{"title": "From admin", "code": "x = 1", "tags": ["t"]}\n', content_type="application/jsonl"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/rag/snippet/import/", {"file": upload, "owner": user.pk, "shared": "on"})
    assert response.status_code == 302
    snippet = Snippet.objects.get(title="From admin")
    assert snippet.owner == user
    assert snippet.shared
    assert queued
    assert queued[0][0] == [snippet.pk]

    listing = admin_client.get("/admin/rag/snippet/", {"language__exact": "", "q": "admin"})
    assert listing.status_code == 200
    assert b"From admin" in listing.content
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/rag/snippet/", {"action": "reembed_selected", "_selected_action": [snippet.pk]})
    assert queued[-1] == ([snippet.pk], True)


def test_admin_edit_goes_through_the_services(admin_client, user, make_snippet):
    snippet = make_snippet(user, title="Before", description="old words", code="x = 1")
    before = bytes(snippet.embedding)
    response = admin_client.post(
        f"/admin/rag/snippet/{snippet.pk}/change/",
        {"owner": user.pk, "title": "After", "description": "new words", "code": "x = 1", "language": "PY",
         "tags": "[]", "shared": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content[:2000]
    snippet.refresh_from_db()
    assert snippet.title == "After"
    assert snippet.language == "python"
    assert bytes(snippet.embedding) != before


def test_embed_snippets_fills_stale_embeddings(user, make_snippet):
    current = make_snippet(user, title="Already embedded", code="x = 1")
    bare = Snippet.objects.create(owner=user, title="Imported raw", code="y = 2")
    out = io.StringIO()
    call_command("embed_snippets", sync=True, stdout=out)
    assert "Embedded 1 of 2" in out.getvalue()
    bare.refresh_from_db()
    assert services.embedding_is_current(bare)
    assert services.embedding_is_current(current)
