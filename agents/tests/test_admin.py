import pytest

from agents import history

pytestmark = pytest.mark.django_db


def test_staff_browse_mongo_history_read_only(client, make_user, mongo_db):
    owner = make_user()
    conversation = history.conversation_create(user_id=owner.id, title="Admin-visible chat")
    staff = make_user(is_staff=True, is_superuser=True)
    client.force_login(staff)
    listing = client.get("/admin/agents/chathistory/")
    assert listing.status_code == 200
    assert b"Admin-visible chat" in listing.content
    detail = client.get(f"/admin/agents/chathistory/{conversation['_id']}/")
    assert detail.status_code == 200
    assert client.get("/admin/agents/chathistory/nope/").status_code == 404


def test_non_staff_cannot_browse(client, user, mongo_db):
    client.force_login(user)
    assert client.get("/admin/agents/chathistory/").status_code == 302


ANSWER = (
    "| tool | result |\n|---|---|\n| calculator | **4** |\n\n> quoted line\n\n1. one\n   - nested\n2. two\n\n"
    "<script>alert(1)</script> [bad](javascript:alert(2)) [good](https://example.com/docs)"
)


@pytest.fixture
def answered(worker, scenario, auth_client, user, mongo_db):
    """One real turn through the worker: a calculator step, then a Markdown answer."""
    marker = scenario(
        [
            {"reasoning": "I should add.", "tool_calls": [{"name": "calculator", "arguments": {"expression": "2+2"}}]},
            {"content": ANSWER},
        ]
    )
    response = auth_client.post("/api/chat", {"message": f"{marker} what is 2+2?"}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_transcript_shows_roles_markdown_steps_usage_and_run_links(answered, user, client, make_user):
    conversation_id, run_id = answered["conversation_id"], answered["run_id"]
    message_id = answered["message"]["id"]
    history.message_feedback_set(user_id=user.id, message_id=message_id, rating="down", comment="Too terse")
    client.force_login(make_user(is_staff=True, is_superuser=True))
    page = client.get(f"/admin/agents/chathistory/{conversation_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    # The id is shown; no green "success" banners made of Mongo documents (the old `messages` collision).
    assert f'<code class="conversation-id">{conversation_id}</code>' in html
    assert "messagelist" not in html
    assert "{'_id'" not in html
    # Roles, and the answer's Markdown as HTML: a table, a quote, a nested list, links kept only when safe.
    assert html.count('class="turn-role">User<') == 1
    assert html.count('class="turn-role">Assistant<') == 1
    assert "<table>" in html
    assert "<blockquote>" in html
    assert "<ol>" in html
    assert "<li>nested</li>" in html
    assert '<a href="https://example.com/docs" rel="noopener noreferrer nofollow">good</a>' in html
    assert "<script>alert(1)" not in html
    assert "[bad](javascript:alert(2))" in html  # left as text, never a link
    assert 'href="javascript' not in html.lower()
    # The tool step is collapsed, with what the person saw of it.
    assert '<details class="turn-step">' in html
    assert "Calculator" in html
    assert "tokens</span>" in html
    # No inline styles anywhere in what this page adds (the app's CSP blocks them).
    transcript = html[html.index('<ol class="transcript">') :]
    assert "style=" not in transcript
    # Staff see the feedback; the run report is a link, and it links back.
    assert "Too terse" in html
    run_url = f"/admin/agents/chathistory/runs/{run_id}/"
    assert f'href="{run_url}"' in html
    report = client.get(run_url)
    assert report.status_code == 200
    assert (
        f"/admin/agents/chathistory/{conversation_id}/#message-{answered['message']['id']}" in report.content.decode()
    )
    assert b"calculator" in report.content
    assert client.get("/admin/agents/chathistory/runs/nope/").status_code == 404


def test_feedback_page_lists_ratings_with_a_filter(answered, user, client, make_user):
    message_id = answered["message"]["id"]
    history.message_feedback_set(user_id=user.id, message_id=message_id, rating="down", comment="Wrong sum")
    client.force_login(make_user(is_staff=True, is_superuser=True))
    assert b"Wrong sum" in client.get("/admin/agents/chathistory/feedback/").content
    assert b"Wrong sum" in client.get("/admin/agents/chathistory/feedback/?rating=down").content
    assert b"Wrong sum" not in client.get("/admin/agents/chathistory/feedback/?rating=up").content
    history.message_feedback_set(user_id=user.id, message_id=message_id, rating=None)
    assert b"Wrong sum" not in client.get("/admin/agents/chathistory/feedback/").content


def test_feedback_is_the_owners_and_on_answers_only(answered, user, make_user):
    from tomato_agent.errors import InvalidRequest, NotFound

    message_id = answered["message"]["id"]
    stored = history.message_feedback_set(user_id=user.id, message_id=message_id, rating="up", comment=" great ")
    assert (stored["rating"], stored["comment"]) == ("up", "great")
    stored_message = history.messages_for(user_id=user.id, conversation_id=answered["conversation_id"])[-1]
    assert stored_message["feedback"]["rating"] == "up"
    with pytest.raises(NotFound):
        history.message_feedback_set(user_id=make_user().id, message_id=message_id, rating="down")
    with pytest.raises(InvalidRequest):
        history.message_feedback_set(user_id=user.id, message_id=message_id, rating="meh")
    with pytest.raises(InvalidRequest):
        history.message_feedback_set(user_id=user.id, message_id=message_id, rating="up", comment="x" * 2001)
    question = history.messages_for(user_id=user.id, conversation_id=answered["conversation_id"])[0]
    assert question["role"] == "user"
    with pytest.raises(NotFound):
        history.message_feedback_set(user_id=user.id, message_id=question["_id"], rating="up")


def _agent_form(**fields) -> dict:
    data = {
        "name": "Global helper",
        "visibility": "public",
        "emoji": "",
        "description": "",
        "starters": "[]",
        "instructions": "Help.",
        "provider": "",
        "model": "",
        "temperature": "",
        "tools": '["calculator"]',
        "knowledge": "[]",
        "tool_mode": "",
        "max_iterations": "",
        "sub_agents": "[]",
        "owner": "",
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
    }
    return {**data, **fields}


def test_staff_make_and_change_agents_in_the_admin_with_the_services_checks(client, make_user):
    from agents.models import Agent

    staff = make_user(is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert client.get("/admin/agents/agent/add/").status_code == 200
    refused = client.post("/admin/agents/agent/add/", _agent_form(tools='["no_such_tool"]'))
    assert refused.status_code == 200
    assert b"no_such_tool" in refused.content
    assert not Agent.objects.exists()
    made = client.post("/admin/agents/agent/add/", _agent_form())
    assert made.status_code == 302, made.content[:2000]
    agent = Agent.objects.get()
    assert (agent.owner_id, agent.version, agent.tools) == (None, 1, ["calculator"])  # a global agent
    changed = client.post(f"/admin/agents/agent/{agent.pk}/change/", _agent_form(instructions="Help more."))
    assert changed.status_code == 302
    agent.refresh_from_db()
    assert (agent.version, agent.instructions) == (2, "Help more.")
    assert list(agent.versions.values_list("version", flat=True)) == [2, 1]
