"""Providers as every process uses them: cached configurations, model resolution, one client per provider.

The configuration is read from the database once and cached; each use costs
one Redis ``GET`` of a version counter that every write bumps
(``providers.services``), like HTTP tools. API keys stay encrypted in the
cache; a key is decrypted only to build that provider's client, and is
registered with the log redaction at that moment.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from decimal import Decimal

import redis
from django.conf import settings
from django.db import DatabaseError

from agents.llm import LLMClient, LLMError, get_llm
from tomato_agent.logging import register_secret
from tomato_agent.redis_client import get_redis

log = logging.getLogger(__name__)

VERSION_KEY = "providers:version"
KEY_INFO = b"tomato-agent/providers/api-keys/v1"
DEFAULT_SLUG = "default"


class ModelUnavailable(LLMError):
    code = "llm_unavailable"
    status = 400
    message = "That model is not available."


@dataclass(frozen=True)
class ModelInfo:
    model: str
    label: str = ""
    context_window: int | None = None
    price: tuple[Decimal, Decimal] | None = None  # per million input, output tokens (None: the price table's)
    tool_mode: str = "native"
    reasoning: bool = False


@dataclass(frozen=True)
class ProviderConfig:
    id: int
    slug: str
    name: str
    base_url: str
    sealed_key: str = field(repr=False, default="")
    from_settings: bool = False
    default_model: str = ""
    models: tuple[ModelInfo, ...] = ()
    stamp: str = ""  # changes with every save: clients are rebuilt

    def model_info(self, model: str) -> ModelInfo | None:
        for info in self.models:
            if info.model == model:
                return info
        if self.from_settings and model == settings.LLM_MODEL:
            return ModelInfo(model=model, tool_mode=settings.AGENT_TOOL_MODE)
        return None

    @property
    def choosable(self) -> tuple[ModelInfo, ...]:
        """The models an agent may name (the settings provider always serves ``LLM_MODEL``)."""
        if self.from_settings and not any(m.model == settings.LLM_MODEL for m in self.models):
            return (ModelInfo(model=settings.LLM_MODEL, tool_mode=settings.AGENT_TOOL_MODE), *self.models)
        return self.models

    @property
    def fallback_model(self) -> str:
        if self.default_model and self.model_info(self.default_model):
            return self.default_model
        if self.from_settings:
            return settings.LLM_MODEL
        return self.models[0].model if self.models else ""


@dataclass(frozen=True)
class ModelChoice:
    """A resolved model: which provider serves it, what it costs and what it can do."""

    provider_id: int
    provider: str  # the provider's slug
    model: str
    label: str
    tool_mode: str
    reasoning: bool
    context_window: int | None
    price: tuple[Decimal, Decimal] | None

    def as_dict(self) -> dict:
        return {"provider": self.provider, "model": self.model}


def _settings_provider(row=None) -> ProviderConfig:
    """The ``LLM_BASE_URL`` provider (its row holds only the model list, name and default)."""
    models = _models_of(row) if row is not None else ()
    return ProviderConfig(
        id=row.pk if row is not None else 0,
        slug=row.slug if row is not None else DEFAULT_SLUG,
        name=row.name if row is not None else "Default",
        base_url=settings.LLM_BASE_URL,
        from_settings=True,
        default_model=(row.default_model if row is not None else "") or settings.LLM_MODEL,
        models=models,
        stamp=row.updated_at.isoformat() if row is not None else "",
    )


def _models_of(row) -> tuple[ModelInfo, ...]:
    out = []
    for m in row.models.all():
        if not m.enabled:
            continue
        price = None
        if m.input_per_million_usd is not None and m.output_per_million_usd is not None:
            price = (m.input_per_million_usd, m.output_per_million_usd)
        out.append(
            ModelInfo(
                model=m.model,
                label=m.label,
                context_window=m.context_window,
                price=price,
                tool_mode=m.tool_mode,
                reasoning=m.reasoning,
            )
        )
    return tuple(out)


def load_configs() -> tuple[ProviderConfig, ...]:
    """Every enabled provider from the database (two queries); the settings provider first."""
    from providers.models import Provider

    configs = []
    for row in Provider.objects.filter(enabled=True).prefetch_related("models"):
        if row.from_settings:
            configs.append(_settings_provider(row))
            continue
        configs.append(
            ProviderConfig(
                id=row.pk,
                slug=row.slug,
                name=row.name,
                base_url=row.base_url,
                sealed_key=row.api_key_encrypted,
                default_model=row.default_model,
                models=_models_of(row),
                stamp=row.updated_at.isoformat(),
            )
        )
    if not any(c.from_settings for c in configs):
        configs.append(_settings_provider())
    configs.sort(key=lambda c: (not c.from_settings, c.name.lower()))
    return tuple(configs)


_lock = threading.Lock()
_cache: tuple[bytes | None, tuple[ProviderConfig, ...]] | None = None


def configs() -> tuple[ProviderConfig, ...]:
    """The enabled providers, reloaded only when the version counter moved."""
    global _cache
    try:
        version = get_redis().get(VERSION_KEY)
    except redis.RedisError:
        log.warning("Redis unavailable; providers from the process cache")
        cache = _cache
        return cache[1] if cache is not None else (_settings_provider(),)
    cache = _cache
    if cache is not None and cache[0] == version:
        return cache[1]
    with _lock:
        cache = _cache
        if cache is not None and cache[0] == version:
            return cache[1]
        try:
            loaded = load_configs()
        except DatabaseError:
            log.warning("providers could not be loaded from the database", exc_info=True)
            return cache[1] if cache is not None else (_settings_provider(),)
        _cache = (version, loaded)
        return loaded


def forget_cached() -> None:
    global _cache
    _cache = None


def provider_config(provider: int | str | None) -> ProviderConfig:
    """A provider by id or slug; None is the default (settings) provider. ModelUnavailable otherwise."""
    all_configs = configs()
    if provider is None or provider == "":
        return next((c for c in all_configs if c.from_settings), None) or _settings_provider()
    for config in all_configs:
        if config.id == provider or config.slug == provider or str(config.id) == str(provider):
            return config
    raise ModelUnavailable("That model provider is not available.")


def resolve(provider: int | str | None = None, model: str | None = None) -> ModelChoice:
    """Pick the provider and model: the provider's default model when none is named."""
    return _choice(provider_config(provider), model)


