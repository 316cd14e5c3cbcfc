"""What a workflow gets when people talk to it: the message and the history as start-node inputs.

Used by chats bound to a workflow and by SpotLight's ``input.messages``. The
start node declares what it takes; these names are filled when declared:

* the message — ``message``, ``query``, ``question``, ``input`` or ``prompt``
  (the first declared), else the first string property the start requires;
* ``history`` (or ``messages`` / ``chat_history``) — the earlier turns as
  ``[{role, content}]``, oldest first;
* ``conversation_id`` — the conversation's id.

Values the caller gives explicitly (SpotLight ``input.variables``) win.
"""

from __future__ import annotations

from workflows.documents import input_schema

MESSAGE_KEYS = ("message", "query", "question", "input", "prompt")
HISTORY_KEYS = ("history", "messages", "chat_history")


def message_key(document: dict) -> str | None:
    """The start-node input a chat message goes into, or None when the workflow takes no message."""
    schema = input_schema(document)
    properties = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
    for key in MESSAGE_KEYS:
        if key in properties:
            return key
    required = schema.get("required") if isinstance(schema.get("required"), list) else []
    for key in required:
        if isinstance(properties.get(key), dict) and properties[key].get("type") == "string":
            return key
    strings = [k for k, v in properties.items() if isinstance(v, dict) and v.get("type") == "string"]
    return strings[0] if len(strings) == 1 else None


def chat_inputs(document: dict, *, message: str, history: list[dict], conversation_id: str = "",
                variables: dict | None = None) -> dict:  # fmt: skip
    schema = input_schema(document)
    properties = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
    inputs: dict = {}
    key = message_key(document)
    if key is not None:
        inputs[key] = message
    for name in HISTORY_KEYS:
        if name in properties and name != key:
            wanted = (properties[name] or {}).get("type")
            inputs[name] = history if wanted in (None, "array") else _history_text(history)
            break
    if "conversation_id" in properties and conversation_id:
        inputs["conversation_id"] = conversation_id
    inputs.update(variables or {})
    return inputs


def _history_text(history: list[dict]) -> str:
    return "\n".join(f"{turn['role']}: {turn['content']}" for turn in history)
