import pytest
from django.contrib.auth import get_user_model

from accounts.tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_signup_page_creates_account_and_logs_in(client):
    response = client.post("/signup", {"username": "carol", "password": "Tomato-sauce-42!"})
    assert response.status_code == 302
    assert get_user_model().objects.filter(username="carol").exists()
    assert client.get("/").status_code == 200


def test_signup_page_shows_error_next_to_field(client, user):
    response = client.post("/signup", {"username": user.username.upper(), "password": "Tomato-sauce-42!"})
    assert response.status_code == 400
    assert b'id="id_username-error"' in response.content


def test_login_page_requires_csrf(user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/login", {"username": user.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 403


def test_login_and_logout_pages(client, user):
    assert client.get("/").status_code == 302  # chat needs a login
    response = client.post("/login", {"username": user.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_login_page_rejects_bad_password(client, user):
    response = client.post("/login", {"username": user.username, "password": "wrong-one-9"})
    assert response.status_code == 400
    assert b"Invalid username or password." in response.content
