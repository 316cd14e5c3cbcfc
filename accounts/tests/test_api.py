from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection
from django.test import override_settings
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()
STRONG = "Tomato-sauce-42!"


def signup(client, username="alice", password=STRONG, **extra):
    return client.post("/api/auth/signup", {"username": username, "password": password, **extra}, format="json")


def test_signup_returns_user_and_working_token(api_client):
    response = signup(api_client, email="alice@example.com")
    assert response.status_code == 201
    body = response.json()
    assert body["user"]["username"] == "alice"
    assert body["user"]["email"] == "alice@example.com"
    assert body["expires_at"]
    me = APIClient()
    me.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert me.get("/api/auth/me").json()["username"] == "alice"


def test_password_is_hashed_with_bcrypt(api_client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.BCryptSHA256PasswordHasher"]
    signup(api_client)
    stored = User.objects.get(username="alice").password
    assert stored.startswith("bcrypt_sha256$")
    assert STRONG not in stored


def test_duplicate_username_in_another_case_is_rejected(api_client):
    assert signup(api_client, "Alice").status_code == 201
    response = signup(api_client, "aLICE")
    assert response.status_code == 400
    assert "username" in response.json()
    assert User.objects.filter(username__iexact="alice").count() == 1


def test_case_insensitive_uniqueness_is_a_database_constraint():
    User.objects.create(username="Bob")
    with pytest.raises(IntegrityError):
        User.objects.create(username="bOB")


def test_weak_password_is_rejected_with_field_errors(api_client):
    response = signup(api_client, password="123")
    assert response.status_code == 400
    assert response.json()["password"]
    assert not User.objects.filter(username="alice").exists()


def test_login_success(api_client, user):
    response = api_client.post(
        "/api/auth/login", {"username": user.username.upper(), "password": DEFAULT_PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["user"]["id"] == user.id
    assert response.json()["token"]


def test_login_failure_bodies_are_identical_for_unknown_user_and_wrong_password(api_client, user):
    wrong = api_client.post("/api/auth/login", {"username": user.username, "password": "nope-nope-1"}, format="json")
    unknown = api_client.post("/api/auth/login", {"username": "ghost-user", "password": "nope-nope-1"}, format="json")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"


def test_token_is_not_stored_in_plain_text(api_client):
    token = signup(api_client).json()["token"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest, token_key FROM knox_authtoken")
        rows = cursor.fetchall()
    assert len(rows) == 1
    digest, token_key = rows[0]
    assert token not in digest
    assert token != token_key
    assert len(token_key) < len(token) / 2


def test_expired_token_is_401(auth_client):
    AuthToken.objects.filter(user=auth_client.user).update(expiry=timezone.now() - timedelta(seconds=1))
    assert auth_client.get("/api/auth/me").status_code == 401


def test_bearer_prefix_is_accepted(auth_client):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {auth_client.token}")
    assert client.get("/api/auth/me").status_code == 200


def test_unauthenticated_is_401(api_client):
    assert api_client.get("/api/auth/me").status_code == 401


def test_logout_revokes_only_that_token(user):
    def login():
        client = APIClient()
        token = client.post(
            "/api/auth/login", {"username": user.username, "password": DEFAULT_PASSWORD}, format="json"
        ).json()["token"]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    phone, laptop = login(), login()
    assert phone.post("/api/auth/logout").status_code == 204
    assert phone.get("/api/auth/me").status_code == 401
    assert laptop.get("/api/auth/me").status_code == 200


def test_logout_all_revokes_every_token(user):
    clients = []
    for _ in range(3):
        client = APIClient()
        token = client.post(
            "/api/auth/login", {"username": user.username, "password": DEFAULT_PASSWORD}, format="json"
        ).json()["token"]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        clients.append(client)
    assert clients[0].post("/api/auth/logout-all").status_code == 204
    assert [c.get("/api/auth/me").status_code for c in clients] == [401, 401, 401]


def test_me_fields(auth_client):
    body = auth_client.get("/api/auth/me").json()
    assert set(body) == {"id", "username", "email", "is_staff", "date_joined"}


@override_settings(LOGIN_FAILURES_PER_USERNAME=3)
def test_login_throttled_per_username_with_retry_after(api_client, user):
    for _ in range(3):
        assert (
            api_client.post(
                "/api/auth/login", {"username": user.username, "password": "bad-pass-1"}, format="json"
            ).status_code
            == 400
        )
    blocked = api_client.post(
        "/api/auth/login", {"username": user.username, "password": DEFAULT_PASSWORD}, format="json"
    )
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    # From another IP the same username stays blocked.
    other = APIClient(REMOTE_ADDR="10.9.9.9")
    assert (
        other.post(
            "/api/auth/login", {"username": user.username, "password": DEFAULT_PASSWORD}, format="json"
        ).status_code
        == 429
    )


@override_settings(LOGIN_FAILURES_PER_IP=4, LOGIN_FAILURES_PER_USERNAME=100, NUM_PROXIES=1)
def test_login_throttled_per_ip_and_spoofed_forwarded_for_does_not_reset(user, make_user):
    # Behind one proxy: the proxy appends the real client address last.
    def attempt(spoofed: str, username: str, password="bad-pass-1"):
        client = APIClient(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{spoofed}, 203.0.113.7")
        return client.post("/api/auth/login", {"username": username, "password": password}, format="json")

    for i in range(4):
        assert attempt(f"198.51.100.{i}", f"nobody{i}").status_code == 400
    victim = make_user()
    blocked = attempt("192.0.2.99", victim.username, DEFAULT_PASSWORD)
    assert blocked.status_code == 429
    assert blocked["Retry-After"]
