/* The API keys section of the developer settings page: list, create (the secret shown once), revoke. */
(function () {
  "use strict";
  var section = document.getElementById("api-keys");
  if (!section) return;
  var api = window.TomatoApi;
  var base = section.dataset.baseUrl;
  var model = section.dataset.model;
  var table = section.querySelector("#key-table tbody");
  var empty = section.querySelector("#key-empty");
  var form = section.querySelector("#key-form");
  var formError = section.querySelector("#key-form-error");
  var created = section.querySelector("#key-created");
  var secret = section.querySelector("#key-secret");

  function fill(name, text) { section.querySelector('[data-fill="' + name + '"]').textContent = text; }
  fill("v1", base + "/v1");
  fill("model", model);
  fill("python", [
    "from openai import OpenAI",
    'client = OpenAI(base_url="' + base + '/v1", api_key="tmt_…")',
    'answer = client.chat.completions.create(model="' + model + '", messages=[{"role": "user", "content": "Hello"}])',
    "print(answer.choices[0].message.content)",
  ].join("\n"));

  function cell(text) { var td = document.createElement("td"); td.textContent = text; return td; }
  function when(value) { return value ? new Date(value).toLocaleString() : "—"; }

  function row(key) {
    var tr = document.createElement("tr");
    tr.dataset.keyId = key.id;
    var used = when(key.last_used_at) + (key.last_used_ip ? " from " + key.last_used_ip : "");
    var expires = key.expires_at ? when(key.expires_at) + (key.status === "expired" ? " (expired)" : "") : "never";
    [key.name, key.prefix + "…", key.scopes.join(", "), when(key.created_at), used, expires].forEach(function (text) {
      tr.appendChild(cell(text));
    });
    var usage = cell("…");
    tr.appendChild(usage);
    api.get("/api/keys/" + key.id + "/usage").then(function (data) {
      usage.textContent = String(data.total.total_tokens) + " (" + data.total.runs + " runs)";
    }, function () { usage.textContent = "—"; });
    var actions = document.createElement("td");
    var revoke = document.createElement("button");
    revoke.type = "button";
    revoke.className = "danger";
    revoke.textContent = "Revoke";
    revoke.addEventListener("click", function () {
      if (!window.confirm('Revoke "' + key.name + '"? Anything using it stops working at once.')) return;
      api.del("/api/keys/" + key.id).then(load, function (error) { window.alert(error.message); });
    });
    actions.appendChild(revoke);
    tr.appendChild(actions);
    return tr;
  }

  function load() {
    return api.get("/api/keys").then(function (keys) {
      table.replaceChildren.apply(table, keys.map(row));
      empty.hidden = keys.length > 0;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    formError.hidden = true;
    var scopes = Array.prototype.map.call(form.querySelectorAll('input[name="scopes"]:checked'), function (i) { return i.value; });
    var body = { name: form.elements.name.value.trim(), scopes: scopes };
    if (form.elements.expires_at.value) body.expires_at = new Date(form.elements.expires_at.value + "T23:59:59").toISOString();
    api.post("/api/keys", body).then(function (key) {
      secret.textContent = key.key;
      created.hidden = false;
      form.reset();
      return load();
    }, function (error) {
      var detail = error.body && typeof error.body === "object" && !error.body.error
        ? Object.keys(error.body).map(function (f) { return f + ": " + [].concat(error.body[f]).join(" "); }).join("; ")
        : error.message;
      formError.textContent = detail;
      formError.hidden = false;
    });
  });

  section.querySelector("#key-copy").addEventListener("click", function () {
    if (navigator.clipboard) navigator.clipboard.writeText(secret.textContent);
  });

  load();
})();
