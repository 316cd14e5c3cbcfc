/* The snippets page: list (newest first) or search by meaning (the agent's hybrid search,
 * /api/snippets/search), filters (mine / shared by others, language, tag), add, edit, delete.
 * Long code is collapsed to a few lines until expanded. */
(function () {
  "use strict";

  var api = window.TomatoApi;
  var $ = function (id) { return document.getElementById(id); };
  var els = {
    search: $("snip-search"), q: $("snip-q"), lang: $("snip-lang"), tag: $("snip-tag"), scope: $("snip-scope"),
    add: $("snip-new"), list: $("snip-list"),
    more: $("snip-more"), status: $("snip-status"), form: $("snip-form"), formTitle: $("snip-form-title"),
    formError: $("snip-form-error"), cancel: $("snip-cancel"),
  };
  var state = { editing: null, next: null };
  var me = $("snippets-page").dataset.username;
  var COLLAPSED_LINES = 6;

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }

  function field(name) { return els.form.elements[name]; }

  /* A ranked search when there is a query (the agent's hybrid search), else the filtered list. */
  function query() {
    var p = new URLSearchParams();
    var q = els.q.value.trim();
    if (els.lang.value.trim()) p.set("language", els.lang.value.trim());
    if (els.tag.value.trim()) p.set("tag", els.tag.value.trim());
    if (els.scope.value !== "all") p.set("scope", els.scope.value);
    if (q) { p.set("q", q); p.set("k", "20"); return "/api/snippets/search?" + p.toString(); }
    var s = p.toString();
    return "/api/snippets" + (s ? "?" + s : "");
  }

  function filtered() {
    return els.q.value.trim() || els.lang.value.trim() || els.tag.value.trim() || els.scope.value !== "all";
  }

  function load(url, append, notice) {
    els.status.textContent = "Loading…";
    return api.get(url).then(function (page) {
      var items = Array.isArray(page) ? page : page.results;
      state.next = Array.isArray(page) ? null : page.next;
      if (!append) els.list.replaceChildren();
      items.forEach(function (s) { els.list.appendChild(item(s)); });
      els.more.hidden = !state.next;
      var ranked = Array.isArray(page) && items.length ? items.length + " found, best match first." : "";
      els.status.textContent = notice || (els.list.children.length ? ranked
        : filtered() ? "No snippets match this search." : "No snippets yet. Add one to let the agent find it.");
    }).catch(function (e) { els.status.textContent = "Could not load snippets: " + e.message; });
  }

  /* The code, collapsed to its first lines when it is longer, with a button to show all of it. */
  function codeBlock(s) {
    var wrap = el("div", "snip-code-wrap");
    var pre = el("pre", "snip-code");
    var code = el("code", s.language ? "language-" + s.language : null, s.code);
    pre.appendChild(code);
    pre.tabIndex = 0;
    pre.setAttribute("aria-label", "Code of " + s.title);
    wrap.appendChild(pre);
    var lines = s.code.split("\n").length;
    if (lines > COLLAPSED_LINES) {
      pre.classList.add("collapsed");
      var toggle = el("button", "link-btn snip-expand", "Show all " + lines + " lines");
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "false");
      toggle.addEventListener("click", function () {
        var open = pre.classList.toggle("collapsed") === false;
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        toggle.textContent = open ? "Show less" : "Show all " + lines + " lines";
      });
      wrap.appendChild(toggle);
    }
    return wrap;
  }

  function item(s) {
    var li = el("li", "snip");
    li.dataset.id = s.id;
    li.appendChild(el("h2", null, s.title));
    var meta = [s.language || "text"];
    if (s.tags && s.tags.length) meta.push(s.tags.join(", "));
    if (s.shared) meta.push("shared");
    if (s.owner) meta.push(s.owner === me ? "yours" : "by " + s.owner);
    li.appendChild(el("p", "snip-meta", meta.join(" · ")));
    if (s.description) li.appendChild(el("p", null, s.description));
    li.appendChild(codeBlock(s));
    var actions = el("div", "snip-actions");
    var edit = el("button", "secondary", "Edit");
    edit.type = "button";
    edit.setAttribute("aria-label", "Edit " + s.title);
    edit.addEventListener("click", function () { openForm(s); });
    var del = el("button", "danger", "Delete");
    del.type = "button";
    del.setAttribute("aria-label", "Delete " + s.title);
    // Deleting asks in place (no browser confirm()): the buttons become "Delete it" and "Keep it".
    var ask = el("div", "snip-confirm");
    ask.hidden = true;
    ask.setAttribute("role", "group");
    ask.setAttribute("aria-label", "Delete " + s.title + "?");
    ask.appendChild(el("span", null, "Delete \u201c" + s.title + "\u201d?"));
    var yes = el("button", "danger snip-confirm-delete", "Delete it");
    yes.type = "button";
    var no = el("button", "secondary snip-confirm-keep", "Keep it");
    no.type = "button";
    ask.append(yes, no);
    function asking(on) {
      ask.hidden = !on;
      edit.hidden = on;
      del.hidden = on;
      (on ? no : del).focus();
    }
    del.addEventListener("click", function () { asking(true); });
    no.addEventListener("click", function () { asking(false); });
    ask.addEventListener("keydown", function (e) { if (e.key === "Escape") asking(false); });
    yes.addEventListener("click", function () {
      api.del("/api/snippets/" + encodeURIComponent(s.id)).then(function () {
        li.remove();
        els.status.textContent = "Deleted \u201c" + s.title + "\u201d.";
        els.add.focus();
      }).catch(function (e) { els.status.textContent = e.message; });
    });
    actions.append(edit, del, ask);
    if (s.owner === me) li.appendChild(actions);  // others' shared snippets are read-only here
    return li;
  }

  function clearErrors() {
    els.formError.hidden = true;
    els.form.querySelectorAll(".field-error").forEach(function (p) { p.textContent = ""; });
    els.form.querySelectorAll(".has-error").forEach(function (f) { f.classList.remove("has-error"); });
  }

  function openForm(s) {
    state.editing = s ? s.id : null;
    clearErrors();
    els.formTitle.textContent = s ? "Edit snippet" : "Add a snippet";
    field("title").value = s ? s.title : "";
    field("description").value = s ? s.description || "" : "";
    field("code").value = s ? s.code : "";
    field("language").value = s ? s.language || "" : "";
    field("tags").value = s && s.tags ? s.tags.join(", ") : "";
    field("shared").checked = !!(s && s.shared);
    els.form.hidden = false;
    field("title").focus();
  }

  els.form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearErrors();
    var body = {
      title: field("title").value.trim(), description: field("description").value, code: field("code").value,
      language: field("language").value.trim(), shared: field("shared").checked,
      tags: field("tags").value.split(",").map(function (t) { return t.trim(); }).filter(Boolean),
    };
    var missing = ["title", "code"].filter(function (k) { return !body[k].trim(); });
    if (missing.length) { // checked here first; the server checks again
      missing.forEach(function (k) {
        var slot = els.form.querySelector('.field-error[data-for="' + k + '"]');
        slot.textContent = "This field is required.";
        slot.parentElement.classList.add("has-error");
      });
      field(missing[0]).focus();
      return;
    }
    var call = state.editing ? api.patch("/api/snippets/" + encodeURIComponent(state.editing), body)
                             : api.post("/api/snippets", body);
    call.then(function (saved) {
      els.form.hidden = true;
      // The confirmation stays in the status line (announced); the list shows the saved snippet.
      load(query(), false, "Saved \u201c" + saved.title + "\u201d." + (saved.shared ? " Everyone can find it now." : ""));
      els.add.focus();
    }).catch(function (err) {
      var shown = false;
      if (err.body && typeof err.body === "object") {
        Object.keys(err.body).forEach(function (k) {
          var slot = els.form.querySelector('.field-error[data-for="' + k + '"]');
          if (slot) {
            slot.textContent = [].concat(err.body[k]).join(" ");
            slot.parentElement.classList.add("has-error");
            shown = true;
          }
        });
      }
      if (!shown) { els.formError.textContent = err.message; els.formError.hidden = false; }
    });
  });

  els.cancel.addEventListener("click", function () { els.form.hidden = true; els.add.focus(); });
  els.add.addEventListener("click", function () { openForm(null); });
  els.search.addEventListener("submit", function (e) { e.preventDefault(); load(query(), false); });
  els.scope.addEventListener("change", function () { load(query(), false); });
  els.more.addEventListener("click", function () {
    if (!state.next) return;
    var u = new URL(state.next, location.href);
    load(u.pathname + u.search, true);
  });

  load(query(), false);
})();
