"""Regenerated answers, edited messages (branches) and feedback on answers, against the real worker,
MongoDB and the scripted model (issue 16)."""

import pytest

from agents import history, services
from agents.tests.fixtures import read_events
from runs import events

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def _turn(user, scenario, text, conversation_id=None, **kw):
    started = services.chat_start(user=user, conversation_id=conversation_id, content=text, **kw)
    assert read_events(started.run_id)[-1].type == events.RESULT
    return started


def _shown(user, conversation_id):
    return history.messages_for(user_id=user.id, conversation_id=conversation_id)


def _roles_in_request(llm_server):
    return [m["role"] for m in llm_server.requests()[-1]["messages"]]


def test_regenerate_keeps_the_old_answer_and_the_model_sees_only_the_branch(worker, user, scenario, llm_server):
    first = _turn(user, scenario, f"{scenario([{'content': 'Alpha answer'}])} one")
    cid = first.conversation_id
    second = _turn(user, scenario, f"{scenario([{'content': 'Bravo answer'}])} two", cid)
    before = _shown(user, cid)
    assert [m["role"] for m in before] == ["user", "assistant", "user", "assistant"]
    assert all(m.get("alternatives") is None for m in before)

    regen = _turn(user, scenario, None, cid, regenerate_of=second.message_id)
    assert regen.message_id == second.message_id  # the same question, a new answer
    # The model got the branch up to the question, not the answer being replaced.
    assert _roles_in_request(llm_server) == ["system", "user", "assistant", "user"]
    shown = _shown(user, cid)
    assert [m["role"] for m in shown] == ["user", "assistant", "user", "assistant"]
    old_answer, new_answer = before[3]["_id"], shown[3]["_id"]
    assert new_answer != old_answer
    assert shown[3]["alternatives"] == {"index": 1, "count": 2, "ids": [old_answer, new_answer]}
    assert shown[2]["alternatives"] is None
    assert shown[2]["run_id"] == regen.run_id  # a reload finds the newest run of the question

    # Page back to the first answer; then the conversation goes on from the one shown.
    assert history.branch_select(user_id=user.id, conversation_id=cid, message_id=old_answer) == old_answer
    assert _shown(user, cid)[3]["_id"] == old_answer
    third = _turn(user, scenario, f"{scenario([{'content': 'Charlie'}])} three", cid)
    shown = _shown(user, cid)
    assert [m["_id"] for m in shown][3:] == [old_answer, third.message_id, shown[5]["_id"]]
    sent = llm_server.requests()[-1]["messages"]
    assert [m["role"] for m in sent] == ["system", "user", "assistant", "user", "assistant", "user"]
    assert "Bravo answer" in sent[4]["content"]
    conversation = history.conversation_get(user_id=user.id, conversation_id=cid)
    assert conversation["forked"] is True
    assert conversation["leaf_id"] == shown[5]["_id"]
    assert conversation["message_count"] == 7  # 2 + 2 + 1 regenerated + 2


def test_edit_starts_a_branch_from_the_message_before(worker, user, scenario, llm_server):
    first = _turn(user, scenario, f"{scenario([{'content': 'first answer'}])} one")
    cid = first.conversation_id
    _turn(user, scenario, f"{scenario([{'content': 'second answer'}])} two", cid)
    edited = _turn(
        user, scenario, f"{scenario([{'content': 'edited answer'}])} one, better", cid, edit_of=first.message_id
    )
    # The first message was edited: the model sees no history at all.
    assert _roles_in_request(llm_server) == ["system", "user"]
    shown = _shown(user, cid)
    assert shown[0]["content"].endswith("one, better")
    assert [m["content"] for m in shown][1:] == ["edited answer"]
    assert shown[0]["_id"] == edited.message_id
    assert shown[0]["alternatives"] == {"index": 1, "count": 2, "ids": [first.message_id, edited.message_id]}
    # The earlier branch is kept whole: page back to it.
    history.branch_select(user_id=user.id, conversation_id=cid, message_id=first.message_id)
    assert [m["content"] for m in _shown(user, cid)][1::2] == ["first answer", "second answer"]


