"""Chat history in MongoDB: conversations and messages (run reports are ``runs.reports``).

Writes are services, reads are selectors, and every one takes the requesting
user: there is no way to read a conversation by id alone. The embedded
MongoDB server is slow per round trip and every one before the first token
shows in the latency, so a chat turn makes at most one before its run is
enqueued (the ownership check that also reserves the turn's sequence numbers,
for an existing conversation), records the user message and the queued run
after enqueueing, and the worker writes the answer, the conversation (its
search text) and the report at the end, group-committed with other runs'
closes (``runs.close_writes``; reading history once at the start, and not at
all for a new conversation).

Every conversation keeps what its search reads (``search.text``: its title and
its messages' texts, :func:`search_text`): the writes that add a message or
change the title change it too, so a search is one query on conversations and
never reads messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from runs import close_writes
from runs.usage import day_range
from tomato_agent.errors import InvalidRequest, NotFound
from tomato_agent.mongo import get_db, new_id

TITLE_CHARS = 60


def now() -> datetime:
    return datetime.now(UTC)


def title_from(content: str) -> str:
    line = " ".join(content.strip().split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"


_FENCED = re.compile(r"^\s*(```|~~~).*?(^\s*\1|\Z)", re.S | re.M)
_MARKUP = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images: their text
    (re.compile(r"<[^>]+>"), " "),  # HTML tags
    (re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", re.M), ""),  # headings, quotes, list marks
    # Emphasis, strikethrough and inline code lose their marks; a lone * or _ is text ("6*7", "snake_case").
    (re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])"), r"\2"),
    (re.compile(r"`+([^`]*)`+"), r"\1"),
    (re.compile(r"\$\$?[^$]*\$\$?"), " "),  # math
]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[\u3002\uff01\uff1f])\s*")  # also CJK full stops, ! and ?
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+)$", re.M)


def _plain(text: str) -> str:
    """Markdown reduced to its words: no code blocks, markup, links' targets or math."""
    text = _FENCED.sub(" ", text or "")
    for pattern, repl in _MARKUP:
        text = pattern.sub(repl, text)
    return text


def _first_sentence(text: str) -> str:
    """The first sentence of plain text that says something (three words or more, a greeting skipped);
    the first sentence at all when none does."""
    sentences = [" ".join(s.split()) for line in text.splitlines() for s in _SENTENCE_END.split(line)]
    sentences = [s for s in sentences if s]
    return next((s for s in sentences if len(s.split()) >= 3), sentences[0] if sentences else "")


def _cut(text: str) -> str:
    """At most TITLE_CHARS, cut at a word boundary; a trailing full stop or colon dropped."""
    text = text.strip().rstrip(".:;,").strip()
    if len(text) <= TITLE_CHARS:
        return text
    cut = text[: TITLE_CHARS - 1]
    if " " in cut and not text[TITLE_CHARS - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" .,:;-") + "…"


def title_suggest(*, question: str, answer: str) -> str:
    """A conversation's title from its first question and answer, without a model call: the question's
    first meaningful sentence, markdown and code stripped, cut at a word boundary. When the question is
    only code (nothing left once stripped), the answer's first heading or sentence."""
    asked = _first_sentence(_plain(question))
    if asked:
        return _cut(asked)
    heading = _HEADING.search(_FENCED.sub(" ", answer or ""))
    answered = _first_sentence(_plain(heading.group(1) if heading else answer))
    return _cut(answered) or title_from(question) or "New conversation"


# --- conversations --------------------------------------------------------------------


def conversation_create(
    *,
    user_id: int,
    title: str = "",
    conversation_id: str | None = None,
    visitor: dict | None = None,
    agent_id: str | None = None,
) -> dict:
    """A new, empty conversation. ``visitor`` (``{"embed_id", "visitor_id"}``) marks one that an anonymous
    visitor of the person's embedded widget has: it is listed to that visitor only. ``agent_id``: the agent
    it talks to (kept for every turn; none is the default agent)."""
    stamp = now()
    doc = {
        "_id": conversation_id or new_id(),
        "user_id": user_id,
        "title": title.strip(),
        "created_at": stamp,
        "updated_at": stamp,
        "message_count": 0,
        "seq": 0,
        "search": search_document(title=title.strip(), messages=[]),
        **(visitor or {}),
        **({"agent_id": agent_id} if agent_id else {}),
    }
    get_db().conversations.insert_one(doc)
    return doc


SEARCH_MAX_CHARS = 200  # of a query
# What a search reads, kept on the conversation (``search.text``, never read back): its title, then the texts
# of its messages (the person's and the answers), each whitespace-collapsed, lower-cased and cut to
# SEARCH_ENTRY_CHARS, one a line; of the messages, the newest SEARCH_KEPT_CHARS. A query has no line break
# (nor the separator after the title), so it matches within the title or one message, as when it searched
# messages. One string matched by one regular expression: on SecantusDB an ``$or`` of fields, or a match
# against an array's elements, costs some 20-30 times more (docs/benchmarks.md). ``search.v`` marks a
# conversation whose text was built from all its messages (new ones from the start, older ones by
# ``manage.py backfill_conversation_search``).
SEARCH_VERSION = 1
SEARCH_ENTRY_CHARS = 4000
SEARCH_KEPT_CHARS = 100_000
_SEP = "\x1e"  # after the title (whitespace to str.split, so never in an entry or a query)
_HIDDEN = {"search": 0}  # never read back with the conversation: only the search's filter uses it


