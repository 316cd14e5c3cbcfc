"""A stored conversation made readable for staff: Markdown rendered on the server, tool steps, usage.

The admin's conversation page (``agents/admin.py``) shows what the person saw:
each message's Markdown as sanitised HTML (markdown-it-py with raw HTML off,
then nh3 with an allow-list), its tool steps with their visible arguments and
results only (as the chat shows them; never a tool's raw output), and its usage.
"""

from __future__ import annotations

import json
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from agents.serializers import tool_calls_out

ALLOWED_TAGS = set(
    [
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "em",
        "s",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "img",
    ]
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}, "code": {"class"}}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # CommonMark with GFM tables and strikethrough; raw HTML is text, never markup.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"])


def markdown_html(text: str) -> SafeString:
    """Markdown as HTML safe to put in a page: links only to http(s)/mailto, no attributes that run code."""
    html = _parser().render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


def _pretty(value) -> str:
    if value is None or value == "" or value == {}:
        return ""
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def transcript_entry(message: dict) -> dict:
    """One message as the admin template shows it."""
    usage = message.get("usage") or {}
    steps = [
        {
            **call,
            "arguments_text": _pretty(call.get("visible_arguments")),
            "result_text": _pretty(call.get("visible")),
        }
        for call in tool_calls_out(message)
    ]
    feedback = message.get("feedback") or None
    return {
        "id": message["_id"],
        "seq": message.get("seq"),
        "role": message.get("role", ""),
        "html": markdown_html(message.get("content") or ""),
        "reasoning": message.get("reasoning") or "",
        "steps": steps,
        "status": message.get("status") or "",
        "error": message.get("error") or None,
        "model": message.get("model") or "",
        "tokens": usage.get("total_tokens"),
        "cost_usd": usage.get("cost_usd"),
        "run_id": message.get("run_id") or "",
        "created_at": message.get("created_at"),
        "feedback": feedback,
    }


def conversation_markdown(conversation: dict, messages: list[dict]) -> str:
    """A conversation as one Markdown document (the person's export): title, then each turn with its role
    and time, answers as written, tool steps as a line each."""
    lines = [f"# {conversation.get('title') or 'Conversation'}", ""]
    created = conversation.get("created_at")
    if created:
        lines += [f"_Started {created:%Y-%m-%d %H:%M} UTC · {len(messages)} messages_", ""]
    for message in messages:
        role = "Assistant" if message.get("role") == "assistant" else "User"
        stamp = message.get("created_at")
        lines += [f"## {role}" + (f" · {stamp:%Y-%m-%d %H:%M:%S} UTC" if stamp else ""), ""]
        for call in tool_calls_out(message):
            status = "ok" if call.get("ok") else "failed"
            shown = (
                json.dumps(call.get("visible_arguments"), ensure_ascii=False) if call.get("visible_arguments") else ""
            )
            step = f"Step: {call.get('label') or call.get('tool')} {shown} ({status})".replace("  ", " ")
            lines.append("> " + "  " * len(call.get("scope") or ()) + step)  # a sub-agent's steps indented
        if tool_calls_out(message):
            lines.append("")
        lines += [message.get("content") or "", ""]
        if message.get("error"):
            lines += [f"_Error {message['error'].get('code')}: {message['error'].get('message')}_", ""]
    return "\n".join(lines).rstrip() + "\n"
