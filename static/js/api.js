/* Same-origin JSON calls with the session cookie and the CSRF token. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) return meta.content;
    var m = /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie);
    return m ? decodeURIComponent(m[1]) : "";
  }

  function ApiError(status, body) {
    this.status = status;
    this.body = body;
    var msg = "Request failed (" + status + ")";
    if (body && typeof body === "object") {
      if (body.message) msg = body.message;
      else if (body.detail) msg = body.detail;
      else if (body.error && body.error.message) msg = body.error.message;
    }
    this.message = msg;
  }
  ApiError.prototype = Object.create(Error.prototype);

  function request(method, url, body) {
    var opts = { method: method, credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    if (method !== "GET") opts.headers["X-CSRFToken"] = csrfToken();
    return fetch(url, opts).then(function (resp) {
      if (resp.status === 204) return null;
      return resp.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        if (!resp.ok) throw new ApiError(resp.status, data);
        return data;
      });
    });
  }

  window.TomatoApi = {
    get: function (url) { return request("GET", url); },
    post: function (url, body) { return request("POST", url, body === undefined ? {} : body); },
    patch: function (url, body) { return request("PATCH", url, body); },
    put: function (url, body) { return request("PUT", url, body); },
    del: function (url) { return request("DELETE", url); },
    ApiError: ApiError,
  };
})();
