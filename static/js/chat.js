/* The chat page: conversations (REST), live runs over the WebSocket with resume from the last rendered
 * event id, Markdown answers (markdown.js), steps (chat/steps.js), the answer kept in view while the person
 * is at the bottom, message actions (copy, regenerate, edit, feedback, alternatives), in-page dialogs. */
"use strict";

import { el, button } from "./core/dom.js";
import { confirmDialog, promptDialog } from "./core/dialog.js";
import { Steps, durationText } from "./chat/steps.js";

const api = window.TomatoApi;
const md = window.TomatoMarkdown;
const $ = (id) => document.getElementById(id);
const els = {
  convList: $("conv-list"), convEmpty: $("conv-empty"), newConv: $("new-conv"), title: $("conv-title"),
  messages: $("messages"), list: $("message-list"), older: $("load-older"), empty: $("chat-empty"),
  form: $("composer"), input: $("composer-input"), send: $("send-btn"), stop: $("stop-btn"),
  error: $("composer-error"), conn: $("conn-status"), sidebar: $("sidebar"), toggle: $("toggle-sidebar"),
  closeSidebar: $("close-sidebar"), backdrop: $("drawer-backdrop"), jump: $("jump-latest"),
  announcer: $("announcer"), theme: $("theme-toggle"),
  target: $("chat-target"), targetRow: $("chat-target-row"),
};
const STORE = "tomato:run:";
const state = {
  conversations: [], current: null, olderUrl: null,
  runs: {},          // run_id -> view of a live run
  pending: null,     // a message sent, its session event not seen yet
  socket: null, retries: 0, reconnectTimer: null,
  follow: true,      // keep the newest content in view
};

// What a failed answer says, per error code (docs/events.md#error-codes).
const ERRORS = {
  llm_unavailable: "The model service could not be reached.",
  llm_timeout: "The model did not answer in time.",
  llm_error: "The model answered with an error.",
  max_iterations: "The agent used all its steps without answering.",
  budget_exceeded: "Your monthly budget is used up.",
  worker_lost: "The worker answering this stopped.",
  service_unavailable: "A service the answer needs is unavailable.",
  rate_limited: "Too many answers at once; wait a moment.",
  conversation_busy: "This conversation is already answering.",
  node_failed: "A step of the workflow failed.",
  internal: "Something went wrong on our side.",
};

// Stream ids "ms-seq": compare numerically.
function idAfter(a, b) {
  const x = String(a).split("-"), y = String(b).split("-");
  const d = Number(x[0]) - Number(y[0]);
  return d !== 0 ? d > 0 : Number(x[1] || 0) > Number(y[1] || 0);
}

function showError(msg) {
  els.error.textContent = msg || "";
  els.error.hidden = !msg;
}

function announce(text) {
  els.announcer.textContent = "";
  // A change the screen reader notices even when the text repeats.
  setTimeout(() => { els.announcer.textContent = text; }, 30);
}

// ---------- keeping the newest content in view ----------
function atBottom() {
  const m = els.messages;
  return m.scrollHeight - m.scrollTop - m.clientHeight < 48;
}

function pin() {
  if (!state.follow) return;
  els.messages.scrollTop = els.messages.scrollHeight;
}

function setFollow(on) {
  state.follow = on;
  els.jump.hidden = on || atBottom();
  if (on) pin();
}

// The person scrolling up stops the follow at once (before a render can pull the view back down).
els.messages.addEventListener("wheel", (e) => { if (e.deltaY < 0) setFollow(false); }, { passive: true });
els.messages.addEventListener("touchmove", () => { if (!atBottom()) setFollow(false); }, { passive: true });
els.messages.addEventListener("keydown", (e) => {
  if (["PageUp", "ArrowUp", "Home"].includes(e.key)) setFollow(false);
});
els.messages.addEventListener("scroll", () => {
  if (atBottom()) { state.follow = true; els.jump.hidden = true; }
  else if (!state.follow) els.jump.hidden = false;
}, { passive: true });
// Whatever grows the list (tokens, a tool step landing, a step opened, fonts loading) keeps the end in view.
new ResizeObserver(() => { if (state.follow) pin(); else els.jump.hidden = atBottom(); }).observe(els.list);
els.jump.addEventListener("click", () => { setFollow(true); els.input.focus(); });

