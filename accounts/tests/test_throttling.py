"""One throttle, counted before the password check, for every way in (API, login page, admin), keyed
by the one username normalisation; signups per IP and the embedding endpoints per user."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client, override_settings
from rest_framework.test import APIClient

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from accounts.usernames import username_key

pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting password checks; each takes 50 ms like a (cheap) bcrypt, so a
    burst of parallel requests overlaps the way it does against the real hasher."""

    checks = 0
    lock = threading.Lock()

    def verify(self, password, encoded):
        with CountingHasher.lock:
            CountingHasher.checks += 1
        time.sleep(0.05)
        return super().verify(password, encoded)


COUNTING = ["accounts.tests.test_throttling.CountingHasher"]


def login(client, username, password, path="/api/auth/login"):
    return client.post(path, {"username": username, "password": password}, format="json")


@pytest.mark.django_db(transaction=True)
@override_settings(PASSWORD_HASHERS=COUNTING, LOGIN_FAILURES_PER_USERNAME=5, LOGIN_FAILURES_PER_IP=1000)
def test_a_burst_of_parallel_wrong_passwords_gets_at_most_the_allowed_password_checks():
    user = UserFactory()
    CountingHasher.checks = 0
    barrier = threading.Barrier(30)

    def guess(i):
        client = APIClient()
        barrier.wait(timeout=30)
        return login(client, user.username, f"wrong-guess-{i}").status_code

    with ThreadPoolExecutor(max_workers=30) as pool:
        statuses = list(pool.map(guess, range(30)))
    assert CountingHasher.checks <= 5
    assert statuses.count(400) == CountingHasher.checks
    assert statuses.count(429) == 30 - CountingHasher.checks


@override_settings(LOGIN_FAILURES_PER_USERNAME=3)
def test_the_admin_login_shares_the_throttle(user, settings):
    user.is_staff = True
    user.save()
    client = Client()
    for _ in range(3):
        response = client.post("/admin/login/", {"username": user.username, "password": "bad-pass-1"})
        assert b"Please enter the correct username and password" in response.content
    blocked = client.post("/admin/login/", {"username": user.username, "password": DEFAULT_PASSWORD})
    assert b"Too many failed logins" in blocked.content
    assert "_auth_user_id" not in client.session  # the right password is refused too while blocked
    # ...and the API sees the same budget spent.
    assert login(APIClient(), user.username, DEFAULT_PASSWORD).status_code == 429


@override_settings(LOGIN_FAILURES_PER_USERNAME=5, PASSWORD_HASHERS=COUNTING)
def test_unicode_variants_of_a_username_share_one_budget(make_user):
    user = make_user(username="Sam_Stra\u00dfe")
    variants = [
        "sam_strasse",
        "SAM_STRASSE",
        "\u017fam_stra\u00dfe",
        "\uff53\uff41\uff4d\uff3f\uff53\uff54\uff52\uff41\uff53\uff53\uff45",
        "Sam_Stra\u00dfe",
    ]
    assert {username_key(v) for v in variants} == {user.username_key}
    CountingHasher.checks = 0
    for variant in variants:
        assert login(APIClient(), variant, "bad-pass-1").status_code == 400
    assert CountingHasher.checks == 5  # each variant reached the same account's password
    assert login(APIClient(), "sam_strasse", DEFAULT_PASSWORD).status_code == 429


def test_a_variant_that_is_another_name_does_not_reach_the_account(make_user):
    make_user(username="admin")
    assert login(APIClient(), "ADM\u0130N", DEFAULT_PASSWORD).status_code == 400  # dotted capital I
    assert login(APIClient(), "adm\u0131n", DEFAULT_PASSWORD).status_code == 400  # dotless i: another name
    assert (
        login(APIClient(), "\uff21\uff24\uff2d\uff29\uff2e", DEFAULT_PASSWORD).status_code == 200
    )  # fullwidth: the same name


def test_signup_refuses_a_name_that_normalises_to_an_existing_one(api_client, make_user):
    make_user(username="alice")
    for variant in ("\uff21\uff2c\uff29\uff23\uff25", "Alice"):
        body = {"username": variant, "password": "Tomato-sauce-42!"}
        response = api_client.post("/api/auth/signup", body, format="json")
        assert response.status_code == 400
        assert "username" in response.json()


@override_settings(LOGIN_FAILURES_PER_USERNAME=100, LOGIN_FAILURES_PER_IP=3)
def test_successful_logins_do_not_spend_the_ip_budget(user):
    client = APIClient()
    for _ in range(5):
        assert login(client, user.username, DEFAULT_PASSWORD).status_code == 200
    for _ in range(3):
        assert login(client, user.username, "bad-pass-1").status_code == 400
    assert login(client, user.username, DEFAULT_PASSWORD).status_code == 429


def test_signup_is_throttled_per_ip(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": (2, 3600)}
    api = APIClient(REMOTE_ADDR="198.51.100.20")
    statuses = [
        api.post("/api/auth/signup", {"username": f"new{i}", "password": "Tomato-sauce-42!"}, format="json").status_code
        for i in range(3)
    ]
    assert statuses == [201, 201, 429]
    page = Client(REMOTE_ADDR="198.51.100.20").post("/signup", {"username": "new9", "password": "Tomato-sauce-42!"})
    assert page.status_code == 429
    assert b"Too many signups" in page.content
    other = APIClient(REMOTE_ADDR="198.51.100.21")
    body = {"username": "new5", "password": "Tomato-sauce-42!"}
    assert other.post("/api/auth/signup", body, format="json").status_code == 201


def test_the_embedding_endpoints_are_rate_limited_per_user(auth_client, settings, make_user):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "snippet_write": (2, 60), "snippet_search": (2, 60)}
    body = {"title": "t", "code": "print(1)", "language": "python"}
    created = [auth_client.post("/api/snippets", body, format="json") for _ in range(3)]
    assert [r.status_code for r in created] == [201, 201, 429]
    assert int(created[-1]["Retry-After"]) > 0
    assert created[-1].json()["error"]["code"] == "rate_limited"
    searches = [auth_client.get("/api/snippets/search?q=print").status_code for _ in range(3)]
    assert searches == [200, 200, 429]
    assert auth_client.get("/api/snippets").status_code == 200  # listing computes nothing: not limited
    other = APIClient()
    other.force_authenticate(make_user())
    assert other.get("/api/snippets/search?q=print").status_code == 200  # per user
