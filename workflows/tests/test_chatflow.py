"""Chat with a workflow, web side: a message starts a conversation bound to a workflow
(``workflow_id`` on /api/chat, /api/chat/stream and the WebSocket ``message`` frame); the
conversation keeps it, every later turn is a workflow run whose start node gets the message and
the history, and the answer is stored like an agent's, its nodes as the message's steps."""

from __future__ import annotations

import pytest

from agents import history, services
from agents.tests.fixtures import read_events, text_of
from runs import events
from tomato_agent.errors import InvalidRequest, NotFound
from workflows.tests.documents import start_end
from workflows.tests.flows import fixture

# transaction=True: chat starts read the workflow from a thread of their own (its own connection).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def make_workflow(client, document, name="chatflow", shared=False) -> dict:
    response = client.post("/api/workflows", {"name": name, "schema": document, "shared": shared}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def chat_document() -> dict:
    """basic-llm (its llm node answers ``query``) with a ``history`` input, the earlier turns as text."""
    document = fixture("basic-llm")
    start = next(n for n in document["nodes"] if n["type"] == "start")
    start["data"]["outputs"]["properties"]["history"] = {"type": "string", "extra": {"index": 3}}
    return document


def test_a_conversation_answered_by_a_workflow(worker, auth_client, reply, prompts):
    workflow = make_workflow(auth_client, chat_document())
    first = reply("Hello from the workflow.")
    response = auth_client.post("/api/chat", {"message": f"hi {first}", "workflow_id": workflow["id"]}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["message"]["content"] == "Hello from the workflow."
    conversation_id = body["conversation_id"]
    evts = read_events(body["run_id"])
    assert evts[0].data["workflow_id"] == workflow["id"]
    assert evts[0].data["conversation_id"] == conversation_id
    assert evts[0].data["source"] == "chat"
    assert text_of(evts) == "Hello from the workflow."  # the answer node's tokens, once
    assert [e.data["node_id"] for e in evts if e.type == events.NODE_FINISHED] == ["start_0", "llm_0", "end_0"]
    # The conversation keeps the workflow: the next turn (no workflow_id) is a workflow run with the history.
    second = reply("Second answer.")
    started = services.chat_start(user=auth_client.user, conversation_id=conversation_id, content=f"again {second}")
    evts = read_events(started.run_id)
    assert evts[-1].type == events.RESULT, evts[-1].data
    assert text_of(evts) == "Second answer."
    assert len(prompts(second)) == 1
    # The start node got the message and the conversation so far (its report keeps its inputs).
    report = auth_client.get(f"/api/workflows/{workflow['id']}/runs/{started.run_id}").json()
    assert report["inputs"]["query"] == f"again {second}"
    assert report["inputs"]["history"] == f"user: hi {first}\nassistant: Hello from the workflow."
    run = auth_client.get(f"/api/runs/{started.run_id}").json()
    assert run["kind"] == "workflow"
    # Stored as the conversation's messages, each workflow answer with its nodes as steps.
    messages = auth_client.get(f"/api/conversations/{conversation_id}/messages").json()["results"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert messages[3]["content"] == "Second answer."
    assert [c["label"] for c in messages[3]["tool_calls"]] == ["Start", "LLM_0", "End"]
    assert all(c["ok"] for c in messages[3]["tool_calls"])


def test_stream_and_refusals(worker, auth_client, make_user, reply):
    from rest_framework.test import APIClient

    from accounts.services import token_issue

    workflow = make_workflow(auth_client, chat_document())
    marker = reply("Streamed answer.")
    response = auth_client.post(
        "/api/chat/stream", {"message": f"go {marker}", "workflow_id": workflow["id"]}, format="json"
    )
    assert response.status_code == 200
    evts = read_events(response["X-Run-Id"])
    assert evts[0].data["workflow_id"] == workflow["id"]
    assert text_of(evts) == "Streamed answer."
    user = auth_client.user
    # Another user's private workflow is a 404; their shared one answers.
    stranger = make_user()
    token, _ = token_issue(user=stranger)
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    private = make_workflow(other, chat_document(), name="theirs")
    with pytest.raises(NotFound):
        services.chat_start(user=user, conversation_id=None, content="hi", workflow_id=private["id"])
    assert (
        auth_client.post("/api/chat", {"message": "hi", "workflow_id": private["id"]}, format="json").status_code == 404
    )
    # A workflow that takes no message, or that cannot run, is a 400 that says why.
    no_message = make_workflow(
        auth_client,
        start_end(
            outputs={"count": {"type": "integer"}}, end_values={"n": {"type": "ref", "content": ["start_0", "count"]}}
        ),
    )
    with pytest.raises(InvalidRequest, match="takes no message"):
        services.chat_start(user=user, conversation_id=None, content="hi", workflow_id=no_message["id"])
    for bad in ("12", True, 1.5):
        with pytest.raises(InvalidRequest, match="workflow_id"):
            services.chat_start(user=user, conversation_id=None, content="hi", workflow_id=bad)
    # An agent conversation does not turn into a workflow one (nor the reverse); the turn is released.
    agent = services.chat_start(user=user, conversation_id=None, content="hi agent")
    read_events(agent.run_id)
    with pytest.raises(InvalidRequest, match="start a new conversation"):
        services.chat_start(user=user, conversation_id=agent.conversation_id, content="x", workflow_id=workflow["id"])
    assert history.conversation_get(user_id=user.id, conversation_id=agent.conversation_id)["message_count"] == 2


def test_regenerate_and_edit_branch_in_a_workflow_chat(worker, auth_client, reply):
    """Branches work as in an agent chat: a regenerated answer or an edited message starts a branch, the
    earlier one stays as an alternative, and the workflow's history is the branch shown, not every message."""
    user = auth_client.user
    workflow = make_workflow(auth_client, chat_document())

    def turn(content, conversation_id=None, **kw):
        started = services.chat_start(user=user, conversation_id=conversation_id, content=content, **kw)
        assert read_events(started.run_id)[-1].type == events.RESULT
        return started

    def history_input(started) -> str:
        return auth_client.get(f"/api/workflows/{workflow['id']}/runs/{started.run_id}").json()["inputs"]["history"]

    def shown(cid):
        return auth_client.get(f"/api/conversations/{cid}/messages").json()["results"]

    one, two = f"one {reply('Alpha.')}", f"two {reply('Bravo.')}"
    first = turn(one, workflow_id=workflow["id"])
    cid = first.conversation_id
    second = turn(two, cid)
    assert history_input(second) == f"user: {one}\nassistant: Alpha."
    old_answer = shown(cid)[3]["id"]
    regen = turn(None, cid, regenerate_of=second.message_id)
    assert regen.message_id == second.message_id
    # The workflow saw the branch up to the question: not the answer being replaced, nor the question twice.
    assert history_input(regen) == f"user: {one}\nassistant: Alpha."
    messages = shown(cid)
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert messages[3]["alternatives"]["count"] == 2
    assert messages[3]["alternatives"]["ids"][0] == old_answer
    # Edit the first message: a branch from the start; the workflow sees no history.
    edited = turn(f"one, better {reply('Charlie.')}", cid, edit_of=first.message_id)
    assert history_input(edited) == ""
    messages = shown(cid)
    assert [m["content"] for m in messages][1:] == ["Charlie."]
    assert messages[0]["alternatives"] == {"index": 1, "count": 2, "ids": [first.message_id, edited.message_id]}
    # Page back to the first branch and go on from it: the history is that branch (with its newest answer).
    paged = auth_client.post(f"/api/conversations/{cid}/branch", {"message_id": first.message_id}, format="json")
    assert paged.status_code == 200, paged.content
    go_on = turn(f"three {reply('Delta.')}", cid)
    assert history_input(go_on) == f"user: {one}\nassistant: Alpha.\nuser: {two}\nassistant: Bravo."
    contents = [m["content"] for m in shown(cid)]
    assert contents[4].startswith("three ")
    assert contents[5:] == ["Delta."]