// ---------- conversations ----------
// The list itself (search, date groups, pin, archive, export) is static/js/chat/conversations.js.
const conversations = window.TomatoConversations;

function loadConversations() {
  return conversations.load().then((list) => {
    state.conversations = list;
    renderConversations();
  }).catch((e) => showError(`Could not load conversations: ${e.message}`));
}

function renderConversations() {
  els.convEmpty.textContent = conversations.emptyText();
  els.convEmpty.hidden = state.conversations.length > 0;
  conversations.render(els.convList, state.conversations, {
    current: state.current,
    onOpen: (id) => { openConversation(id); closeSidebar(); },
    onRename: renameConversation, onDelete: deleteConversation,
    onError: (e) => showError(e.message),
  });
  const cur = state.conversations.find((c) => c.id === state.current);
  if (cur || !state.current) els.title.textContent = cur ? (cur.title || "Untitled") : "New conversation";
  if (window.TomatoAgents && (cur || !state.current)) window.TomatoAgents.showFor(cur || null); // agents/picker.js
}

async function renameConversation(c) {
  const title = await promptDialog({ title: "Rename conversation", label: "Title", value: c.title || "", confirmLabel: "Rename" });
  if (!title) return;
  api.patch(`/api/conversations/${encodeURIComponent(c.id)}`, { title: title.slice(0, 200) })
    .then(loadConversations).catch((e) => showError(e.message));
}

async function deleteConversation(c) {
  const ok = await confirmDialog({
    title: "Delete conversation?",
    message: `“${c.title || "This conversation"}” and its messages will be deleted. This cannot be undone.`,
    confirmLabel: "Delete", danger: true,
  });
  if (!ok) return;
  if (state.current === c.id) newConversation(); // nothing polls it from now on
  // A poll of it still in flight ends first, so the browser logs no 404 for the deleted one.
  (state.polling || Promise.resolve()).catch(() => {})
    .then(() => api.del(`/api/conversations/${encodeURIComponent(c.id)}`))
    .then(loadConversations).catch((e) => showError(e.message));
}

// "Answered by" (a new conversation only): the agent, or a workflow (static/js/workflows/chat-picker.js).
function showTarget() {
  if (els.targetRow) els.targetRow.hidden = Boolean(state.current);
}

// What answers a new conversation: {workflow_id}, {agent_id} (static/js/agents/picker.js) or the default.
function chosenTarget() {
  const value = els.target && !state.current ? els.target.value : "";
  if (value.startsWith("workflow:")) return { workflow_id: Number(value.slice(9)) };
  if (value.startsWith("agent:")) return { agent_id: value.slice(6) };
  return {};
}

function newConversation() {
  state.current = null;
  state.olderUrl = null;
  els.list.replaceChildren();
  els.older.hidden = true;
  els.empty.hidden = false;
  sessionStorage.removeItem("tomato:conv");
  history.replaceState(null, "", "/");
  showTarget();
  renderConversations();
  setBusy(false);
  els.input.focus();
}

function openConversation(id) {
  state.current = id;
  sessionStorage.setItem("tomato:conv", id);
  history.replaceState(null, "", `/?c=${encodeURIComponent(id)}`);
  showTarget();
  els.empty.hidden = true;
  renderConversations();
  return api.get(`/api/conversations/${encodeURIComponent(id)}/messages?limit=30`).then((page) => {
    if (state.current !== id) return;
    els.list.replaceChildren();
    state.olderUrl = page.next;
    els.older.hidden = !page.next;
    page.results.forEach((m) => els.list.appendChild(messageNode(m)));
    markLast();
    els.empty.hidden = page.results.length > 0;
    setFollow(true);
    return resumeInFlight(page.results);
  }).catch((e) => {
    if (e.status === 404) { newConversation(); loadConversations(); return; }
    showError(`Could not load messages: ${e.message}`);
  });
}