def search_entry(text: str | None) -> str:
    """A message or a title as the search reads it: whitespace collapsed, lower case, at most
    SEARCH_ENTRY_CHARS."""
    return " ".join((text or "").split()).lower()[:SEARCH_ENTRY_CHARS]


def search_text(*, title: str, messages: list[dict]) -> str:
    """A conversation's search text from its title and its messages (oldest first)."""
    entries = (search_entry(m.get("content")) for m in messages if m.get("role") in ("user", "assistant"))
    body = "".join("\n" + entry for entry in entries if entry)
    return _SEP + search_entry(title) + _SEP + body[-SEARCH_KEPT_CHARS:]


def search_document(*, title: str, messages: list[dict]) -> dict:
    return {"v": SEARCH_VERSION, "text": search_text(title=title, messages=messages)}


# In a pipeline update: the stored text ("$$text"), and its parts, the title's ending at the second separator.
def _stored(title_if_new: str | None = None) -> dict:
    return {"$ifNull": ["$search.text", {"$literal": _SEP + search_entry(title_if_new) + _SEP}]}


_BODY_START = {"$add": [{"$indexOfCP": ["$$text", _SEP, 1]}, 1]}
_HEAD = {"$substrCP": ["$$text", 0, _BODY_START]}
_BODY = {"$substrCP": ["$$text", _BODY_START, SEARCH_KEPT_CHARS + SEARCH_ENTRY_CHARS + 1]}


def search_append(text: str | None, *, title_if_new: str | None = None) -> dict:
    """For a pipeline update's ``$set``: ``text`` (a message) added to the conversation's search text, its
    oldest messages' characters dropped past SEARCH_KEPT_CHARS (``title_if_new``: the title the text starts
    with when the conversation has none yet). Empty when there is nothing to add. One write, no read: the
    server appends and cuts."""
    entry = search_entry(text)
    if not entry:
        return {}
    body = {"$concat": [_BODY, "\n", {"$literal": entry}]}
    start = {"$max": [0, {"$subtract": [{"$strLenCP": "$$body"}, SEARCH_KEPT_CHARS]}]}
    kept = {"$let": {"vars": {"body": body}, "in": {"$substrCP": ["$$body", start, SEARCH_KEPT_CHARS]}}}
    return {"search.text": {"$let": {"vars": {"text": _stored(title_if_new)}, "in": {"$concat": [_HEAD, kept]}}}}


def search_retitle(title: str) -> dict:
    """For a pipeline update's ``$set``: the search text with ``title`` instead of the one it had."""
    head = {"$literal": _SEP + search_entry(title) + _SEP}
    return {"search.text": {"$let": {"vars": {"text": _stored()}, "in": {"$concat": [head, _BODY]}}}}


def _where_missing(fields: dict) -> dict:
    """For a pipeline update's ``$set``: each field set to the value given only where the document has none."""
    return {field: {"$ifNull": [f"${field}", {"$literal": value}]} for field, value in fields.items()}


def conversations_search_backfill(*, batch: int = 200) -> int:
    """Build ``search`` from the messages of every conversation written before conversations kept it
    (those without ``search.v``). Idempotent: a second run finds none. Returns how many it built.

    It may run while people chat (``make run`` starts it beside the web processes): a conversation whose
    title or search text changed between its read and its write (a message added, a rename) is not
    overwritten but read again."""
    db = get_db()
    done = 0
    while True:
        missing = {"search.v": {"$exists": False}}
        fields = {"_id": 1, "user_id": 1, "title": 1, "search.text": 1}
        pending = list(db.conversations.find(missing, fields).limit(batch))
        built = sum(_search_backfill_one(conversation) for conversation in pending)
        done += built
        if not built:  # none left, or only ones changing under it at every read (the next run takes them)
            return done


def _search_backfill_one(conversation: dict) -> bool:
    """One conversation's ``search`` from its messages, unless it changed since ``conversation`` was read."""
    db = get_db()
    query = {"conversation_id": conversation["_id"], "user_id": conversation["user_id"]}
    messages = list(db.messages.find(query, {"role": 1, "content": 1}).sort("seq", 1))
    search = search_document(title=conversation.get("title") or "", messages=messages)
    unchanged = {
        "_id": conversation["_id"],
        "title": conversation.get("title"),
        "search.text": (conversation.get("search") or {}).get("text"),
    }
    return db.conversations.update_one(unchanged, {"$set": {"search": search}}).modified_count == 1


