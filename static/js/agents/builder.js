/* The agent builder: your agents, the create/edit form (everything POST/PATCH /api/agents takes), and a
 * preview chat beside it that talks to the saved agent over POST /api/chat/stream (native SSE), showing
 * its tool steps and its sub-agents' steps nested. */
(function () {
  "use strict";

  var api = window.TomatoApi;
  var $ = function (id) { return document.getElementById(id); };
  var els = {
    list: $("agent-list"), add: $("agent-new"), form: $("agent-form"), formTitle: $("agent-form-title"),
    name: $("f-name"), emoji: $("f-emoji"), description: $("f-description"), instructions: $("f-instructions"),
    starters: $("f-starters"), model: $("f-model"), temperature: $("f-temperature"), tools: $("f-tools"),
    agents: $("f-agents"), knowledge: $("f-knowledge"), toolMode: $("f-tool-mode"),
    maxIterations: $("f-max-iterations"), visibility: $("f-visibility"), save: $("agent-save"),
    chat: $("agent-chat"), del: $("agent-delete"), status: $("agent-status"), error: $("agent-error"),
    log: $("preview-log"), previewForm: $("preview-form"), previewInput: $("preview-input"),
    previewSend: $("preview-send"), previewReset: $("preview-reset"),
  };
  var state = { agents: [], tools: [], models: [], current: null, preview: null, streaming: false };

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }

  function showError(message) {
    els.error.textContent = message || "";
    els.error.hidden = !message;
  }

  function title(a) { return ((a.emoji ? a.emoji + " " : "") + a.name).trim(); }

  // ---------- the list ----------
  function renderList() {
    els.list.replaceChildren();
    state.agents.filter(function (a) { return a.is_owner; }).forEach(function (a) {
      var li = el("li");
      var b = el("button", null, title(a));
      b.type = "button";
      if (state.current && state.current.id === a.id) b.setAttribute("aria-current", "true");
      b.addEventListener("click", function () { edit(a); });
      li.appendChild(b);
      els.list.appendChild(li);
    });
  }

  function loadAgents() {
    return api.get("/api/agents").then(function (page) {
      state.agents = page.results || [];
      renderList();
      renderSubAgents();
    });
  }

  // ---------- choices ----------
  function renderTools() {
    els.tools.querySelectorAll("label").forEach(function (n) { n.remove(); });
    state.tools.forEach(function (t) {
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.value = t.name;
      box.name = "tool";
      label.append(box, document.createTextNode(t.alias || t.name));
      label.title = t.description || "";
      els.tools.appendChild(label);
    });
  }

  function renderSubAgents() {
    var chosen = state.current ? state.current.agents : [];
    els.agents.querySelectorAll("label").forEach(function (n) { n.remove(); });
    state.agents.forEach(function (a) {
      if (state.current && a.id === state.current.id) return;
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.value = a.id;
      box.name = "sub-agent";
      box.checked = chosen.indexOf(a.id) >= 0;
      label.append(box, document.createTextNode(title(a)));
      label.title = a.description || "";
      els.agents.appendChild(label);
    });
  }

  function renderModels() {
    els.model.replaceChildren();
    var def = el("option", null, "The default model");
    def.value = "";
    els.model.appendChild(def);
    state.models.forEach(function (p) {
      p.models.forEach(function (m) {
        var option = el("option", null, p.name + " · " + (m.label || m.model));
        option.value = JSON.stringify([p.slug, m.model]);
        els.model.appendChild(option);
      });
    });
  }

  // ---------- the form ----------
  function checked(name) {
    return Array.prototype.map.call(els.form.querySelectorAll('input[name="' + name + '"]:checked'), function (b) { return b.value; });
  }

  function fields() {
    var model = els.model.value ? JSON.parse(els.model.value) : ["", ""];
    var number = function (input) { return input.value === "" ? null : Number(input.value); };
    return {
      name: els.name.value.trim(), emoji: els.emoji.value.trim(), description: els.description.value.trim(),
      instructions: els.instructions.value,
      starters: els.starters.value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean),
      provider: model[0], model: model[1], temperature: number(els.temperature), tools: checked("tool"),
      agents: checked("sub-agent"),
      knowledge: els.knowledge.value.split(",").map(function (s) { return s.trim(); }).filter(Boolean),
      tool_mode: els.toolMode.value, max_iterations: number(els.maxIterations), visibility: els.visibility.value,
    };
  }

  function fillForm(a) {
    els.formTitle.textContent = a ? "Edit " + title(a) + " (version " + a.version + ")" : "New agent";
    els.name.value = a ? a.name : "";
    els.emoji.value = a ? a.emoji : "";
    els.description.value = a ? a.description : "";
    els.instructions.value = a ? a.instructions : "";
    els.starters.value = a ? (a.starters || []).join("\n") : "";
    els.model.value = a && a.model ? JSON.stringify([a.provider, a.model]) : "";
    els.temperature.value = a && a.temperature !== null ? a.temperature : "";
    els.form.querySelectorAll('input[name="tool"]').forEach(function (b) { b.checked = !!a && a.tools.indexOf(b.value) >= 0; });
    els.knowledge.value = a ? (a.knowledge || []).join(", ") : "";
    els.toolMode.value = a ? a.tool_mode : "";
    els.maxIterations.value = a && a.max_iterations !== null ? a.max_iterations : "";
    els.visibility.value = a ? a.visibility : "private";
    els.del.hidden = !a;
    els.chat.hidden = !a;
    if (a) els.chat.href = "/?agent=" + encodeURIComponent(a.id);
    els.previewSend.disabled = !a;
    renderSubAgents();
    renderList();
    showError("");
    els.status.textContent = "";
  }

  function edit(a) {
    state.current = a;
    history.replaceState(null, "", a ? "/agents?id=" + encodeURIComponent(a.id) : "/agents");
    fillForm(a);
    resetPreview();
  }

  function save(e) {
    e.preventDefault();
    showError("");
    var body = fields();
    if (!body.name) { showError("A name is needed."); els.name.focus(); return; }
    els.save.disabled = true;
    var call = state.current
      ? api.patch("/api/agents/" + encodeURIComponent(state.current.id), body)
      : api.post("/api/agents", body);
    call.then(function (a) {
      state.current = a;
      return loadAgents().then(function () {
        edit(a);
        els.status.textContent = "Saved: version " + a.version + ".";
      });
    }).catch(function (err) { showError(err.message); })
      .then(function () { els.save.disabled = false; });
  }

  function remove() {
    var a = state.current;
    if (!a || !window.confirm("Delete \u201c" + a.name + "\u201d? Conversations with it can no longer continue.")) return;
    api.del("/api/agents/" + encodeURIComponent(a.id)).then(function () {
      edit(null);
      return loadAgents();
    }).catch(function (err) { showError(err.message); });
  }

  // ---------- preview ----------
  function resetPreview() {
    state.preview = null;
    els.log.replaceChildren();
  }

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function stepLine(scope, text) {
    var line = el("div", "preview-step" + (scope.length ? " nested" : ""), (scope.length ? "↳ " : "") + text);
    els.log.appendChild(line);
  }

  function onEvent(type, payload, answer) {
    var scope = [];
    var data = payload;
    if (payload && typeof payload === "object" && !Array.isArray(payload) && payload.scope) {
      scope = payload.scope;
      data = payload.data;
    }
    if (type === "session" && data.conversation_id) state.preview = data.conversation_id;
    else if (type === "token" && !scope.length) answer.textContent += data;
    else if (type === "tool_start") stepLine(scope, "→ " + (data.label || data.tool));
    else if (type === "tool_result") stepLine(scope, (data.ok ? "✓ " : "✗ ") + (data.label || data.tool) + (data.error ? ": " + data.error : ""));
    else if (type === "tool_retry") stepLine(scope, "↻ " + (data.label || data.tool) + ": retrying");
    else if (type === "error") answer.textContent += " [" + (data.message || "failed") + "]";
    els.log.scrollTop = els.log.scrollHeight;
  }

  function send(e) {
    e.preventDefault();
    var text = els.previewInput.value;
    if (!text.trim() || !state.current || state.streaming) return;
    els.previewInput.value = "";
    els.log.appendChild(el("div", "preview-user", text));
    var answer = el("div", "preview-answer");
    answer.dataset.status = "streaming";
    els.log.appendChild(answer);
    state.streaming = true;
    els.previewSend.disabled = true;
    var body = { message: text, conversation_id: state.preview, agent_id: state.preview ? null : state.current.id };
    fetch("/api/chat/stream", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), "Accept": "text/event-stream" },
      body: JSON.stringify(body),
    }).then(function (resp) {
      if (!resp.ok) return resp.json().then(function (b) { throw new Error((b.error && b.error.message) || "Failed"); });
      var reader = resp.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) return;
          buffer += decoder.decode(chunk.value, { stream: true });
          var blocks = buffer.split("\n\n");
          buffer = blocks.pop();
          blocks.forEach(function (block) {
            var type = null, data = [];
            block.split("\n").forEach(function (line) {
              if (line.indexOf("event: ") === 0) type = line.slice(7);
              else if (line.indexOf("data: ") === 0) data.push(line.slice(6));
            });
            if (type && data.length) onEvent(type, JSON.parse(data.join("\n")), answer);
          });
          return pump();
        });
      }
      return pump();
    }).catch(function (err) {
      answer.textContent += " [" + err.message + "]";
    }).then(function () {
      answer.dataset.status = "done";
      state.streaming = false;
      els.previewSend.disabled = !state.current;
    });
  }

  // ---------- start ----------
  els.form.addEventListener("submit", save);
  els.add.addEventListener("click", function () { edit(null); els.name.focus(); });
  els.del.addEventListener("click", remove);
  els.previewForm.addEventListener("submit", send);
  els.previewReset.addEventListener("click", resetPreview);
  els.save.disabled = true; // until the tools, models and agents are there (the form is filled from them)
  Promise.all([api.get("/api/tools"), api.get("/api/providers"), loadAgents()]).then(function (got) {
    state.tools = got[0] || [];
    state.models = got[1] || [];
    renderTools();
    renderModels();
    var wanted = new URLSearchParams(location.search).get("id");
    var found = state.agents.find(function (a) { return a.id === wanted; });
    if (found) edit(found);
    else if (wanted) api.get("/api/agents/" + encodeURIComponent(wanted)).then(edit).catch(function () { edit(null); });
    else edit(null);
    els.save.disabled = false;
    document.body.dataset.ready = "true";
  }).catch(function (err) { showError("Could not load: " + err.message); });
})();
