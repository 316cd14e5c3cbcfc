"""WebSocket ``/ws/chat/``: message, cancel and resume frames over one socket.

Authentication: the session cookie (web UI; the Origin must match
ALLOWED_HOSTS), or a first frame ``{"type": "auth", "token": …}`` so a token
never lands in a URL or an access log. The credential (session, token or API
key) is checked again before every frame (the answer cached
``WS_AUTH_RECHECK_SECONDS``) and every ``WS_AUTH_WATCH_SECONDS`` while the
socket is idle: after a logout, a logout-all, a revoked or expired token or
key, or the account's deactivation the socket closes with 4401. Close codes:
4401 not authenticated, 4403 another user's run (or an API key without the
``chat`` scope), 4429 an API key over its rate limit, 1009 frame too large. A
bad frame gets an ``error`` frame with ``invalid_request`` and the socket
stays open. The ORM is reached through ``database_sync_to_async``; MongoDB and
Redis work through ``sync_to_async`` off the event loop.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from urllib.parse import urlsplit

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.http.request import validate_host

from accounts.authentication import Credential, credential_for_token, credential_still_valid
from agents.services import chat_start_async
from apikeys.keyformat import looks_like_key
from apikeys.middleware import socket_user
from apikeys.services import key_rate_check
from runs.web import follow
from runs.web.admission import run_cancel, run_owned
from runs.web.encoders import ws_frame
from tomato_agent import metrics
from tomato_agent.errors import DomainError, InvalidRequest, NotFound, unavailable_from
from tomato_agent.http import parse_json
from tomato_agent.logging import set_context

log = logging.getLogger(__name__)
AUTH_TIMEOUT = 10.0


def _origin_allowed(scope) -> bool:
    headers = dict(scope.get("headers") or [])
    origin = headers.get(b"origin")
    if not origin:
        return False
    host = urlsplit(origin.decode("latin-1")).hostname or ""
    return validate_host(host, settings.ALLOWED_HOSTS)


class ChatConsumer(AsyncWebsocketConsumer):
    # Events reach the socket from the run's Redis Stream (one shared XREAD per process), never
    # through a channel layer; none is configured (settings), so a socket subscribes to nothing else.

    async def connect(self):
        self.user = None
        self.credential: Credential | None = None
        self.checked_at = 0.0
        self.closed = False
        self.tails: dict[str, asyncio.Task] = {}
        self.auth_timer: asyncio.Task | None = None
        self.watch: asyncio.Task | None = None
        await self.accept()
        scope_user = self.scope.get("user")
        if scope_user is not None and scope_user.is_authenticated:
            if not _origin_allowed(self.scope):
                await self.close(code=4403)
                return
            session = self.scope.get("session")
            self._authenticated(scope_user, Credential(user_id=scope_user.pk, session_key=session.session_key))
        else:
            self.auth_timer = asyncio.ensure_future(self._auth_deadline())

    def _authenticated(self, user, credential: Credential) -> None:
        self.user, self.credential, self.checked_at = user, credential, time.monotonic()
        set_context(user_id=user.id)
        if self.watch is None:
            self.watch = asyncio.ensure_future(self._watch_credential())

    async def _auth_deadline(self):
        await asyncio.sleep(AUTH_TIMEOUT)
        if self.user is None:
            await self.close(code=4401)

    async def _watch_credential(self):
        """Close an idle socket whose credential ended (no frame would otherwise notice)."""
        while True:
            await asyncio.sleep(settings.WS_AUTH_WATCH_SECONDS * random.uniform(0.8, 1.2))  # spread the checks
            if not await self._credential_ok(max_age=0):
                return

    async def _credential_ok(self, *, max_age: float | None = None) -> bool:
        """Is the socket's credential still good (checked at most every ``max_age`` seconds)? Closes 4401 if not."""
        if self.credential is None:
            return False
        max_age = settings.WS_AUTH_RECHECK_SECONDS if max_age is None else max_age
        if time.monotonic() - self.checked_at < max_age:
            return True
        # Not thread_sensitive: thousands of sockets' checks run side by side, not queued on one thread.
        if await database_sync_to_async(credential_still_valid, thread_sensitive=False)(self.credential):
            self.checked_at = time.monotonic()
            return True
        self.credential = None
        await self.close(code=4401)
        return False

    async def close(self, code=None, reason=None):
        self.closed = True
        await super().close(code=code, reason=reason)

    async def disconnect(self, code):
        self.closed = True
        for task in (self.auth_timer, self.watch, *self.tails.values()):
            if task is not None and task is not asyncio.current_task():
                task.cancel()

    async def send_error(self, code: str, message: str, run_id: str | None = None):
        frame = {"type": "error", "data": {"code": code, "message": message}}
        if run_id:
            frame["run_id"] = run_id
        await self.send(text_data=json.dumps(frame))

    async def receive(self, text_data=None, bytes_data=None):
        raw = text_data if text_data is not None else bytes_data
        if raw is not None and len(raw) > settings.WS_MAX_FRAME_BYTES:
            await self.close(code=1009)
            return
        try:
            frame = parse_json(raw, max_bytes=settings.WS_MAX_FRAME_BYTES) if raw else None
        except InvalidRequest:
            frame = None
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.send_error("invalid_request", "Frames are JSON objects with a type.")
            return
        kind = frame["type"]
        if kind == "auth":
            await self._auth(frame)
            return
        if self.closed:
            return
        if self.user is None or not await self._credential_ok():
            await self.close(code=4401)
            return
        handler = {
            "message": self._message,
            "regenerate": self._regenerate,
            "cancel": self._cancel,
            "resume": self._resume,
        }.get(kind)
        if handler is None:
            await self.send_error("invalid_request", f"Unknown frame type {kind!r}.")
            return
        try:
            await handler(frame)
        except Exception as exc:  # an outage is an error frame; the socket stays open for a retry
            error = unavailable_from(exc)
            if error is None:
                raise
            await self.send_error(error.code, error.message, frame.get("run_id") if kind != "message" else None)

    async def _auth(self, frame):
        token = frame.get("token")
        if isinstance(token, str) and looks_like_key(token):
            client = self.scope.get("client") or (None,)
            user, close_code = await database_sync_to_async(socket_user)(token, path=self.scope["path"], ip=client[0])
            found = (user, Credential(user_id=user.pk, api_key_id=user.api_key.id)) if user is not None else None
        else:
            found = (
                await database_sync_to_async(credential_for_token)(token) if isinstance(token, str) and token else None
            )
            close_code = 4401
        if found is None:
            await self.close(code=close_code)
            return
        user, credential = found
        self._authenticated(user, credential)
        if self.auth_timer:
            self.auth_timer.cancel()
        await self.send(text_data=json.dumps({"type": "auth_ok", "data": {"username": user.username}}))

    async def _message(self, frame):
        conversation_id = frame.get("conversation_id")
        try:
            if getattr(self.user, "api_key", None) is not None:  # each message counts against the key's limits
                await database_sync_to_async(key_rate_check, thread_sensitive=False)(self.user.api_key)
            started = await chat_start_async(
                user=self.user,
                conversation_id=conversation_id,
                content=frame.get("content"),
                defer_record=True,
                workflow_id=frame.get("workflow_id"),
                agent_id=frame.get("agent_id"),
                if_busy=frame.get("if_busy"),
                edit_of=frame.get("edit_of"),
                regenerate_of=frame.get("regenerate_of"),
                leaf_id=frame.get("leaf_id"),
            )
        except DomainError as exc:
            code = exc.code if exc.code != "not_found" else "invalid_request"
            await self.send_error(code, exc.message)
            return
        # Follow first: the answer may already be streaming while the turn is recorded.
        self._follow(started.run_id, "0-0")
        try:
            await sync_to_async(started.record, thread_sensitive=False)()
        except Exception:
            log.exception("recording the user message of run %s failed", started.run_id)
            await self.send_error("internal", "Your message could not be saved to the history.", started.run_id)

    async def _regenerate(self, frame):
        """``{"type": "regenerate", "conversation_id", "message_id"}``: a new answer to that user message."""
        await self._message(
            {**frame, "content": None, "edit_of": None, "regenerate_of": frame.get("message_id"), "leaf_id": None}
        )

    async def _owned_run(self, frame) -> str | None:
        run_id = frame.get("run_id")
        if not isinstance(run_id, str) or not run_id:
            await self.send_error("invalid_request", "run_id is required.")
            return None
        try:
            await sync_to_async(run_owned, thread_sensitive=False)(user_id=self.user.id, run_id=run_id)
        except NotFound:
            await self.close(code=4403)
            return None
        return run_id

    async def _cancel(self, frame):
        run_id = await self._owned_run(frame)
        if run_id is None:
            return
        try:
            await sync_to_async(run_cancel, thread_sensitive=False)(user=self.user, run_id=run_id)
        except DomainError as exc:
            await self.send_error(exc.code, exc.message, run_id)

    async def _resume(self, frame):
        try:
            after = follow.valid_event_id(frame.get("after"))
        except (ValueError, AttributeError):
            await self.send_error("invalid_request", "after must be an event id.")
            return
        run_id = await self._owned_run(frame)
        if run_id is not None:
            self._follow(run_id, after)

    def _follow(self, run_id: str, after: str) -> None:
        previous = self.tails.pop(run_id, None)
        if previous:
            previous.cancel()
        self.tails[run_id] = asyncio.ensure_future(self._pump(run_id, after))

    async def _pump(self, run_id: str, after: str):
        try:
            with metrics.active_stream():
                async for event in follow.tail(run_id, after):
                    await self.send(text_data=ws_frame(run_id, event))
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if unavailable_from(exc) is None:
                log.exception("streaming run %s failed", run_id)
                await self.send_error("internal", "Streaming this run failed; resume to continue.", run_id)
            else:
                log.warning("streaming run %s stopped: %s", run_id, type(exc).__name__)
                await self.send_error(
                    "service_unavailable", "The event stream is unavailable; resume this run in a few seconds.", run_id
                )
        finally:
            if self.tails.get(run_id) is asyncio.current_task():
                del self.tails[run_id]