def conversations_for(
    *,
    user_id: int,
    before: datetime | None = None,
    limit: int = 50,
    visitor: dict | None = None,
    query: str = "",
    archived: bool = False,
    pinned: bool | None = None,
) -> list[dict]:
    """The person's conversations, newest first — without those of their widgets' visitors, unless
    ``visitor`` (``{"embed_id", "visitor_id"}``) asks for one visitor's.

    Archived ones only when ``archived`` (and then only those); ``pinned`` True or False narrows to pinned
    or unpinned ones. ``query`` keeps those whose title or a message (the person's own, in that
    conversation) contains it, case-insensitively.
    """
    match: dict[str, Any] = {"user_id": user_id, **(visitor or {"embed_id": {"$exists": False}})}
    match["archived"] = True if archived else {"$ne": True}
    if pinned is not None:
        match["pinned"] = True if pinned else {"$ne": True}
    if before is not None:
        match["updated_at"] = {"$lt": before}
    query = " ".join((query or "").split())[:SEARCH_MAX_CHARS]
    if query:
        match["search.text"] = {"$regex": re.escape(search_entry(query))}
    return list(get_db().conversations.find(match, _HIDDEN).sort("updated_at", -1).limit(limit))


def conversation_get(*, user_id: int, conversation_id: str) -> dict:
    doc = get_db().conversations.find_one({"_id": conversation_id, "user_id": user_id}, _HIDDEN)
    if doc is None:
        raise NotFound("Conversation not found.")
    return doc


def conversation_exists(*, user_id: int, conversation_id: str) -> bool:
    return get_db().conversations.count_documents({"_id": conversation_id, "user_id": user_id}, limit=1) > 0


def conversation_update(
    *,
    user_id: int,
    conversation_id: str,
    title: str | None = None,
    pinned: bool | None = None,
    archived: bool | None = None,
) -> dict:
    """Rename, pin or archive one of the person's conversations (fields left None stay as they are).
    Pinning and archiving do not move it in the newest-first list; a new title does."""
    change: dict[str, Any] = {}
    if title is not None:  # a title the person gave is never replaced by a generated one
        change.update(title=title.strip(), renamed=True, updated_at=now())
    if pinned is not None:
        change["pinned"] = pinned
    if archived is not None:
        change["archived"] = archived
    if not change:
        return conversation_get(user_id=user_id, conversation_id=conversation_id)
    stage = {field: {"$literal": value} for field, value in change.items()}
    if title is not None:
        stage.update(search_retitle(change["title"]))
    doc = get_db().conversations.find_one_and_update(
        {"_id": conversation_id, "user_id": user_id}, [{"$set": stage}], _HIDDEN, return_document=ReturnDocument.AFTER
    )
    if doc is None:
        raise NotFound("Conversation not found.")
    return doc


def conversation_title_generate(
    *,
    user_id: int,
    conversation_id: str,
    question: str,
    answer: str,
    workflow_id: int | None = None,
    agent_id: str | None = None,
    deleted: Callable[[], bool] | None = None,
) -> str | None:
    """After a new conversation's first answer (worker side): replace the title cut from the first message
    by one made from the question and the answer (:func:`title_suggest`). Returns the new title, or None
    when the person renamed the conversation.

    One write, whatever the web side did: the web process records a new conversation after it enqueued the
    run, so it may not be there yet. Then this write creates it, with what the web's record would have
    (:func:`_new_conversation`; the web's record, an upsert too, then only adds the user message to the
    search text). A renamed conversation does not match the filter, and the upsert's insert then fails on its
    id: the person's title stays. ``deleted`` says whether the person deleted the conversation meanwhile
    (asked only when this write created it): then that creation is undone, and None returned."""
    title = title_suggest(question=question, answer=answer)
    fresh = _new_conversation(stamp=now(), workflow_id=workflow_id, agent_id=agent_id)
    stage = {"title": {"$literal": title}, **search_retitle(title), **_where_missing(fresh)}
    conversations = get_db().conversations
    try:
        done = conversations.update_one(
            {"_id": conversation_id, "user_id": user_id, "renamed": {"$ne": True}}, [{"$set": stage}], upsert=True
        )
    except DuplicateKeyError:
        return None  # renamed (or, never for a run's own conversation, another user's id)
    if done.upserted_id is not None and deleted is not None and deleted():
        # Recorded and deleted before this write. A delete that comes after this check finds the conversation.
        conversations.delete_one({"_id": conversation_id, "user_id": user_id})
        return None
    return title


def _new_conversation(*, stamp: datetime, workflow_id: int | None, agent_id: str | None) -> dict:
    """The fields of a conversation a chat turn starts, but its id, owner and title: whichever of the web's
    record and the worker's title lands first creates the conversation with them."""
    fields: dict[str, Any] = {
        "created_at": stamp,
        "updated_at": stamp,
        "message_count": 2,
        "seq": 2,
        "search.v": SEARCH_VERSION,
    }
    if workflow_id is not None:
        fields["workflow_id"] = workflow_id
    if agent_id:
        fields["agent_id"] = agent_id
    return fields


