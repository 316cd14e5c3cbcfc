/* Following a run by id: native SSE from `GET /api/runs/{run_id}/events` (docs/events.md).
 *
 * EventSource sends the session cookie and, after a dropped connection, reconnects by itself with
 * `Last-Event-ID`, so nothing is lost or seen twice; a page opened on a finished run replays it.
 * Scoped events arrive wrapped as `{scope, data}`; handlers get `(type, data, scope, id)`. The
 * stream is closed after the terminal event (`result`, `cancelled` or `error`).
 */
"use strict";

export const TERMINAL = new Set(["result", "cancelled", "error"]);
const TYPES = ["session", "token", "reasoning_token", "tool_start", "tool_result", "tool_retry", "node_started",
  "node_finished", "workflow_finished", "result", "cancelled", "error"];

export function followRun(runId, onEvent, { onDisconnect } = {}) {
  const source = new EventSource(`/api/runs/${encodeURIComponent(runId)}/events`);
  let done = false;
  const handle = (type) => (ev) => {
    if (ev.data === undefined) return; // EventSource's own "error" (a dropped connection): it reconnects
    let payload;
    try {
      payload = JSON.parse(ev.data);
    } catch (e) {
      return;
    }
    let scope = [];
    if (payload && typeof payload === "object" && Array.isArray(payload.scope) && "data" in payload) {
      scope = payload.scope;
      payload = payload.data;
    }
    if (TERMINAL.has(type) && scope.length === 0) {
      done = true;
      source.close();
    }
    onEvent(type, payload, scope, ev.lastEventId);
  };
  for (const type of TYPES) source.addEventListener(type, handle(type));
  source.addEventListener("error", () => {
    if (!done && source.readyState === EventSource.CLOSED && onDisconnect) onDisconnect();
  });
  return {
    close() {
      done = true;
      source.close();
    },
  };
}

/* The innermost node a scope names: `["node:loop_1", "iter:3", "node:llm_0"]` → `llm_0`. */
export function scopeNode(scope) {
  for (let i = scope.length - 1; i >= 0; i -= 1) {
    if (typeof scope[i] === "string" && scope[i].startsWith("node:")) return scope[i].slice(5);
  }
  return null;
}
