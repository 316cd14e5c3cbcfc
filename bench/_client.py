"""The measuring clients of the benches: direct, WebSocket and SSE, in this process or in others.

Three ways to read one streamed answer, each returning the same record
(``started`` and the arrival ``stamps`` of each token, on this process's
``time.perf_counter``; the ``text``; the event ``ids``; the ``terminal`` type):

* :func:`direct_stream` - the scripted LLM read raw over HTTP (httpx2 + orjson):
  the physical limit, the baseline every figure is compared with;
* :class:`WSClient` - one authenticated socket to ``/ws/chat/`` (aiohttp),
  one ``message`` frame per turn;
* :func:`sse_turn` - ``POST /api/chat/stream`` (aiohttp), the native SSE format.

:func:`run_streams` runs N of one kind at once. ``python -m bench._client``
does the same in a separate process so that, for hundreds of streams, the
measuring client is not the bottleneck: it reads a JSON job on stdin, opens
every socket, prints ``READY``, waits for a line on stdin, runs the streams
and prints one ``RESULT {json}`` line with the records and its own CPU time.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time

MODEL = "scripted-demo"
TERMINAL = ("result", "cancelled", "error")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- direct ----------------------------------------------------------------------------------------


async def direct_stream(client, base_url: str, content: str) -> dict:
    """One streamed completion read raw from the scripted server (httpx2, orjson)."""
    import orjson

    started = time.perf_counter()
    stamps, text = [], []
    body = {"model": MODEL, "stream": True, "messages": [{"role": "user", "content": content}]}
    async with client.stream("POST", f"{base_url}/chat/completions", json=body) as response:
        async for line in response.aiter_lines():
            if line.startswith("data: {"):
                choices = orjson.loads(line[6:])["choices"]
                if choices and choices[0]["delta"].get("content"):
                    stamps.append(time.perf_counter())
                    text.append(choices[0]["delta"]["content"])
    return {"started": started, "stamps": stamps, "text": "".join(text), "ids": [], "terminal": "result"}


# --- WebSocket ---------------------------------------------------------------------------------------


class WSClient:
    """One authenticated socket to /ws/chat/ (aiohttp); ``session`` may be shared."""

    def __init__(self, ws_url: str, token: str, session=None) -> None:
        self.ws_url = ws_url
        self.token = token
        self.session = session
        self._own_session = session is None
        self.ws = None

    async def __aenter__(self) -> WSClient:
        import aiohttp

        if self.session is None:
            self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        self.ws = await self.session.ws_connect(self.ws_url, max_msg_size=0, autoping=True)
        await self.ws.send_str(json.dumps({"type": "auth", "token": self.token}))
        frame = json.loads((await self.ws.receive(timeout=60)).data)
        if frame.get("type") != "auth_ok":
            raise RuntimeError(f"WebSocket auth failed: {frame}")
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()
        if self._own_session:
            await self.session.close()

    async def turn(self, content: str, *, timeout: float = 300) -> dict:
        """Send one message (new conversation) and read its run to the terminal event."""
        import aiohttp
        import orjson

        started = time.perf_counter()
        await self.ws.send_str(json.dumps({"type": "message", "content": content}))
        stamps, text, ids, terminal = [], [], [], None
        deadline = started + timeout
        while terminal is None:
            msg = await self.ws.receive(timeout=max(0.1, deadline - time.perf_counter()))
            if msg.type != aiohttp.WSMsgType.TEXT:
                raise RuntimeError(f"socket ended: {msg.type} {msg.data}")
            now = time.perf_counter()
            frame = orjson.loads(msg.data)
            kind = frame.get("type")
            if kind == "token" and "scope" not in frame:
                stamps.append(now)
                text.append(frame["data"])
            if "id" in frame:
                ids.append(frame["id"])
            if kind in TERMINAL:
                terminal = kind
        return {"started": started, "stamps": stamps, "text": "".join(text), "ids": ids, "terminal": terminal}


# --- SSE ---------------------------------------------------------------------------------------------


def parse_sse(buffer: bytes) -> tuple[list[tuple[str, str, bytes]], bytes]:
    """Complete events ``(id, event, data)`` in ``buffer`` and the unparsed rest."""
    out = []
    *blocks, rest = buffer.split(b"\n\n")
    for block in blocks:
        event_id, event_type, data = "", "message", []
        for line in block.split(b"\n"):
            if line.startswith(b"data:"):
                data.append(line[5:].lstrip(b" ") if len(line) > 5 else b"")
            elif line.startswith(b"event:"):
                event_type = line[6:].strip().decode()
            elif line.startswith(b"id:"):
                event_id = line[3:].strip().decode()
        if data:
            out.append((event_id, event_type, b"\n".join(data)))
    return out, rest


async def sse_turn(session, base_url: str, token: str, content: str, *, timeout: float = 300) -> dict:
    """``POST /api/chat/stream`` (a new conversation) read to its terminal event."""
    import aiohttp
    import orjson

    started = time.perf_counter()
    stamps, text, ids, terminal = [], [], [], None
    headers = {"Authorization": f"Token {token}", "Accept": "text/event-stream"}
    async with session.post(f"{base_url}/api/chat/stream", json={"message": content}, headers=headers,
                            timeout=aiohttp.ClientTimeout(total=timeout)) as response:  # fmt: skip
        if response.status != 200:
            raise RuntimeError(f"SSE start failed: HTTP {response.status} {await response.text()}")
        buffer = b""
        async for chunk in response.content.iter_any():
            now = time.perf_counter()
            parsed, buffer = parse_sse(buffer + chunk)
            for event_id, event_type, data in parsed:
                ids.append(event_id)
                if event_type == "token":
                    value = orjson.loads(data)
                    if isinstance(value, str):  # nested work wraps its data with a scope
                        stamps.append(now)
                        text.append(value)
                elif event_type in TERMINAL:
                    terminal = event_type
            if terminal is not None:
                break
    return {"started": started, "stamps": stamps, "text": "".join(text), "ids": ids, "terminal": terminal}


# --- N streams at once ----------------------------------------------------------------------------------


async def run_streams(job: dict, ready=None) -> dict:
    """N concurrent streams of one transport; every socket is open before the clock starts.

    ``job``: ``transport`` (direct | ws | sse), ``n``, ``content``, ``llm_url``,
    ``base_url``, ``ws_url``, ``token``. ``ready`` (async callable) is awaited
    once everything is connected, just before the streams start.
    """
    import aiohttp
    import httpx2 as httpx

    n, content, transport = job["n"], job["content"], job["transport"]
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        if transport == "direct":
            limits = httpx.Limits(max_connections=n + 10)
            async with httpx.AsyncClient(timeout=300, limits=limits) as client:
                if ready:
                    await ready()
                cpu = own_cpu_seconds()
                results = await asyncio.gather(*(direct_stream(client, job["llm_url"], content) for _ in range(n)))
        elif transport == "ws":
            sockets = [WSClient(job["ws_url"], job["token"], session) for _ in range(n)]
            for group in range(0, n, 50):  # connect (not timed) in groups, as people would arrive
                await asyncio.gather(*(s.__aenter__() for s in sockets[group : group + 50]))
            try:
                if ready:
                    await ready()
                cpu = own_cpu_seconds()
                results = await asyncio.gather(*(s.turn(content) for s in sockets))
            finally:
                await asyncio.gather(*(s.__aexit__() for s in sockets), return_exceptions=True)
        elif transport == "sse":
            if ready:
                await ready()
            cpu = own_cpu_seconds()
            results = await asyncio.gather(*(sse_turn(session, job["base_url"], job["token"], content)
                                             for _ in range(n)))  # fmt: skip
        else:
            raise ValueError(f"unknown transport {transport!r}")
    return {"results": list(results), "cpu_s": own_cpu_seconds() - cpu}


def _main() -> None:
    job = json.loads(sys.stdin.readline())

    async def ready() -> None:
        print("READY", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)

    out = asyncio.run(run_streams(job, ready))
    sys.stdout.write("RESULT " + json.dumps(out) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    _main()