def conversation_delete(*, user_id: int, conversation_id: str) -> None:
    db = get_db()
    result = db.conversations.delete_one({"_id": conversation_id, "user_id": user_id})
    if result.deleted_count == 0:
        raise NotFound("Conversation not found.")
    db.messages.delete_many({"conversation_id": conversation_id, "user_id": user_id})
    db.runs.delete_many({"conversation_id": conversation_id, "user_id": user_id})


# --- staff reads (the admin): every conversation, whoever owns it ----------------------------


def conversations_for_staff(*, user_id: int | None = None, page: int = 0, limit: int = 50) -> list[dict]:
    """Staff only: a page of conversations, newest first, of everyone (or of ``user_id``)."""
    query = {} if user_id is None else {"user_id": user_id}
    return list(get_db().conversations.find(query, _HIDDEN).sort("updated_at", -1).skip(page * limit).limit(limit))


def conversation_for_staff(*, conversation_id: str) -> dict:
    """Staff only: any user's conversation; NotFound if there is none."""
    doc = get_db().conversations.find_one({"_id": conversation_id}, _HIDDEN)
    if doc is None:
        raise NotFound("Conversation not found.")
    return doc


def messages_for_export(*, user_id: int, conversation_id: str, limit: int = 5000) -> list[dict]:
    """Every message of one of the person's conversations, oldest first (an export); NotFound otherwise."""
    conversation_get(user_id=user_id, conversation_id=conversation_id)
    query = {"conversation_id": conversation_id, "user_id": user_id}
    return list(get_db().messages.find(query).sort("seq", 1).limit(limit))


def messages_for_staff(*, conversation_id: str, limit: int = 500) -> list[dict]:
    """Staff only: a conversation's messages, oldest first, whoever owns it."""
    return list(get_db().messages.find({"conversation_id": conversation_id}).sort("seq", 1).limit(limit))


# --- a turn ------------------------------------------------------------------------------


def turn_reserve(*, user_id: int, conversation_id: str) -> tuple[int, int | None]:
    """Check an existing conversation is this user's and reserve two sequence numbers.

    Returns the user message's sequence number (the assistant's is the next) and the workflow that
    answers the conversation (None for the agent).
    The one MongoDB round trip before a run is enqueued; NotFound otherwise.
    """
    reserved = _reserve(user_id=user_id, conversation_id=conversation_id)
    return reserved.seq, reserved.workflow_id


class Reserved(NamedTuple):
    seq: int  # the user message's sequence number (the assistant's is the next)
    claimed: bool  # a conversation was created under a client-chosen id (GenOS chatId)
    workflow_id: int | None  # the workflow that answers the conversation (None for the agent)
    agent_id: str | None  # the agent people built that the conversation started with (None: the default)
    leaf: str | None  # a conversation with branches: the last message of the branch shown; else None


def _reserve(*, user_id: int, conversation_id: str, messages: int = 2) -> Reserved:
    """Reserve two sequence numbers in the user's conversation; with what answers it (``workflow_id``,
    ``agent_id``) and where its branch shown ends. NotFound if it is not theirs."""
    conversation = get_db().conversations.find_one_and_update(
        {"_id": conversation_id, "user_id": user_id},
        {"$inc": {"seq": 2, "message_count": messages}, "$set": {"updated_at": now()}},
        projection={"seq": 1, "workflow_id": 1, "agent_id": 1, "forked": 1, "leaf_id": 1},
        return_document=ReturnDocument.AFTER,
    )
    if conversation is None:
        raise NotFound("Conversation not found.")
    leaf = conversation.get("leaf_id") if conversation.get("forked") else None
    return Reserved(conversation["seq"] - 1, False, conversation.get("workflow_id"), conversation.get("agent_id"), leaf)


def turn_reserve_or_claim(
    *, user_id: int, conversation_id: str, content: str, create_missing: bool, messages: int = 2
) -> Reserved:
    """Ownership first: reserve a turn in the user's conversation, or (``create_missing``, a GenOS chatId)
    claim the id for a new one; NotFound if another user has the id. What answers the conversation: a
    workflow, an agent people built, or neither for the default agent. ``messages``: how many messages the
    turn adds (1 for a regenerated answer)."""
    try:
        return _reserve(user_id=user_id, conversation_id=conversation_id, messages=messages)
    except NotFound:
        if not create_missing:
            raise
    try:
        conversation_claim(user_id=user_id, conversation_id=conversation_id, content=content)
        return Reserved(1, True, None, None, None)
    except NotFound:  # claimed meanwhile: by this user's other request (ours to use), or by another user (404)
        return _reserve(user_id=user_id, conversation_id=conversation_id, messages=messages)


def turn_release(*, user_id: int, conversation_id: str, claimed: bool, messages: int = 2) -> None:
    """Undo :func:`turn_reserve_or_claim` for a turn that was not admitted (busy, over the cap): the
    conversation it claimed, or the message count (the sequence numbers keep their gap; gaps are harmless)."""
    conversations = get_db().conversations
    if claimed:
        conversations.delete_one({"_id": conversation_id, "user_id": user_id, "seq": 2})
    else:
        conversations.update_one({"_id": conversation_id, "user_id": user_id}, {"$inc": {"message_count": -messages}})