def resolve_with_client(provider: int | str | None = None, model: str | None = None) -> tuple[ModelChoice, LLMClient]:
    """:func:`resolve` and :func:`client_for` on one read of the configurations (one version check per model)."""
    config = provider_config(provider)
    return _choice(config, model), _client_of(config)


def _choice(config: ProviderConfig, model: str | None) -> ModelChoice:
    from runs.usage import price_for

    name = model or config.fallback_model
    info = config.model_info(name) if name else None
    if info is None:
        raise ModelUnavailable(
            f"The model {name!r} is not available from {config.name}."
            if name
            else f"{config.name} has no model configured."
        )
    return ModelChoice(
        provider_id=config.id,
        provider=config.slug,
        model=info.model,
        label=info.label or info.model,
        tool_mode=info.tool_mode,
        reasoning=info.reasoning,
        context_window=info.context_window,
        price=info.price if info.price is not None else price_for(info.model),
    )


# --- clients ------------------------------------------------------------------------------------

_clients_lock = threading.Lock()
_clients: dict[int, tuple[str, LLMClient]] = {}


def client_for(provider_id: int) -> LLMClient:
    """The provider's client (one connection pool per provider per process), rebuilt when it was saved."""
    return _client_of(provider_config(provider_id))


def _client_of(config: ProviderConfig) -> LLMClient:
    if config.from_settings:
        return get_llm()
    stamp = f"{config.stamp}|{config.base_url}|{len(config.sealed_key)}"
    cached = _clients.get(config.id)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _clients_lock:
        cached = _clients.get(config.id)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        client = build_client(config)
        _clients[config.id] = (stamp, client)
        return client


def build_client(config: ProviderConfig, *, model: str = "") -> LLMClient:
    """An OpenAI-compatible client for a staff-defined provider, after the SSRF check of its base URL."""
    from providers.services import base_url_refusal
    from tools.secrets import SecretUnreadable, secret_decrypt

    refusal = base_url_refusal(config.base_url)
    if refusal:
        log.warning("provider %s refused: %s", config.slug, refusal)
        raise LLMError("The model service of this provider is not allowed.", code="llm_unavailable", status_code=503)
    key = ""
    if config.sealed_key:
        try:
            key = secret_decrypt(config.sealed_key, info=KEY_INFO)
        except SecretUnreadable:
            raise LLMError(
                "The provider's API key cannot be read; staff must set it again.",
                code="llm_unavailable",
                status_code=503,
            ) from None
        register_secret(key)
    return LLMClient(
        base_url=config.base_url,
        api_key=key,
        model=model or config.fallback_model,
        connect_timeout=settings.LLM_CONNECT_TIMEOUT,
        read_timeout=settings.LLM_READ_TIMEOUT,
        max_retries=settings.LLM_MAX_RETRIES,
        temperature=settings.LLM_TEMPERATURE,
    )


def forget_clients() -> None:
    with _clients_lock:
        _clients.clear()
