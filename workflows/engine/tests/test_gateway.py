"""llm nodes through the platform's model gateway: usage recorded per node scope, the budget enforced."""

from __future__ import annotations

from decimal import Decimal

import pytest

from providers import services
from providers.gateway import ModelGateway
from providers.models import Provider, ProviderModel
from runs.metering import UsageMeter
from workflows.engine import run_workflow
from workflows.engine.tests.conftest import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway_llm(llm_server):
    provider = services.provider_save(
        provider=Provider(name="Workflow tests", slug="wf-tests", base_url=llm_server.base_url), api_key=None
    )
    services.provider_model_save(
        model=ProviderModel(
            provider=provider,
            model="scripted-demo",
            context_window=8000,
            input_per_million_usd=Decimal("1"),
            output_per_million_usd=Decimal("2"),
        )
    )

    def for_meter(meter: UsageMeter):
        gateway = ModelGateway(meter=meter)
        return lambda request: gateway.model(
            provider="wf-tests", model=request.model_name or None, temperature=request.temperature, scope=request.scope
        )

    return for_meter


def test_usage_is_recorded_under_each_node_and_iteration(sink, make_env, reply, gateway_llm):
    meter = UsageMeter()
    markers = [reply(f"item {i} done", usage={"prompt_tokens": 10, "completion_tokens": 3}) for i in range(3)]
    result = run_workflow(load("loop.json"), {"tasks": markers}, env=make_env(llm=gateway_llm(meter)))

    assert result.status == "succeeded", result.error
    assert meter.for_scope(("node:loop_0", "iter:1", "node:llm_0"))["total_tokens"] == 13
    assert meter.for_scope(("node:loop_0",))["total_tokens"] == 39
    assert meter.total()["cost_usd"] == pytest.approx(3 * (10 * 1 + 3 * 2) / 1_000_000)
    assert result.usage["total_tokens"] == 39
    assert result.reports["llm_0"].usage == {"prompt_tokens": 30, "completion_tokens": 9, "total_tokens": 39}


def test_budget_stops_an_llm_node(sink, make_env, reply, gateway_llm):
    meter = UsageMeter(tokens_left=20)
    marker = reply(" ".join(["token"] * 300), delay_ms=2)
    result = run_workflow(load("basic-llm.json"), {"query": marker}, env=make_env(llm=gateway_llm(meter)))

    assert result.status == "failed"
    assert result.error["code"] == "budget_exceeded"
    assert result.error["node_id"] == "llm_0"
    streamed = sink.text(("node:llm_0",))
    assert 0 < len(streamed) < len(" ".join(["token"] * 300))
