"""The settings page: password, sessions and tokens with revoke and "log out everywhere", usage, theme."""

from __future__ import annotations

import pytest
from django.test import Client
from knox.models import AuthToken

from accounts import services
from accounts.models import LoginSession
from accounts.tests.factories import DEFAULT_PASSWORD
from runs.models import UserBudget
from runs.usage import budgets, usage_record

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "A-new-Tomato-password-77"


def browser(user, agent: str) -> Client:
    """A browser that logged in through the login page."""
    client = Client(HTTP_USER_AGENT=agent)
    assert client.post("/login", {"username": user.username, "password": DEFAULT_PASSWORD}).status_code == 302
    return client


def test_settings_page_lists_sessions_tokens_and_links_developer(user):
    laptop, phone = browser(user, "Laptop Firefox"), browser(user, "Phone Safari")
    services.token_issue(user=user)
    page = laptop.get("/settings/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Laptop Firefox" in html
    assert "Phone Safari" in html
    assert html.count('class="session-row current"') == 1
    assert html.count('class="token-row"') == 1
    assert 'href="/settings/developer"' in html
    assert phone.get("/settings/").status_code == 200
    assert Client().get("/settings/").status_code == 302  # a login first


def test_revoke_one_session_and_one_token(user, make_user):
    laptop, phone = browser(user, "Laptop"), browser(user, "Phone")
    token, _ = services.token_issue(user=user)
    phone_session = LoginSession.objects.get(user=user, user_agent="Phone")
    response = laptop.post(f"/settings/sessions/{phone_session.pk}/revoke")
    assert response.status_code == 302
    assert phone.get("/settings/").status_code == 302  # the phone is signed out
    assert laptop.get("/settings/").status_code == 200  # the laptop is not
    key = AuthToken.objects.get(user=user).token_key
    assert token.startswith(key)
    assert laptop.post("/settings/tokens/revoke", {"token": key}).status_code == 302
    assert not AuthToken.objects.filter(user=user).exists()
    # Another person's session or token is a 404, and stays.
    other = make_user()
    theirs = browser(other, "Theirs")
    their_session = LoginSession.objects.get(user=other)
    services.token_issue(user=other)
    assert laptop.post(f"/settings/sessions/{their_session.pk}/revoke").status_code == 404
    their_token = AuthToken.objects.get(user=other).token_key
    assert laptop.post("/settings/tokens/revoke", {"token": their_token}).status_code == 404
    assert theirs.get("/settings/").status_code == 200
    assert laptop.get(f"/settings/sessions/{phone_session.pk}/revoke").status_code == 405


def test_log_out_everywhere(user, api_client):
    laptop, phone = browser(user, "Laptop"), browser(user, "Phone")
    token, _ = services.token_issue(user=user)
    assert laptop.post("/settings/logout-everywhere").status_code == 302
    assert laptop.get("/settings/").status_code == 302
    assert phone.get("/settings/").status_code == 302
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api_client.get("/api/auth/me").status_code == 401


def test_password_change_keeps_this_browser_and_signs_out_the_rest(user, api_client):
    laptop, phone = browser(user, "Laptop"), browser(user, "Phone")
    token, _ = services.token_issue(user=user)
    wrong = laptop.post(
        "/settings/password", {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert wrong.status_code == 400
    assert b'id="id_old_password-error"' in wrong.content
    done = laptop.post(
        "/settings/password",
        {"old_password": DEFAULT_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.status_code == 200
    assert b"Password changed." in done.content
    assert phone.get("/settings/").status_code == 302
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api_client.get("/api/auth/me").status_code == 401
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_usage_against_the_budget(user, mongo_db):  # mongo_db: its teardown clears the usage counters
    UserBudget.objects.create(user=user, monthly_tokens=1000)
    budgets.clear()
    usage_record(user_id=user.id, usage={"total_tokens": 250}, cost_usd=None)
    html = browser(user, "Laptop").get("/settings/").content.decode()
    assert "<strong>250</strong> tokens of your 1000-token budget (750 left)" in html
    assert '<progress id="usage-bar" max="1000" value="250"' in html