def conversation_claim(*, user_id: int, conversation_id: str, content: str) -> None:
    """Create a conversation under a client-chosen id (GenOS chatId); NotFound if another user has it."""
    stamp = now()
    try:
        get_db().conversations.insert_one({
            "_id": conversation_id, "user_id": user_id, "title": title_from(content),
            "created_at": stamp, "updated_at": stamp, "message_count": 2, "seq": 2,
            "search": search_document(title=title_from(content), messages=[]),
        })  # fmt: skip
    except DuplicateKeyError:
        raise NotFound("Conversation not found.") from None


def conversation_import(*, user_id: int, messages: list[tuple[str, str]], agent_id: str | None = None) -> str:
    """A new conversation holding earlier ``(role, text)`` user and assistant messages a client sent along
    (an OpenAI-style request carries its whole history); the next turn continues after them. Returns its id."""
    stamp = now()
    conversation_id = new_id()
    first_user = next((text for role, text in messages if role == "user"), "") or "Imported conversation"
    docs = []
    for seq, (role, text) in enumerate(messages, start=1):
        doc = {
            "_id": new_id(),
            "conversation_id": conversation_id,
            "user_id": user_id,
            "seq": seq,
            "role": role,
            "content": text,
            "created_at": stamp,
            "imported": True,
        }
        if role == "assistant":
            doc.update(final_content=text, reasoning="", rounds=[], status="succeeded", usage=None, error=None)
        docs.append(doc)
    db = get_db()
    conversation = {
        "_id": conversation_id,
        "user_id": user_id,
        "title": title_from(first_user),
        "search": search_document(title=title_from(first_user), messages=docs),
    }
    if agent_id:
        conversation["agent_id"] = agent_id
    db.conversations.insert_one(
        {**conversation, "created_at": stamp, "updated_at": stamp, "message_count": len(docs), "seq": len(docs)}
    )
    if docs:
        db.messages.insert_many(docs, ordered=True)
    return conversation_id


def turn_documents(
    *,
    user_id: int,
    conversation_id: str,
    create_conversation: bool,
    content: str,
    run_id: str,
    user_message_id: str,
    user_seq: int,
    workflow_id: int | None = None,
    agent_id: str | None = None,
    branch: dict | None = None,
) -> list:
    """The writes that record a turn's user message (and a new conversation, bound to ``workflow_id`` when
    a workflow answers it, or keeping ``agent_id``, the agent it started with), for one group commit. The
    conversation's write adds the message to its ``search``.

    A new conversation is an upsert that sets each of its fields only where it has none: a fast worker may
    have created it already with its generated title (:func:`conversation_title_generate`), which this
    write keeps.

    ``branch`` (a conversation with branches): ``{"parent_id"}``, the message the user message follows
    (the caller then moves the active branch to it, :func:`branch_move`)."""
    from runs.web.records import Insert, Update

    db = get_db()
    stamp = now()
    out: list = []
    title = title_from(content) if create_conversation else None
    change = search_append(content, title_if_new=title)
    if create_conversation:  # each field as it is when the worker's title created the conversation first
        change.update(
            _where_missing(
                {"title": title, **_new_conversation(stamp=stamp, workflow_id=workflow_id, agent_id=agent_id)}
            )
        )
    if change:
        out.append(
            Update(
                db.conversations, {"_id": conversation_id, "user_id": user_id}, [{"$set": change}], create_conversation
            )
        )
    message = {
        "_id": user_message_id,
        "conversation_id": conversation_id,
        "user_id": user_id,
        "seq": user_seq,
        "role": "user",
        "content": content,
        "run_id": run_id,
        "created_at": stamp,
    }
    if branch is not None:
        message["parent_id"] = branch["parent_id"]
    out.append(Insert(db.messages, message))
    return out


def turn_record(**turn) -> None:
    """Store the user message (after the run was enqueued: off the latency path), with other turns' writes."""
    from runs.web.records import inserts

    inserts.insert(turn_documents(**turn))


