// Starts Redoc on /api/redoc/ (templates/drf_spectacular/redoc.html): a file, not an inline script, for the
// strict CSP. Redoc stamps its <style> elements with the page's nonce (tomato_agent/api_docs.py).
"use strict";
(function () {
  const container = document.getElementById("redoc-container");
  window.Redoc.init(container.dataset.schemaUrl, { nonce: container.dataset.styleNonce }, container);
})();