def test_branches_and_feedback_are_the_owners_only(worker, user, make_user, scenario, api_client, auth_client):
    first = _turn(user, scenario, f"{scenario([{'content': 'mine'}])} one")
    cid = first.conversation_id
    answer = _shown(user, cid)[1]["_id"]
    stranger = make_user()
    with pytest.raises(history.NotFound):
        services.chat_start(user=stranger, conversation_id=cid, content=None, regenerate_of=first.message_id)
    with pytest.raises(history.NotFound):
        history.branch_select(user_id=stranger.id, conversation_id=cid, message_id=answer)
    with pytest.raises(history.NotFound):
        history.message_feedback_set(user_id=stranger.id, message_id=answer, rating="up", comment="")
    # Bad input is a 400, a message that is not the caller's a 404.
    assert auth_client.put(f"/api/messages/{answer}/feedback", {"rating": "meh"}, format="json").status_code == 400
    assert auth_client.put("/api/messages/nope/feedback", {"rating": "up"}, format="json").status_code == 404
    user_msg = auth_client.put(f"/api/messages/{first.message_id}/feedback", {"rating": "up"}, format="json")
    assert user_msg.status_code == 404  # feedback is on answers
    assert (
        auth_client.post(f"/api/conversations/{cid}/branch", {"message_id": "nope"}, format="json").status_code == 404
    )
    body = {"conversation_id": cid, "regenerate_of": "nope"}
    assert auth_client.post("/api/chat", body, format="json").status_code == 404
    body = {"conversation_id": cid, "regenerate_of": first.message_id, "edit_of": first.message_id}
    assert auth_client.post("/api/chat", body, format="json").status_code == 400
    assert auth_client.post("/api/chat", {"regenerate_of": first.message_id}, format="json").status_code == 400


def test_feedback_is_stored_on_the_answer_and_listed_for_staff(worker, auth_client, scenario):
    user = auth_client.user
    started = _turn(user, scenario, f"{scenario([{'content': 'rate me'}])} hi")
    answer = _shown(user, started.conversation_id)[1]["_id"]
    response = auth_client.put(
        f"/api/messages/{answer}/feedback", {"rating": "down", "comment": "too short"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["rating"] == "down"
    listed = auth_client.get(f"/api/conversations/{started.conversation_id}/messages").json()["results"]
    assert listed[1]["feedback"]["comment"] == "too short"
    staff_view = [m for m in history.feedback_for_staff() if m["_id"] == answer]
    assert staff_view[0]["feedback"]["rating"] == "down"
    cleared = auth_client.put(f"/api/messages/{answer}/feedback", {"rating": None}, format="json")
    assert cleared.json()["rating"] is None
    assert not [m for m in history.feedback_for_staff() if m["_id"] == answer]


def test_regenerate_through_the_sync_api(worker, auth_client, scenario):
    user = auth_client.user
    started = _turn(user, scenario, f"{scenario([{'content': 'once'}])} hi")
    body = {"conversation_id": started.conversation_id, "regenerate_of": started.message_id}
    response = auth_client.post("/api/chat", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["message"]["content"] == "once"
    listed = auth_client.get(f"/api/conversations/{started.conversation_id}/messages").json()["results"]
    assert len(listed) == 2
    assert listed[1]["alternatives"]["count"] == 2


def test_a_follow_up_continues_the_branch_the_client_shows(worker, user, make_user, scenario, llm_server, auth_client):
    """leaf_id: the client shows an older answer while the stored branch (paged elsewhere) ends at the newest;
    the follow-up continues the one shown. Another user's message, or one of no conversation, is a 404."""
    first = _turn(user, scenario, f"{scenario([{'content': 'Old answer'}])} one")
    cid = first.conversation_id
    old_answer = _shown(user, cid)[1]["_id"]
    _turn(user, scenario, None, cid, regenerate_of=first.message_id)
    new_answer = _shown(user, cid)[1]["_id"]
    assert history.conversation_get(user_id=user.id, conversation_id=cid)["leaf_id"] == new_answer

    body = {"conversation_id": cid, "message": f"{scenario([{'content': 'Next'}])} two", "leaf_id": old_answer}
    response = auth_client.post("/api/chat", body, format="json")
    assert response.status_code == 200, response.content
    assert [m["_id"] for m in _shown(user, cid)][:2] == [first.message_id, old_answer]
    assert _shown(user, cid)[3]["content"] == "Next"
    assert llm_server.requests()[-1]["messages"][2]["content"] == "Old answer"

    stranger = make_user()
    theirs = _turn(stranger, scenario, f"{scenario([{'content': 'theirs'}])} x")
    count = history.conversation_get(user_id=user.id, conversation_id=cid)["message_count"]
    for leaf in (theirs.message_id, "nope"):
        refused = auth_client.post("/api/chat", {**body, "leaf_id": leaf}, format="json")
        assert refused.status_code == 404, refused.content
    # A refused turn leaves nothing behind.
    assert history.conversation_get(user_id=user.id, conversation_id=cid)["message_count"] == count
    both = {"conversation_id": cid, "regenerate_of": first.message_id, "leaf_id": old_answer}
    assert auth_client.post("/api/chat", both, format="json").status_code == 400
    assert auth_client.post("/api/chat", {"message": "hi", "leaf_id": old_answer}, format="json").status_code == 400
