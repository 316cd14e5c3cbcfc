"""Usage is recorded per key: the runs a key starts carry its id on their reports."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from runs import reports

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]


def test_runs_started_with_a_key_are_counted_for_that_key_only(worker, auth_client, scenario, mongo_db):
    created = auth_client.post("/api/keys", {"name": "script"}, format="json").json()
    keyed = APIClient()
    keyed.credentials(HTTP_AUTHORIZATION=f"Bearer {created['key']}")

    answer = keyed.post("/api/chat", {"message": f"{scenario([{'content': 'Hi from a key.'}])} hi"}, format="json")
    assert answer.status_code == 200, answer.content
    by_token = auth_client.post("/api/chat", {"message": f"{scenario([{'content': 'Hi.'}])} hi"}, format="json")
    assert by_token.status_code == 200

    report = reports.report_get(user_id=auth_client.user.id, run_id=answer.json()["run_id"])
    assert report["api_key_id"] == created["id"]
    assert "api_key_id" not in reports.report_get(user_id=auth_client.user.id, run_id=by_token.json()["run_id"])

    usage = auth_client.get(f"/api/keys/{created['id']}/usage").json()
    assert usage["total"]["runs"] == 1
    assert usage["total"]["total_tokens"] == answer.json()["usage"]["total_tokens"] > 0
    assert [day["runs"] for day in usage["by_day"]] == [1]
    # The conversation is the owner's, like any other.
    conversations = auth_client.get("/api/conversations").json()["results"]
    assert answer.json()["conversation_id"] in [c["id"] for c in conversations]