function loadOlder() {
  if (!state.olderUrl) return;
  const url = new URL(state.olderUrl, location.href);
  const id = state.current;
  els.older.disabled = true;
  state.follow = false;
  api.get(url.pathname + url.search).then((page) => {
    if (state.current !== id) return;
    const before = els.messages.scrollHeight;
    const frag = document.createDocumentFragment();
    page.results.forEach((m) => frag.appendChild(messageNode(m)));
    els.list.insertBefore(frag, els.list.firstChild);
    els.messages.scrollTop += els.messages.scrollHeight - before;
    state.olderUrl = page.next;
    els.older.hidden = !page.next;
  }).catch((e) => showError(e.message))
    .then(() => { els.older.disabled = false; });
}

// A user message whose answer is not stored yet: is its run still in flight?
function resumeInFlight(messages) {
  if (!messages.length) return;
  const last = messages[messages.length - 1];
  if (last.role !== "user" || !last.run_id || state.runs[last.run_id]) return;
  return api.get(`/api/runs/${encodeURIComponent(last.run_id)}`).then((run) => {
    if (run.status === "queued" || run.status === "running") {
      const view = runView(last.run_id);
      view.lastId = "0-0"; // render fresh from the start
      sessionStorage.setItem(STORE + last.run_id, "0-0");
      els.list.appendChild(view.node);
      setBusy(true);
      resume(view);
    }
  }).catch(() => { /* the run is gone; nothing to resume */ });
}

