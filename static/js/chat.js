/* The chat page: conversations (REST), live runs over the WebSocket with
 * resume from the last rendered event id, safe Markdown rendering. */
(function () {
  "use strict";

  var api = window.TomatoApi, md = window.TomatoMarkdown;
  var $ = function (id) { return document.getElementById(id); };
  var els = {
    convList: $("conv-list"), convEmpty: $("conv-empty"), newConv: $("new-conv"), title: $("conv-title"),
    messages: $("messages"), list: $("message-list"), older: $("load-older"), empty: $("chat-empty"),
    form: $("composer"), input: $("composer-input"), send: $("send-btn"), stop: $("stop-btn"),
    error: $("composer-error"), conn: $("conn-status"), sidebar: $("sidebar"), toggle: $("toggle-sidebar"),
    target: $("chat-target"), targetRow: $("chat-target-row"),
  };
  var STORE = "tomato:run:";
  var state = {
    conversations: [], current: null, olderUrl: null,
    runs: {},          // run_id -> view of a live run
    pending: null,     // a message sent, its session event not seen yet
    socket: null, retries: 0, reconnectTimer: null,
  };

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }

  // Stream ids "ms-seq": compare numerically.
  function idAfter(a, b) {
    var x = String(a).split("-"), y = String(b).split("-");
    var d = Number(x[0]) - Number(y[0]);
    return d !== 0 ? d > 0 : Number(x[1] || 0) > Number(y[1] || 0);
  }

  function showError(msg) {
    els.error.textContent = msg || "";
    els.error.hidden = !msg;
  }

  function scrollToEnd(force) {
    var m = els.messages;
    if (force || m.scrollHeight - m.scrollTop - m.clientHeight < 120) m.scrollTop = m.scrollHeight;
  }

  // ---------- conversations ----------
  // The list itself (search, groups, pin, archive, export) is static/js/chat/conversations.js.
  var conversations = window.TomatoConversations;
  function loadConversations() {
    return conversations.load().then(function (list) {
      state.conversations = list;
      renderConversations();
    }).catch(function (e) { showError("Could not load conversations: " + e.message); });
  }

  function renderConversations() {
    els.convEmpty.textContent = conversations.emptyText();
    els.convEmpty.hidden = state.conversations.length > 0;
    conversations.render(els.convList, state.conversations, {
      current: state.current,
      onOpen: function (id) { openConversation(id); closeSidebar(); },
      onRename: renameConversation, onDelete: deleteConversation,
      onError: function (e) { showError(e.message); },
    });
    var cur = state.conversations.find(function (c) { return c.id === state.current; });
    if (cur || !state.current) els.title.textContent = cur ? (cur.title || "Untitled") : "New conversation";
    if (window.TomatoAgents && (cur || !state.current)) window.TomatoAgents.showFor(cur || null); // static/js/agents/picker.js
  }

  function renameConversation(c) {
    var title = window.prompt("New title", c.title || "");
    if (title === null || !title.trim()) return;
    api.patch("/api/conversations/" + encodeURIComponent(c.id), { title: title.trim().slice(0, 200) })
      .then(loadConversations).catch(function (e) { showError(e.message); });
  }

  function deleteConversation(c) {
    if (!window.confirm("Delete \u201c" + (c.title || "this conversation") + "\u201d and its messages?")) return;
    // The other-tab poll leaves it alone from now on, and one in flight ends first (no 404 for a deleted one).
    state.deleting = c.id;
    (state.polling || Promise.resolve()).then(function () {
      return api.del("/api/conversations/" + encodeURIComponent(c.id));
    }).then(function () {
      if (state.current === c.id) newConversation();
      return loadConversations();
    }).catch(function (e) { showError(e.message); }).then(function () { state.deleting = null; });
  }

  // "Answered by" (a new conversation only): the agent, or a workflow (static/js/workflows/chat-picker.js).
  function showTarget() {
    if (els.targetRow) els.targetRow.hidden = !!state.current;
  }

  // The first message's target: "workflow:12" → workflow_id, "agent:<id>" → agent_id, "" → the default agent.
  function chosenTarget() {
    var value = els.target && !state.current ? els.target.value : "";
    if (value.indexOf("workflow:") === 0) return { workflow_id: Number(value.slice(9)) };
    if (value.indexOf("agent:") === 0) return { agent_id: value.slice(6) };
    return {};
  }

  // A workflow node as a step of the answer (its own tokens and tools stay inside it).
  function nodeCard(view, d, scope) {
    var key = "node:" + scope.concat([d.node_id]).join("/");
    var card = view.cards[key];
    if (!card) {
      card = toolCard({ call_id: key, tool: d.type, label: d.title || d.node_id });
      card.classList.add("node-card");
      view.cards[key] = card;
      view.tools.appendChild(card);
    }
    return card;
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
    history.replaceState(null, "", "/?c=" + encodeURIComponent(id));
    showTarget();
    els.list.replaceChildren();
    els.empty.hidden = true;
    renderConversations();
    return api.get("/api/conversations/" + encodeURIComponent(id) + "/messages?limit=30").then(function (page) {
      if (state.current !== id) return;
      state.olderUrl = page.next;
      els.older.hidden = !page.next;
      page.results.forEach(function (m) { els.list.appendChild(messageNode(m)); });
      els.empty.hidden = page.results.length > 0;
      scrollToEnd(true);
      return resumeInFlight(page.results);
    }).catch(function (e) {
      if (e.status === 404) { newConversation(); loadConversations(); return; }
      showError("Could not load messages: " + e.message);
    });
  }

  function loadOlder() {
    if (!state.olderUrl) return;
    var url = new URL(state.olderUrl, location.href);
    var id = state.current;
    els.older.disabled = true;
    api.get(url.pathname + url.search).then(function (page) {
      if (state.current !== id) return;
      var before = els.messages.scrollHeight;
      var frag = document.createDocumentFragment();
      page.results.forEach(function (m) { frag.appendChild(messageNode(m)); });
      els.list.insertBefore(frag, els.list.firstChild);
      els.messages.scrollTop += els.messages.scrollHeight - before;
      state.olderUrl = page.next;
      els.older.hidden = !page.next;
    }).catch(function (e) { showError(e.message); })
      .then(function () { els.older.disabled = false; });
  }

  // A user message whose answer is not stored yet: is its run still in flight?
  function resumeInFlight(messages) {
    if (!messages.length) return;
    var last = messages[messages.length - 1];
    if (last.role !== "user" || !last.run_id || state.runs[last.run_id]) return;
    return api.get("/api/runs/" + encodeURIComponent(last.run_id)).then(function (run) {
      if (run.status === "queued" || run.status === "running") {
        var view = runView(last.run_id);
        view.lastId = "0-0"; // render fresh from the start
        sessionStorage.setItem(STORE + last.run_id, "0-0");
        els.list.appendChild(view.node);
        setBusy(true);
        resume(view);
      }
    }).catch(function () { /* the run is gone; nothing to resume */ });
  }

  // ---------- messages ----------
  function userNode(text) {
    var wrap = el("div", "msg msg-user");
    wrap.appendChild(el("div", "bubble", text));
    return wrap;
  }

  function toolCard(call) {
    var card = el("div", "tool-card");
    card.dataset.callId = call.call_id || call.id || "";
    var head = el("div", "tool-head");
    head.appendChild(el("span", "tool-label", call.label || call.tool || "Tool"));
    if (call.tool && call.label && call.tool !== call.label) head.appendChild(el("span", "tool-name", call.tool));
    var status = el("span", "tool-status", "running…");
    head.appendChild(status);
    card.appendChild(head);
    card._args = el("div", "tool-args");
    if (call.args !== undefined && call.args !== null) {
      card._args.appendChild(el("div", "tool-sub", "Arguments"));
      card._args.appendChild(el("pre", "tool-json", pretty(call.args)));
    }
    card._body = el("div", "tool-body");
    card.append(card._args, card._body);
    card._call = call;
    card._status = status;
    return card;
  }

  function finishToolCard(card, r) {
    card.classList.add(r.ok ? "ok" : "failed");
    card._status.textContent = (r.ok ? "done" : "failed") + (r.duration_ms != null ? " · " + r.duration_ms + " ms" : "");
    card._result = r;
    if (stepCard(card)) return;
    if (r.ok && r.visible !== undefined && r.visible !== null) {
      card._body.appendChild(el("div", "tool-sub", "Result"));
      card._body.appendChild(el("pre", "tool-json", pretty(r.visible)));
    }
    if (!r.ok || r.error) {
      card._body.appendChild(el("div", "tool-sub", "Error"));
      card._body.appendChild(el("pre", "tool-json tool-error", r.error || "The tool failed."));
    }
  }

  // A tool with a step renderer (static/js/chat/steps.js: run_python's output, plots and files) draws its
  // finished call itself; true when it did.
  function stepCard(card) {
    var r = card._result, steps = window.TomatoSteps;
    var renderer = r && steps ? steps.renderer(card._call.tool || r.tool) : null;
    if (!renderer) return false;
    var args = card._call.args != null ? card._call.args : r.visible_arguments;
    card._args.replaceChildren();
    card._body.replaceChildren();
    renderer.body({ tool: r.tool, args: args || {}, result: r.ok ? r.visible : null,
                    status: r.ok ? "done" : "failed", error: r.error }, card._body);
    return true;
  }

  // Renderers are modules, which run after this script: calls already shown are drawn again with theirs.
  document.addEventListener("tomato:steps", function () {
    document.querySelectorAll(".tool-card").forEach(function (card) { if (card._result) stepCard(card); });
  });

  function pretty(value) {
    if (typeof value === "string") return value;
    try { return JSON.stringify(value, null, 2); } catch (e) { return String(value); }
  }

  function usageText(u) {
    if (!u) return "";
    var parts = [];
    if (u.total_tokens != null) parts.push(u.total_tokens + " tokens (" + (u.prompt_tokens || 0) + " in, " + (u.completion_tokens || 0) + " out)");
    if (u.cost_usd != null) parts.push("$" + Number(u.cost_usd).toFixed(6));
    return parts.join(" · ");
  }

  function assistantShell() {
    var wrap = el("div", "msg msg-assistant");
    var reasoning = el("details", "reasoning");
    reasoning.appendChild(el("summary", null, "Reasoning"));
    var rtext = el("div", "reasoning-text");
    reasoning.appendChild(rtext);
    reasoning.hidden = true;
    var tools = el("div", "tools");
    var body = el("div", "md");
    var meta = el("div", "msg-meta");
    wrap.append(reasoning, tools, body, meta);
    return { node: wrap, reasoning: reasoning, rtext: rtext, tools: tools, body: body, meta: meta };
  }

  function messageNode(m) {
    if (m.role === "user") return userNode(m.content);
    var s = assistantShell();
    if (m.reasoning) { s.reasoning.hidden = false; s.rtext.textContent = m.reasoning; }
    (m.tool_calls || []).forEach(function (t) {
      var card = toolCard({ call_id: t.id, tool: t.tool, label: t.label });
      finishToolCard(card, t);
      s.tools.appendChild(card);
    });
    md.render(m.content, s.body);
    var meta = [];
    if (m.status === "cancelled") meta.push("Stopped");
    if (m.status === "failed" && m.error) meta.push("Failed: " + (m.error.message || m.error.code || "error"));
    var u = usageText(m.usage);
    if (u) meta.push(u);
    s.meta.textContent = meta.join(" · ");
    if (m.status === "cancelled" || m.status === "failed") s.node.classList.add("msg-" + m.status);
    return s.node;
  }

  // ---------- live runs ----------
  function runView(runId) {
    var s = assistantShell();
    s.node.classList.add("streaming");
    s.node.dataset.runId = runId;
    var stored = sessionStorage.getItem(STORE + runId);
    var view = { runId: runId, lastId: stored || "0-0", text: "", reasoningText: "", cards: {}, done: false, frame: 0 };
    Object.assign(view, s);
    s.body.appendChild(el("span", "typing", "…"));
    view.stream = md.stream(s.body);
    state.runs[runId] = view;
    return view;
  }

  function scheduleRender(view) {
    if (view.frame) return;
    view.frame = requestAnimationFrame(function () {
      view.frame = 0;
      view.stream.update(view.text);
      view.rtext.textContent = view.reasoningText;
      scrollToEnd(false);
    });
  }

  function onFrame(frame) {
    if (!frame || typeof frame !== "object") return;
    if (frame.type === "auth_ok") return;
    var runId = frame.run_id;
    if (!runId) { // a refused message (conversation_busy, rate_limited, invalid_request…)
      if (frame.type === "error") {
        showError((frame.data && frame.data.message) || "Something went wrong.");
        if (state.pending) { state.pending.node.remove(); state.pending = null; }
        setBusy(anyLive());
      }
      return;
    }
    var view = state.runs[runId];
    if (!view) {
      if (frame.type !== "session" || !state.pending) return; // another run we do not show
      view = runView(runId);
      state.pending.node.replaceWith(view.node);
      state.pending = null;
    }
    if (view.done) return;
    if (frame.id) {
      if (!idAfter(frame.id, view.lastId)) return; // already rendered: never double
    } else if (frame.type === "error") { // a transport error: resume to continue
      scheduleReconnect(true);
      return;
    }
    var d = frame.data;
    var scope = frame.scope || [];
    if (scope.length && String(scope[0]).indexOf("agent:") === 0 && window.TomatoNestedSteps) { // a sub-agent's work
      window.TomatoNestedSteps.handle(view, frame, { toolCard: toolCard, finishToolCard: finishToolCard, render: md.render });
      view.lastId = frame.id;
      sessionStorage.setItem(STORE + runId, frame.id);
      return;
    }
    // Nested work (a workflow node) streams its own text under a scope: not the answer.
    if ((frame.type === "token" || frame.type === "reasoning_token") && scope.length) {
      view.lastId = frame.id;
      return;
    }
    switch (frame.type) {
      case "session":
        if (!state.current && d && d.conversation_id) {
          state.current = d.conversation_id;
          sessionStorage.setItem("tomato:conv", d.conversation_id);
          history.replaceState(null, "", "/?c=" + encodeURIComponent(d.conversation_id));
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
      case "tool_start":
        var card = toolCard({ call_id: d.call_id, tool: d.tool, label: d.label, args: d.visible });
        view.cards[d.call_id] = card;
        view.tools.appendChild(card);
        break;
      case "tool_result":
        var c = view.cards[d.call_id];
        if (!c) { c = toolCard(d); view.cards[d.call_id] = c; view.tools.appendChild(c); }
        finishToolCard(c, d);
        break;
      case "tool_retry":
        var rc = view.cards[d.call_id];
        if (rc) rc.appendChild(el("div", "tool-sub", "Retrying (" + d.attempt + " of " + d.attempts + "): " + d.error));
        break;
      case "node_started":
        nodeCard(view, d, scope);
        break;
      case "node_finished":
        var nc = nodeCard(view, d, scope);
        if (d.status === "skipped") { nc.remove(); break; }
        finishToolCard(nc, {
          ok: d.status === "succeeded", duration_ms: d.duration_ms,
          visible: d.outputs && Object.keys(d.outputs).length ? d.outputs : null,
          error: d.error ? d.error.message || String(d.error) : d.status === "cancelled" ? "cancelled" : null,
        });
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
    }
    view.lastId = frame.id;
    if (!view.done) sessionStorage.setItem(STORE + runId, frame.id);
  }

  function finish(view, status, d) {
    view.done = true;
    if (view.frame) { cancelAnimationFrame(view.frame); view.frame = 0; }
    if (status !== "failed" && d && typeof d.content === "string" && d.content.length >= view.text.length) view.text = d.content;
    view.stream.done(view.text);
    view.rtext.textContent = view.reasoningText;
    view.node.classList.remove("streaming");
    var meta = [];
    if (status === "cancelled") { meta.push("Stopped"); view.node.classList.add("msg-cancelled"); }
    if (status === "failed") { meta.push("Failed: " + ((d && d.message) || "error")); view.node.classList.add("msg-failed"); }
    var u = usageText(d && d.usage);
    if (u) meta.push(u);
    view.meta.textContent = meta.join(" · ");
    view.node.dataset.status = status;
    sessionStorage.removeItem(STORE + view.runId);
    setBusy(anyLive());
    loadConversations();
    scrollToEnd(false);
  }

  function anyLive() {
    if (state.pending) return true;
    return Object.keys(state.runs).some(function (k) { return !state.runs[k].done; });
  }

  function liveRun() {
    var k = Object.keys(state.runs).find(function (id) { return !state.runs[id].done; });
    return k ? state.runs[k] : null;
  }

  // While an answer streams the composer stays open: sending then is "stop and send" (if_busy: interrupt).
  function setBusy(busy) {
    els.send.textContent = busy ? "Stop and send" : "Send";
    els.send.title = busy ? "Stop the answer in progress (its partial text is kept) and send this" : "";
    els.send.classList.toggle("stop-and-send", busy);
    els.stop.hidden = !busy;
    if (!busy) els.input.focus();
  }

  // ---------- socket ----------
  function connect() {
    clearTimeout(state.reconnectTimer);
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var ws = new WebSocket(scheme + location.host + "/ws/chat/");
    state.socket = ws;
    setConn("connecting");
    ws.onopen = function () {
      state.retries = 0;
      setConn("");
      Object.keys(state.runs).forEach(function (id) { if (!state.runs[id].done) resume(state.runs[id]); });
      if (state.pending) recoverPending();
    };
    ws.onmessage = function (ev) {
      var frame = null;
      try { frame = JSON.parse(ev.data); } catch (e) { return; }
      onFrame(frame);
    };
    ws.onclose = function (ev) {
      if (state.socket !== ws) return;
      state.socket = null;
      if (ev.code === 4401) { location.href = "/login?next=/"; return; }
      scheduleReconnect(false);
    };
    ws.onerror = function () { /* onclose follows */ };
  }

  function scheduleReconnect(now) {
    if (now && state.socket && state.socket.readyState === WebSocket.OPEN) {
      Object.keys(state.runs).forEach(function (id) { if (!state.runs[id].done) resume(state.runs[id]); });
      return;
    }
    var delay = Math.min(8000, 500 * Math.pow(2, state.retries++)) * (0.8 + Math.random() * 0.4);
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
    var wasNew = !state.current;
    setTimeout(function () {
      if (!state.pending) return;
      loadConversations().then(function () {
        if (!state.pending) return;
        var id = wasNew ? (state.conversations[0] && state.conversations[0].id) : state.current;
        var text = state.pending.text;
        state.pending = null;
        if (id) openConversation(id).then(function () {
          setBusy(anyLive());
          var users = els.list.querySelectorAll(".msg-user .bubble");
          var delivered = users.length && users[users.length - 1].textContent === text;
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

  // ---------- composer ----------
  function submit() {
    var text = els.input.value;
    if (!text.trim() || state.pending) return;
    var interrupt = anyLive();
    showError("");
    var frame = Object.assign({ type: "message", conversation_id: state.current, content: text }, chosenTarget());
    if (interrupt) frame.if_busy = "interrupt";
    if (!sendFrame(frame)) {
      showError("Not connected yet; try again in a moment.");
      return;
    }
    els.empty.hidden = true;
    els.list.appendChild(userNode(text));
    var placeholder = el("div", "msg msg-assistant streaming");
    placeholder.appendChild(el("span", "typing", "…"));
    els.list.appendChild(placeholder);
    state.pending = { node: placeholder, text: text };
    els.input.value = "";
    setBusy(true);
    scrollToEnd(true);
  }

  els.form.addEventListener("submit", function (e) { e.preventDefault(); submit(); });
  els.input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
  });
  els.stop.addEventListener("click", function () {
    var view = liveRun();
    if (view) sendFrame({ type: "cancel", run_id: view.runId });
  });
  els.newConv.addEventListener("click", function () { newConversation(); closeSidebar(); });
  els.older.addEventListener("click", loadOlder);

  function closeSidebar() {
    document.body.classList.remove("sidebar-open");
    els.toggle.setAttribute("aria-expanded", "false");
  }
  els.toggle.addEventListener("click", function () {
    var open = document.body.classList.toggle("sidebar-open");
    els.toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) els.newConv.focus();
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") closeSidebar(); });

  // Another tab may start a run in this conversation: notice it and follow it.
  setInterval(function () {
    if (!state.current || state.current === state.deleting || anyLive() || document.hidden) return;
    var id = state.current;
    state.polling = api.get("/api/conversations/" + encodeURIComponent(id) + "/messages?limit=2").then(function (page) {
      if (state.current !== id || anyLive() || !page.results.length) return;
      var last = page.results[page.results.length - 1];
      if (last.role === "user" && last.run_id && !state.runs[last.run_id]) {
        var lastShown = els.list.lastElementChild;
        if (!lastShown || !lastShown.classList.contains("msg-user") || lastShown.textContent !== last.content) {
          els.list.appendChild(userNode(last.content));
        }
        resumeInFlight(page.results);
      }
    }).catch(function () { /* transient */ });
  }, 2000);

  // ---------- start ----------
  conversations.init(loadConversations);
  connect();
  loadConversations().then(function () {
    var params = new URLSearchParams(location.search);
    // "/?workflow=12" (the Workflows page's "Chat with it") starts a new conversation with that workflow.
    var wanted = params.get("c") || (params.get("workflow") ? null : sessionStorage.getItem("tomato:conv"));
    if (wanted && state.conversations.some(function (c) { return c.id === wanted; })) openConversation(wanted);
    else newConversation();
  });
})();