def answer_store(
    *,
    run: dict,
    status: str,
    content: str,
    final_content: str,
    reasoning: str,
    rounds: list[dict],
    usage: dict | None,
    model: str,
    error: dict | None,
    timings: dict,
    usage_by_model: list[dict] | None = None,
    agent: dict | None = None,
) -> None:
    """Store a run's assistant message. First writer wins (a worker and the sweeper may race to close a run).

    ``usage_by_model`` (when the answer's calls used several models) splits
    ``usage`` per provider and model; ``agent`` is ``{id, version, name}`` of
    the agent that answered.
    """
    message = {
        "_id": run["assistant_message_id"], "conversation_id": run["conversation_id"],
        "user_id": run["user_id"], "seq": run["assistant_seq"], "role": "assistant",
        "content": content, "final_content": final_content, "reasoning": reasoning,
        "rounds": rounds, "usage": usage, "model": model, "status": status, "error": error,
        "run_id": run["_id"], "timings": timings, "created_at": now(),
    }  # fmt: skip
    if usage_by_model:
        message["usage_by_model"] = usage_by_model
    if agent:
        message["agent"] = agent
    if run.get("user_message_id"):
        message["parent_id"] = run["user_message_id"]
    db = get_db()
    # Through close_writes: in the worker's close, one bulk_write with the other runs closing meanwhile.
    close_writes.update(db.messages, {"_id": message["_id"]}, {"$setOnInsert": message}, upsert=True)
    # The conversation's one write: the answer's text for the search and, in a conversation with branches,
    # the active branch going on with this answer (unless the person switched meanwhile). ``search.last``
    # keeps a second writer of the same answer (the sweeper) from adding its text twice.
    stage = search_append(content)
    if run.get("forked"):
        moved = {"$eq": ["$leaf_id", {"$literal": run.get("user_message_id")}]}
        stage["leaf_id"] = {"$cond": [moved, {"$literal": message["_id"]}, "$leaf_id"]}
    if stage:
        stage["search.last"] = {"$literal": message["_id"]}
        close_writes.update(
            db.conversations,
            {"_id": run["conversation_id"], "user_id": run["user_id"], "search.last": {"$ne": message["_id"]}},
            [{"$set": stage}],
        )


def messages_for(*, user_id: int, conversation_id: str, before: int | None = None, limit: int = 50) -> list[dict]:
    """A page of messages, oldest first, ending just before sequence number ``before``.

    In a conversation with branches, the messages of its active branch, each with ``alternatives``
    (``{index, count, ids}`` of the messages in its place, or None when it has none)."""
    conversation = conversation_get(user_id=user_id, conversation_id=conversation_id)
    if conversation.get("forked"):
        return _branch_page(conversation, before=before, limit=limit)
    query: dict[str, Any] = {"conversation_id": conversation_id, "user_id": user_id}
    if before is not None:
        query["seq"] = {"$lt": before}
    page = list(get_db().messages.find(query).sort("seq", -1).limit(limit))
    page.reverse()
    return page


def history_for_model(
    *, conversation_id: str, user_id: int, before_seq: int, limit: int, branch: dict | None = None
) -> list[dict]:
    """The newest ``limit`` messages before ``before_seq``, oldest first (worker side, one read).

    ``branch`` (a conversation with branches): ``{"leaf_id"}``, the message the turn follows: the history
    is the branch ending there (two reads)."""
    if branch is not None:
        return _branch_history(conversation_id=conversation_id, user_id=user_id, leaf_id=branch["leaf_id"], limit=limit)
    cursor = (
        get_db()
        .messages.find({"conversation_id": conversation_id, "user_id": user_id, "seq": {"$lt": before_seq}},
                       {"role": 1, "content": 1, "final_content": 1, "rounds": 1, "status": 1})
        .sort("seq", -1)
        .limit(limit)
    )  # fmt: skip
    page = list(cursor)
    page.reverse()
    return page


def message_get(*, user_id: int, message_id: str) -> dict:
    doc = get_db().messages.find_one({"_id": message_id, "user_id": user_id})
    if doc is None:
        raise NotFound("Message not found.")
    return doc


# --- branches: regenerated answers and edited messages ------------------------------------------
#
# A conversation is one straight line of messages (by ``seq``) until an answer is regenerated or a message
# edited. Then it forks: every message gets ``parent_id`` (the message before it), the conversation
# ``forked: true`` and ``leaf_id``, the last message of the branch shown. A regenerated answer is a second
# child of the same user message, an edited message a second child of the message before the original; the
# earlier ones stay, as alternatives the person pages through (branch_select).

_SKELETON = {"parent_id": 1, "seq": 1, "role": 1}


def conversation_fork(*, user_id: int, conversation_id: str) -> None:
    """Turn a straight conversation into a tree, once: each message's parent is the one before it."""
    db = get_db()
    conversation = conversation_get(user_id=user_id, conversation_id=conversation_id)
    if conversation.get("forked"):
        return
    previous = None
    for doc in db.messages.find({"conversation_id": conversation_id, "user_id": user_id}, {"_id": 1}).sort("seq", 1):
        db.messages.update_one({"_id": doc["_id"]}, {"$set": {"parent_id": previous}})
        previous = doc["_id"]
    db.conversations.update_one(
        {"_id": conversation_id, "user_id": user_id}, {"$set": {"forked": True, "leaf_id": previous}}
    )


def branch_point(*, user_id: int, conversation_id: str, message_id: str) -> dict:
    """The user message an edit or a regenerated answer starts from, in a conversation forked for it.
    NotFound unless it is a user message of this person's conversation."""
    if not isinstance(message_id, str) or not message_id:
        raise NotFound("Message not found.")
    query = {"_id": message_id, "conversation_id": conversation_id, "user_id": user_id, "role": "user"}
    if get_db().messages.count_documents(query, limit=1) == 0:
        raise NotFound("Message not found.")
    conversation_fork(user_id=user_id, conversation_id=conversation_id)
    return get_db().messages.find_one(query)