// ---------- messages ----------
function timeNode(iso) {
  const when = iso ? new Date(iso) : new Date();
  const t = el("time", "msg-time", when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
  t.dateTime = when.toISOString();
  t.title = when.toLocaleString();
  return t;
}

function alternativesNode(m) {
  const alt = m.alternatives;
  if (!alt || !alt.count || alt.count < 2) return null;
  const nav = el("span", "alt-nav");
  nav.setAttribute("role", "group");
  nav.setAttribute("aria-label", m.role === "user" ? "Versions of this message" : "Versions of this answer");
  const go = (i) => () => switchBranch(alt.ids[i]);
  const prev = button("icon-btn alt-prev", "‹", go(alt.index - 1), "Previous version");
  const next = button("icon-btn alt-next", "›", go(alt.index + 1), "Next version");
  prev.disabled = alt.index <= 0;
  next.disabled = alt.index >= alt.count - 1;
  nav.append(prev, el("span", "alt-count", `${alt.index + 1} / ${alt.count}`), next);
  return nav;
}

function userNode(m) {
  const wrap = el("div", "msg msg-user");
  if (m.id) wrap.dataset.messageId = m.id;
  const bubble = el("div", "bubble", m.content);
  const actions = el("div", "msg-actions");
  const alt = alternativesNode(m);
  if (alt) actions.appendChild(alt);
  actions.appendChild(timeNode(m.created_at));
  if (m.id) actions.appendChild(button("icon-btn msg-edit", "✎ Edit", () => editMessage(wrap, m), "Edit and resend"));
  wrap.append(bubble, actions);
  return wrap;
}

function usageText(u) {
  if (!u) return "";
  const parts = [];
  if (u.total_tokens != null) parts.push(`${u.total_tokens.toLocaleString()} tokens (${u.prompt_tokens || 0} in, ${u.completion_tokens || 0} out)`);
  // Cost only when the model is priced: a null or zero cost is not shown.
  if (u.cost_usd) parts.push(u.cost_usd >= 0.01 ? `$${u.cost_usd.toFixed(2)}` : `$${Number(u.cost_usd.toPrecision(2))}`);
  return parts.join(" · ");
}

function assistantShell() {
  const wrap = el("div", "msg msg-assistant");
  const reasoning = el("details", "reasoning");
  reasoning.appendChild(el("summary", null, "Reasoning"));
  const rtext = el("div", "reasoning-text");
  reasoning.appendChild(rtext);
  reasoning.hidden = true;
  const tools = el("div", "steps");
  const body = el("div", "md");
  const meta = el("div", "msg-meta");
  const actions = el("div", "msg-actions");
  wrap.append(reasoning, tools, body, meta, actions);
  return { node: wrap, reasoning, rtext, tools, body, meta, actions, steps: new Steps(tools) };
}

function metaFor(s, status, error, usage, durationMs) {
  s.meta.replaceChildren();
  if (status === "cancelled") s.meta.appendChild(el("span", "meta-stopped", "Stopped"));
  if (status === "failed") {
    const code = error && error.code;
    const box = el("div", "msg-error");
    box.setAttribute("role", "alert");
    box.appendChild(el("strong", null, (code && ERRORS[code]) || "The answer failed."));
    if (error && error.message && error.message !== ERRORS[code]) box.appendChild(el("span", null, ` ${error.message}`));
    if (code) box.appendChild(el("code", "err-code", code));
    box.appendChild(button("secondary retry-btn", "Retry", () => regenerate(s.node)));
    s.meta.appendChild(box);
  }
  const u = usageText(usage);
  if (u) s.meta.appendChild(el("span", "meta-usage", u));
  if (durationMs) s.meta.appendChild(el("span", "meta-time", durationText(durationMs)));
}

function actionsFor(s, m) {
  s.actions.replaceChildren();
  const alt = alternativesNode(m);
  if (alt) s.actions.appendChild(alt);
  s.actions.appendChild(timeNode(m.created_at));
  s.actions.appendChild(md.copyButton(() => s.node.dataset.text || "", "Copy answer"));
  s.actions.appendChild(button("icon-btn msg-regen", "↻ Regenerate", () => regenerate(s.node), "Regenerate this answer"));
  if (m.id) {
    const up = button("icon-btn fb-up", "👍", () => feedback(s.node, "up"), "Good answer");
    const down = button("icon-btn fb-down", "👎", () => feedback(s.node, "down"), "Bad answer");
    const rating = m.feedback && m.feedback.rating;
    up.setAttribute("aria-pressed", String(rating === "up"));
    down.setAttribute("aria-pressed", String(rating === "down"));
    s.actions.append(up, down);
  }
}

function messageNode(m) {
  if (m.role === "user") return userNode(m);
  const s = assistantShell();
  if (m.id) s.node.dataset.messageId = m.id;
  if (m.run_id) s.node.dataset.runId = m.run_id;
  s.node.dataset.status = m.status || "succeeded";
  s.node.dataset.text = m.content || "";
  if (m.reasoning) { s.reasoning.hidden = false; s.rtext.textContent = m.reasoning; }
  s.steps.fromHistory(m.tool_calls);
  md.render(m.content, s.body);
  metaFor(s, m.status, m.error, m.usage, m.duration_ms);
  actionsFor(s, m);
  if (m.status === "cancelled" || m.status === "failed") s.node.classList.add(`msg-${m.status}`);
  return s.node;
}

// Regenerate is offered on the newest answer (CSS shows it on .msg-last); every user message may be edited.
function markLast() {
  els.list.querySelectorAll(".msg-last").forEach((n) => n.classList.remove("msg-last"));
  const answers = els.list.querySelectorAll(".msg-assistant");
  if (answers.length) answers[answers.length - 1].classList.add("msg-last");
}

// ---------- live runs ----------
function runView(runId) {
  const s = assistantShell();
  s.node.classList.add("streaming");
  s.node.dataset.runId = runId;
  const stored = sessionStorage.getItem(STORE + runId);
  const view = Object.assign({ runId, lastId: stored || "0-0", text: "", reasoningText: "", done: false, frame: 0 }, s);
  s.body.appendChild(el("span", "typing", "…"));
  view.stream = md.stream(s.body);
  state.runs[runId] = view;
  return view;
}

function scheduleRender(view) {
  if (view.frame) return;
  view.frame = requestAnimationFrame(() => {
    view.frame = 0;
    view.stream.update(view.text);
    view.rtext.textContent = view.reasoningText;
  });
}

function onFrame(frame) {
  if (!frame || typeof frame !== "object") return;
  if (frame.type === "auth_ok") return;
  const runId = frame.run_id;
  if (!runId) { // a refused message (conversation_busy, rate_limited, invalid_request…)
    if (frame.type === "error") {
      showError((frame.data && frame.data.message) || "Something went wrong.");
      if (state.pending) { state.pending.node.remove(); state.pending = null; }
      setBusy(anyLive());
    }
    return;
  }
  let view = state.runs[runId];
  if (!view) {
    if (frame.type !== "session" || !state.pending) return; // another run we do not show
    view = runView(runId);
    view.reloadAfter = state.pending.reloadAfter;
    state.pending.node.replaceWith(view.node);
    if (state.pending.userNode && frame.data && frame.data.message_id) state.pending.userNode.dataset.messageId = frame.data.message_id;
    state.pending = null;
  }
  if (view.done) return;
  if (frame.id) {
    if (!idAfter(frame.id, view.lastId)) return; // already rendered: never double
  } else if (frame.type === "error") { // a transport error: resume to continue
    scheduleReconnect(true);
    return;
  }
  const d = frame.data;
  if (view.steps.handle(frame.type, d, frame.scope)) {
    // a step (tool call, sub-agent, workflow node) or text inside one
  } else switch (frame.type) {
    case "session":
      if (!state.current && d && d.conversation_id) {
        state.current = d.conversation_id;
        sessionStorage.setItem("tomato:conv", d.conversation_id);
        history.replaceState(null, "", `/?c=${encodeURIComponent(d.conversation_id)}`);
        showTarget();
        loadConversations();
      }
      break;
    case "reasoning_token":
      view.reasoningText += d;
      view.reasoning.hidden = false;
      scheduleRender(view);
      break;
    case "token":
      view.text += d;
      scheduleRender(view);
      break;
    case "title":
      // Not in the list yet (its load is still on the way): load it again, now with the new title.
      if (conversations.retitle(state.conversations, d.conversation_id, d.title)) renderConversations();
      else loadConversations();
      break;
    case "result":
      finish(view, "succeeded", d);
      break;
    case "cancelled":
      finish(view, "cancelled", d);
      break;
    case "error":
      finish(view, "failed", d);
      break;
    default:
      break;
  }
  view.lastId = frame.id;
  if (!view.done) sessionStorage.setItem(STORE + runId, frame.id);
}

function finish(view, status, d) {
  view.done = true;
  if (view.frame) { cancelAnimationFrame(view.frame); view.frame = 0; }
  if (status !== "failed" && d && typeof d.content === "string" && d.content.length >= view.text.length) view.text = d.content;
  view.stream.done(view.text);
  view.body.querySelectorAll(".typing").forEach((n) => n.remove());
  view.rtext.textContent = view.reasoningText;
  view.steps.finish(status);
  view.node.classList.remove("streaming");
  if (status !== "succeeded") view.node.classList.add(`msg-${status}`);
  view.node.dataset.text = view.text;
  if (d && d.message_id) view.node.dataset.messageId = d.message_id;
  metaFor(view, status, status === "failed" ? d : null, d && d.usage, d && d.duration_ms);
  actionsFor(view, { id: d && d.message_id, created_at: null });
  view.node.dataset.status = status;
  sessionStorage.removeItem(STORE + view.runId);
  markLast();
  setBusy(anyLive());
  announce(status === "succeeded" ? "Answer done." : status === "cancelled" ? "Answer stopped." : "The answer failed.");
  loadConversations();
  // Alternatives (a regenerated answer, an edit) are counted by the server: refresh the page of messages.
  if (view.reloadAfter && state.current) openConversation(state.current);
}

function anyLive() {
  if (state.pending) return true;
  return Object.keys(state.runs).some((k) => !state.runs[k].done);
}

function liveRun() {
  const k = Object.keys(state.runs).find((id) => !state.runs[id].done);
  return k ? state.runs[k] : null;
}

// While an answer streams the composer stays open: sending then is "stop and send" (if_busy: interrupt).
function setBusy(busy) {
  els.send.textContent = busy ? "Stop and send" : "Send";
  els.send.title = busy ? "Stop the answer in progress (its partial text is kept) and send this" : "";
  els.send.classList.toggle("stop-and-send", busy);
  els.stop.hidden = !busy;
  els.list.querySelectorAll(".msg-actions button:not(.copy-btn), .retry-btn").forEach((b) => { b.disabled = busy; });
  if (!busy) els.input.focus();
}

// ---------- socket ----------
function connect() {
  clearTimeout(state.reconnectTimer);
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const ws = new WebSocket(`${scheme}${location.host}/ws/chat/`);
  state.socket = ws;
  setConn("connecting");
  ws.onopen = () => {
    state.retries = 0;
    setConn("");
    Object.keys(state.runs).forEach((id) => { if (!state.runs[id].done) resume(state.runs[id]); });
    if (state.pending) recoverPending();
  };
  ws.onmessage = (ev) => {
    let frame = null;
    try { frame = JSON.parse(ev.data); } catch (e) { return; }
    onFrame(frame);
  };
  ws.onclose = (ev) => {
    if (state.socket !== ws) return;
    state.socket = null;
    if (ev.code === 4401) { location.href = "/login?next=/"; return; }
    scheduleReconnect(false);
  };
  ws.onerror = () => { /* onclose follows */ };
}

function scheduleReconnect(now) {
  if (now && state.socket && state.socket.readyState === WebSocket.OPEN) {
    Object.keys(state.runs).forEach((id) => { if (!state.runs[id].done) resume(state.runs[id]); });
    return;
  }
  const delay = Math.min(8000, 500 * 2 ** state.retries++) * (0.8 + Math.random() * 0.4);
  setConn("reconnecting");
  clearTimeout(state.reconnectTimer);
  state.reconnectTimer = setTimeout(connect, delay);
}

function setConn(s) {
  els.conn.textContent = s === "connecting" ? "Connecting…" : s === "reconnecting" ? "Reconnecting…" : "";
  els.conn.dataset.state = s || "open";
}

function sendFrame(obj) {
  if (state.socket && state.socket.readyState === WebSocket.OPEN) {
    state.socket.send(JSON.stringify(obj));
    return true;
  }
  return false;
}

// The socket dropped after a message was sent but before its run was announced:
// find the run through REST (the newest conversation when this one was new).
function recoverPending() {
  const wasNew = !state.current;
  setTimeout(() => {
    if (!state.pending) return;
    loadConversations().then(() => {
      if (!state.pending) return;
      const id = wasNew ? (state.conversations[0] && state.conversations[0].id) : state.current;
      const { text } = state.pending;
      state.pending = null;
      if (id) openConversation(id).then(() => {
        setBusy(anyLive());
        const users = els.list.querySelectorAll(".msg-user .bubble");
        const delivered = users.length && users[users.length - 1].textContent === text;
        if (!delivered && !anyLive() && !els.input.value) {
          els.input.value = text;
          showError("The connection dropped before your message arrived; press Enter to send it again.");
        }
      });
      else { newConversation(); showError("The connection dropped; please send your message again."); }
    });
  }, 300);
}

function resume(view) {
  sendFrame({ type: "resume", run_id: view.runId, after: view.lastId || "0-0" });
}

// ---------- composer and message actions ----------
function startTurn(frame, { userText, replace, reloadAfter }) {
  if (state.pending || (replace && anyLive())) return false;
  showError("");
  if (!sendFrame(frame)) {
    showError("Not connected yet; try again in a moment.");
    return false;
  }
  els.empty.hidden = true;
  let userEl = null;
  if (replace) {
    // Regenerate / edit: what follows the branch point leaves the view (the server keeps it).
    let n = replace;
    while (n) { const next = n.nextElementSibling; n.remove(); n = next; }
  }
  if (userText !== null) {
    userEl = userNode({ content: userText });
    els.list.appendChild(userEl);
  }
  const placeholder = el("div", "msg msg-assistant streaming");
  placeholder.appendChild(el("span", "typing", "…"));
  els.list.appendChild(placeholder);
  state.pending = { node: placeholder, text: userText, userNode: userEl, reloadAfter: Boolean(reloadAfter) };
  setBusy(true);
  setFollow(true);
  return true;
}

function submit() {
  const text = els.input.value;
  if (state.pending) return;
  if (!text.trim()) {
    showError("Type a message first.");
    els.form.classList.remove("shake");
    void els.form.offsetWidth; // restart the animation
    els.form.classList.add("shake");
    els.input.focus();
    return;
  }
  const frame = { type: "message", conversation_id: state.current, content: text, ...chosenTarget() };
  const leaf = shownLeaf();
  if (leaf) frame.leaf_id = leaf;
  if (anyLive()) frame.if_busy = "interrupt"; // stop and send
  if (startTurn(frame, { userText: text })) els.input.value = "";
}

// In a conversation with versions to page through, the last message shown: the follow-up continues it, even
// when another tab paged to another version since (the server keeps the last branch paged to anywhere). Not
// while an answer streams (it is not stored yet; the server knows where that branch ends).
function shownLeaf() {
  if (!state.current || anyLive() || !els.list.querySelector(".alt-nav")) return null;
  const last = els.list.lastElementChild;
  return (last && last.dataset.messageId) || null;
}

// A new answer to the user message before this answer; the old one stays as an alternative.
function regenerate(node) {
  const asked = node.previousElementSibling;
  const id = asked && asked.classList.contains("msg-user") ? asked.dataset.messageId : null;
  if (!id || !state.current) { showError("This answer cannot be regenerated."); return; }
  startTurn({ type: "regenerate", conversation_id: state.current, message_id: id }, { userText: null, replace: node, reloadAfter: true });
}

function editMessage(wrap, m) {
  if (anyLive() || wrap.querySelector(".edit-form")) return;
  const form = el("form", "edit-form");
  const area = el("textarea", "edit-input");
  area.value = m.content;
  area.rows = Math.min(10, m.content.split("\n").length + 1);
  area.setAttribute("aria-label", "Edit your message");
  const save = el("button", "primary", "Send");
  save.type = "submit";
  const cancel = button("secondary", "Cancel", () => { form.remove(); wrap.classList.remove("editing"); });
  const row = el("div", "edit-actions");
  row.append(cancel, save);
  form.append(area, row);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = area.value;
    if (!text.trim()) { area.focus(); return; }
    startTurn({ type: "message", conversation_id: state.current, content: text, edit_of: wrap.dataset.messageId },
      { userText: text, replace: wrap, reloadAfter: true });
  });
  area.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { e.stopPropagation(); cancel.click(); }
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  wrap.classList.add("editing");
  wrap.appendChild(form);
  area.focus();
}

