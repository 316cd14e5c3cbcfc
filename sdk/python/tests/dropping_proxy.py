"""A TCP proxy for tests that drops one connection mid-response, to prove clients resume without loss.

A request carrying ``X-Test-Drop: <token>:<bytes>`` has its connection cut
after ``<bytes>`` bytes of the answer — once per token; later connections with
the same token pass untouched. Everything else is forwarded as is. Binds
127.0.0.1 only; runs in a daemon thread until ``stop()``.
"""

from __future__ import annotations

import asyncio
import re
import threading
from urllib.parse import urlsplit

DROP = re.compile(rb"x-test-drop:\s*([A-Za-z0-9_-]+):(\d+)", re.IGNORECASE)


class DroppingProxy:
    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname, parts.port)
        self.used: set[bytes] = set()
        self.dropped = 0
        self.loop = asyncio.new_event_loop()
        self.server: asyncio.Server | None = None
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self) -> DroppingProxy:
        self.thread.start()
        self.server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._serve, "127.0.0.1", 0), self.loop
        ).result(10)
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"

    def stop(self) -> None:
        async def close():
            self.server.close()
            await self.server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    async def _serve(self, client_reader, client_writer) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            client_writer.close()
            return
        budget: list[int | None] = [None]  # bytes of answer left before the cut, once armed

        async def upstream_bound():
            while data := await client_reader.read(65536):
                match = DROP.search(data)
                if match and match.group(1) not in self.used:
                    self.used.add(match.group(1))
                    budget[0] = int(match.group(2))
                up_writer.write(data)
                await up_writer.drain()

        async def client_bound():
            while data := await up_reader.read(4096):
                if budget[0] is not None:
                    if len(data) >= budget[0]:
                        client_writer.write(data[: budget[0]])
                        await client_writer.drain()
                        self.dropped += 1
                        return  # cut: both sides close below
                    budget[0] -= len(data)
                client_writer.write(data)
                await client_writer.drain()

        tasks = [asyncio.ensure_future(upstream_bound()), asyncio.ensure_future(client_bound())]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            for writer in (client_writer, up_writer):
                writer.transport.abort()
