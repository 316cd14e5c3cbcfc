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
    assert history.conversation_get(user_id=user.id, conversation_id=started.conversation_id)["title"] == (
        history.title_from(content)
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