function switchBranch(messageId) {
  if (anyLive() || !state.current) return;
  api.post(`/api/conversations/${encodeURIComponent(state.current)}/branch`, { message_id: messageId })
    .then(() => openConversation(state.current)).catch((e) => showError(e.message));
}

async function feedback(node, rating) {
  const id = node.dataset.messageId;
  if (!id) return;
  const up = node.querySelector(".fb-up"), down = node.querySelector(".fb-down");
  const current = (rating === "up" ? up : down).getAttribute("aria-pressed") === "true";
  let comment = "";
  if (!current) {
    const text = await promptDialog({
      title: rating === "up" ? "What was good?" : "What went wrong?", label: "Comment (optional)",
      confirmLabel: "Send feedback", maxLength: 2000, optional: true,
    });
    if (text === null) return;
    comment = text.trim();
  }
  api.put(`/api/messages/${encodeURIComponent(id)}/feedback`, { rating: current ? null : rating, comment })
    .then((saved) => {
      const r = saved && saved.rating;
      up.setAttribute("aria-pressed", String(r === "up"));
      down.setAttribute("aria-pressed", String(r === "down"));
      announce(r ? "Thanks for the feedback." : "Feedback removed.");
    }).catch((e) => showError(e.message));
}

els.form.addEventListener("submit", (e) => { e.preventDefault(); submit(); });
els.form.addEventListener("animationend", () => els.form.classList.remove("shake"));
els.input.addEventListener("input", () => { if (els.input.value.trim()) showError(""); });
els.input.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
});
els.stop.addEventListener("click", () => {
  const view = liveRun();
  if (view) sendFrame({ type: "cancel", run_id: view.runId });
});
els.newConv.addEventListener("click", () => { newConversation(); closeSidebar(); });
els.older.addEventListener("click", loadOlder);

