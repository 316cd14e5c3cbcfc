/* "My snippets": list, search, add, edit, delete through /api/snippets. */
(function () {
  "use strict";

  var api = window.TomatoApi;
  var $ = function (id) { return document.getElementById(id); };
  var els = {
    search: $("snip-search"), q: $("snip-q"), lang: $("snip-lang"), add: $("snip-new"), list: $("snip-list"),
    more: $("snip-more"), status: $("snip-status"), form: $("snip-form"), formTitle: $("snip-form-title"),
    formError: $("snip-form-error"), cancel: $("snip-cancel"),
  };
  var state = { editing: null, next: null };

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }

  function field(name) { return els.form.elements[name]; }

  function query() {
    var p = new URLSearchParams();
    if (els.q.value.trim()) p.set("q", els.q.value.trim());
    if (els.lang.value.trim()) p.set("language", els.lang.value.trim());
    var s = p.toString();
    return "/api/snippets" + (s ? "?" + s : "");
  }

  function load(url, append) {
    els.status.textContent = "Loading…";
    api.get(url).then(function (page) {
      var items = Array.isArray(page) ? page : page.results;
      state.next = Array.isArray(page) ? null : page.next;
      if (!append) els.list.replaceChildren();
      items.forEach(function (s) { els.list.appendChild(item(s)); });
      els.more.hidden = !state.next;
      var searching = els.q.value.trim() || els.lang.value.trim();
      els.status.textContent = els.list.children.length ? ""
        : searching ? "No snippets match this search." : "No snippets yet. Add one to let the agent find it.";
    }).catch(function (e) { els.status.textContent = "Could not load snippets: " + e.message; });
  }

  function item(s) {
    var li = el("li", "snip");
    li.dataset.id = s.id;
    li.appendChild(el("h2", null, s.title));
    var meta = [s.language || "text"];
    if (s.tags && s.tags.length) meta.push(s.tags.join(", "));
    if (s.shared) meta.push("shared");
    if (s.owner) meta.push("by " + s.owner);
    li.appendChild(el("p", "snip-meta", meta.join(" · ")));
    if (s.description) li.appendChild(el("p", null, s.description));
    var code = el("div");
    window.TomatoMarkdown.render("```" + (s.language || "") + "\n" + s.code + "\n```", code);
    li.appendChild(code);
    var actions = el("div", "snip-actions");
    var edit = el("button", "secondary", "Edit");
    edit.type = "button";
    edit.setAttribute("aria-label", "Edit " + s.title);
    edit.addEventListener("click", function () { openForm(s); });
    var del = el("button", "danger", "Delete");
    del.type = "button";
    del.setAttribute("aria-label", "Delete " + s.title);
    del.addEventListener("click", function () {
      if (!window.confirm("Delete the snippet \u201c" + s.title + "\u201d?")) return;
      api.del("/api/snippets/" + encodeURIComponent(s.id)).then(function () { li.remove(); })
        .catch(function (e) { els.status.textContent = e.message; });
    });
    actions.append(edit, del);
    li.appendChild(actions);
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
    call.then(function () {
      els.form.hidden = true;
      load(query(), false);
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
  els.more.addEventListener("click", function () {
    if (!state.next) return;
    var u = new URL(state.next, location.href);
    load(u.pathname + u.search, true);
  });

  load(query(), false);
})();
