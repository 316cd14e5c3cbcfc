"""Embeds: an owner's agent on other websites, as a chat bubble anonymous visitors can talk to."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "emb_"
HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", "A colour like #d9480f.")


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(18)


def new_identity_secret() -> str:
    return secrets.token_hex(32)


class Embed(models.Model):
    """One widget. ``token`` is public (it is in the host page); ``allowed_origins`` decide where it works.

    Visitors' runs are the owner's runs: they count against the owner's
    budget and usage, marked with the embed (``embed_id``) and the visitor.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="embeds")
    name = models.CharField(max_length=100, help_text="shown in the widget's header")
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    agent = models.CharField(max_length=100, default="tomato-agent", help_text="the agent visitors talk to")
    allowed_origins = models.JSONField(
        default=list, help_text='where the widget may run: ["https://www.example.com", "http://localhost:3000"]'
    )
    greeting = models.CharField(max_length=500, blank=True, default="Hi! How can I help?")
    theme_color = models.CharField(max_length=7, default="#d9480f", validators=[HEX_COLOUR])
    visitor_requests_per_minute = models.PositiveIntegerField(default=10)
    ip_requests_per_minute = models.PositiveIntegerField(default=30)
    daily_token_budget = models.PositiveBigIntegerField(
        null=True, blank=True, default=200_000, help_text="tokens a UTC day across all visitors; empty: no limit"
    )
    identity_secret = models.CharField(
        max_length=64,
        default=new_identity_secret,
        editable=False,
        help_text="signs the host's user ids: user_hash = HMAC-SHA256(secret, user_id), hex",
    )
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.owner})"
