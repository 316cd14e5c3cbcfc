"""What one run spends: usage by scope and model, priced per call, and its budget checked while models stream.

Pure Python (no Redis, no Django): the worker's run lifecycle creates one
:class:`UsageMeter` per run (``RunContext.meter``) from the budget the person
had left at admission, every model call records into it (through
``providers.gateway``), and the run closes with the meter's total. So the
price of a run is the sum of its calls, each at its own model's price, and a
sub-agent's or a workflow node's usage is charged to the person who asked.

While a call streams, its tokens are estimated (4 characters a token) and
counted against the budget together with every other call in flight in the
same run (sub-agents run concurrently), so a run stops as soon as the
estimate crosses what is left.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

MICRO = Decimal(1_000_000)
USAGE_KEYS = ("prompt_tokens", "completion_tokens", "total_tokens")


def price_usage(usage: dict, price: tuple[Decimal, Decimal] | None) -> float | None:
    """USD for ``usage`` at ``price`` (per million input, output tokens); None without a price."""
    if price is None:
        return None
    prompt = Decimal(int(usage.get("prompt_tokens") or 0))
    completion = Decimal(int(usage.get("completion_tokens") or 0))
    return float((prompt * price[0] + completion * price[1]) / MICRO)


def _empty() -> dict:
    return {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0, "cost_usd": None}


def _add(total: dict, usage: dict, cost: float | None) -> None:
    for key in USAGE_KEYS:
        total[key] += int(usage.get(key) or 0)
    if cost is not None:
        total["cost_usd"] = (total["cost_usd"] or 0.0) + cost
    if usage.get("estimated"):
        total["estimated"] = True


@dataclass
class LiveCall:
    """One model call in flight: its running estimate counts against the run's budget."""

    meter: UsageMeter
    price: tuple[Decimal, Decimal] | None
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def update(self, *, prompt_tokens: int, completion_tokens: int) -> None:
        self.prompt_tokens, self.completion_tokens = prompt_tokens, completion_tokens

    @property
    def over_budget(self) -> bool:
        return self.meter.over_budget()

    def finish(self, *, scope: Sequence[str], provider: str, model: str, usage: dict) -> dict:
        """Record the call's real (or estimated) usage; returns it with ``cost_usd``."""
        return self.meter._finish(self, scope=tuple(scope), provider=provider, model=model, usage=usage)

    def abandon(self) -> None:
        """The call failed before using anything: forget it."""
        self.meter._drop(self)


class UsageMeter:
    """Usage of one run by scope and by model; thread-safe (sub-agents record concurrently)."""

    def __init__(self, *, tokens_left: int | None = None, cost_left_usd: float | None = None) -> None:
        self.tokens_left = tokens_left
        self.cost_left_usd = cost_left_usd
        self._lock = threading.Lock()
        self._live: list[LiveCall] = []
        self._total = _empty()
        self._by_model: dict[tuple[str, str], dict] = {}
        self._by_scope: dict[tuple[str, ...], dict] = {}
        self.calls = 0

    @classmethod
    def from_spec(cls, spec: dict) -> UsageMeter:
        """A meter for the budget a run was admitted with: the spec's ``budget`` (``{"tokens", "cost_usd"}``,
        from ``runs.usage.budget_left``) or a bare ``token_budget``; neither means unlimited."""
        budget = spec.get("budget") or {}
        tokens = budget.get("tokens", spec.get("token_budget"))
        return cls(tokens_left=tokens, cost_left_usd=budget.get("cost_usd"))

    @property
    def limited(self) -> bool:
        return self.tokens_left is not None or self.cost_left_usd is not None

    def start(self, *, price: tuple[Decimal, Decimal] | None) -> LiveCall:
        call = LiveCall(meter=self, price=price)
        with self._lock:
            self._live.append(call)
        return call

    def over_budget(self) -> bool:
        """Whether what was recorded plus the estimates of the calls in flight crosses the budget."""
        if not self.limited:
            return False
        with self._lock:
            tokens = self._total["total_tokens"] + sum(c.prompt_tokens + c.completion_tokens for c in self._live)
            cost = (self._total["cost_usd"] or 0.0) + sum(
                price_usage({"prompt_tokens": c.prompt_tokens, "completion_tokens": c.completion_tokens}, c.price)
                or 0.0
                for c in self._live
            )
        if self.tokens_left is not None and tokens > self.tokens_left:
            return True
        return self.cost_left_usd is not None and cost > self.cost_left_usd

    def _drop(self, call: LiveCall) -> None:
        with self._lock:
            if call in self._live:
                self._live.remove(call)

    def _finish(self, call: LiveCall, *, scope: tuple[str, ...], provider: str, model: str, usage: dict) -> dict:
        usage = {key: int(usage.get(key) or 0) for key in USAGE_KEYS} | (
            {"estimated": True} if usage.get("estimated") else {}
        )
        if not usage["total_tokens"]:
            usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        cost = price_usage(usage, call.price)
        with self._lock:
            if call in self._live:
                self._live.remove(call)
            self.calls += 1
            _add(self._total, usage, cost)
            line = self._by_model.setdefault((provider, model), {"provider": provider, "model": model, **_empty()})
            _add(line, usage, cost)
            _add(self._by_scope.setdefault(scope, _empty()), usage, cost)
        return {**usage, "cost_usd": cost}

    def total(self) -> dict:
        """The run's usage: ``{prompt_tokens, completion_tokens, total_tokens, cost_usd}`` (cost None if unpriced)."""
        with self._lock:
            return _rounded(self._total)

    def by_model(self) -> list[dict]:
        """``[{provider, model, prompt_tokens, completion_tokens, total_tokens, cost_usd}]`` in first-use order."""
        with self._lock:
            return [_rounded(line) for line in self._by_model.values()]

    def for_scope(self, scope: Sequence[str], *, nested: bool = True) -> dict:
        """Usage recorded under ``scope`` (and, with ``nested``, under every scope inside it)."""
        scope = tuple(scope)
        total = _empty()
        with self._lock:
            for key, line in self._by_scope.items():
                if key == scope or (nested and key[: len(scope)] == scope):
                    _add(total, line, line["cost_usd"])
        return _rounded(total)


def _rounded(line: dict) -> dict:
    out = dict(line)
    if out.get("cost_usd") is not None:
        out["cost_usd"] = round(out["cost_usd"], 8)
    return out
