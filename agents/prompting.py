"""System prompt assembly and the prompt-mode action format (models without tool calling)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from tools.registry import Tool, ToolCall

PROMPTS = Path(__file__).resolve().parent / "prompts"
FINAL_ANSWER = "final_answer"


@cache
def _template(name: str) -> str:
    return (PROMPTS / name).read_text(encoding="utf-8")


def system_prompt(tools: list[Tool], *, mode: str = "native") -> str:
    lines = []
    for tool in tools:
        line = f"- {tool.name} ({tool.alias}): {tool.description}"
        if tool.output_rules:
            line += f" Result: {tool.output_rules}"
        lines.append(line)
    text = _template("system.txt").format(
        now=datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        tools="\n".join(lines) or "(none)",
    )
    if mode == "prompt" and tools:
        schemas = "\n".join(f"- {t.name}: {json.dumps(t.parameters, ensure_ascii=False)}" for t in tools)
        text += _template("prompt_mode.txt").replace("{schemas}", schemas)
    return text


_FENCE = re.compile(r"```(?:json)?\s*(\{.*?\})\s*```", re.DOTALL)


def _json_objects(text: str):
    """Candidate JSON objects in model text: fenced blocks first, then balanced braces."""
    for match in _FENCE.finditer(text):
        yield match.group(1)
    depth, start, in_string, escape = 0, None, False, False
    for i, ch in enumerate(text):
        if in_string:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0 and start is not None:
                yield text[start : i + 1]


def parse_action(text: str, *, call_id_prefix: str = "prompt") -> tuple[str | None, list[ToolCall]]:
    """Read a prompt-mode reply: ``(final_answer_text, [])`` or ``(None, [tool calls])``.

    Tolerates prose around the JSON, code fences, single actions or lists of
    actions. A reply with no recognisable action is a final answer as it is.
    """
    for candidate in _json_objects(text):
        try:
            value = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        actions = value if isinstance(value, list) else [value]
        calls: list[ToolCall] = []
        for i, action in enumerate(actions):
            if not isinstance(action, dict) or "action" not in action:
                break
            name = str(action["action"]).strip()
            argument = action.get("action_input", action.get("arguments", {}))
            if name == FINAL_ANSWER:
                answer = argument if isinstance(argument, str) else json.dumps(argument, ensure_ascii=False)
                return answer, []
            if isinstance(argument, str):
                try:
                    argument = json.loads(argument)
                except json.JSONDecodeError:
                    argument = {"input": argument}
            calls.append(
                ToolCall(call_id=f"{call_id_prefix}_{i}", name=name, arguments=json.dumps(argument, ensure_ascii=False))
            )
        if calls:
            return None, calls
    return text.strip(), []
