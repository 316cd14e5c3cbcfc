"""The pages around the chat in a real browser (Chromium via Playwright) against the real stack.

The API docs with the network cut off, the settings page, the snippets page's
search, the admin conversation transcript; an axe-core pass on the pages a
person uses. The server, browser and page fixtures are the chat tests'
(agents/tests/test_ui_browser.py).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from agents.tests import test_ui_browser as chat_ui
from agents.tests.test_ui_browser import ARTIFACTS, Watched, signup

# The chat tests' fixtures: daphne on the real stack, one Chromium, pages that record their errors.
server, browser, session = chat_ui.server, chat_ui.browser, chat_ui.session

pytestmark = chat_ui.pytestmark  # browser, e2e, skipped with a reason when Chromium or Playwright is missing

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def offline(w: Watched) -> list[str]:
    """Cut the page off from everything but the test server; returns the list of refused URLs."""
    refused: list[str] = []

    def route(r):
        if urlsplit(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    w.context.route("**/*", route)
    return refused


def shoot(w: Watched, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    w.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_api_docs_render_offline(session, viewport):
    w = session(viewport)
    refused = offline(w)
    signup(w)
    page = w.page
    response = page.goto("/api/docs/")
    csp = response.headers.get("content-security-policy", "")
    assert "script-src 'self';" in csp
    assert "unsafe-inline" not in csp
    # Swagger UI fetched the schema and drew its operations.
    page.wait_for_selector(".swagger-ui .opblock-tag", timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() > 20
    assert "Tomato Agent API" in page.locator(".swagger-ui .title").inner_text()
    shoot(w, f"api-docs-{'phone' if viewport is PHONE else 'desktop'}")
    page.goto("/api/redoc/")
    page.wait_for_selector("#redoc-container h1:has-text('Tomato Agent API')", timeout=30_000)
    # Its operations, drawn with the styles it stamped with the page's nonce.
    assert page.locator("#redoc-container h2").count() > 20
    assert page.locator("#redoc-container style[nonce], head style[nonce]").count() > 0
    shoot(w, f"api-redoc-{'phone' if viewport is PHONE else 'desktop'}")
    assert refused == []
    # Redoc's "API docs by Redocly" badge is an image on its CDN: the CSP refuses it and Redoc hides it.
    badge = "cdn.redoc.ly/redoc/logo-mini.svg"
    assert [e for e in w.errors if badge not in e] == [], w.errors
