/* The chat widget section of the developer settings page: create a widget, copy its tag, switch off, delete. */
(function () {
  "use strict";
  var section = document.getElementById("embeds");
  if (!section) return;
  var api = window.TomatoApi;
  var list = section.querySelector("#embed-list");
  var empty = section.querySelector("#embed-empty");
  var form = section.querySelector("#embed-form");
  var formError = section.querySelector("#embed-form-error");

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function item(embed) {
    var li = el("li");
    li.dataset.embedId = embed.id;
    var head = el("div");
    var swatch = el("span", "", "swatch");
    swatch.style.backgroundColor = embed.theme_color;
    head.append(swatch, el("strong", embed.name), el("span", embed.enabled ? "" : " (switched off)", "muted"));
    var origins = el("p", "Runs on: " + embed.allowed_origins.join(", "), "muted");
    var tag = el("pre", undefined, "snippet");
    tag.appendChild(el("code", embed.snippet));
    var toggle = el("button", embed.enabled ? "Switch off" : "Switch on", "secondary");
    toggle.type = "button";
    toggle.addEventListener("click", function () {
      api.patch("/api/embeds/" + embed.id, { enabled: !embed.enabled }).then(load);
    });
    var remove = el("button", "Delete", "danger");
    remove.type = "button";
    remove.addEventListener("click", function () {
      if (!window.confirm('Delete the widget "' + embed.name + '"? Sites using it lose the chat at once.')) return;
      api.del("/api/embeds/" + embed.id).then(load);
    });
    li.append(head, origins, el("p", "Paste this into the pages of your site:", "muted"), tag, toggle, " ", remove);
    return li;
  }

  function load() {
    return api.get("/api/embeds").then(function (embeds) {
      list.replaceChildren.apply(list, embeds.map(item));
      empty.hidden = embeds.length > 0;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    formError.hidden = true;
    var f = form.elements;
    var body = {
      name: f.name.value.trim(),
      allowed_origins: f.allowed_origins.value.split(/\s+/).filter(Boolean),
      greeting: f.greeting.value,
      theme_color: f.theme_color.value,
      daily_token_budget: f.daily_token_budget.value ? Number(f.daily_token_budget.value) : null,
      visitor_requests_per_minute: Number(f.visitor_requests_per_minute.value) || 10,
    };
    api.post("/api/embeds", body).then(function () { form.reset(); return load(); }, function (error) {
      var detail = error.body && typeof error.body === "object" && !error.body.error
        ? Object.keys(error.body).map(function (k) { return k + ": " + [].concat(error.body[k]).join(" "); }).join("; ")
        : error.message;
      formError.textContent = detail;
      formError.hidden = false;
    });
  });

  load();
})();
