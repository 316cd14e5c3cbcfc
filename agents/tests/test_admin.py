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
