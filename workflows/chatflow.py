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

from typing import Any

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


def chat_inputs(
    document: dict, *, message: str, history: list[dict], conversation_id: str = "", variables: dict | None = None
) -> dict:
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


# --- a chat bound to a workflow ------------------------------------------------------------------


def chat_binding(*, user, workflow_id) -> dict:
    """The workflow a conversation answers with (web side, ORM): its current version, for this turn.

    WorkflowNotFound when the user may not run it; WorkflowInvalid when it takes no message or cannot run.
    """
    from workflows.admission import WorkflowInvalid, schema_errors
    from workflows.selectors import workflow_get

    workflow = workflow_get(user=user, workflow_id=workflow_id)
    if message_key(workflow.schema) is None:
        raise WorkflowInvalid(
            [
                'The start node takes no message: give it a "message" (or "query", "question", "input", "prompt") '
                "string input to chat with this workflow."
            ]
        )
    errors = schema_errors(workflow.schema)
    if errors:
        raise WorkflowInvalid(errors)
    return {
        "id": workflow.pk,
        "name": workflow.name,
        "version": workflow.version,
        "schema": workflow.schema,
        "author_is_staff": bool(workflow.owner.is_staff),
    }


def chat_spec(
    *,
    binding: dict,
    content: str,
    new_conversation: bool,
    user_seq: int,
    budget: Any,
    report_fields: dict,
    branch: dict | None = None,
) -> dict:
    """The spec of a chat turn answered by a workflow (kind ``workflow``; history is read by the worker).

    ``branch`` (a conversation with branches): ``{"leaf_id"}``, the message the turn follows; the history
    the workflow gets is that branch, as for an agent (``agents.history.history_for_model``)."""
    from workflows.admission import seal

    report_fields.update(
        workflow_id=binding["id"], workflow_version=binding["version"], workflow_name=binding["name"], source="chat"
    )
    payload = {
        "schema": binding["schema"],
        "inputs": {},
        "secrets": [],
        "runtime": {"staff_vault": binding["author_is_staff"]},
    }
    return {
        "mode": "graph",
        "sealed": seal(payload),
        "answer": True,
        "budget": budget,
        "report_fields": report_fields,
        "chat": {
            "content": content,
            "new_conversation": new_conversation,
            "user_seq": user_seq,
            **({"branch": branch} if branch is not None else {}),
        },
    }


def chat_history(
    *, conversation_id: str, user_id: int, before_seq: int, limit: int, branch: dict | None = None
) -> list[dict]:
    """The turns before this one as ``[{role, content}]`` (worker side, one read of the history); in a
    conversation with branches, those of the branch the turn follows (``branch``: ``{"leaf_id"}``)."""
    from agents import history

    stored = history.history_for_model(
        conversation_id=conversation_id, user_id=user_id, before_seq=before_seq, limit=limit, branch=branch
    )
    turns = []
    for message in stored:
        text = message.get("content") if message["role"] == "user" else message.get("final_content")
        if message["role"] == "assistant" and text is None:
            text = message.get("content")
        if text:
            turns.append({"role": message["role"], "content": text})
    return turns


def node_rounds(nodes: list[dict] | None) -> list[dict]:
    """A workflow answer's node reports as the stored message's steps (``rounds``), so a reopened
    conversation shows each node as the live answer did: label, status, outputs, time."""
    results = []
    for node in nodes or ():
        if node.get("status") in ("skipped", "pending") or node.get("type") in ("block-start", "block-end"):
            continue
        error = node.get("error")
        results.append(
            {
                "call_id": f"node:{node['id']}",
                "name": node.get("type"),
                "label": node.get("title") or node["id"],
                "ok": node.get("status") == "succeeded",
                "content": "",
                "visible": node.get("outputs") or None,
                "error": error.get("message") if isinstance(error, dict) else error,
                "visible_arguments": {"node_id": node["id"], "runs": node.get("runs")},
                "duration_ms": node.get("duration_ms"),
            }
        )
    if not results:
        return []
    calls = [{"id": r["call_id"], "name": r["name"], "arguments": ""} for r in results]
    return [{"content": "", "tool_calls": calls, "results": results, "workflow": True}]
