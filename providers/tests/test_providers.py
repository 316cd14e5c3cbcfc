"""Providers: encrypted write-only keys, the SSRF check of base URLs, model resolution, prices, test connection."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from providers import runtime, services
from providers.api import provider_catalogue
from providers.gateway import ModelGateway
from providers.models import Provider, ProviderModel
from runs.metering import UsageMeter
from runs.models import ModelPrice
from scripted_llm.server import ScriptedLLMServer
from tools import net
from tools.secrets import secret_decrypt
from tools.tests.conftest import FakeDNS

pytestmark = pytest.mark.django_db

CANARY = "sk-canary-7f3a9c2e4b1d-provider-key"


@pytest.fixture
def keyed_server():
    """A scripted LLM server that insists on the canary key."""
    server = ScriptedLLMServer(host="127.0.0.1", port=0, api_key=CANARY, models=["acme-large", "acme-small"]).start()
    yield server
    server.stop()


@pytest.fixture
def fake_dns(monkeypatch):
    dns = FakeDNS()
    monkeypatch.setattr(net, "getaddrinfo", dns)
    return dns


def raw_key(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT api_key_encrypted FROM providers_provider WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def make_provider(base_url: str, *, key: str | None = CANARY, slug: str = "acme", models=("acme-large",)) -> Provider:
    provider = services.provider_save(provider=Provider(name=slug.title(), slug=slug, base_url=base_url), api_key=key)
    for model in models:
        services.provider_model_save(
            model=ProviderModel(
                provider=provider,
                model=model,
                context_window=128_000,
                input_per_million_usd=Decimal("2"),
                output_per_million_usd=Decimal("8"),
            )
        )
    return provider


def test_the_settings_provider_is_one_of_them(settings):
    default = Provider.objects.get(from_settings=True)
    assert default.base_url == ""  # LLM_BASE_URL is never copied into the database
    configs = runtime.configs()
    assert configs[0].from_settings
    assert configs[0].base_url == settings.LLM_BASE_URL
    choice = runtime.resolve(None, None)
    assert (choice.provider, choice.model) == ("default", settings.LLM_MODEL)
    catalogue = provider_catalogue()
    assert catalogue[0]["is_default"] is True
    assert settings.LLM_MODEL in [m["model"] for m in catalogue[0]["models"]]


def test_key_is_encrypted_at_rest_and_resolution_uses_the_provider(keyed_server):
    provider = make_provider(keyed_server.base_url, models=("acme-large", "acme-small"))
    stored = raw_key(provider.pk)
    assert CANARY not in stored
    assert stored.startswith("gAAAA")
    assert secret_decrypt(stored, info=runtime.KEY_INFO) == CANARY
    choice = runtime.resolve("acme", None)
    assert (choice.provider, choice.model, choice.price) == ("acme", "acme-large", (Decimal("2"), Decimal("8")))
    assert runtime.resolve(provider.pk, "acme-small").model == "acme-small"
    with pytest.raises(runtime.ModelUnavailable):
        runtime.resolve("acme", "not-served")
    with pytest.raises(runtime.ModelUnavailable):
        runtime.resolve("nope", None)
    # Saving without a key keeps it; clearing removes it.
    services.provider_save(provider=provider, api_key=None)
    assert raw_key(provider.pk) == stored
    services.provider_save(provider=provider, clear_key=True)
    assert raw_key(provider.pk) == ""


def test_a_disabled_model_or_provider_is_not_offered(keyed_server):
    provider = make_provider(keyed_server.base_url, models=("acme-large", "acme-small"))
    ProviderModel.objects.filter(model="acme-small").update(enabled=False)
    services.providers_invalidate()
    with pytest.raises(runtime.ModelUnavailable):
        runtime.resolve("acme", "acme-small")
    provider.enabled = False
    services.provider_save(provider=provider)
    with pytest.raises(runtime.ModelUnavailable):
        runtime.resolve("acme", None)


def test_internal_base_urls_are_refused_unless_allowlisted(settings, fake_dns):
    fake_dns.add("llm.lan.example", ["10.0.0.5"])
    fake_dns.add("api.example.com", ["93.184.216.34"])
    settings.LLM_PROVIDER_ALLOWED_HOSTS = []
    settings.TOOLS_HTTP_ALLOWED_HOSTS = []
    for url in (
        "http://127.0.0.1:8100/v1",
        "http://llm.lan.example/v1",
        "http://169.254.169.254/v1",
        "http://2130706433/v1",
        "file:///etc/passwd",
        "http://user:pw@api.example.com/v1",
    ):
        with pytest.raises(ValidationError) as refused:
            services.provider_save(provider=Provider(name="x", slug="x", base_url=url))
        assert "base_url" in refused.value.message_dict, url
    assert not Provider.objects.filter(slug="x").exists()
    services.provider_save(provider=Provider(name="Public", slug="public", base_url="https://api.example.com/v1/"))
    assert Provider.objects.get(slug="public").base_url == "https://api.example.com/v1"
    settings.LLM_PROVIDER_ALLOWED_HOSTS = ["llm.lan.example"]
    services.provider_save(provider=Provider(name="Ollama", slug="ollama", base_url="http://llm.lan.example/v1"))


def test_a_client_is_not_built_for_an_address_refused_since(keyed_server, settings):
    make_provider(keyed_server.base_url)
    runtime.forget_clients()
    settings.LLM_PROVIDER_ALLOWED_HOSTS = []
    settings.TOOLS_HTTP_ALLOWED_HOSTS = []
    with pytest.raises(runtime.LLMError) as refused:
        ModelGateway().model(provider="acme")
    assert refused.value.code == "llm_unavailable"


def test_gateway_streams_with_the_key_and_prices_each_call_by_its_model(keyed_server):
    scenario_name = "hello"
    keyed_server.add_scenario(
        scenario_name, [{"content": "Hi there", "usage": {"prompt_tokens": 1000, "completion_tokens": 500}}]
    )
    make_provider(keyed_server.base_url)
    ModelPrice.objects.update_or_create(
        model="scripted-demo", defaults={"input_per_million_usd": Decimal("1"), "output_per_million_usd": Decimal("1")}
    )
    meter = UsageMeter()
    gateway = ModelGateway(meter=meter)
    turn, stream = gateway.model(provider="acme", scope=("agent:x",)).complete(
        [{"role": "user", "content": f"[scenario:{scenario_name}] hi"}]
    )
    assert turn.content == "Hi there"
    assert stream.usage["cost_usd"] == pytest.approx((1000 * 2 + 500 * 8) / 1_000_000)
    assert keyed_server.requests()[-1]["model"] == "acme-large"
    assert meter.for_scope(["agent:x"])["total_tokens"] == 1500
    assert meter.by_model() == [
        {
            "provider": "acme",
            "model": "acme-large",
            "prompt_tokens": 1000,
            "completion_tokens": 500,
            "total_tokens": 1500,
            "cost_usd": 0.006,
        }
    ]


def test_gateway_refuses_a_wrong_key(keyed_server):
    provider = make_provider(keyed_server.base_url, key="sk-wrong-key-0000000000")
    keyed_server.add_scenario("k", [{"content": "never"}])
    with pytest.raises(runtime.LLMError) as failed:
        ModelGateway().model(provider=provider.slug).complete([{"role": "user", "content": "[scenario:k] hi"}])
    assert failed.value.code == "llm_error"
    assert "sk-wrong" not in failed.value.message


def test_test_connection_reports_models_or_a_safe_reason(keyed_server):
    good = make_provider(keyed_server.base_url)
    result = services.provider_test(provider=good)
    assert result.ok, result.message
    assert result.models == ["acme-large", "acme-small"]
    bad = make_provider(keyed_server.base_url, key="sk-wrong-key-0000000000", slug="wrong")
    result = services.provider_test(provider=bad)
    assert not result.ok
    assert "401" in result.message
    assert "sk-wrong" not in result.message
    assert keyed_server.base_url not in result.message


def test_admin_key_is_write_only_and_test_connection_action(admin_client, keyed_server, caplog):
    form = {
        "name": "Acme",
        "slug": "acme",
        "base_url": keyed_server.base_url,
        "default_model": "",
        "enabled": "on",
        "api_key": CANARY,
        "models-TOTAL_FORMS": "1",
        "models-INITIAL_FORMS": "0",
        "models-0-model": "acme-large",
        "models-0-tool_mode": "native",
        "models-0-enabled": "on",
    }
    response = admin_client.post("/admin/providers/provider/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    provider = Provider.objects.get(slug="acme")
    assert secret_decrypt(raw_key(provider.pk), info=runtime.KEY_INFO) == CANARY
    assert list(provider.models.values_list("model", flat=True)) == ["acme-large"]
    pages = [
        admin_client.get("/admin/providers/provider/").content.decode(),
        admin_client.get(f"/admin/providers/provider/{provider.pk}/change/").content.decode(),
    ]
    tested = admin_client.post(
        "/admin/providers/provider/", {"action": "test_connection", "_selected_action": [provider.pk]}, follow=True
    )
    pages.append(tested.content.decode())
    assert "Connected" in pages[-1]
    assert "acme-small" in pages[-1]
    for page in pages:
        assert CANARY not in page
        assert raw_key(provider.pk) not in page
    assert CANARY not in caplog.text
    # A blank key on edit keeps the stored one.
    edit = {
        **form,
        "api_key": "",
        "models-INITIAL_FORMS": "1",
        "models-0-id": provider.models.get().pk,
        "models-0-provider": provider.pk,
    }
    assert admin_client.post(f"/admin/providers/provider/{provider.pk}/change/", edit).status_code == 302
    assert secret_decrypt(raw_key(provider.pk), info=runtime.KEY_INFO) == CANARY


def test_admin_refuses_an_internal_base_url(admin_client, settings):
    settings.LLM_PROVIDER_ALLOWED_HOSTS = []
    settings.TOOLS_HTTP_ALLOWED_HOSTS = []
    form = {
        "name": "Lan",
        "slug": "lan",
        "base_url": "http://10.1.2.3:11434/v1",
        "enabled": "on",
        "models-TOTAL_FORMS": "0",
        "models-INITIAL_FORMS": "0",
    }
    response = admin_client.post("/admin/providers/provider/add/", form)
    assert response.status_code == 200
    assert "not allowed" in response.content.decode()
    assert not Provider.objects.filter(slug="lan").exists()


def test_the_default_provider_cannot_be_deleted(admin_client):
    default = Provider.objects.get(from_settings=True)
    with pytest.raises(ValidationError):
        services.provider_delete(provider=default)
    page = admin_client.get(f"/admin/providers/provider/{default.pk}/change/").content.decode()
    assert "LLM_BASE_URL" in page


def test_providers_api_lists_models_without_keys_or_urls(auth_client, keyed_server):
    make_provider(keyed_server.base_url)
    response = auth_client.get("/api/providers")
    assert response.status_code == 200
    body = response.content.decode()
    assert CANARY not in body
    assert keyed_server.base_url not in body
    acme = next(p for p in response.json() if p["slug"] == "acme")
    assert acme["models"][0] == {
        "model": "acme-large",
        "label": "acme-large",
        "context_window": 128000,
        "input_per_million_usd": 2.0,
        "output_per_million_usd": 8.0,
        "tool_mode": "native",
        "reasoning": False,
    }
