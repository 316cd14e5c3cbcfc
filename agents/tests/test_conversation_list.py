"""The conversation list: search over titles and content (the owner's only), pin, archive, export."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from agents import history
from tomato_agent.mongo import get_db

pytestmark = pytest.mark.django_db


def _conversation(user, title: str, *messages: tuple[str, str], age_days: float = 0) -> str:
    """A stored conversation with ``(role, text)`` messages, last updated ``age_days`` ago."""
    conversation_id = history.conversation_import(user_id=user.id, messages=list(messages))
    history.conversation_update(user_id=user.id, conversation_id=conversation_id, title=title)
    stamp = history.now() - timedelta(days=age_days)
    get_db().conversations.update_one({"_id": conversation_id}, {"$set": {"updated_at": stamp}})
    return conversation_id


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [c["title"] for c in response.json()["results"]]


def test_search_finds_titles_and_content_of_ones_own_conversations(auth_client, user, make_user, mongo_db):
    _conversation(user, "Sorting a dict", ("user", "how do I sort?"), ("assistant", "use sorted()"))
    _conversation(user, "Holiday plans", ("user", "where to go"), ("assistant", "Try Jeju island, 제주도 is lovely"))
    _conversation(user, "Other", ("user", "nothing relevant"))
    stranger = make_user()
    _conversation(stranger, "Sorting secrets", ("user", "sort my secret list"), ("assistant", "jeju too"))

    assert _titles(auth_client.get("/api/conversations?q=SORT")) == ["Sorting a dict"]  # title, any case
    assert _titles(auth_client.get("/api/conversations?q=jeju")) == ["Holiday plans"]  # an answer's content
    assert _titles(auth_client.get("/api/conversations?q=제주도")) == ["Holiday plans"]
    assert _titles(auth_client.get("/api/conversations?q=sorted()")) == ["Sorting a dict"]  # no regex injection
    assert _titles(auth_client.get("/api/conversations?q=.*")) == []
    assert _titles(auth_client.get("/api/conversations?q=nomatch-anywhere")) == []
    assert len(_titles(auth_client.get("/api/conversations?q="))) == 3


def test_pin_and_archive(auth_client, user, mongo_db):
    newest = _conversation(user, "Newest", ("user", "a"), age_days=0)
    pinned = _conversation(user, "Pinned old", ("user", "b"), age_days=30)
    archived = _conversation(user, "Archived", ("user", "c"), age_days=1)

    changed = auth_client.patch(f"/api/conversations/{pinned}", {"pinned": True}, format="json")
    assert changed.status_code == 200
    assert changed.json()["pinned"] is True
    assert changed.json()["title"] == "Pinned old"
    assert auth_client.patch(f"/api/conversations/{archived}", {"archived": True}, format="json").json()["archived"]

    assert _titles(auth_client.get("/api/conversations")) == ["Newest", "Pinned old"]  # archived hidden
    assert _titles(auth_client.get("/api/conversations?archived=true")) == ["Archived"]
    assert _titles(auth_client.get("/api/conversations?pinned=true")) == ["Pinned old"]
    assert _titles(auth_client.get("/api/conversations?pinned=false")) == ["Newest"]
    # Unarchive brings it back; pinning does not reorder by time.
    auth_client.patch(f"/api/conversations/{archived}", {"archived": False}, format="json")
    assert _titles(auth_client.get("/api/conversations")) == ["Newest", "Archived", "Pinned old"]
    listed = {c["id"]: c for c in auth_client.get("/api/conversations").json()["results"]}
    assert (listed[newest]["pinned"], listed[newest]["archived"]) == (False, False)

    assert auth_client.patch(f"/api/conversations/{pinned}", {}, format="json").status_code == 400
    assert auth_client.patch(f"/api/conversations/{pinned}", {"pinned": "maybe"}, format="json").status_code == 400
    assert auth_client.get("/api/conversations?archived=perhaps").status_code == 400


def test_search_pages_keep_the_query(auth_client, user, mongo_db):
    for n in range(3):
        _conversation(user, f"report {n}", ("user", "x"), age_days=n)
    _conversation(user, "unrelated", ("user", "y"))
    first = auth_client.get("/api/conversations?q=report&limit=2").json()
    assert [c["title"] for c in first["results"]] == ["report 0", "report 1"]
    assert "q=report" in first["next"]
    second = auth_client.get(first["next"]).json()
    assert [c["title"] for c in second["results"]] == ["report 2"]


def test_another_users_conversation_cannot_be_changed_or_exported(auth_client, make_user, mongo_db):
    theirs = _conversation(make_user(), "Theirs", ("user", "private"))
    assert auth_client.patch(f"/api/conversations/{theirs}", {"archived": True}, format="json").status_code == 404
    assert auth_client.get(f"/api/conversations/{theirs}/export?format=json").status_code == 404
    assert auth_client.get(f"/api/conversations/{theirs}/export").status_code == 404
    assert get_db().conversations.find_one({"_id": theirs}).get("archived") is None


def test_export_markdown_and_json(auth_client, user, mongo_db):
    conversation_id = _conversation(
        user, "Export me", ("user", "What is **2+2**?"), ("assistant", "It is 4.\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    )
    md = auth_client.get(f"/api/conversations/{conversation_id}/export?format=md")
    assert md.status_code == 200
    assert md["Content-Type"].startswith("text/markdown")
    assert md["Content-Disposition"] == f'attachment; filename="conversation-{conversation_id}.md"'
    text = md.content.decode()
    assert text.startswith("# Export me\n")
    assert text.index("## User") < text.index("What is **2+2**?") < text.index("## Assistant") < text.index("It is 4.")
    assert "| 1 | 2 |" in text

    as_json = auth_client.get(f"/api/conversations/{conversation_id}/export?format=json")
    assert as_json.status_code == 200
    assert as_json["Content-Disposition"].endswith('.json"')
    body = json.loads(as_json.content)
    assert body["conversation"]["title"] == "Export me"
    assert [m["role"] for m in body["messages"]] == ["user", "assistant"]
    assert body["messages"][1]["content"].startswith("It is 4.")
    assert auth_client.get(f"/api/conversations/{conversation_id}/export?format=pdf").status_code == 400


def test_search_reads_conversations_only_and_follows_every_write(auth_client, user, mongo_db):
    """What a search matches is kept on the conversation by the writes: a new question (and an edit, a
    new user message), an answer, a rename. Messages are not read by a search."""
    from runs.web import records
    from tomato_agent.mongo import new_id

    conversation_id = _conversation(user, "Garden", ("user", "When do I plant tomatoes?"), ("assistant", "In May."))
    user_seq = history.turn_reserve(user_id=user.id, conversation_id=conversation_id)[0]
    records.inserts.insert(
        history.turn_documents(
            user_id=user.id,
            conversation_id=conversation_id,
            create_conversation=False,
            content="And   what about\nBASIL?",
            run_id=new_id(),
            user_message_id=new_id(),
            user_seq=user_seq,
        )
    )
    run = {
        "_id": new_id(),
        "conversation_id": conversation_id,
        "user_id": user.id,
        "assistant_seq": user_seq + 1,
        "assistant_message_id": new_id(),
    }
    stored = dict(
        run=run,
        status="succeeded",
        content="Basil likes warm soil.",
        final_content="",
        reasoning="",
        rounds=[],
        usage=None,
        model="m",
        error=None,
        timings={},
    )
    history.answer_store(**stored)
    history.answer_store(**stored)  # a second writer of the same answer (the sweeper) adds nothing
    text = history.get_db().conversations.find_one({"_id": conversation_id})["search"]["text"]
    assert text == "\x1egarden\x1e\nwhen do i plant tomatoes?\nin may.\nand what about basil?\nbasil likes warm soil."
    history.conversation_update(user_id=user.id, conversation_id=conversation_id, title="Herbs")

    history.get_db().messages.delete_many({"conversation_id": conversation_id})  # a search does not read them
    assert _titles(auth_client.get("/api/conversations?q=what about basil")) == ["Herbs"]  # whitespace, case
    assert _titles(auth_client.get("/api/conversations?q=WARM soil")) == ["Herbs"]
    assert _titles(auth_client.get("/api/conversations?q=plant tomatoes")) == ["Herbs"]
    assert _titles(auth_client.get("/api/conversations?q=herb")) == ["Herbs"]
    assert _titles(auth_client.get("/api/conversations?q=garden")) == []  # the old title is gone
    listed = auth_client.get("/api/conversations").json()["results"][0]
    assert "search" not in listed
    auth_client.delete(f"/api/conversations/{conversation_id}")
    assert _titles(auth_client.get("/api/conversations?q=basil")) == []


def test_search_text_is_bounded(user, mongo_db):
    long = "tomato " * 1000 + "needle"
    asked = [("user", f"q{n:03d}start " + "words " * 500) for n in range(40)]  # 3,000 characters each
    conversation_id = _conversation(user, "Long", *asked, ("user", long), ("assistant", "Cherry tomatoes."))
    text = history.get_db().conversations.find_one({"_id": conversation_id})["search"]["text"]
    assert text.startswith("\x1elong\x1e")  # the title stays
    assert len(text) == len("\x1elong\x1e") + history.SEARCH_KEPT_CHARS  # the messages' newest characters
    assert text.endswith("\ncherry tomatoes.")
    found = history.conversations_for
    assert found(user_id=user.id, query="Q039START words") != []
    assert found(user_id=user.id, query="q000start") == []  # among the oldest: dropped
    assert found(user_id=user.id, query="tomato tomato") != []
    assert found(user_id=user.id, query="needle") == []  # past a message's first SEARCH_ENTRY_CHARS
    assert found(user_id=user.id, query="words tomato") == []  # never across two messages
    assert found(user_id=user.id, query="long q") == []  # nor from the title into a message
    # The writes of later messages keep the same bound, and the title.
    for n in range(40, 80):
        history.get_db().conversations.update_one(
            {"_id": conversation_id}, [{"$set": history.search_append(f"q{n:03d}start " + "words " * 500)}]
        )
    text = history.get_db().conversations.find_one({"_id": conversation_id})["search"]["text"]
    assert len(text) == len("\x1elong\x1e") + history.SEARCH_KEPT_CHARS
    assert text.endswith("\nq079start" + " words" * 500)
    assert found(user_id=user.id, query="tomato tomato") == []
    assert [c["title"] for c in found(user_id=user.id, query="LONG")] == ["Long"]


def test_the_backfill_makes_older_conversations_searchable_once(user, make_user, mongo_db):
    from django.core.management import call_command

    from tomato_agent.mongo import new_id

    db = history.get_db()
    stranger = make_user()
    old = {}
    for owner, title, words in ((user, "Before the upgrade", "Kimchi recipe"), (stranger, "Theirs", "kimchi too")):
        conversation_id = new_id()
        stamp = history.now()
        db.conversations.insert_one(
            {
                "_id": conversation_id,
                "user_id": owner.id,
                "title": title,
                "created_at": stamp,
                "updated_at": stamp,
                "message_count": 2,
                "seq": 2,
            }
        )
        for seq, (role, text) in enumerate((("user", f"My {words}?"), ("assistant", "Cabbage, SALT and chili.")), 1):
            db.messages.insert_one(
                {
                    "_id": new_id(),
                    "conversation_id": conversation_id,
                    "user_id": owner.id,
                    "seq": seq,
                    "role": role,
                    "content": text,
                    "created_at": stamp,
                }
            )
        old[owner.id] = conversation_id
    fresh = _conversation(user, "After the upgrade", ("user", "kimchi stew"))
    assert [c["_id"] for c in history.conversations_for(user_id=user.id, query="kimchi")] == [fresh]

    call_command("backfill_conversation_search", stdout=open("/dev/null", "w"))  # noqa: SIM115
    found = {c["_id"] for c in history.conversations_for(user_id=user.id, query="kimchi")}
    assert found == {fresh, old[user.id]}
    assert [c["_id"] for c in history.conversations_for(user_id=user.id, query="cabbage, salt")] == [old[user.id]]
    assert [c["_id"] for c in history.conversations_for(user_id=stranger.id, query="kimchi")] == [old[stranger.id]]
    assert history.conversations_search_backfill() == 0  # idempotent: nothing left to build


def test_the_backfill_does_not_overwrite_what_a_live_write_added(user, mongo_db):
    """The backfill runs beside the web processes: a message recorded between its read of a conversation
    and its write is not lost from the search."""
    from tomato_agent.mongo import new_id

    db = history.get_db()
    conversation_id, stamp = new_id(), history.now()
    db.conversations.insert_one(
        {
            "_id": conversation_id,
            "user_id": user.id,
            "title": "Old",
            "created_at": stamp,
            "updated_at": stamp,
            "message_count": 1,
            "seq": 1,
        }
    )
    db.messages.insert_one(
        {
            "_id": new_id(),
            "conversation_id": conversation_id,
            "user_id": user.id,
            "seq": 1,
            "role": "user",
            "content": "first question",
            "created_at": stamp,
        }
    )
    read = db.conversations.find_one({"_id": conversation_id})  # the backfill's read
    db.conversations.update_one({"_id": conversation_id}, [{"$set": history.search_append("second question")}])
    db.messages.insert_one(
        {
            "_id": new_id(),
            "conversation_id": conversation_id,
            "user_id": user.id,
            "seq": 3,
            "role": "user",
            "content": "second question",
            "created_at": stamp,
        }
    )
    assert history._search_backfill_one(read) is False  # changed since read: not overwritten
    assert history.conversations_search_backfill() == 1  # read again
    assert [c["_id"] for c in history.conversations_for(user_id=user.id, query="first question")] == [conversation_id]
    assert [c["_id"] for c in history.conversations_for(user_id=user.id, query="second question")] == [conversation_id]