def message_in_conversation(*, user_id: int, conversation_id: str, message_id: str) -> None:
    """NotFound unless ``message_id`` is a message of this person's conversation."""
    query = {"_id": message_id, "conversation_id": conversation_id, "user_id": user_id}
    if not isinstance(message_id, str) or get_db().messages.count_documents(query, limit=1) == 0:
        raise NotFound("Message not found.")


def branch_move(*, user_id: int, conversation_id: str, leaf_id: str) -> None:
    """The active branch now ends at ``leaf_id``."""
    get_db().conversations.update_one(
        {"_id": conversation_id, "user_id": user_id, "forked": True}, {"$set": {"leaf_id": leaf_id}}
    )


def branch_move_to_turn(*, user_id: int, conversation_id: str, user_message_id: str, answer_id: str) -> None:
    """A turn was recorded: the branch shown ends at its user message until the answer is stored, or at
    the answer already. The web side records a turn after enqueuing its run, so a fast worker may have
    stored the answer first, when its own move of the branch (from the user message) found nothing to move."""
    branch_move(user_id=user_id, conversation_id=conversation_id, leaf_id=user_message_id)
    db = get_db()
    if db.messages.count_documents({"_id": answer_id, "user_id": user_id}, limit=1):
        db.conversations.update_one(
            {"_id": conversation_id, "user_id": user_id, "leaf_id": user_message_id}, {"$set": {"leaf_id": answer_id}}
        )


def regenerate_record(*, user_id: int, conversation_id: str, message_id: str, run_id: str, answer_id: str) -> None:
    """A regenerated answer's run starts: its user message points at the new run (a reload finds it in
    flight) and the branch shown ends at that message until the answer is stored."""
    get_db().messages.update_one({"_id": message_id, "user_id": user_id}, {"$set": {"run_id": run_id}})
    branch_move_to_turn(
        user_id=user_id, conversation_id=conversation_id, user_message_id=message_id, answer_id=answer_id
    )


def branch_select(*, user_id: int, conversation_id: str, message_id: str) -> str:
    """Show the branch through ``message_id`` (an alternative the person paged to): it continues with the
    newest message at each step below it. Returns the new leaf; NotFound for a message not in the
    person's conversation."""
    conversation = conversation_get(user_id=user_id, conversation_id=conversation_id)
    skeleton = _skeleton(user_id=user_id, conversation_id=conversation_id)
    if not isinstance(message_id, str) or not any(d["_id"] == message_id for d in skeleton):
        raise NotFound("Message not found.")
    if not conversation.get("forked"):
        return skeleton[-1]["_id"]
    children: dict[str | None, list[dict]] = {}
    for doc in skeleton:
        children.setdefault(doc.get("parent_id"), []).append(doc)
    leaf = message_id
    while children.get(leaf):
        leaf = max(children[leaf], key=lambda d: d["seq"])["_id"]
    branch_move(user_id=user_id, conversation_id=conversation_id, leaf_id=leaf)
    return leaf


def _skeleton(*, user_id: int, conversation_id: str) -> list[dict]:
    query = {"conversation_id": conversation_id, "user_id": user_id}
    return list(get_db().messages.find(query, _SKELETON).sort("seq", 1))


def _path(skeleton: list[dict], leaf_id: str | None) -> list[dict]:
    """The branch ending at ``leaf_id``, root first."""
    by_id = {d["_id"]: d for d in skeleton}
    path, node = [], by_id.get(leaf_id)
    while node is not None and len(path) <= len(skeleton):
        path.append(node)
        node = by_id.get(node.get("parent_id"))
    path.reverse()
    return path


def _alternatives(skeleton: list[dict], doc: dict) -> dict | None:
    ids = [d["_id"] for d in skeleton if d.get("parent_id") == doc.get("parent_id") and d["role"] == doc["role"]]
    if len(ids) < 2:
        return None
    return {"index": ids.index(doc["_id"]), "count": len(ids), "ids": ids}


def _branch_page(conversation: dict, *, before: int | None, limit: int) -> list[dict]:
    user_id, conversation_id = conversation["user_id"], conversation["_id"]
    skeleton = _skeleton(user_id=user_id, conversation_id=conversation_id)
    path = [d for d in _path(skeleton, conversation.get("leaf_id")) if before is None or d["seq"] < before][-limit:]
    full = {d["_id"]: d for d in get_db().messages.find({"_id": {"$in": [d["_id"] for d in path]}, "user_id": user_id})}
    page = []
    for doc in path:
        if doc["_id"] in full:
            page.append({**full[doc["_id"]], "alternatives": _alternatives(skeleton, doc)})
    return page


def _branch_history(*, conversation_id: str, user_id: int, leaf_id: str | None, limit: int) -> list[dict]:
    if leaf_id is None:
        return []
    path = _path(_skeleton(user_id=user_id, conversation_id=conversation_id), leaf_id)[-limit:] if limit > 0 else []
    projection = {"role": 1, "content": 1, "final_content": 1, "rounds": 1, "status": 1}
    full = {d["_id"]: d for d in get_db().messages.find({"_id": {"$in": [d["_id"] for d in path]}}, projection)}
    return [full[d["_id"]] for d in path if d["_id"] in full]


