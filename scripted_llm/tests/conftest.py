"""Fixtures for the scripted_llm tests (no Django needed)."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest

from scripted_llm import ScriptedLLMServer


@pytest.fixture(scope="session")
def _shared_server() -> Iterator[ScriptedLLMServer]:
    server = ScriptedLLMServer(delay_ms=0).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def llm_server(_shared_server: ScriptedLLMServer) -> ScriptedLLMServer:
    """The shared in-process server, reset before each test."""
    _shared_server.reset()
    return _shared_server


@pytest.fixture
def llm_client(llm_server: ScriptedLLMServer) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=llm_server.base_url, api_key="x", max_retries=0, timeout=10.0) as oai_client:
        yield oai_client
