"""A conversation's title after its first answer: made in the worker's run without a model call, announced
on the run's stream (``title``), and never over a title the person gave."""

import time

import pytest

from agents import history, services
from agents.tests.fixtures import read_events
from runs import events
from runs.web import encoders


@pytest.mark.parametrize(
    ("question", "answer", "title"),
    [
        # The first sentence that says something: a greeting is skipped, markdown and inline code marks go.
        (
            "Hi! How do I sort a **dict** by value in `Python`? I tried sorted(d).",
            "…",
            "How do I sort a dict by value in Python?",
        ),
        # At most 60 characters, cut at a word boundary.
        (
            "Explain the difference between processes and threads in operating systems with examples",
            "…",
            "Explain the difference between processes and threads in…",
        ),
        # Links keep their text, headings and quotes lose their marks; a trailing full stop goes.
        (
            "## Help\n> my [parser](https://example.com/x) fails on nested lists.",
            "…",
            "my parser fails on nested lists",
        ),
        # Only code asked: the answer's first heading, else its first sentence.
        ("```py\nprint(sorted({'b': 1, 'a': 2}))\n```", "# Sorting a dict\nIt prints the keys.", "Sorting a dict"),
        ("```py\nprint(1)\n```", "It prints the number one. Then it exits.", "It prints the number one"),
        ("토마토 재배 방법을 알려주세요. 자세히", "…", "토마토 재배 방법을 알려주세요"),
        ("hi", "Hello! How can I help?", "hi"),
        # A lone * or _ is part of the words, not emphasis: "6*7" stays, as does snake_case.
        ("What is 6*7 in my_module? *Quickly*, ~~please~~", "…", "What is 6*7 in my_module?"),
        (
            "Is 2 * 3 * 4 = 24 with __slots__ and _private names?",
            "…",
            "Is 2 * 3 * 4 = 24 with slots and _private names?",
        ),
    ],
)
def test_title_suggest(question, answer, title):
    assert history.title_suggest(question=question, answer=answer) == title
    assert len(title) <= history.TITLE_CHARS


def test_only_the_native_formats_carry_the_title_event():
    event = events.Event(id="1-1", type=events.TITLE, raw=b'{"conversation_id":"c1","title":"Sorting"}')
    assert encoders.ws_frame("r1", event) == (
        '{"run_id":"r1","id":"1-1","type":"title","data":{"conversation_id":"c1","title":"Sorting"}}'
    )
    assert encoders.native_sse(event) == b'id: 1-1\nevent: title\ndata: {"conversation_id":"c1","title":"Sorting"}\n\n'
    assert encoders.genos_sse(event) is None
    assert encoders.spotlight_sse(event) is None


@pytest.mark.django_db
@pytest.mark.e2e
def test_the_first_answer_titles_the_conversation_and_the_stream_announces_it(worker, user, scenario):
    marker = scenario([{"content": "Use `sorted(d.items(), key=lambda kv: kv[1])`."}])
    content = f"{marker} Hi! How do I sort a **dict** by value in `Python`? I tried sorted(d)."
    started = services.chat_start(user=user, conversation_id=None, content=content)
    # Cut from the message until the first answer is in (a fast worker may have titled it already).
    assert history.conversation_get(user_id=user.id, conversation_id=started.conversation_id)["title"] in (
        history.title_from(content),
        "How do I sort a dict by value in Python?",
    )
    evts = read_events(started.run_id)
    types = [e.type for e in evts]
    assert types[-2:] == [events.TITLE, events.RESULT]  # after the answer, before the run ends
    announced = evts[-2].data
    assert announced == {
        "conversation_id": started.conversation_id,
        "title": "How do I sort a dict by value in Python?",
    }
    stored = history.conversation_get(user_id=user.id, conversation_id=started.conversation_id)
    assert stored["title"] == announced["title"]
    # The second answer leaves the title alone.
    again = services.chat_start(
        user=user, conversation_id=started.conversation_id, content=f"{scenario([{'content': 'ok'}])} thanks"
    )
    assert events.TITLE not in [e.type for e in read_events(again.run_id)]
    assert (
        history.conversation_get(user_id=user.id, conversation_id=started.conversation_id)["title"]
        == (announced["title"])
    )


@pytest.mark.django_db
@pytest.mark.e2e
def test_a_title_the_person_gave_is_kept(worker, user, scenario):
    marker = scenario([{"content": "slow " * 20, "delay_ms": 30}])
    started = services.chat_start(user=user, conversation_id=None, content=f"{marker} Tell me about tomatoes please.")
    # Renamed while the first answer streams: the worker must not replace it.
    deadline = time.monotonic() + 10
    while not history.conversation_exists(user_id=user.id, conversation_id=started.conversation_id):
        assert time.monotonic() < deadline, "the conversation was not recorded"
        time.sleep(0.02)
    history.conversation_update(user_id=user.id, conversation_id=started.conversation_id, title="Tomato notes")
    evts = read_events(started.run_id)
    assert evts[-1].type == events.RESULT
    assert events.TITLE not in [e.type for e in evts]
    assert history.conversation_get(user_id=user.id, conversation_id=started.conversation_id)["title"] == (
        "Tomato notes"
    )


# --- the web's record of a new conversation and the worker's title, in either order --------------------


