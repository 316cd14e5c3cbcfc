"""Account reads for the settings page: the person's browser sessions, login tokens and usage this month."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import LoginSession


def sessions_for(*, user, current_key: str | None) -> list[dict]:
    """The person's live browser sessions, newest first; ``current`` marks the one asking."""
    records = list(LoginSession.objects.filter(user=user))
    live = set(
        Session.objects.filter(
            session_key__in=[r.session_key for r in records], expire_date__gt=timezone.now()
        ).values_list("session_key", flat=True)
    )
    return [
        {
            "id": r.pk,
            "created_at": r.created_at,
            "user_agent": r.user_agent,
            "ip": r.ip,
            "current": r.session_key == current_key,
        }
        for r in records
        if r.session_key in live
    ]


def tokens_for(*, user) -> list[AuthToken]:
    """The person's login tokens that still work (API keys are on the developer page)."""
    now = timezone.now()
    return list(
        AuthToken.objects.filter(user=user)
        .exclude(expiry__lte=now)
        .order_by("-created")
        .only("token_key", "created", "expiry")
    )


def usage_this_month(*, user) -> dict:
    """Tokens and cost spent this month against the person's budget (None: no limit)."""
    from runs.usage import budgets, month_to_date

    tokens, cost = month_to_date(user.id)
    budget = budgets.get(user.id)
    max_tokens, max_cost = budget if budget else (None, None)
    return {
        "tokens": tokens,
        "cost_usd": cost,
        "max_tokens": max_tokens,
        "max_cost_usd": float(max_cost) if max_cost is not None else None,
        "tokens_left": max(0, max_tokens - tokens) if max_tokens is not None else None,
    }