// ---------- the drawer (phone width) ----------
function closeSidebar() {
  if (!document.body.classList.contains("sidebar-open")) return;
  document.body.classList.remove("sidebar-open");
  els.toggle.setAttribute("aria-expanded", "false");
  els.toggle.focus();
}
els.toggle.addEventListener("click", () => {
  const open = document.body.classList.toggle("sidebar-open");
  els.toggle.setAttribute("aria-expanded", open ? "true" : "false");
  if (open) els.newConv.focus();
});
els.closeSidebar.addEventListener("click", closeSidebar);
els.backdrop.addEventListener("click", closeSidebar);
document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !document.querySelector("dialog[open]")) closeSidebar(); });

// ---------- theme switch in the header (the settings page offers the same choice) ----------
const THEME_LABEL = { system: "Theme: system", light: "Theme: light", dark: "Theme: dark" };
function showTheme() {
  const choice = window.TomatoTheme.get();
  els.theme.textContent = choice === "dark" ? "☾" : choice === "light" ? "☀" : "◐";
  els.theme.setAttribute("aria-label", `${THEME_LABEL[choice]} (change)`);
  els.theme.title = THEME_LABEL[choice];
}
els.theme.addEventListener("click", () => {
  const list = window.TomatoTheme.choices;
  window.TomatoTheme.set(list[(list.indexOf(window.TomatoTheme.get()) + 1) % list.length]);
});
window.TomatoTheme.onChange(showTheme);
showTheme();

