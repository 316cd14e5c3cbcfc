"""The one place a run calls a model (RUN-KINDS "Executors and money").

Every model call of every kind goes through :class:`ModelGateway`: the chat
agent, its sub-agents, workflow ``llm`` nodes, the OpenAI-compatible
endpoint. The gateway

* picks the provider and model (``providers.runtime.resolve``: an agent's
  choice, a node's, or the default provider's default model);
* streams through that provider's client (one connection pool per provider);
* counts the call against the person's budget while it streams, together
  with every other call in flight in the same run (``runs.metering``), and
  stops the stream once the estimate crosses it;
* records the call's usage, priced at its own model's price, under the
  caller's scope, so the run's usage is the sum of its scopes;
* never logs a key: keys are decrypted only to build a client, and are
  registered with the log redaction then.

Usage in a kind's ``execute``::

    models = ModelGateway.for_run(ctx)
    llm = models.model(provider=None, model=None, scope=("node:llm_1",))
    with llm.open_stream(messages, tools=None) as stream:
        for batch in stream:                   # [(kind, text), ...] per network read
            ...                                 # emit through ctx.sink.scoped("node:llm_1")
        turn = stream.turn                      # content, tool_calls, finish_reason
    stream.usage                                # this call's usage with cost_usd
    stream.exceeded                             # True when the budget stopped it

or, for a plain completion streamed into a sink, :meth:`MeteredModel.complete`.
``agents.loop.run_loop`` takes a :class:`MeteredModel` as its ``llm``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from agents.llm import DEFAULT, REASONING, TOKEN, CompletionStream, LLMClient, LLMTurn, estimate_usage
from providers import runtime
from providers.runtime import ModelChoice
from runs import events
from runs.kinds import CancelToken, EventSink, RunContext
from runs.metering import UsageMeter

BUDGET_EXCEEDED = {"code": "budget_exceeded", "message": "Your monthly budget is used up; the answer was stopped."}


class ModelGateway:
    """Model calls for one run: resolution, streaming, budget and usage under a scope."""

    def __init__(self, *, meter: UsageMeter | None = None, cancel: CancelToken | None = None) -> None:
        self.meter = meter if meter is not None else UsageMeter()
        self.cancel = cancel

    @classmethod
    def for_run(cls, ctx: RunContext) -> ModelGateway:
        return cls(meter=ctx.meter, cancel=ctx.cancel)

    def model(
        self,
        *,
        provider: int | str | None = None,
        model: str | None = None,
        temperature: float | object | None = DEFAULT,
        scope: Sequence[str] = (),
    ) -> MeteredModel:
        """A model to stream from (ModelUnavailable when the provider or model is not offered)."""
        choice, client = runtime.resolve_with_client(provider, model)
        return MeteredModel(
            client=client,
            choice=choice,
            meter=self.meter,
            scope=tuple(scope),
            temperature=temperature,
        )


class MeteredModel:
    """One model as a caller sees it: ``open_stream`` like :class:`agents.llm.LLMClient`, metered."""

    def __init__(
        self,
        *,
        client: LLMClient,
        choice: ModelChoice,
        meter: UsageMeter,
        scope: tuple[str, ...],
        temperature: float | object | None = DEFAULT,
    ) -> None:
        self.client = client
        self.choice = choice
        self.meter = meter
        self.scope = scope
        self.temperature = temperature

    @property
    def model(self) -> str:
        return self.choice.model

    def within(self, *scope: str) -> MeteredModel:
        """The same model, recording under a deeper scope."""
        return MeteredModel(
            client=self.client,
            choice=self.choice,
            meter=self.meter,
            scope=self.scope + scope,
            temperature=self.temperature,
        )

    def open_stream(self, messages: list[dict], tools: list[dict] | None = None) -> _MeteredContext:
        return _MeteredContext(self, messages, tools)

    def complete(
        self, messages: list[dict], *, sink: EventSink | None = None, tools: list[dict] | None = None
    ) -> tuple[LLMTurn, MeteredStream]:
        """Stream one completion, emitting ``token`` / ``reasoning_token`` into ``sink`` (flushed per read).

        Returns the assembled turn and the stream (``usage``, ``exceeded``).
        Stops early on cancel or when the budget is crossed.
        """
        with self.open_stream(messages, tools) as stream:
            for batch in stream:
                if sink is None:
                    continue
                for kind, text in batch:
                    sink.emit(events.REASONING_TOKEN if kind == REASONING else events.TOKEN, text)
                sink.flush()
                if sink.cancelled:
                    break
            turn = stream.turn
        return turn, stream


class _MeteredContext:
    def __init__(self, model: MeteredModel, messages: list[dict], tools: list[dict] | None) -> None:
        self._model = model
        self._messages = messages
        self._inner = model.client.open_stream(messages, tools, model=model.choice.model, temperature=model.temperature)
        self._stream: MeteredStream | None = None

    def __enter__(self) -> MeteredStream:
        live = self._model.meter.start(price=self._model.choice.price)
        try:
            inner = self._inner.__enter__()
        except BaseException:
            live.abandon()
            raise
        self._stream = MeteredStream(inner, live=live, messages=self._messages)
        return self._stream

    def __exit__(self, *exc_info) -> None:
        try:
            self._inner.__exit__(*exc_info)
        finally:
            stream = self._stream
            if stream is not None:
                stream.record(self._model)


class MeteredStream:
    """A :class:`~agents.llm.CompletionStream` whose tokens count against the run's budget as they arrive."""

    def __init__(self, inner: CompletionStream, *, live, messages: list[dict]) -> None:
        self._inner = inner
        self._live = live
        self._messages = messages
        self._prompt_estimate = sum(len(str(m.get("content") or "")) for m in messages) // 4
        self._streamed_chars = 0
        self.exceeded = False
        self.usage: dict | None = None

    def __iter__(self) -> Iterator[list[tuple[str, str]]]:
        meter = self._live.meter
        for batch in self._inner:
            self._streamed_chars += sum(len(text) for _, text in batch)
            self._live.update(prompt_tokens=self._prompt_estimate, completion_tokens=self._streamed_chars // 4)
            yield batch
            if meter.limited and meter.over_budget():
                self.exceeded = True
                return

    @property
    def started(self) -> bool:
        return self._inner.started

    def close(self) -> None:
        """Abort the call in flight (a cancelled run; see ``CompletionStream.close``)."""
        self._inner.close()

    @property
    def turn(self) -> LLMTurn:
        return self._inner.turn

    def record(self, model: MeteredModel) -> dict:
        """Record this call's usage (reported by the server, else estimated) under the model's scope."""
        if self.usage is None:
            turn = self._inner.turn
            usage: dict[str, Any] = turn.usage or estimate_usage(self._messages, turn)
            self.usage = self._live.finish(
                scope=model.scope, provider=model.choice.provider, model=turn.model or model.choice.model, usage=usage
            )
        return self.usage

    @property
    def over_budget(self) -> bool:
        """Whether the run is over its budget now (after this call was recorded)."""
        return self._live.meter.over_budget()


__all__ = ["BUDGET_EXCEEDED", "TOKEN", "MeteredModel", "MeteredStream", "ModelGateway"]
