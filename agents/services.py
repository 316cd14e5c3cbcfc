"""Starting a chat turn (web side): the chat kind's admission.

A chat turn is a run of kind ``chat`` bound to a conversation. The spine
admits it (the person's cap, the conversation's busy lock); this module adds
what is particular to chat: the message check, the budget, the ownership of
an existing conversation (which also reserves the turn's sequence numbers), and
the user message, recorded after the run was enqueued so the worker can start
answering at once.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings

from agents import history
from runs import reports
from runs import usage as usage_costs
from runs.state import IF_BUSY
from runs.web import records
from runs.web.admission import admitted
from tomato_agent.errors import InvalidRequest
from tomato_agent.mongo import new_id

KIND = "chat"
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_UNSET = object()


@dataclass(frozen=True)
class StartedRun:
    run_id: str
    conversation_id: str
    message_id: str
    # With chat_start(defer_record=True): stores the user message and the queued run;
    # the caller runs it once it has started following the stream.
    record: Callable[[], None] | None = field(default=None, compare=False)


def validate_content(content) -> str:
    if not isinstance(content, str) or not content.strip():
        raise InvalidRequest("The message must be a non-empty string.")
    if len(content) > settings.CHAT_MAX_MESSAGE_CHARS:
        raise InvalidRequest(f"The message is longer than {settings.CHAT_MAX_MESSAGE_CHARS} characters.")
    return content


async def chat_start_async(
    *,
    user,
    conversation_id: str | None,
    content,
    create_missing: bool = False,
    defer_record: bool = False,
    workflow_id=None,
    agent_id: str | None = None,
    if_busy: str | None = None,
    edit_of: str | None = None,
    regenerate_of: str | None = None,
    leaf_id: str | None = None,
) -> StartedRun:
    """:func:`chat_start` for async callers: one hop to a worker thread (the budget's ORM lookup included).

    Not ``thread_sensitive``: admissions of concurrent requests run side by side
    in the web process's thread pool instead of queueing for one thread. Through
    ``database_sync_to_async``, so that thread's database connection is closed
    when stale, as for any ORM use from async code (the WebSocket consumer's included).
    """
    from channels.db import database_sync_to_async

    return await database_sync_to_async(chat_start, thread_sensitive=False)(
        user=user, conversation_id=conversation_id, content=content, create_missing=create_missing,
        defer_record=defer_record, workflow_id=workflow_id, agent_id=agent_id, if_busy=if_busy, edit_of=edit_of,
        regenerate_of=regenerate_of, leaf_id=leaf_id,
    )  # fmt: skip


def chat_start(
    *,
    user,
    conversation_id: str | None,
    content,
    create_missing: bool = False,
    budget=_UNSET,
    defer_record: bool = False,
    workflow_id=None,
    agent_id: str | None = None,
    if_busy: str | None = None,
    edit_of: str | None = None,
    regenerate_of: str | None = None,
    leaf_id: str | None = None,
) -> StartedRun:
    """Admit, store and enqueue a chat turn; its events follow on ``run:{run_id}``.

    ``create_missing`` (the GenOS endpoint, whose clients may choose a chatId)
    starts a new conversation under an id this user does not have yet.
    ``budget`` is what :func:`runs.usage.budget_left` says (looked up here when not given).
    ``workflow_id`` starts a conversation answered by that workflow (``workflows/chatflow.py``): the
    conversation keeps the binding, and every later turn of it is a workflow run.
    ``agent_id`` picks the agent a new conversation talks to (one the person
    may use; another user's private agent is a 404); a conversation keeps the
    agent it started with, and without one the default agent answers.
    ``if_busy`` says what happens while the conversation's answer still runs
    (double texting, ``runs.web.admission.admitted``): ``reject`` (the default,
    409 ``conversation_busy``), ``enqueue`` (after it, in order) or ``interrupt``
    (cancel it, keeping its partial answer, then answer this).
    ``edit_of`` (a user message id): the turn replaces that message with ``content``, as a new branch from
    the message before it; ``regenerate_of`` (a user message id): a new answer to that message (``content``
    is not needed). The earlier messages stay as alternatives (``agents.history``, branches).
    ``leaf_id`` (a message id, with a new message): the last message of the branch the client shows; in a
    conversation with branches the turn continues from it, even when another tab or client has since
    paged to another branch (a message not in the person's conversation is a 404).
    """
    fork = _fork_of(user=user, conversation_id=conversation_id, edit_of=edit_of, regenerate_of=regenerate_of)
    if fork is not None and regenerate_of is not None:
        content = fork["content"]
    content = validate_content(content)
    if conversation_id is not None and (not isinstance(conversation_id, str) or not CLIENT_ID.match(conversation_id)):
        raise InvalidRequest("conversation_id must be a conversation id string.")
    if workflow_id is not None and (isinstance(workflow_id, bool) or not isinstance(workflow_id, int)):
        raise InvalidRequest("workflow_id must be a workflow id (a number).")
    if agent_id is not None and (not isinstance(agent_id, str) or not CLIENT_ID.match(agent_id)):
        raise InvalidRequest("agent_id must be an agent id string.")
    if workflow_id is not None and agent_id is not None:
        raise InvalidRequest("A conversation is answered by an agent or by a workflow, not both.")
    if leaf_id is not None:
        if fork is not None:
            raise InvalidRequest("leaf_id goes with a new message, not with edit_of or regenerate_of.")
        if not isinstance(leaf_id, str) or not CLIENT_ID.match(leaf_id):
            raise InvalidRequest("leaf_id must be a message id string.")
        if conversation_id is None:
            raise InvalidRequest("leaf_id needs the conversation_id it belongs to.")
    if_busy = if_busy or "reject"
    if if_busy not in IF_BUSY:
        raise InvalidRequest(f"if_busy must be one of {', '.join(IF_BUSY)}.")
    if budget is _UNSET:
        budget = usage_costs.budget_left(user_id=user.id)
    create_conversation = is_new = conversation_id is None
    claimed, leaf = False, None
    bound = workflow_id
    kept_agent = None
    new_messages = 1 if regenerate_of is not None else 2
    if is_new:
        conversation_id, user_seq = new_id(), 1
    else:
        # Ownership before admission: another user's conversation is a 404 before any slot or lock is taken.
        user_seq, claimed, bound, kept_agent, leaf = history.turn_reserve_or_claim(
            user_id=user.id,
            conversation_id=conversation_id,
            content=content,
            create_missing=create_missing,
            messages=new_messages,
        )
        is_new = claimed
    # Where the turn goes on from, in a conversation with branches: the active branch's last message, or
    # for an edit or a regenerated answer the message before the one it replaces.
    branch = None
    if fork is not None:
        branch = {"leaf_id": fork.get("parent_id"), "parent_id": fork.get("parent_id")}
    elif leaf is not None:
        branch = {"leaf_id": leaf, "parent_id": leaf}
    try:
        if leaf_id is not None and leaf_id != leaf:  # the client shows another branch than the stored one
            history.message_in_conversation(user_id=user.id, conversation_id=conversation_id, message_id=leaf_id)
            if leaf is not None:
                branch = {"leaf_id": leaf_id, "parent_id": leaf_id}
        if workflow_id is not None and bound != workflow_id:
            raise InvalidRequest("This conversation is not answered by that workflow: start a new conversation.")
        binding = _workflow_binding(user=user, workflow_id=bound)
        agent = None if binding else _agent_for(user=user, agent_id=agent_id, kept=kept_agent, is_new=is_new)
        run, user_message_id, report_fields, kind = _admit_and_enqueue(
            user=user,
            conversation_id=conversation_id,
            is_new=is_new,
            content=content,
            user_seq=user_seq,
            budget=budget,
            binding=binding,
            agent=agent,
            if_busy=if_busy,
            branch=branch,
            asked=fork["_id"] if regenerate_of is not None else None,
        )
    except Exception:
        if not create_conversation:
            with contextlib.suppress(Exception):  # best effort: the refusal itself is what the caller must see
                history.turn_release(
                    user_id=user.id, conversation_id=conversation_id, claimed=claimed, messages=new_messages
                )
        raise
    # Recorded after enqueueing: the worker needs none of it to start answering.
    record = functools.partial(
        _record, user_id=user.id, conversation_id=conversation_id, create_conversation=create_conversation,
        content=content, run_id=run.run_id, user_message_id=user_message_id, user_seq=user_seq,
        report_fields=report_fields, created_at=run.created_at, kind=kind, workflow_id=bound,
        agent_id=agent["id"] if agent else None, branch=branch, regenerated=regenerate_of is not None,
    )  # fmt: skip
    if not defer_record:
        record()
        record = None
    return StartedRun(run_id=run.run_id, conversation_id=conversation_id, message_id=user_message_id, record=record)


def _workflow_binding(*, user, workflow_id) -> dict | None:
    """The workflow a conversation answers with, checked for this turn (404 if the user may not run it,
    400 if it takes no message or cannot run); None for the agent."""
    if workflow_id is None:
        return None
    from workflows.chatflow import chat_binding

    return chat_binding(user=user, workflow_id=workflow_id)


def _agent_for(*, user, agent_id: str | None, kept: str | None, is_new: bool) -> dict | None:
    """The frozen spec of the agent that answers this turn: the conversation's own, or the one asked for."""
    if not is_new and kept is None and agent_id is None:
        return None
    if not is_new and agent_id is not None and agent_id != kept:
        raise InvalidRequest("A conversation keeps the agent it started with; start a new one for another agent.")
    chosen = kept if kept is not None else agent_id
    if chosen is None:
        return None
    from agents.agent_services import agent_for_chat

    return agent_for_chat(user=user, agent_id=chosen)


def _fork_of(*, user, conversation_id, edit_of, regenerate_of) -> dict | None:
    """The user message an edit or a regenerated answer replaces or answers (its conversation forked)."""
    if edit_of is None and regenerate_of is None:
        return None
    if edit_of is not None and regenerate_of is not None:
        raise InvalidRequest("Give edit_of or regenerate_of, not both.")
    if not isinstance(conversation_id, str) or not CLIENT_ID.match(conversation_id):
        raise InvalidRequest("Editing a message or regenerating an answer needs its conversation_id.")
    message_id = edit_of if edit_of is not None else regenerate_of
    if not isinstance(message_id, str) or not CLIENT_ID.match(message_id):
        raise InvalidRequest("edit_of and regenerate_of are message ids.")
    return history.branch_point(user_id=user.id, conversation_id=conversation_id, message_id=message_id)


def _admit_and_enqueue(
    *,
    user,
    conversation_id: str,
    is_new: bool,
    content: str,
    user_seq: int,
    budget,
    binding: dict | None = None,
    agent: dict | None = None,
    if_busy: str = "reject",
    branch: dict | None = None,
    asked: str | None = None,
):
    """Admit the turn (the person's cap, the conversation's busy lock) and send it to a worker.

    ``asked``: the stored user message a regenerated answer answers (no new user message then).
    Returns the admission, the user message's id, the report fields and the run's kind (``workflow``
    when a workflow answers the conversation)."""
    with admitted(user=user, conversation_id=conversation_id, if_busy=if_busy) as run:
        user_message_id, assistant_message_id = asked or new_id(), new_id()
        report_fields = {
            "conversation_id": conversation_id,
            "user_message_id": user_message_id,
            "assistant_message_id": assistant_message_id,
            "assistant_seq": user_seq + 1,
        }
        if branch is not None:
            report_fields["forked"] = True
        if binding is not None:
            from workflows.admission import KIND as WORKFLOW_KIND
            from workflows.chatflow import chat_spec

            spec = chat_spec(
                binding=binding,
                content=content,
                new_conversation=is_new,
                user_seq=user_seq,
                budget=budget,
                report_fields=report_fields,
                branch={"leaf_id": branch["leaf_id"]} if branch is not None else None,
            )
            session = {"message_id": user_message_id, "workflow_id": binding["id"], "source": "chat"}
            if run.queued:
                session["queued"] = True
            run.enqueue(kind=WORKFLOW_KIND, session=session, spec=spec)
            return run, user_message_id, report_fields, WORKFLOW_KIND
        spec = {
            "new_conversation": is_new,
            "content": content,
            "user_seq": user_seq,
            "budget": budget,
            "report_fields": report_fields,
        }
        if branch is not None:
            spec["branch"] = {"leaf_id": branch["leaf_id"]}
        session = {"message_id": user_message_id}
        if agent is not None:
            report_fields["agent"] = {"id": agent["id"], "version": agent["version"], "name": agent["name"]}
            spec["agent"] = agent
            session["agent_id"] = agent["id"]
        if run.queued:
            session["queued"] = True
        run.enqueue(kind=KIND, session=session, spec=spec, model=(agent or {}).get("model") or "")
    return run, user_message_id, report_fields, KIND


def _record(
    *,
    user_id: int,
    conversation_id: str,
    create_conversation: bool,
    content: str,
    run_id: str,
    user_message_id: str,
    user_seq: int,
    report_fields: dict,
    created_at: float,
    kind: str = KIND,
    workflow_id: int | None = None,
    agent_id: str | None = None,
    branch: dict | None = None,
    regenerated: bool = False,
) -> None:
    """The user message, a new conversation and the queued report: one group commit with other turns'.

    A regenerated answer has no new user message: its user message points at the new run instead."""
    queued = reports.queued_document(
        run_id=run_id, user_id=user_id, kind=kind, model=settings.LLM_MODEL,
        created_at=datetime.fromtimestamp(created_at, UTC), fields=report_fields,
    )  # fmt: skip
    if regenerated:
        records.inserts.insert([queued])
        history.regenerate_record(
            user_id=user_id,
            conversation_id=conversation_id,
            message_id=user_message_id,
            run_id=run_id,
            answer_id=report_fields["assistant_message_id"],
        )
        return
    turn = history.turn_documents(
        user_id=user_id,
        conversation_id=conversation_id,
        create_conversation=create_conversation,
        content=content,
        run_id=run_id,
        user_message_id=user_message_id,
        user_seq=user_seq,
        workflow_id=workflow_id,
        agent_id=agent_id,
        branch=branch,
    )
    records.inserts.insert([*turn, queued])
    if branch is not None:
        history.branch_move_to_turn(
            user_id=user_id,
            conversation_id=conversation_id,
            user_message_id=user_message_id,
            answer_id=report_fields["assistant_message_id"],
        )


def conversation_delete(*, user_id: int, conversation_id: str) -> None:
    """Delete the user's conversation (NotFound if it is not theirs): its messages, runs and sandbox files."""
    from agents.deletions import conversation_deleted_mark
    from sandbox.files import files_delete

    # Files are found by the conversation they record and by its runs (files stored before they recorded it).
    runs = reports.reports_list(user_id=user_id, limit=0, conversation_id=conversation_id)
    # Marked first (the mark is per owner: another user's id marks nothing of theirs): its first answer may
    # still be running, and its title must not bring it back (agents.deletions).
    conversation_deleted_mark(user_id=user_id, conversation_id=conversation_id)
    history.conversation_delete(user_id=user_id, conversation_id=conversation_id)
    files_delete(user_id=user_id, conversation_id=conversation_id, run_ids=[run["_id"] for run in runs])
