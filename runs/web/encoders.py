"""Encoders: one event model, several wire formats (docs/events.md).

Every transport reads the same events from the run's stream; these functions
only change how an event looks on the wire. The event data stays as the JSON
bytes stored in Redis wherever the format allows, so a token is not decoded
and re-encoded on its way through.
"""

from __future__ import annotations

import json

import orjson

from runs import events
from runs.events import Event

KEEPALIVE = b": keep-alive\n\n"


def ws_frame(run_id: str, event: Event) -> str:
    """``{run_id, id, type, data}``, plus ``scope`` for nested work."""
    scope = b',"scope":' + event.scope_raw if event.scope_raw else b""
    return (
        b'{"run_id":"' + run_id.encode() + b'","id":"' + event.id.encode() + b'","type":"'
        + event.type.encode() + b'","data":' + event.raw + scope + b"}"
    ).decode()  # fmt: skip


def native_sse(event: Event) -> bytes:
    """``id`` / ``event`` / ``data``; nested work's data is wrapped as ``{"scope": [...], "data": ...}``."""
    data = event.raw if not event.scope_raw else b'{"scope":' + event.scope_raw + b',"data":' + event.raw + b"}"
    return b"id: " + event.id.encode() + b"\nevent: " + event.type.encode() + b"\ndata: " + data + b"\n\n"


def _genos_chunk(name: str, payload) -> bytes:
    return b"data: " + orjson.dumps({"event": name, "data": payload}) + b"\n\n"


def genos_sse(event: Event) -> bytes | None:
    """The GenOS / Flowise-style format of the 'Mocking Flowise' seed (top-level events only)."""
    if event.scope_raw:
        return None
    t = event.type
    if t in (events.TOKEN, events.REASONING_TOKEN):
        return b'data: {"event":"' + t.encode() + b'","data":' + event.raw + b"}\n\n"
    data = event.data
    if t == events.SESSION:
        return _genos_chunk("session", {"chatId": data["conversation_id"], "runId": data["run_id"]})
    if t == events.TOOL_START:
        return _genos_chunk("agentFlowExecutedData", {
            "nodeLabel": data["label"],
            "data": {"output": {"content": json.dumps(data.get("visible") or {}, ensure_ascii=False)}},
        })  # fmt: skip
    if t == events.TOOL_RESULT:
        if not data.get("visible") and data.get("ok"):
            return None
        shown = data.get("visible") if data.get("ok") else {"error": data.get("error")}
        return _genos_chunk("agentFlowExecutedData", {
            "nodeLabel": data["label"],
            "data": {"output": {"content": json.dumps(shown, ensure_ascii=False)}},
        })  # fmt: skip
    if t == events.RESULT:
        return _genos_chunk("result", None)
    if t == events.CANCELLED:
        return _genos_chunk("error", "cancelled")
    if t == events.ERROR:
        return _genos_chunk("error", data.get("message", "error"))
    return None


def _spotlight(name: str, payload) -> bytes:
    return b"event: " + name.encode() + b"\ndata: " + orjson.dumps(payload) + b"\n\n"


def spotlight_sse(event: Event) -> bytes | None:
    """The SpotLight execution-plane format (top-level events only)."""
    if event.scope_raw:
        return None
    t = event.type
    data = event.data
    if t == events.REASONING_TOKEN:
        return _spotlight("tool_thinking", {"content": data})
    if t == events.TOKEN:
        return _spotlight("message_chunk", {"content": data})
    if t == events.TOOL_START:
        return _spotlight("tool_start", {"tool_call_id": data["call_id"], "name": data["tool"],
                                         "arguments": data.get("visible") or {}})  # fmt: skip
    if t == events.TOOL_RESULT:
        content = data.get("visible") if data.get("ok") else data.get("error")
        return _spotlight("tool_result", {"tool_call_id": data["call_id"], "name": data["tool"],
                                          "ok": data["ok"], "content": content})  # fmt: skip
    if t == events.ERROR:
        return _spotlight("error", {"code": data.get("code"), "message": data.get("message")})
    if t == events.RESULT:
        return _spotlight("done", {"usage": data.get("usage"), "finish_reason": data.get("finish_reason")})
    if t == events.CANCELLED:
        return _spotlight("done", {"usage": None, "finish_reason": "cancelled"})
    return None


SSE_ENCODERS = {"native": native_sse, "genos": genos_sse, "spotlight": spotlight_sse}
