/* The chat's "Answered by" picker for a new conversation: the agent, or a workflow (yours and shared).
 *
 * Fills the Workflows group of #chat-target from GET /api/workflows; chat.js sends the chosen one as
 * the first message's `workflow_id` (the conversation then keeps it; see docs/workflows.md, "Chat with
 * a workflow"). `/?workflow=12` (the Workflows page's "Chat with it") preselects one.
 */
"use strict";

const select = document.getElementById("chat-target");
const group = document.getElementById("chat-target-workflows");

async function load() {
  if (!select || !group) return;
  const wanted = new URLSearchParams(window.location.search).get("workflow");
  let workflows = [];
  try {
    const page = await window.TomatoApi.get("/api/workflows?limit=100");
    workflows = page.results || [];
  } catch (e) {
    workflows = [];
  }
  group.replaceChildren(...workflows.map((w) => {
    const option = document.createElement("option");
    option.value = `workflow:${w.id}`;
    option.textContent = w.is_owner ? w.name : `${w.name} (by ${w.owner})`;
    return option;
  }));
  group.hidden = workflows.length === 0;
  group.disabled = workflows.length === 0;
  if (wanted && workflows.some((w) => String(w.id) === wanted)) select.value = `workflow:${wanted}`;
  select.dispatchEvent(new Event("change"));
}

load();
