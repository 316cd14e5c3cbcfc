"""Personal API keys: long-lived, scoped credentials a person creates for scripts, SDKs and OpenAI clients."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

CHAT, WORKFLOWS, READ = "chat", "workflows", "read"
SCOPES = (CHAT, WORKFLOWS, READ)


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        """Keys that still work: not revoked, not expired."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiKey(models.Model):
    """One key. Only the SHA-256 of the secret is stored; ``prefix`` is what people see to tell keys apart.

    Keys carry 256 random bits, so a fast hash is enough (a slow password
    hash would only slow every request down).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, help_text="the first characters of the key, shown to tell keys apart")
    secret_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the whole key (hex)")
    scopes = models.JSONField(default=list, help_text=f"any of {', '.join(SCOPES)}")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)
    requests_per_minute = models.PositiveIntegerField(
        null=True, blank=True, help_text="empty: API_KEY_REQUESTS_PER_MINUTE"
    )
    requests_per_day = models.PositiveIntegerField(null=True, blank=True, help_text="empty: API_KEY_REQUESTS_PER_DAY")

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="apikeys_user_revoked")]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "expired"
        return "active"

    @property
    def minute_limit(self) -> int:
        return self.requests_per_minute or settings.API_KEY_REQUESTS_PER_MINUTE

    @property
    def day_limit(self) -> int:
        return self.requests_per_day or settings.API_KEY_REQUESTS_PER_DAY