# --- feedback on answers ---------------------------------------------------------------------

FEEDBACK_RATINGS = ("up", "down")
FEEDBACK_COMMENT_CHARS = 2000


def message_feedback_set(*, user_id: int, message_id: str, rating: str | None, comment: str = "") -> dict:
    """Thumbs up or down on one of the person's answers, with an optional comment; ``rating`` None clears
    it. Stored on the message as ``feedback: {rating, comment, at}`` (staff read it: feedback_for_staff).
    Another person's message, or a question rather than an answer, is NotFound."""
    if rating is not None and rating not in FEEDBACK_RATINGS:
        raise InvalidRequest("rating must be up, down or null.", code="invalid_feedback")
    comment = (comment or "").strip()
    if len(comment) > FEEDBACK_COMMENT_CHARS:
        raise InvalidRequest(
            f"The comment is longer than {FEEDBACK_COMMENT_CHARS} characters.", code="invalid_feedback"
        )
    feedback = None if rating is None else {"rating": rating, "comment": comment, "at": now()}
    doc = get_db().messages.find_one_and_update(
        {"_id": message_id, "user_id": user_id, "role": "assistant"},
        {"$set": {"feedback": feedback}},
        projection={"_id": 1},
    )
    if doc is None:
        raise NotFound("Message not found.")
    return feedback or {"rating": None, "comment": "", "at": None}


def feedback_for_staff(*, rating: str | None = None, page: int = 0, limit: int = 100) -> list[dict]:
    """Staff only: answers people rated, newest rating first, of everyone (or only ``rating``)."""
    query: dict[str, Any] = {
        "feedback.rating": rating if rating in FEEDBACK_RATINGS else {"$in": list(FEEDBACK_RATINGS)}
    }
    fields = {"conversation_id": 1, "user_id": 1, "seq": 1, "content": 1, "feedback": 1, "run_id": 1, "model": 1}
    return list(get_db().messages.find(query, fields).sort("feedback.at", -1).skip(page * limit).limit(limit))


# --- usage of stored answers (the usage API) --------------------------------------------------


def usage_by_day(*, user_id: int, start: date, end: date) -> list[dict]:
    """Usage of one user's answers per day and model, from the stored messages.

    An answer whose model calls used several models (sub-agents) keeps
    ``usage_by_model``; each model gets its own row, and the answer counts
    once (in its first model's row).
    """
    usage_line = {
        "model": "$model",
        "prompt_tokens": "$usage.prompt_tokens",
        "completion_tokens": "$usage.completion_tokens",
        "total_tokens": "$usage.total_tokens",
        "cost_usd": "$usage.cost_usd",
    }
    pipeline = [
        {"$match": {"user_id": user_id, "role": "assistant", "created_at": day_range(start, end)}},
        {"$project": {"created_at": 1, "lines": {"$ifNull": ["$usage_by_model", [usage_line]]}}},
        {"$unwind": {"path": "$lines", "includeArrayIndex": "line"}},
        {"$group": {
            "_id": {"day": {"$dateToString": {"format": "%Y-%m-%d", "date": "$created_at"}}, "model": "$lines.model"},
            "prompt_tokens": {"$sum": "$lines.prompt_tokens"},
            "completion_tokens": {"$sum": "$lines.completion_tokens"},
            "total_tokens": {"$sum": "$lines.total_tokens"},
            "cost_usd": {"$sum": "$lines.cost_usd"},
            "messages": {"$sum": {"$cond": [{"$eq": ["$line", 0]}, 1, 0]}},
        }},
        {"$sort": {"_id.day": 1, "_id.model": 1}},
    ]  # fmt: skip
    return [{"date": row["_id"]["day"], "model": row["_id"]["model"], **{k: v for k, v in row.items() if k != "_id"}}
            for row in get_db().messages.aggregate(pipeline)]  # fmt: skip


def usage_by_user_for_staff(*, start: date, end: date) -> list[dict]:
    """Staff only: usage per user over the range, whoever the user (the staff usage summary)."""
    pipeline = [
        {"$match": {"role": "assistant", "created_at": day_range(start, end)}},
        {"$group": {
            "_id": "$user_id",
            "prompt_tokens": {"$sum": "$usage.prompt_tokens"},
            "completion_tokens": {"$sum": "$usage.completion_tokens"},
            "total_tokens": {"$sum": "$usage.total_tokens"},
            "cost_usd": {"$sum": "$usage.cost_usd"},
            "messages": {"$sum": 1},
        }},
        {"$sort": {"total_tokens": -1}},
    ]  # fmt: skip
    return [{"user_id": row["_id"], **{k: v for k, v in row.items() if k != "_id"}}
            for row in get_db().messages.aggregate(pipeline)]  # fmt: skip
