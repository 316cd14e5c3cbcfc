/* The chat page's conversation list (the sidebar): server-side search over titles and content, pinned
 * ones first, the rest grouped by date (today, yesterday, previous 7 days, older), pin, archive and an
 * archived view, export as Markdown or JSON. chat.js calls load() and render(); everything else is here.
 * Classic script: window.TomatoConversations (needs window.TomatoApi). */
(function () {
  "use strict";

  var api = window.TomatoApi;
  var DAY = 24 * 60 * 60 * 1000;
  var view = { query: "", archived: false };
  var changed = function () {};

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }

  function url(params) {
    var q = new URLSearchParams({ limit: "100" });
    Object.keys(params).forEach(function (k) { if (params[k] !== undefined && params[k] !== "") q.set(k, params[k]); });
    return "/api/conversations?" + q.toString();
  }

  /* The list to show: with no search, the pinned ones and then the newest others; searching, every match. */
  function load() {
    var base = { q: view.query };
    if (view.archived) base.archived = "true";
    if (view.query || view.archived) return api.get(url(base)).then(function (page) { return page.results; });
    return Promise.all([api.get(url({ pinned: "true" })), api.get(url({ pinned: "false" }))]).then(function (pages) {
      return pages[0].results.concat(pages[1].results);
    });
  }

  function startOfDay(d) { return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime(); }

  /* [{label, items}] in order: Pinned, Today, Yesterday, Previous 7 days, Older (empty groups left out). */
  function groupByDate(conversations, now) {
    var today = startOfDay(now || new Date());
    var groups = [["Pinned", []], ["Today", []], ["Yesterday", []], ["Previous 7 days", []], ["Older", []]];
    conversations.forEach(function (c) {
      var t = new Date(c.updated_at).getTime();
      var i = c.pinned && !c.archived ? 0 : t >= today ? 1 : t >= today - DAY ? 2 : t >= today - 7 * DAY ? 3 : 4;
      groups[i][1].push(c);
    });
    return groups.filter(function (g) { return g[1].length; }).map(function (g) { return { label: g[0], items: g[1] }; });
  }

  function patch(c, body) {
    return api.patch("/api/conversations/" + encodeURIComponent(c.id), body).then(function () { changed(); });
  }

  function menu(c, opts) {
    var box = el("details", "conv-menu");
    var summary = el("summary", "icon-btn conv-menu-btn", "⋯");
    summary.setAttribute("aria-label", "More for " + (c.title || "conversation"));
    box.appendChild(summary);
    var items = el("div", "conv-menu-items");
    var archive = el("button", "conv-archive", c.archived ? "Unarchive" : "Archive");
    archive.type = "button";
    archive.addEventListener("click", function () { patch(c, { archived: !c.archived }).catch(opts.onError); });
    items.appendChild(archive);
    [["md", "Export Markdown"], ["json", "Export JSON"]].forEach(function (f) {
      var a = el("a", "conv-export conv-export-" + f[0], f[1]);
      a.href = "/api/conversations/" + encodeURIComponent(c.id) + "/export?format=" + f[0];
      a.setAttribute("download", "");
      items.appendChild(a);
    });
    box.appendChild(items);
    return box;
  }

  /* Draw the list into ul. opts: current, onOpen(id), onRename(c), onDelete(c), onError(e). */
  function render(ul, conversations, opts) {
    ul.replaceChildren();
    groupByDate(conversations).forEach(function (group) {
      var head = el("li", "conv-group");
      head.appendChild(el("h2", "conv-group-label", view.archived ? "Archived · " + group.label : group.label));
      ul.appendChild(head);
      group.items.forEach(function (c) {
        var title = c.title || "Untitled";
        var li = el("li", "conv-item" + (c.id === opts.current ? " active" : "") + (c.pinned ? " pinned" : ""));
        li.dataset.id = c.id;
        var open = el("button", "conv-open", title);
        open.type = "button";
        open.title = title;
        if (c.id === opts.current) open.setAttribute("aria-current", "true");
        open.addEventListener("click", function () { opts.onOpen(c.id); });
        var pin = el("button", "icon-btn conv-pin", c.pinned ? "★" : "☆");
        pin.type = "button";
        pin.setAttribute("aria-pressed", c.pinned ? "true" : "false");
        pin.setAttribute("aria-label", (c.pinned ? "Unpin " : "Pin ") + title);
        pin.addEventListener("click", function () { patch(c, { pinned: !c.pinned }).catch(opts.onError); });
        var rename = el("button", "icon-btn conv-rename", "✎");
        rename.type = "button";
        rename.setAttribute("aria-label", "Rename " + title);
        rename.addEventListener("click", function () { opts.onRename(c); });
        var del = el("button", "icon-btn conv-delete", "×");
        del.type = "button";
        del.setAttribute("aria-label", "Delete " + title);
        del.addEventListener("click", function () { opts.onDelete(c); });
        li.append(open, pin, rename, menu(c, opts), del);
        ul.appendChild(li);
      });
    });
  }

  /* The search box and the archived switch: each change reloads the list through onChange. */
  function init(onChange) {
    changed = onChange;
    var search = document.getElementById("conv-search");
    var archived = document.getElementById("conv-archived");
    var timer = null;
    if (search) search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { view.query = search.value.trim(); changed(); }, 250);
    });
    if (archived) archived.addEventListener("click", function () {
      view.archived = !view.archived;
      archived.setAttribute("aria-pressed", view.archived ? "true" : "false");
      archived.textContent = view.archived ? "Back to conversations" : "Archived conversations";
      changed();
    });
  }

  function emptyText() {
    if (view.query) return "No conversation matches “" + view.query + "”.";
    return view.archived ? "No archived conversations." : "No conversations yet.";
  }

  /* A run announced a conversation's new title (the `title` event): set it in the list; true if it was there. */
  function retitle(list, id, title) {
    var c = list.find(function (x) { return x.id === id; });
    if (c) c.title = title;
    return !!c;
  }

  window.TomatoConversations = {
    load: load, render: render, init: init, groupByDate: groupByDate, emptyText: emptyText, retitle: retitle,
  };
})();
