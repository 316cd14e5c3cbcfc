"""Usage, cost and monthly budgets."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from agents import history, services
from agents.tests.fixtures import read_events, text_of
from runs import events, reports, usage
from runs.models import ModelPrice, UserBudget
from tomato_agent.mongo import new_id

pytestmark = pytest.mark.django_db


def test_cost_from_the_price_table():
    ModelPrice.objects.update_or_create(
        model="acme-large", defaults={"input_per_million_usd": Decimal("2"), "output_per_million_usd": Decimal("8")}
    )
    ModelPrice.objects.update_or_create(
        model="acme-*", defaults={"input_per_million_usd": Decimal("1"), "output_per_million_usd": Decimal("1")}
    )
    assert usage.cost_of("acme-large", {"prompt_tokens": 1_000_000, "completion_tokens": 500_000}) == 6.0
    assert usage.cost_of("acme-small", {"prompt_tokens": 1_000_000, "completion_tokens": 0}) == 1.0
    assert usage.cost_of("unknown-model", {"prompt_tokens": 10}) is None
    assert ModelPrice.objects.filter(model="gpt-4o-mini").exists()  # seeded


@pytest.mark.django_db(transaction=True)  # the admission reads the budget in a worker thread
def test_run_over_budget_is_refused_with_429(user, auth_client, redis_conn, mongo_db):
    UserBudget.objects.create(user=auth_client.user, monthly_tokens=100)
    usage.usage_record(user_id=auth_client.user.id, usage={"total_tokens": 100}, cost_usd=0)
    with pytest.raises(usage.BudgetExceeded):
        services.chat_start(user=auth_client.user, conversation_id=None, content="hello")
    response = auth_client.post("/api/chat", {"message": "hello"}, format="json")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "budget_exceeded"
    assert history.conversations_for(user_id=auth_client.user.id) == []


def test_cost_budget_counts_too(user, redis_conn):
    UserBudget.objects.create(user=user, monthly_cost_usd=Decimal("0.50"))
    ModelPrice.objects.update_or_create(
        model="scripted-demo", defaults={"input_per_million_usd": Decimal("1"), "output_per_million_usd": Decimal("2")}
    )
    assert usage.token_allowance(user_id=user.id, model="scripted-demo") == 250_000
    usage.usage_record(user_id=user.id, usage={"total_tokens": 5}, cost_usd=0.5)
    with pytest.raises(usage.BudgetExceeded):
        usage.token_allowance(user_id=user.id, model="scripted-demo")


@pytest.mark.e2e
def test_run_crossing_the_budget_mid_stream_stops_and_keeps_partial(worker, user, scenario):
    UserBudget.objects.create(user=user, monthly_tokens=1500)
    content = " ".join(f"word{i}" for i in range(4000))
    started = services.chat_start(user=user, conversation_id=None, content=f"{scenario([{'content': content}])} go")
    evts = read_events(started.run_id)
    assert evts[-1].type == events.ERROR
    assert evts[-1].data["code"] == "budget_exceeded"
    partial = text_of(evts)
    assert 0 < len(partial) < len(content)
    report = reports.report_get(user_id=user.id, run_id=started.run_id)
    stored = history.message_get(user_id=user.id, message_id=report["assistant_message_id"])
    assert stored["content"] == partial
    assert stored["error"]["code"] == "budget_exceeded"


@pytest.mark.e2e
def test_usage_totals_match_stored_messages(worker, auth_client, scenario):
    user = auth_client.user
    for n in (3, 5):
        turn = {"content": "ok " * n, "usage": {"prompt_tokens": 10 * n, "completion_tokens": n}}
        started = services.chat_start(user=user, conversation_id=None, content=f"{scenario([turn])} go")
        assert read_events(started.run_id)[-1].type == events.RESULT
    body = auth_client.get("/api/usage").json()
    stored = list(history.get_db().messages.find({"user_id": user.id, "role": "assistant"}))
    assert body["total"]["prompt_tokens"] == sum(m["usage"]["prompt_tokens"] for m in stored) == 80
    assert body["total"]["completion_tokens"] == sum(m["usage"]["completion_tokens"] for m in stored) == 8
    assert body["total"]["messages"] == 2
    today = datetime.now(UTC).date().isoformat()
    assert body["by_day"][0]["date"] == today
    assert body["by_day"][0]["model"] == "scripted-demo"
    # Month-to-date counters agree with the stored usage.
    assert usage.month_to_date(user.id)[0] == 88
    # Staff see everyone; others do not see the summary.
    assert auth_client.get("/api/usage/summary").status_code == 404
    assert auth_client.get("/api/usage?from=2026-13-01").status_code == 400


def test_staff_usage_summary(api_client, make_user, mongo_db):
    from accounts.services import token_issue

    staff = make_user(is_staff=True)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=staff)[0]}")
    someone = make_user()
    history.get_db().messages.insert_one({
        "_id": new_id(), "user_id": someone.id, "role": "assistant", "model": "m",
        "created_at": datetime.now(UTC), "usage": {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10,
                                                   "cost_usd": 0.25}, "conversation_id": "x", "seq": 2,
    })  # fmt: skip
    body = api_client.get("/api/usage/summary").json()
    row = next(r for r in body["by_user"] if r["user_id"] == someone.id)
    assert row["username"] == someone.username
    assert row["total_tokens"] == 10
    assert row["cost_usd"] == 0.25
