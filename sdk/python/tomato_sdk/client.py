"""The clients: :class:`Tomato` (sync) and :class:`AsyncTomato` (async).

``rest`` is the client generated from the OpenAPI schema (``tomato_client``):
every REST route, typed, e.g. ``tomato_client.api.keys.keys_list.sync(client=tomato.rest)``.
``chat``, ``workflows`` and ``runs`` add what generated code cannot do: follow a
run's events, resume, cancel and wait. A request that starts a run is sent
once and never retried (a retry would start, and bill, a second run); after
that, dropped connections resume the same run.
"""

from __future__ import annotations

import httpx
from tomato_client import AuthenticatedClient

from tomato_sdk.streams import AsyncRunStream, RunStream, _check

# Streams stay open while a run works; the platform sends a keep-alive at least every 15 s.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, read=60.0)


def _chat_body(message: str, conversation_id: str | None) -> dict:
    return {"message": message, "conversation_id": conversation_id}


def _rest(base_url: str, api_key: str, timeout, headers: dict[str, str] | None) -> AuthenticatedClient:
    """The generated client, sending ``Authorization: Bearer <api_key>``."""
    return AuthenticatedClient(
        base_url=base_url.rstrip("/"), token=api_key, timeout=httpx.Timeout(timeout), headers=headers or {}
    )


class Tomato:
    """``Tomato("https://host", api_key="tmt_…")``; close it (or use ``with``) when done."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.rest = _rest(base_url, api_key, timeout, headers)
        self.http = self.rest.get_httpx_client()
        self.chat = _Chat(self.http)
        self.workflows = _Workflows(self.http)
        self.runs = _Runs(self.http)

    def __enter__(self) -> Tomato:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()


class _Chat:
    def __init__(self, http: httpx.Client) -> None:
        self._http = http

    def stream(self, message: str, *, conversation_id: str | None = None, **options) -> RunStream:
        """Send a message; iterate the answer's events as they stream (``POST /api/chat/stream``)."""
        request = self._http.build_request("POST", "/api/chat/stream", json=_chat_body(message, conversation_id))
        return RunStream(self._http, opener=lambda: self._http.send(request, stream=True), **options)

    def send(self, message: str, *, conversation_id: str | None = None):
        """Send a message and wait for the whole answer (a :class:`~tomato_sdk.events.RunResult`)."""
        with self.stream(message, conversation_id=conversation_id) as run:
            return run.until_done()


class _Workflows:
    def __init__(self, http: httpx.Client) -> None:
        self._http = http

    def stream(self, workflow_id: int, inputs: dict | None = None, **options) -> RunStream:
        """Start a run of a workflow (``POST /api/workflows/{id}/runs``) and follow its events."""
        response = self._http.post(f"/api/workflows/{workflow_id}/runs", json={"inputs": inputs or {}})
        _check(response, response.content)
        return RunStream(self._http, run_id=response.json()["run_id"], **options)

    def run(self, workflow_id: int, inputs: dict | None = None):
        with self.stream(workflow_id, inputs) as run:
            return run.until_done()


class _Runs:
    def __init__(self, http: httpx.Client) -> None:
        self._http = http

    def follow(self, run_id: str, *, after: str = "0-0", **options) -> RunStream:
        """Any run's events after ``after`` (an event id; ``0-0``: from the start), then live."""
        return RunStream(self._http, run_id=run_id, after=after, **options)

    def cancel(self, run_id: str) -> None:
        RunStream(self._http, run_id=run_id).cancel()


class AsyncTomato:
    """``AsyncTomato("https://host", api_key="tmt_…")``; ``await aclose()`` (or ``async with``) when done."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.rest = _rest(base_url, api_key, timeout, headers)
        self.http = self.rest.get_async_httpx_client()
        self.chat = _AsyncChat(self.http)
        self.workflows = _AsyncWorkflows(self.http)
        self.runs = _AsyncRuns(self.http)

    async def __aenter__(self) -> AsyncTomato:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.http.aclose()


class _AsyncChat:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self._http = http

    def stream(self, message: str, *, conversation_id: str | None = None, **options) -> AsyncRunStream:
        request = self._http.build_request("POST", "/api/chat/stream", json=_chat_body(message, conversation_id))
        return AsyncRunStream(self._http, opener=lambda: self._http.send(request, stream=True), **options)

    async def send(self, message: str, *, conversation_id: str | None = None):
        async with self.stream(message, conversation_id=conversation_id) as run:
            return await run.until_done()


class _AsyncWorkflows:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self._http = http

    async def stream(self, workflow_id: int, inputs: dict | None = None, **options) -> AsyncRunStream:
        response = await self._http.post(f"/api/workflows/{workflow_id}/runs", json={"inputs": inputs or {}})
        _check(response, response.content)
        return AsyncRunStream(self._http, run_id=response.json()["run_id"], **options)

    async def run(self, workflow_id: int, inputs: dict | None = None):
        async with await self.stream(workflow_id, inputs) as run:
            return await run.until_done()


class _AsyncRuns:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self._http = http

    def follow(self, run_id: str, *, after: str = "0-0", **options) -> AsyncRunStream:
        return AsyncRunStream(self._http, run_id=run_id, after=after, **options)

    async def cancel(self, run_id: str) -> None:
        await AsyncRunStream(self._http, run_id=run_id).cancel()
