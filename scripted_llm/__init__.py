"""scripted_llm - a scripted, OpenAI-compatible chat-completions server.

Used by tests, the offline demo and benchmarks.  It is *not* a model: it plays
scripted turns (or the small rule-based ``demo`` policy) over real HTTP so the
official ``openai`` client can talk to it.  Plain asyncio + orjson, HTTP/1.1
keep-alive, SSE over chunked transfer encoding; hundreds of concurrent streams.

Starting it
-----------
``python -m scripted_llm --host 127.0.0.1 --port 8100 [--script FILE]
[--api-key K] [--delay-ms N] [--pack] [--model NAME ...]`` prints
``scripted-llm listening on http://HOST:PORT/v1`` when ready (``--port 0``
picks a free port).  From Python::

    with ScriptedLLMServer() as server:          # background thread, port 0
        server.add_scenario("hello", [{"content": "Hi!"}])
        client = openai.OpenAI(base_url=server.base_url, api_key="x")
        client.chat.completions.create(model="scripted-demo", messages=[
            {"role": "user", "content": "[scenario:hello] greet me"}])
        server.requests()                        # bodies the server received

``ScriptedLLMProcess`` offers the same methods for a ``python -m scripted_llm``
subprocess.

Endpoints
---------
``GET /v1/models``, ``POST /v1/chat/completions`` (``stream`` true or false,
``stream_options.include_usage``), ``GET /health``.  Control API (loopback
clients only): ``POST /_control/scenarios`` with ``{"name", "turns", "match"?}``
(or a whole script ``{"scenarios", "rules"}``), ``GET /_control/scenarios``,
``DELETE /_control/scenarios/{name}``, ``GET /_control/requests?limit=N``,
``GET /_control/stats``, ``POST /_control/reset``.  With ``--api-key K`` every
endpoint but ``/health`` requires ``Authorization: Bearer K`` (else 401).

Scenario language
-----------------
A scenario is a list of turns.  A turn is a dict (all keys optional)::

    {"reasoning": "text",                    # streamed in delta.reasoning_content
     "reasoning_field": "reasoning_content" | "reasoning" | "both",
     "content": "text",                      # streamed piece by piece
     "tool_calls": [{"name": "calculator", "arguments": {"expression": "2+2"},
                     "id": "call_optional"}],  # arguments: object or raw string
     "usage": {"prompt_tokens": 12, "completion_tokens": 7}
              | None,                        # None: no usage at all
                                             # absent: computed (see below)
     "delay_ms": 40,                         # between streamed chunks
     "first_delay_ms": 0,                    # before the first chunk
     "tokens": 5000,                         # N synthetic pieces "tok{i} " instead of content
     "token_words": ["alpha", "beta"],       # ...or cycle through these words
     "error": {"status": 500, "message": "boom", "times": 1,
               "type": "...", "code": "...", "retry_after": 1},
                                             # HTTP error for the first `times` requests
                                             # reaching this turn (times None/-1: always)
     "error_after_tokens": 3 | {"tokens": 3, "mode": "abort" | "sse", "message": "..."},
                                             # stream N content pieces, then drop the
                                             # connection ("abort") or send an SSE error
     "finish_reason": "stop" | "tool_calls" | "length"}

Streaming order: role chunk, reasoning pieces, content pieces, tool calls (per
call: a delta with ``index``, ``id``, ``type``, ``function.name`` and empty
``arguments``, then the argument text in a few pieces), the finish chunk, the
usage chunk (``include_usage``) and ``data: [DONE]``.  Content is split with
``\\S+\\s*|\\s+`` (long words cut into 8-character slices), so concatenating the
deltas gives back the text exactly.  Computed usage: ``prompt_tokens`` = total
characters of the request messages / 4 (at least 1); ``completion_tokens`` =
number of streamed pieces (reasoning + content + tool-argument pieces).  A
request's ``max_tokens``/``max_completion_tokens`` below that count truncates the
answer with ``finish_reason: "length"``.

Which turn plays: the turn index is the number of ``assistant`` messages after
the last ``user`` message (so a tool round trip advances to the next turn).
Past the end, the last turn's ``content`` is repeated (or a fixed text).

Scenario selection, in order:

1. ``[scenario:NAME]`` in the last user message (unknown names give 400;
   ``[scenario:demo]`` forces the demo policy);
2. regex rules, matched against the last user message: rules registered at
   runtime (``match``), then those of ``--script FILE``, a JSON file
   ``{"scenarios": {name: {"turns": [...]}}, "rules": [{"match": "re", "scenario": name}]}``;
3. model ids starting with ``no-tools`` refuse requests carrying ``tools`` with
   400 (like a server without function calling);
4. the built-in ``demo`` policy (:mod:`scripted_llm.demo`): time questions ->
   ``current_time``, arithmetic -> ``calculator``, code questions ->
   ``code_search``, but only when the request offers that tool; after the tool
   results it quotes them; otherwise it says it is the scripted demo model.

Prompt mode (``no-tools-*`` models)
-----------------------------------
Without native tool calls the demo policy writes its decision as text content:
one JSON object in a ```json fence::

    ```json
    {"action": "calculator", "action_input": {"expression": "12*7"}}
    ```

and the final answer as ``{"action": "final_answer", "action_input": "text"}``
in the same fence.  Tools count as available when their name appears in a
system (or developer) message.  The observation may come back either as a
``tool`` message or as the next ``user`` message right after the action.
"""

from .scenario import ScenarioStore, build_plan, tokenize, validate_turns
from .server import ScriptedLLMApp, ScriptedLLMProcess, ScriptedLLMServer, ServerConfig

__all__ = [
    "ScenarioStore",
    "ScriptedLLMApp",
    "ScriptedLLMProcess",
    "ScriptedLLMServer",
    "ServerConfig",
    "build_plan",
    "tokenize",
    "validate_turns",
]
