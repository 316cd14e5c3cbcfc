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
    """The GenOS / Flowise-style format of the 'Mocking Flowise' seed (top-level events, and node progress)."""
    t = event.type
    if t in NODE_EVENTS:
        return genos_node(event)
    if event.scope_raw:
        return None
    if t in (events.TOKEN, events.REASONING_TOKEN):
        return b'data: {"event":"' + t.encode() + b'","data":' + event.raw + b"}\n\n"
    data = event.data
    if t == events.SESSION:
        return _genos_chunk("session", {"chatId": data.get("conversation_id"), "runId": data["run_id"]})
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
    if t == events.TOOL_RETRY:
        shown = {"retry": data.get("attempt"), "of": data.get("attempts"), "error": data.get("error")}
        return _genos_chunk(
            "agentFlowExecutedData",
            {
                "nodeLabel": data["label"],
                "data": {"output": {"content": json.dumps(shown, ensure_ascii=False)}},
            },
        )
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
    """The SpotLight execution-plane format (top-level events, and workflow nodes as tool calls)."""
    t = event.type
    if t in NODE_EVENTS:
        return spotlight_node(event)
    if event.scope_raw:
        return None
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
    if t == events.TOOL_RETRY:
        return _spotlight(
            "tool_retry",
            {
                "tool_call_id": data["call_id"],
                "name": data["tool"],
                "attempt": data.get("attempt"),
                "attempts": data.get("attempts"),
                "error": data.get("error"),
            },
        )
    if t == events.ERROR:
        return _spotlight("error", {"code": data.get("code"), "message": data.get("message")})
    if t == events.RESULT:
        return _spotlight("done", {"usage": data.get("usage"), "finish_reason": data.get("finish_reason")})
    if t == events.CANCELLED:
        return _spotlight("done", {"usage": None, "finish_reason": "cancelled"})
    return None


# --- workflow nodes (kept apart from the token hot path above) ---------------------------------

NODE_EVENTS = frozenset({events.NODE_STARTED, events.NODE_FINISHED})
NODE_CONTENT_CHARS = 2000
# Flowise's agentflow node statuses, which GenOS shows.
GENOS_STATUS = {"succeeded": "FINISHED", "failed": "ERROR", "cancelled": "STOPPED"}


def _node_call_id(event: Event, node_id: str) -> str:
    """A node run's id, unique per loop iteration: ``node:<id>`` under its scope path."""
    return "/".join([*event.scope, f"node:{node_id}"])


def _node_label(event: Event, data: dict) -> str:
    label = data.get("title") or data.get("node_id") or "node"
    iterations = [part[5:] for part in event.scope if part.startswith("iter:")]
    return f"{label} #{'.'.join(iterations)}" if iterations else label


def _node_shown(data: dict):
    shown = data.get("outputs") if data.get("status") == "succeeded" else {"error": data.get("error")}
    text = json.dumps(shown, ensure_ascii=False)
    return text if len(text) <= NODE_CONTENT_CHARS else text[:NODE_CONTENT_CHARS] + "… [truncated]"


def genos_node(event: Event) -> bytes | None:
    """A workflow node's progress as Flowise's ``agentFlowExecutedData`` (``nodeLabel`` and
    ``data.output.content`` as the seed's GenOS step reads them, plus ``nodeId`` and ``status``)."""
    data = event.data
    if event.type == events.NODE_STARTED:
        status, content = "INPROGRESS", json.dumps({"status": "running", "type": data.get("type")})
    else:
        if data.get("status") == "skipped":
            return None
        status, content = GENOS_STATUS.get(data.get("status"), "ERROR"), _node_shown(data)
    return _genos_chunk(
        "agentFlowExecutedData",
        {
            "nodeId": _node_call_id(event, data["node_id"]),
            "nodeLabel": _node_label(event, data),
            "status": status,
            "data": {"output": {"content": content}},
        },
    )


def spotlight_node(event: Event) -> bytes | None:
    """A workflow node as a SpotLight tool call: ``tool_start`` when it starts, ``tool_result`` when it ends."""
    data = event.data
    call_id = _node_call_id(event, data["node_id"])
    if event.type == events.NODE_STARTED:
        return _spotlight(
            "tool_start",
            {
                "tool_call_id": call_id,
                "name": _node_label(event, data),
                "arguments": {"node_id": data["node_id"], "type": data.get("type")},
            },
        )
    if data.get("status") == "skipped":
        return None
    ok = data.get("status") == "succeeded"
    return _spotlight(
        "tool_result",
        {
            "tool_call_id": call_id,
            "name": _node_label(event, data),
            "ok": ok,
            "content": data.get("outputs") if ok else (data.get("error") or {"message": data.get("status")}),
            "status": data.get("status"),
            "duration_ms": data.get("duration_ms"),
        },
    )


SSE_ENCODERS = {"native": native_sse, "genos": genos_sse, "spotlight": spotlight_sse}