def _record_new_turn(user_id: int, conversation_id: str, content: str, *, agent_id: str | None = None) -> str:
    """The web side's record of a new conversation's first turn (after enqueueing), as chat_start makes it."""
    from runs.web import records
    from tomato_agent.mongo import new_id

    message_id = new_id()
    records.inserts.insert(
        history.turn_documents(
            user_id=user_id,
            conversation_id=conversation_id,
            create_conversation=True,
            content=content,
            run_id=new_id(),
            user_message_id=message_id,
            user_seq=1,
            agent_id=agent_id,
        )
    )
    return message_id


QUESTION = "Hi! How do I sort a **dict** by value in `Python`? I tried sorted(d)."
GENERATED = "How do I sort a dict by value in Python?"


def _stored(conversation_id: str) -> dict:
    from tomato_agent.mongo import get_db

    docs = list(get_db().conversations.find({"_id": conversation_id}))
    assert len(docs) == 1
    return docs[0]


@pytest.mark.django_db
def test_a_worker_that_answers_before_the_web_records_the_conversation_titles_it(user, mongo_db):
    from tomato_agent.mongo import new_id

    conversation_id = new_id()
    started = time.monotonic()
    title = history.conversation_title_generate(
        user_id=user.id, conversation_id=conversation_id, question=QUESTION, answer="…", agent_id="a1"
    )
    assert title == GENERATED
    assert time.monotonic() - started < 0.4  # one write, no waiting for the web side
    _record_new_turn(user.id, conversation_id, QUESTION, agent_id="a1")  # the web's record lands after
    doc = _stored(conversation_id)
    assert doc["title"] == GENERATED  # the web's cut title did not overwrite it
    assert (doc["user_id"], doc["seq"], doc["message_count"], doc["agent_id"]) == (user.id, 2, 2, "a1")
    assert doc["created_at"] == doc["updated_at"]
    listed = history.conversations_for(user_id=user.id, query="tried sorted")
    assert [c["_id"] for c in listed] == [conversation_id]  # the web's write added the question to the search
    assert [m["role"] for m in history.messages_for(user_id=user.id, conversation_id=conversation_id)] == ["user"]
    # The next turn continues after the first one's sequence numbers.
    assert history.turn_reserve(user_id=user.id, conversation_id=conversation_id) == (3, None)


@pytest.mark.django_db
def test_the_worker_titles_a_conversation_the_web_recorded_first(user, mongo_db):
    from tomato_agent.mongo import new_id

    conversation_id = new_id()
    _record_new_turn(user.id, conversation_id, QUESTION)
    assert _stored(conversation_id)["title"] == history.title_from(QUESTION)
    assert (
        history.conversation_title_generate(
            user_id=user.id, conversation_id=conversation_id, question=QUESTION, answer="…"
        )
        == GENERATED
    )
    doc = _stored(conversation_id)
    assert (doc["title"], doc["seq"], doc["message_count"]) == (GENERATED, 2, 2)
    assert "agent_id" not in doc


@pytest.mark.django_db
def test_a_rename_is_never_overwritten_whatever_the_order(user, make_user, mongo_db):
    from tomato_agent.mongo import new_id

    # Renamed after the web's record, before the worker's title.
    first = new_id()
    _record_new_turn(user.id, first, QUESTION)
    history.conversation_update(user_id=user.id, conversation_id=first, title="My dicts")
    assert (
        history.conversation_title_generate(user_id=user.id, conversation_id=first, question=QUESTION, answer="…")
        is None
    )
    assert _stored(first)["title"] == "My dicts"

    # The worker first, then a rename, then the web's record.
    second = new_id()
    history.conversation_title_generate(user_id=user.id, conversation_id=second, question=QUESTION, answer="…")
    history.conversation_update(user_id=user.id, conversation_id=second, title="Renamed early")
    _record_new_turn(user.id, second, QUESTION)
    assert _stored(second)["title"] == "Renamed early"

    # Another person's conversation id is not touched (and not duplicated).
    stranger = make_user()
    assert (
        history.conversation_title_generate(user_id=stranger.id, conversation_id=first, question="x y z", answer="")
        is None
    )
    assert _stored(first)["user_id"] == user.id


@pytest.mark.django_db
def test_a_conversation_deleted_during_its_first_answer_stays_deleted(user, mongo_db):
    from agents.execution import title_after_first_answer
    from runs.kinds import CancelToken, RunContext
    from tomato_agent.mongo import new_id

    class Sink:  # the run's events (not a database): what the title step announced
        def __init__(self):
            self.emitted = []

        def emit(self, kind, data):
            self.emitted.append((kind, data))

    def first_answer(conversation_id: str) -> list:
        sink = Sink()
        ctx = RunContext(
            run_id=new_id(),
            user_id=user.id,
            is_staff=False,
            sink=sink,
            cancel=CancelToken(),
            conversation_id=conversation_id,
        )
        title_after_first_answer(ctx, question=QUESTION, answer="…")
        return sink.emitted

    deleted = new_id()
    _record_new_turn(user.id, deleted, QUESTION)
    services.conversation_delete(user_id=user.id, conversation_id=deleted)
    assert first_answer(deleted) == []
    assert not history.conversation_exists(user_id=user.id, conversation_id=deleted)
    # Not recorded yet (and not deleted): the title's write creates it, and the stream announces the title.
    early = new_id()
    assert first_answer(early) == [(events.TITLE, {"conversation_id": early, "title": GENERATED})]
    assert history.conversation_get(user_id=user.id, conversation_id=early)["title"] == GENERATED
