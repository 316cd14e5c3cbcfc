"""Following a run: typed events, resume after a dropped connection, cancel, wait for the result.

:class:`RunStream` (sync) and :class:`AsyncRunStream` (async) read the run's
native server-sent events. When the connection drops before the terminal
event, they reconnect to ``GET /api/runs/{run_id}/events`` with
``Last-Event-ID`` set to the last event they handed out, so nothing is lost
and nothing comes twice. Both are context managers and iterators.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator

import httpx

from tomato_sdk.events import ApiError, Event, RunFailed, RunResult, SSEReader

RETRYABLE = (httpx.TransportError,)  # connect errors, resets, read timeouts, a body cut short


def _check(response: httpx.Response, body: bytes) -> None:
    if response.status_code >= 400:
        try:
            parsed = httpx.Response(response.status_code, content=body).json()
        except ValueError:
            parsed = body.decode(errors="replace")
        raise ApiError(response.status_code, parsed)


class _RunState:
    """What both streams keep: the run id, the last event id, the answer so far, the ending."""

    def __init__(self, run_id: str | None, after: str, max_reconnects: int, backoff: float) -> None:
        self.run_id = run_id
        self.last_event_id = after
        self.max_reconnects = max_reconnects
        self.backoff = backoff
        self.reconnects = 0
        self.text: list[str] = []
        self.terminal: Event | None = None

    def take(self, event: Event) -> None:
        if event.id:
            self.last_event_id = event.id
        if event.type == "session" and self.run_id is None:
            self.run_id = event.data.run_id
        if event.text:
            self.text.append(event.text)
        if event.terminal:
            self.terminal = event

    def next_delay(self, error: BaseException | None) -> float:
        """The wait before the next reconnect; re-raises once the budget is spent or resuming is impossible."""
        if self.run_id is None:
            raise ConnectionError("the connection dropped before the run started streaming") from error
        self.reconnects += 1
        if self.reconnects > self.max_reconnects:
            raise ConnectionError(f"run {self.run_id}: gave up after {self.max_reconnects} reconnects") from error
        return min(self.backoff * 2 ** (self.reconnects - 1), 5.0)

    @property
    def events_path(self) -> str:
        return f"/api/runs/{self.run_id}/events"

    def result(self) -> RunResult:
        if self.terminal is None or self.run_id is None:
            raise RuntimeError("the run has not ended yet")
        return RunResult.from_terminal(self.run_id, self.terminal, "".join(self.text))


class _Stream:
    """What the sync and the async stream share: their state, the resume request, the result."""

    def __init__(
        self,
        http,
        *,
        run_id: str | None = None,
        after: str = "0-0",
        opener: Callable | None = None,
        max_reconnects: int = 10,
        backoff: float = 0.2,
    ) -> None:
        self._http = http
        self._opener = opener
        self._state = _RunState(run_id, after, max_reconnects, backoff)
        self._response: httpx.Response | None = None

    @property
    def run_id(self) -> str | None:
        return self._state.run_id

    @property
    def last_event_id(self) -> str:
        return self._state.last_event_id

    @property
    def result(self) -> RunResult | None:
        """How the run ended, once its terminal event has been read."""
        return self._state.result() if self._state.terminal is not None else None

    def _resume_request(self) -> httpx.Request:
        headers = {"Last-Event-ID": self._state.last_event_id, "Accept": "text/event-stream"}
        return self._http.build_request("GET", self._state.events_path, headers=headers)

    def _opened(self, response: httpx.Response) -> httpx.Response:
        run_id = response.headers.get("x-run-id")
        if run_id and self._state.run_id is None:
            self._state.run_id = run_id
        self._opener = None  # a start request is sent once; resumes follow the run
        return response

    def _cancel_path(self) -> str:
        if self._state.run_id is None:
            raise RuntimeError("the run has not started yet")
        return f"/api/runs/{self._state.run_id}/cancel"


class RunStream(_Stream):
    """A run's events over one or more connections (sync). ``with client.chat.stream(...) as run:``."""

    def __enter__(self) -> RunStream:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._response is not None:
            self._response.close()
            self._response = None

    def _open(self) -> httpx.Response:
        if self._opener is not None and self._state.run_id is None:
            response = self._opener()
        else:
            response = self._http.send(self._resume_request(), stream=True)
        if response.status_code >= 400:
            body = response.read()
            response.close()
            _check(response, body)
        return self._opened(response)

    def __iter__(self) -> Iterator[Event]:
        while self._state.terminal is None:
            try:
                self._response = self._open()
                reader = SSEReader()
                for line in self._response.iter_lines():
                    event = reader.feed(line)
                    if event is None:
                        continue
                    self._state.take(event)
                    yield event
                    if event.terminal:
                        return
                error: BaseException | None = None  # the server closed before the end
            except RETRYABLE as exc:
                error = exc
            finally:
                self.close()
            time.sleep(self._state.next_delay(error))

    def text(self) -> Iterator[str]:
        """Only the answer, piece by piece."""
        for event in self:
            if event.text:
                yield event.text

    def cancel(self) -> None:
        """Ask the platform to stop the run; its ``cancelled`` event (with the partial answer) follows."""
        response = self._http.post(self._cancel_path())
        if response.status_code not in (202, 409):  # 409: it had already finished
            _check(response, response.content)

    def until_done(self) -> RunResult:
        """Read to the end (resuming as needed) and return how the run ended; RunFailed if it failed."""
        for _ in self:
            pass
        result = self._state.result()
        if result.status == "failed":
            raise RunFailed(result)
        return result


class AsyncRunStream(_Stream):
    """A run's events over one or more connections (async). ``async with client.chat.stream(...) as run:``."""

    async def __aenter__(self) -> AsyncRunStream:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._response is not None:
            await self._response.aclose()
            self._response = None

    async def _open(self) -> httpx.Response:
        if self._opener is not None and self._state.run_id is None:
            response = await self._opener()
        else:
            response = await self._http.send(self._resume_request(), stream=True)
        if response.status_code >= 400:
            body = await response.aread()
            await response.aclose()
            _check(response, body)
        return self._opened(response)

    async def __aiter__(self) -> AsyncIterator[Event]:
        while self._state.terminal is None:
            try:
                self._response = await self._open()
                reader = SSEReader()
                async for line in self._response.aiter_lines():
                    event = reader.feed(line)
                    if event is None:
                        continue
                    self._state.take(event)
                    yield event
                    if event.terminal:
                        return
                error: BaseException | None = None
            except RETRYABLE as exc:
                error = exc
            finally:
                await self.aclose()
            await asyncio.sleep(self._state.next_delay(error))

    async def text(self) -> AsyncIterator[str]:
        async for event in self:
            if event.text:
                yield event.text

    async def cancel(self) -> None:
        response = await self._http.post(self._cancel_path())
        if response.status_code not in (202, 409):
            _check(response, response.content)

    async def until_done(self) -> RunResult:
        async for _ in self:
            pass
        result = self._state.result()
        if result.status == "failed":
            raise RunFailed(result)
        return result
