/* Agents people build on the chat page: the Agents group of the "Answered by" picker (#chat-target, a new
 * conversation only; static/js/workflows/chat-picker.js fills its Workflows group), the conversation's
 * agent in the header, and the chosen agent's conversation starters under the empty chat. A conversation
 * keeps the agent it started with (the server says which: its `agent_id`).
 *
 * chat.js asks `TomatoAgents.selectedId()` when it sends the first message of a new conversation (as
 * its `agent_id`) and calls `TomatoAgents.showFor(conversation or null)` when the open conversation
 * changes. `/?agent=<id>` preselects an agent (the builder's "Chat with it").
 */
(function () {
  "use strict";

  var api = window.TomatoApi;
  var select = document.getElementById("chat-target");
  var group = document.getElementById("chat-target-agents");
  var head = document.querySelector(".chat-head");
  var hint = document.getElementById("chat-empty");
  var input = document.getElementById("composer-input");
  if (!select || !group || !head || !api) return;

  var PREFIX = "agent:";
  var agents = [];
  var byId = {};
  var shown = null; // the open conversation (null: a new one)
  var wanted = new URLSearchParams(location.search).get("agent");

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }

  var badge = el("span", "agent-badge");
  badge.id = "agent-badge";
  badge.hidden = true;
  head.insertBefore(badge, head.children[1] || null);
  var starters = el("div", "agent-starters");
  starters.id = "agent-starters";
  starters.hidden = true;
  if (hint && hint.parentNode) hint.parentNode.insertBefore(starters, hint.nextSibling);

  function title(agent) {
    return ((agent.emoji ? agent.emoji + " " : "") + agent.name).trim();
  }

  function selectedId() {
    return select.value.indexOf(PREFIX) === 0 ? select.value.slice(PREFIX.length) : null;
  }

  function fill() {
    group.querySelectorAll("option[value^='" + PREFIX + "']").forEach(function (o) { o.remove(); });
    agents.forEach(function (a) {
      var option = el("option", null, title(a) + (a.is_owner ? "" : " (by " + (a.owner || "staff") + ")"));
      option.value = PREFIX + a.id;
      group.appendChild(option);
    });
    if (wanted && byId[wanted]) select.value = PREFIX + wanted;
  }

  function renderStarters() {
    starters.replaceChildren();
    var agent = byId[selectedId()];
    starters.hidden = !agent || !!shown || !((agent.starters || []).length || agent.description);
    if (starters.hidden) return;
    if (agent.description) starters.appendChild(el("p", "agent-description", agent.description));
    (agent.starters || []).forEach(function (text) {
      var b = el("button", "starter", text);
      b.type = "button";
      b.addEventListener("click", function () {
        if (!input) return;
        input.value = text;
        input.focus();
      });
      starters.appendChild(b);
    });
  }

  function showFor(conversation) {
    shown = conversation || null;
    var agentId = conversation ? conversation.agent_id : null;
    if (conversation && agentId) {
      var agent = byId[agentId];
      badge.textContent = agent ? title(agent) : "An agent no longer shared with you";
      badge.title = agent && agent.description ? agent.description : "";
      badge.hidden = false;
    } else {
      badge.hidden = true;
    }
    renderStarters();
  }

  function load() {
    return api.get("/api/agents").then(function (page) {
      agents = page.results || [];
      byId = {};
      agents.forEach(function (a) { byId[a.id] = a; });
      if (wanted && !byId[wanted]) {
        // An agent shared by link is not listed: fetch it by id.
        return api.get("/api/agents/" + encodeURIComponent(wanted)).then(function (a) {
          agents.push(a);
          byId[a.id] = a;
        }).catch(function () { wanted = null; });
      }
    }).then(function () {
      fill();
      showFor(shown);
    }).catch(function () { /* no agents: the default agent answers */ });
  }

  select.addEventListener("change", renderStarters);

  window.TomatoAgents = { selectedId: selectedId, showFor: showFor, reload: load };
  load();
})();
