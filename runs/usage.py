"""Usage, cost and monthly budgets.

Cost comes from the admin-editable price table (:class:`ModelPrice`). Month-to-
date usage per user is kept in Redis (two counters, updated when a run closes)
so the budget check before a run is one Redis round trip; the durable record
is the usage stored on every assistant message in MongoDB, which the usage API
aggregates.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.conf import settings

from tomato_agent.errors import DomainError, InvalidRequest
from tomato_agent.redis_client import get_redis

MICRO = 1_000_000


class BudgetExceeded(DomainError):
    code = "budget_exceeded"
    status = 429
    message = "Your monthly budget is used up."


class _Cached:
    """A tiny per-process cache: the price table and budgets change rarely."""

    def __init__(self, loader) -> None:
        self._loader = loader
        self._lock = threading.Lock()
        self._values: dict = {}

    def get(self, key):
        now = time.monotonic()
        hit = self._values.get(key)
        if hit and now - hit[0] < settings.USAGE_CACHE_SECONDS:
            return hit[1]
        value = self._loader(key)
        with self._lock:
            self._values[key] = (now, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


def _load_prices(_key) -> dict[str, tuple[Decimal, Decimal]]:
    from runs.models import ModelPrice

    return {p.model: (p.input_per_million_usd, p.output_per_million_usd) for p in ModelPrice.objects.all()}


def _load_budget(user_id: int) -> tuple[int | None, Decimal | None] | None:
    from runs.models import UserBudget

    budget = UserBudget.objects.filter(user_id=user_id).first()
    if budget is None or (budget.monthly_tokens is None and budget.monthly_cost_usd is None):
        return None
    return budget.monthly_tokens, budget.monthly_cost_usd


prices = _Cached(_load_prices)
budgets = _Cached(_load_budget)


def price_for(model: str) -> tuple[Decimal, Decimal] | None:
    table = prices.get("all")
    if model in table:
        return table[model]
    best = None
    for pattern, price in table.items():
        if pattern.endswith("*") and model.startswith(pattern[:-1]) and (best is None or len(pattern) > len(best[0])):
            best = (pattern, price)
    return best[1] if best else None


def cost_of(model: str, usage: dict | None) -> float | None:
    """USD for this usage at list price, or None when the model has no price."""
    price = price_for(model) if usage else None
    if price is None:
        return None
    prompt, completion = (
        Decimal(int(usage.get("prompt_tokens") or 0)),
        Decimal(int(usage.get("completion_tokens") or 0)),
    )
    return float((prompt * price[0] + completion * price[1]) / MICRO)


def _month_key(user_id: int, when: datetime | None = None) -> str:
    when = when or datetime.now(UTC)
    return f"usage:{user_id}:{when:%Y%m}"


def usage_record(*, user_id: int, usage: dict | None, cost_usd: float | None) -> None:
    """Add a closed run's usage to the user's month-to-date counters."""
    if not usage:
        return
    key = _month_key(user_id)
    pipe = get_redis().pipeline(transaction=False)
    pipe.hincrby(key, "tokens", int(usage.get("total_tokens") or 0))
    pipe.hincrby(key, "cost_micro", round((cost_usd or 0) * MICRO))
    pipe.expire(key, 40 * 24 * 3600)
    pipe.execute()


def month_to_date(user_id: int) -> tuple[int, float]:
    tokens, cost = get_redis().hmget(_month_key(user_id), ["tokens", "cost_micro"])
    return int(tokens or 0), int(cost or 0) / MICRO


def budget_left(*, user_id: int) -> dict | None:
    """What this user may still spend this month, ``{"tokens", "cost_usd"}`` (None: unlimited).

    The run's :class:`runs.metering.UsageMeter` checks it while models stream,
    pricing each call at its own model's price. BudgetExceeded when nothing is left.
    """
    budget = budgets.get(user_id)
    if budget is None:
        return None
    max_tokens, max_cost = budget
    spent_tokens, spent_cost = month_to_date(user_id)
    left = {
        "tokens": max_tokens - spent_tokens if max_tokens is not None else None,
        "cost_usd": float(max_cost) - spent_cost if max_cost is not None else None,
    }
    if (left["tokens"] is not None and left["tokens"] <= 0) or (left["cost_usd"] is not None and left["cost_usd"] <= 0):
        raise BudgetExceeded()
    return left


def token_allowance(*, user_id: int, model: str) -> int | None:
    """Tokens this user may still spend this month (None: unlimited); BudgetExceeded at zero."""
    budget = budgets.get(user_id)
    if budget is None:
        return None
    max_tokens, max_cost = budget
    spent_tokens, spent_cost = month_to_date(user_id)
    allowances = []
    if max_tokens is not None:
        allowances.append(max_tokens - spent_tokens)
    if max_cost is not None:
        remaining = float(max_cost) - spent_cost
        price = price_for(model)
        per_token = max(price) / MICRO if price else Decimal(0)
        if remaining <= 0:
            allowances.append(0)
        elif per_token > 0:
            allowances.append(int(Decimal(str(remaining)) / per_token))
    allowance = min(allowances) if allowances else None
    if allowance is not None and allowance <= 0:
        raise BudgetExceeded()
    return allowance


# --- the usage API (the aggregations are agents.history's and runs.reports') -----------------


def day_range(start: date, end: date) -> dict:
    """The MongoDB condition for ``created_at`` within the days ``start`` to ``end``, both included."""
    return {
        "$gte": datetime(start.year, start.month, start.day, tzinfo=UTC),
        "$lt": datetime(end.year, end.month, end.day, tzinfo=UTC) + timedelta(days=1),
    }


def totals(rows: list[dict], *, count: str = "messages") -> dict:
    """The sums of usage rows; ``count`` names what the rows count (answers, runs)."""
    keys = ("prompt_tokens", "completion_tokens", "total_tokens", count)
    out = {key: sum(int(r.get(key) or 0) for r in rows) for key in keys}
    out["cost_usd"] = round(sum(float(r.get("cost_usd") or 0) for r in rows), 6)
    return out


def default_range() -> tuple[date, date]:
    today = datetime.now(UTC).date()
    return today.replace(day=1), today


def parse_range(start: str | None, end: str | None) -> tuple[date, date]:
    """A usage query's ``from`` and ``to`` (ISO dates; default this month); InvalidRequest if bad."""
    first, last = default_range()
    try:
        first = date.fromisoformat(start) if start else first
        last = date.fromisoformat(end) if end else last
    except ValueError:
        raise InvalidRequest("from and to are dates like 2026-11-01.") from None
    if last < first or (last - first).days > 366:
        raise InvalidRequest("to must be on or after from, and the range at most a year.")
    return first, last
