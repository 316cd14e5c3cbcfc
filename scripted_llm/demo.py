"""The built-in ``demo`` policy: deterministic, rule-based and honest.

It never pretends to understand anything.  It recognises three intents in the
last user message and calls the matching demo tool if the request offers it:

* time/date/시간/몇 시 -> ``current_time`` with ``{}`` (``{"timezone": "Asia/Seoul"}``
  when the message is Korean or mentions Seoul/Korea/KST);
* an arithmetic expression such as ``12*(3+4)`` -> ``calculator``
  with ``{"expression": "12*(3+4)"}``;
* code/snippet/example/how do I/코드/예제 -> ``code_search`` with
  ``{"query": <message without the trigger words>}``;
* a fenced ```` ```python ```` block -> ``run_python`` with that code, and
  nothing else (the code's digits and words are not other requests).

Several intents in one message give parallel tool calls (native mode).  Once
tool results are present after the last user message it answers by quoting
them briefly ("The calculator returned 84.").  Anything else gets a fixed text
that says it is the scripted demo model.  For ``no-tools-*`` models the same
decisions are written as prompt-mode JSON actions in a ```json fence (see the
package docstring).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from .scenario import (
    MARKER_RE,
    last_user_index,
    request_tool_names,
    text_of,
)

DEMO_TEXT = (
    "(scripted demo model) I can only run the demo tools: ask me for the time, a sum like 12*7, a code snippet, "
    "or send Python code in a ```python block to run it."
)
FINAL_ACTION = "final_answer"

_TIME_RE = re.compile(r"\b(?:time|date|today|clock)\b|몇\s*시|시간|날짜|오늘", re.IGNORECASE)
_SEOUL_RE = re.compile(r"[\uac00-\ud7a3]|\bseoul\b|\bkorea|\bkst\b", re.IGNORECASE)
_CODE_RE = re.compile(r"\b(?:how do i|how to|code|snippets?|examples?)\b|코드|예제|예시", re.IGNORECASE)
_EXPR_CANDIDATE_RE = re.compile(r"-?[\d(][\d\s.+\-*/%^()]*")
_HAS_OPERATOR_RE = re.compile(r"[\d.)]\s*[-+*/%^]\s*[-(\s]*[\d.]")
_RANGE_RE = re.compile(r"\d+-\d+")  # "3-4 sentences" is a range, not a subtraction
_WORD_AFTER_RE = re.compile(r"\s*[^\W\d_]")
_DATE_RE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$|^\d{1,2}/\d{1,2}/\d{2,4}$")
_LEADING_FILLER_RE = re.compile(
    r"^(?:please|show me|give me|find me|find|can you|could you|write|me|an?|some|the|"
    r"for|of|on|about|to|with|in)\b[\s,:]*",
    re.IGNORECASE,
)
_TRAILING_FILLER_RE = re.compile(
    r"\s*(?:좀|보여\s*줘|알려\s*줘|찾아\s*줘|보여\s*주세요|알려\s*주세요|주세요|please)$",
    re.IGNORECASE,
)
_OBSERVATION_LABEL_RE = re.compile(
    r"^\s*(?:observation|tool result|tool output|result|output)\s*[:\uff1a]\s*", re.IGNORECASE
)
_PYTHON_FENCE_RE = re.compile(r"```(?:python|py)[ \t]*\n(.*?)```", re.DOTALL | re.IGNORECASE)
_ACTION_FENCE_RE = re.compile(r"```(?:json)?\s*(\{.*?\})\s*```", re.DOTALL)


@dataclass(frozen=True)
class Intent:
    tool: str
    arguments: dict[str, Any]
    reasoning: str
    description: str


# --------------------------------------------------------------------------- #
# Intent detection
# --------------------------------------------------------------------------- #
def find_expression(text: str) -> str | None:
    """Return the longest arithmetic expression in ``text`` (or ``None``)."""
    best = ""
    for match in _EXPR_CANDIDATE_RE.finditer(text):
        expr = match.group().strip().rstrip("+-*/%^. ").strip()
        while expr.endswith(")") and expr.count(")") > expr.count("("):
            expr = expr[:-1].rstrip()
        while expr.startswith("(") and expr.count("(") > expr.count(")"):
            expr = expr[1:].lstrip()
        if _RANGE_RE.fullmatch(expr) and _WORD_AFTER_RE.match(text, match.end()):
            continue
        if _HAS_OPERATOR_RE.search(expr) and not _DATE_RE.match(expr) and len(expr) > len(best):
            best = expr
    return best or None


def code_query(text: str) -> str:
    """The user message with the code trigger words and filler stripped."""
    query = _CODE_RE.sub(" ", text)
    query = re.sub(r"\s+", " ", query).strip(" \t\n?.!,:;")
    for _ in range(10):
        stripped = _TRAILING_FILLER_RE.sub("", _LEADING_FILLER_RE.sub("", query)).strip(" \t\n?.!,:;")
        if stripped == query:
            break
        query = stripped
    return query or text.strip()


def detect_intents(text: str) -> list[Intent]:
    """Recognised intents in ``text``, in a fixed order (time, arithmetic, code); Python code alone."""
    python = _PYTHON_FENCE_RE.search(text)
    if python and python.group(1).strip():
        return [
            Intent(
                "run_python",
                {"code": python.group(1).strip("\n")},
                "The message holds Python code; running it with run_python.",
                "running Python code",
            )
        ]
    intents = []
    if _TIME_RE.search(text):
        args = {"timezone": "Asia/Seoul"} if _SEOUL_RE.search(text) else {}
        intents.append(
            Intent(
                "current_time",
                args,
                "The question asks for the current time; calling current_time.",
                "the current time",
            )
        )
    expression = find_expression(text)
    if expression:
        intents.append(
            Intent(
                "calculator",
                {"expression": expression},
                "The question asks for arithmetic; calling calculator.",
                "arithmetic",
            )
        )
    if _CODE_RE.search(text):
        intents.append(
            Intent(
                "code_search",
                {"query": code_query(text)},
                "The question asks for a code example; calling code_search.",
                "a code example",
            )
        )
    return intents


# --------------------------------------------------------------------------- #
# Tool results -> answer text
# --------------------------------------------------------------------------- #
def _loose_json(text: str) -> Any:
    text = text.strip()
    try:
        return json.loads(text)
    except ValueError:
        pass
    decoder = json.JSONDecoder()
    for opener in "{[":
        start = text.find(opener)
        if start >= 0:
            try:
                return decoder.raw_decode(text[start:])[0]
            except ValueError:
                continue
    return None


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if data.get(key) not in (None, ""):
            return data[key]
    return None


def _calculator_answer(content: str, data: Any) -> str:
    value = data
    if isinstance(data, dict):
        value = _first(data, ("result", "value", "answer", "output"))
        if value is None:
            return f"The calculator returned: {_short(content)}"
    if value is None or isinstance(value, (dict, list)):
        value = _short(content)
    return f"The calculator returned {value}."


def _time_answer(content: str, data: Any) -> str:
    if isinstance(data, dict):
        value = _first(data, ("iso", "datetime", "time", "now", "current_time", "local_time"))
        zone = _first(data, ("timezone", "tz", "zone"))
        if value is not None:
            return f"The current time is {value}" + (f" ({zone})." if zone else ".")
    return f"The current_time tool returned: {_short(content)}"


def _code_answer(content: str, data: Any) -> str:
    hits = data
    if isinstance(data, dict):
        hits = _first(data, ("results", "hits", "items", "matches", "documents", "snippets"))
        if hits is None and _first(data, ("code", "snippet")) is not None:
            hits = [data]
    if isinstance(hits, list):
        if not hits:
            return "code_search found no matching snippets."
        hit = hits[0]
        if isinstance(hit, dict):
            title = _first(hit, ("title", "name", "path", "file", "id")) or "untitled"
            code = _first(hit, ("code", "snippet", "content", "text", "body"))
            lang = _first(hit, ("language", "lang")) or ""
            if isinstance(code, str) and code.strip():
                lines = code.strip("\n").splitlines()
                body = "\n".join(lines[:60]) + ("\n..." if len(lines) > 60 else "")
                return f"The top code_search hit is “{title}”:\n\n```{lang}\n{body}\n```"
            return f"The top code_search hit is “{title}”."
    return f"code_search returned: {_short(content)}"


def _python_answer(content: str, data: Any) -> str:
    if not isinstance(data, dict):
        return f"run_python returned: {_short(content)}"
    parts = [data.get("message") or f"The code ran (status: {data.get('status', '?')})."]
    if data.get("stdout"):
        parts.append(f"It printed:\n\n```\n{data['stdout'].rstrip()}\n```")
    if data.get("value") is not None:
        parts.append(f"Its last expression is `{_short(str(data['value']), 200)}`.")
    files = data.get("files") or []
    if files:
        parts.append("It produced " + ", ".join(str(f.get("name")) for f in files) + " (shown above).")
    return "\n\n".join(parts)


def answer_for(tool: str, content: str) -> str:
    """A short sentence quoting one tool result."""
    content = _OBSERVATION_LABEL_RE.sub("", content, count=1)
    data = _loose_json(content)
    if isinstance(data, dict) and data.get("error") and not data.get("result"):
        error = data["error"]
        if isinstance(error, dict):
            error = error.get("message") or json.dumps(error, ensure_ascii=False)
        return f"The {tool} tool reported an error: {_short(str(error))}"
    if tool == "calculator":
        return _calculator_answer(content, data)
    if tool == "current_time":
        return _time_answer(content, data)
    if tool == "code_search":
        return _code_answer(content, data)
    if tool == "run_python":
        return _python_answer(content, data)
    return f"The {tool} tool returned: {_short(content)}"


def parse_action(text: str) -> dict[str, Any] | None:
    """Parse a prompt-mode action (```json {"action": ...}``` or bare JSON)."""
    match = _ACTION_FENCE_RE.search(text)
    data = _loose_json(match.group(1) if match else text)
    if isinstance(data, dict) and isinstance(data.get("action"), str):
        return data
    return None


def _tool_results(messages: list[dict[str, Any]], prompt_mode: bool) -> list[tuple[str, str]]:
    """``(tool_name, result_text)`` pairs for the current user question."""
    start = last_user_index(messages) + 1
    names: dict[str, str] = {}
    last_action = ""
    results = []
    for msg in messages[start:]:
        role = msg.get("role")
        if role == "assistant":
            for call in msg.get("tool_calls") or ():
                fn = call.get("function") or {}
                names[str(call.get("id"))] = str(fn.get("name") or "tool")
                last_action = str(fn.get("name") or "tool")
            action = parse_action(text_of(msg.get("content")))
            if action:
                last_action = action["action"]
        elif role in ("tool", "function"):
            name = names.get(str(msg.get("tool_call_id"))) or msg.get("name") or last_action
            results.append((name or "tool", text_of(msg.get("content"))))
    if results or not prompt_mode or start < 2:
        return results
    # Prompt mode may send the observation back as a user message that follows
    # the assistant's action.
    previous = messages[start - 2]
    if previous.get("role") == "assistant":
        action = parse_action(text_of(previous.get("content")))
        if action and action["action"] != FINAL_ACTION:
            return [(action["action"], text_of(messages[start - 1].get("content")))]
    return []


# --------------------------------------------------------------------------- #
# The policy
# --------------------------------------------------------------------------- #
def action_text(action: str, action_input: Any) -> str:
    """Prompt-mode action as text: a JSON object in a ```json fence."""
    payload = json.dumps({"action": action, "action_input": action_input}, ensure_ascii=False)
    return f"```json\n{payload}\n```"


def _final(text: str, prompt_mode: bool) -> dict[str, Any]:
    return {"content": action_text(FINAL_ACTION, text) if prompt_mode else text}


def _prompt_tools(messages: list[dict[str, Any]]) -> set[str]:
    texts = [text_of(m.get("content")) for m in messages if m.get("role") in ("system", "developer")]
    if not texts and messages:
        texts.append(text_of(messages[0].get("content")))
    blob = "\n".join(texts)
    return {
        name for name in ("current_time", "calculator", "code_search", "run_python") if re.search(rf"\b{name}\b", blob)
    }


def demo_turn(request: dict[str, Any], *, prompt_mode: bool = False) -> dict[str, Any]:
    """Return the scenario turn the demo policy plays for ``request``."""
    messages = request["messages"]
    results = _tool_results(messages, prompt_mode)
    if results:
        return _final("\n\n".join(answer_for(name, text) for name, text in results), prompt_mode)

    start = last_user_index(messages)
    text = MARKER_RE.sub(" ", text_of(messages[start].get("content")) if start >= 0 else "")
    intents = detect_intents(text)
    available = _prompt_tools(messages) if prompt_mode else set(request_tool_names(request))
    usable = [intent for intent in intents if intent.tool in available]
    if usable and prompt_mode:
        first = usable[0]
        return {"reasoning": first.reasoning, "content": action_text(first.tool, first.arguments)}
    if usable:
        return {
            "reasoning": " ".join(intent.reasoning for intent in usable),
            "tool_calls": [{"name": i.tool, "arguments": i.arguments} for i in usable],
        }
    if intents:
        missing = intents[0]
        return _final(
            f"(scripted demo model) That looks like a request for {missing.description}, "
            f"but no {missing.tool} tool is available, so I cannot answer it.",
            prompt_mode,
        )
    return _final(DEMO_TEXT, prompt_mode)