// The composer's hint names keys a phone's keyboard does not have, and at phone width it needs more lines
// than the box shows: phones get the short hint.
const PLACEHOLDER = els.input.placeholder;
const narrowScreen = window.matchMedia("(max-width: 760px)");
function fitPlaceholder() { els.input.placeholder = narrowScreen.matches ? "Message the agent…" : PLACEHOLDER; }
narrowScreen.addEventListener("change", fitPlaceholder);
fitPlaceholder();

// Another tab may start a run in this conversation: notice it and follow it.
setInterval(() => {
  if (!state.current || anyLive() || document.hidden) return;
  const id = state.current;
  state.polling = api.get(`/api/conversations/${encodeURIComponent(id)}/messages?limit=2`).then((page) => {
    if (state.current !== id || anyLive() || !page.results.length) return;
    const last = page.results[page.results.length - 1];
    if (last.role === "user" && last.run_id && !state.runs[last.run_id]) {
      const lastShown = els.list.lastElementChild;
      if (!lastShown || !lastShown.classList.contains("msg-user") || lastShown.dataset.messageId !== last.id) {
        els.list.appendChild(userNode(last));
      }
      resumeInFlight(page.results);
    }
  }).catch(() => { /* transient */ });
}, 2000);

// ---------- start ----------
conversations.init(loadConversations);
connect();
loadConversations().then(() => {
  // A message sent before the list arrived has started a conversation: it stays on screen (opening
  // another one, or a blank one, here would take its streaming answer off the page).
  if (state.current || anyLive()) return;
  const params = new URLSearchParams(location.search);
  // "/?workflow=12" (the Workflows page's "Chat with it") starts a new conversation with that workflow.
  const wanted = params.get("c") || (params.get("workflow") ? null : sessionStorage.getItem("tomato:conv"));
  if (wanted && state.conversations.some((c) => c.id === wanted)) openConversation(wanted);
  else newConversation();
});
