"""LLM providers that staff define, and the models each one serves.

The provider configured by ``LLM_BASE_URL`` / ``LLM_API_KEY`` is a row too
(``from_settings``): its base URL and key are read from the settings, never
stored, and it is the default wherever nothing else is chosen. Other
providers' API keys are stored encrypted (Fernet, like HTTP-tool secrets) and
are write-only: nothing shows them after saving.

Writes go through ``providers.services`` (they make every process reload its
cached configuration).
"""

from __future__ import annotations

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models

SLUG = RegexValidator(r"^[a-z0-9][a-z0-9-]{0,49}\Z", "Lower-case letters, digits and - only (at most 50).")


class ToolMode(models.TextChoices):
    NATIVE = "native", "Native tool calls"
    PROMPT = "prompt", "Prompt mode (JSON actions in text)"


class Provider(models.Model):
    """An OpenAI-compatible endpoint (OpenAI, OpenRouter, vLLM, Ollama, …)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.CharField(
        max_length=50, unique=True, validators=[SLUG], help_text="How the API and agents name it, e.g. openrouter."
    )
    base_url = models.CharField(
        max_length=500,
        blank=True,
        help_text="The OpenAI-compatible API root, e.g. https://api.openai.com/v1. Internal addresses need "
        "LLM_PROVIDER_ALLOWED_HOSTS.",
    )
    api_key_encrypted = models.TextField(editable=False, default="")
    from_settings = models.BooleanField(
        default=False, editable=False, help_text="Base URL, key and default model come from LLM_* settings."
    )
    default_model = models.CharField(
        max_length=200, blank=True, help_text="The model used when an agent names none (the first model when blank)."
    )
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-from_settings", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def key_is_set(self) -> bool:
        return bool(self.api_key_encrypted)


class ProviderModel(models.Model):
    """One model a provider serves: what it costs and what it can do."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="models")
    model = models.CharField(max_length=200, help_text="The model id the provider's API expects.")
    label = models.CharField(max_length=200, blank=True, help_text="What people see; the model id when blank.")
    context_window = models.PositiveIntegerField(
        null=True, blank=True, help_text="Context size in tokens.", validators=[MinValueValidator(256)]
    )
    input_per_million_usd = models.DecimalField(
        max_digits=12,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="USD per million input tokens. Blank: the price table (Model prices) by model id.",
    )
    output_per_million_usd = models.DecimalField(
        max_digits=12,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="USD per million output tokens. Blank: the price table (Model prices) by model id.",
    )
    tool_mode = models.CharField(max_length=16, choices=ToolMode.choices, default=ToolMode.NATIVE)
    reasoning = models.BooleanField(default=False, help_text="Streams its reasoning (reasoning_content).")
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["provider", "model"]
        constraints = [models.UniqueConstraint(fields=["provider", "model"], name="provider_model_unique")]

    def __str__(self) -> str:
        return f"{self.provider.slug}/{self.model}"
