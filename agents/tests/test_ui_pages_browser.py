"""The pages around the chat in a real browser (Chromium via Playwright) against the real stack.

The API docs with the network cut off, the settings page, the snippets page's
search, the admin conversation transcript; an axe-core pass on the pages a
person uses. The server, browser and page fixtures are the chat tests'
(agents/tests/test_ui_browser.py).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
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


def api_as(server: str, user) -> httpx.Client:
    """An API client of the live server, logged in as ``user`` (the browser's event loop rules out in-process calls)."""
    user.set_password("a-long-Passw0rd-for-api")
    user.save()
    api = httpx.Client(base_url=server, timeout=30)
    token = api.post("/api/auth/login", json={"username": user.username, "password": "a-long-Passw0rd-for-api"})
    api.headers["Authorization"] = f"Bearer {token.raise_for_status().json()['token']}"
    return api


def admin_login(w: Watched, make_user) -> None:
    staff = make_user(is_staff=True, is_superuser=True)
    staff.set_password("a-long-Passw0rd-for-staff")
    staff.save()
    w.page.goto("/admin/login/")
    w.page.fill("#id_username", staff.username)
    w.page.fill("#id_password", "a-long-Passw0rd-for-staff")
    w.page.click("input[type=submit]")
    w.page.wait_for_url("**/admin/")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_admin_transcript(session, server, scenario, make_user, viewport):
    from agents import history

    owner = make_user()
    api = api_as(server, owner)
    marker = scenario(
        [
            {"reasoning": "Add them.", "tool_calls": [{"name": "calculator", "arguments": {"expression": "6*7"}}]},
            {"content": "| a | b |\n|---|---|\n| 6*7 | **42** |\n\n> checked\n\n- one\n  - nested"},
        ]
    )
    answer = api.post("/api/chat", json={"message": f"{marker} what is 6*7?"}).raise_for_status().json()
    history.message_feedback_set(user_id=owner.id, message_id=answer["message"]["id"], rating="up", comment="Right")

    w = session(viewport)
    admin_login(w, make_user)
    page = w.page
    page.goto(f"/admin/agents/chathistory/{answer['conversation_id']}/")
    page.wait_for_selector(".transcript .turn-assistant")
    assert page.locator(".conversation-id").inner_text() == answer["conversation_id"]
    content = page.locator(".turn-assistant .turn-content")
    assert content.locator("table td strong").inner_text() == "42"
    assert content.locator("blockquote").count() == 1
    assert content.locator("ul ul li").inner_text() == "nested"
    # The step is one line until opened.
    step = page.locator(".turn-step").first
    assert not step.locator(".step-body").is_visible()
    step.locator("summary").click()
    assert step.locator(".step-body").is_visible()
    assert "42" in step.locator(".step-body").inner_text()
    assert page.locator(".turn-feedback-detail").inner_text().startswith("Feedback: up")
    shoot(w, f"admin-transcript-{'phone' if viewport is PHONE else 'desktop'}")
    page.locator(".turn-run").first.click()
    page.wait_for_selector(".run-report")
    assert page.locator(".run-id").inner_text() == answer["run_id"]
    page.locator(".run-conversation").click()
    page.wait_for_selector(".transcript")
    assert w.errors == [], w.errors  # no CSP report: no inline style or script on these pages
