/* A chat answered by a workflow: each node is a step of the answer, as it runs.
 *
 * Loaded by the chat page beside its own modules; it only registers with the chat's step view
 * (chat/steps.js extension points): a node is a nesting level named by its title (its tokens and
 * tool calls go inside it), a loop iteration a level below its loop, and node_started /
 * node_finished set the node's status, time and outputs. Skipped nodes (branches not taken) are
 * not shown. A reopened conversation shows the same steps from the stored message.
 */
"use strict";

import { registerEventHandler, registerScope } from "../chat/steps.js";

const ICONS = { start: "▶", end: "■", llm: "✦", condition: "⑂", loop: "↻", http: "⇄", tool: "⚙", agent: "☺", code: "{}" };

registerScope("node", (segment, data) => ({ label: data.title || segment.slice(5), icon: ICONS[data.type] || "▣" }));
registerScope("iter", (segment) => ({ label: `iteration ${Number(segment.slice(5)) + 1}`, icon: "↻" }));

function nodeStep(steps, data, scope) {
  return steps.group([...scope, `node:${data.node_id}`], data);
}

registerEventHandler("node_started", (steps, data, scope) => {
  const group = nodeStep(steps, data, scope);
  group.step.status = "running";
  group.update();
});

registerEventHandler("node_finished", (steps, data, scope) => {
  if (data.status === "skipped") return;
  const group = nodeStep(steps, data, scope);
  Object.assign(group.step, {
    status: data.status === "succeeded" ? "ok" : "failed",
    result: data.outputs && Object.keys(data.outputs).length ? data.outputs : null,
    error: data.error ? data.error.message || String(data.error) : data.status === "cancelled" ? "cancelled" : null,
    duration_ms: data.duration_ms ?? null,
  });
  group.update();
});

registerEventHandler("workflow_finished", () => {});
