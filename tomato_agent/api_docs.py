"""The API docs pages: drf-spectacular's Swagger UI and Redoc, offline and under the strict CSP.

Swagger UI needs nothing beyond the strict policy (its init script is a file:
``SpectacularSwaggerSplitView``). Redoc writes its styles into ``<style>``
elements (styled-components); it stamps them with the nonce it is given, so
this page's policy allows styles carrying that per-response nonce, and still
no inline script. Its sidebar badge (an image on cdn.redoc.ly) is refused by
``img-src`` and Redoc hides it.
"""

from __future__ import annotations

import secrets

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView

from tomato_agent.csp import POLICY

# The two <style> elements Redoc's bundle writes as it loads, before it knows the nonce (an empty one and
# its scrollbar CSS), allowed by hash. They belong to the pinned drf-spectacular-sidecar: a new version with
# other styles fails agents/tests/test_ui_pages_browser.py::test_api_docs_render_offline on a CSP report.
REDOC_LOAD_STYLE_HASHES = (
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
)


class RedocView(SpectacularRedocView):
    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        nonce = secrets.token_urlsafe(18)
        response = super().get(request, *args, **kwargs)
        response.data["style_nonce"] = nonce
        # worker-src blob:: Redoc's search index runs in a worker it builds from its own bundle.
        policy = POLICY.replace(
            "style-src 'self'", f"style-src 'self' 'nonce-{nonce}' {' '.join(REDOC_LOAD_STYLE_HASHES)}"
        )
        response["Content-Security-Policy"] = f"{policy}; worker-src 'self' blob:"
        return response
