"""What daphne does per WebSocket frame (docs/benchmarks.md): no session check, no log colouring."""

from __future__ import annotations

import asyncio

from channels.sessions import CookieMiddleware

from tomato_agent.asgi import SocketSessionMiddleware


def test_a_socket_reads_its_session_and_its_frames_go_straight_out():
    seen: dict = {}

    async def inner(scope, receive, send):
        seen["send"] = send
        seen["session_key"] = scope["session"].session_key

    async def send(message):  # daphne's own send
        pass

    scope = {"type": "websocket", "path": "/ws/chat/", "headers": [(b"cookie", b"sessionid=not-a-session")]}
    asyncio.run(CookieMiddleware(SocketSessionMiddleware(inner))(scope, None, send))
    assert seen["send"] is send  # channels' session wrapper would check the session on every frame
    assert seen["session_key"] == "not-a-session"  # the session comes from the cookie, as before


def test_autobahn_builds_no_coloured_log_arguments_per_frame():
    from autobahn.websocket import protocol

    assert protocol.hltype(protocol.WebSocketProtocol.sendData) is protocol.WebSocketProtocol.sendData
    assert protocol.hlval(12) == 12
