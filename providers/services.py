"""Writes to providers and their models, the SSRF check of base URLs, and "test connection".

Every write bumps a version counter in Redis so each process reloads its
cached providers (``providers.runtime``) once. API keys are encrypted before
they are stored and never returned.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import redis
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from providers.models import Provider, ProviderModel
from providers.runtime import KEY_INFO, VERSION_KEY, ProviderConfig, build_client, load_configs
from tomato_agent.redis_client import get_redis
from tools.registry import ToolError

log = logging.getLogger(__name__)


def providers_invalidate() -> None:
    """Make every process reload providers: now, and again once the transaction commits."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        get_redis().incr(VERSION_KEY)
    except redis.RedisError:
        log.warning("could not bump the providers version; other processes keep their cached providers")


def base_url_refusal(url: str) -> str | None:
    """Why a staff-defined provider may not use ``url`` (the tools' SSRF policy), or None.

    Hosts in ``LLM_PROVIDER_ALLOWED_HOSTS`` (and ``TOOLS_HTTP_ALLOWED_HOSTS``)
    may be internal: an Ollama or vLLM server on the LAN.
    """
    from tools import net

    if not url:
        return "a base URL is required"
    try:
        net.check_url(url, extra_allowed_hosts=settings.LLM_PROVIDER_ALLOWED_HOSTS)
    except net.DestinationNotAllowed as exc:
        return exc.reason
    except ToolError as exc:
        return str(exc)
    return None


def provider_save(*, provider: Provider, api_key: str | None = None, clear_key: bool = False) -> Provider:
    """Validate and save a provider; ``api_key`` (when given) replaces the stored one, encrypted."""
    from tools.secrets import secret_encrypt

    if provider.from_settings:
        provider.base_url = ""  # LLM_BASE_URL, never stored
    else:
        refusal = base_url_refusal(provider.base_url.strip())
        if refusal:
            raise ValidationError({"base_url": f"This address is not allowed: {refusal}."})
        provider.base_url = provider.base_url.strip().rstrip("/")
    if clear_key:
        provider.api_key_encrypted = ""
    if api_key:
        provider.api_key_encrypted = secret_encrypt(api_key, info=KEY_INFO)
    provider.full_clean()
    provider.save()
    providers_invalidate()
    return provider


def provider_delete(*, provider: Provider) -> None:
    if provider.from_settings:
        raise ValidationError("The default provider comes from the settings and cannot be deleted.")
    provider.delete()
    providers_invalidate()


def providers_delete(*, providers: QuerySet[Provider]) -> int:
    count, _ = providers.filter(from_settings=False).delete()
    providers_invalidate()
    return count


def provider_model_save(*, model: ProviderModel) -> ProviderModel:
    model.full_clean()
    model.save()
    providers_invalidate()
    return model


@dataclass
class ConnectionTest:
    ok: bool
    message: str
    models: list[str] = field(default_factory=list)


def provider_test(*, provider: Provider) -> ConnectionTest:
    """List the provider's models with its URL and key: proves the address, the key and the API shape.

    The message is safe to show: a status or a reason, never the key or an
    exception's text (which may quote the URL).
    """
    config = next((c for c in load_configs() if c.id == provider.pk), None)
    if config is None:
        config = ProviderConfig(
            id=provider.pk,
            slug=provider.slug,
            name=provider.name,
            base_url=provider.base_url,
            sealed_key=provider.api_key_encrypted,
            from_settings=provider.from_settings,
        )
    from agents.llm import LLMError, get_llm

    try:
        client = get_llm() if config.from_settings else build_client(config)
        models = client.list_models()
    except LLMError as exc:
        return ConnectionTest(ok=False, message=exc.message)
    return ConnectionTest(ok=True, message=f"Connected: the provider lists {len(models)} model(s).", models=models)
