"""Secrets: encrypted at rest, write-only in the admin, never shown."""

import pytest
from django.db import connection

from tools import secrets
from tools.http import services
from tools.models import HttpTool, HttpToolSecret
from tools.secrets import SecretUnreadable, redact, secret_decrypt, secret_encrypt

pytestmark = pytest.mark.django_db

VALUE = "pl41n-text-Secret-8841"


def raw_column(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value_encrypted FROM tools_httptoolsecret WHERE name = %s", [name])
        return cursor.fetchone()[0]


def test_the_database_holds_only_ciphertext():
    services.secret_set(name="API_KEY", value=VALUE)
    stored = raw_column("API_KEY")
    assert VALUE not in stored
    assert stored.startswith("gAAAA")  # a Fernet token
    assert secret_decrypt(stored) == VALUE
    assert raw_column("API_KEY") != secret_encrypt(VALUE)  # random IV: same value, new token


def test_keys_rotate_and_a_wrong_key_cannot_decrypt(settings):
    settings.TOOL_SECRETS_KEY = ["old-key-material"]
    token = secret_encrypt(VALUE)
    settings.TOOL_SECRETS_KEY = ["new-key-material", "old-key-material"]
    assert secret_decrypt(token) == VALUE
    assert secret_decrypt(secret_encrypt(VALUE)) == VALUE
    settings.TOOL_SECRETS_KEY = ["new-key-material"]
    with pytest.raises(SecretUnreadable):
        secret_decrypt(token)


def test_default_key_is_derived_from_secret_key(settings):
    settings.TOOL_SECRETS_KEY = []
    token = secret_encrypt(VALUE)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    with pytest.raises(SecretUnreadable):
        secret_decrypt(token)
    assert secrets.HKDF_INFO  # derived with HKDF, not the raw SECRET_KEY


def test_redact_replaces_plain_and_url_encoded_forms():
    secret = "a b/c+d&e"
    text = f"plain {secret} encoded a%20b%2Fc%2Bd%26e plus a+b%2Fc%2Bd%26e"
    assert redact(text, [secret]) == "plain [redacted] encoded [redacted] plus [redacted]"
    assert redact("abc", ["abc"]) == "abc"  # too short to redact without mangling text


# --- admin ------------------------------------------------------------------------------------------


def test_admin_adds_a_secret_encrypted_and_never_shows_it(admin_client):
    response = admin_client.post(
        "/admin/tools/httptoolsecret/add/", {"name": "WEATHER_KEY", "description": "weather", "value": VALUE}
    )
    assert response.status_code == 302, response.content
    secret = HttpToolSecret.objects.get(name="WEATHER_KEY")
    assert secret_decrypt(raw_column("WEATHER_KEY")) == VALUE

    changelist = admin_client.get("/admin/tools/httptoolsecret/").content.decode()
    change = admin_client.get(f"/admin/tools/httptoolsecret/{secret.pk}/change/").content.decode()
    assert "WEATHER_KEY" in changelist
    assert '<td class="field-value_state">set</td>' in changelist
    for page in (changelist, change):
        assert VALUE not in page
        assert secret.value_encrypted not in page
    assert 'type="password"' in change


def test_admin_blank_value_keeps_the_secret_and_a_new_value_replaces_it(admin_client):
    secret = services.secret_set(name="K", value=VALUE)
    url = f"/admin/tools/httptoolsecret/{secret.pk}/change/"
    assert admin_client.post(url, {"name": "K", "description": "renamed", "value": ""}).status_code == 302
    assert secret_decrypt(raw_column("K")) == VALUE
    assert admin_client.post(url, {"name": "K", "description": "", "value": "next-value-1"}).status_code == 302
    assert secret_decrypt(raw_column("K")) == "next-value-1"


def test_admin_refuses_a_new_secret_without_value(admin_client):
    response = admin_client.post("/admin/tools/httptoolsecret/add/", {"name": "EMPTY", "value": ""})
    assert response.status_code == 200
    assert "A new secret needs a value." in response.content.decode()
    assert not HttpToolSecret.objects.exists()


def test_admin_http_tool_pages(admin_client):
    services.secret_set(name="API_KEY", value=VALUE)
    form = {
        "name": "get_weather",
        "alias": "Weather",
        "description": "Weather for a city",
        "output_rules": "",
        "enabled": "on",
        "audience": "everyone",
        "method": "GET",
        "url_template": "https://api.example.com/weather/{city}",
        "parameters": '{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}',
        "headers": '{"X-Api-Key": "{{secret:API_KEY}}"}',
        "query_params": "{}",
        "body_mode": "none",
        "body_template": "null",
        "timeout": "10",
        "max_response_bytes": "100000",
    }
    assert admin_client.post("/admin/tools/httptool/add/", form).status_code == 302
    tool = HttpTool.objects.get(name="get_weather")
    assert tool.headers == {"X-Api-Key": "{{secret:API_KEY}}"}

    bad = admin_client.post("/admin/tools/httptool/add/", {**form, "name": "x2", "parameters": '{"type": 3}'})
    assert bad.status_code == 200
    assert "JSON schema" in bad.content.decode()

    listing = admin_client.get("/admin/tools/httptool/?q=weather&enabled__exact=1").content.decode()
    assert "get_weather" in listing
    assert "api.example.com" in listing
    assert VALUE not in admin_client.get(f"/admin/tools/httptool/{tool.pk}/change/").content.decode()
