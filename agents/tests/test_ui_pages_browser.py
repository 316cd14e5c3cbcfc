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


def login(w: Watched, user, password: str = "a-long-Passw0rd-for-ui") -> None:
    if not user.check_password(password):  # a new password would sign out the person's other browsers
        user.set_password(password)
        user.save()
    w.page.goto("/login")
    w.page.fill("#id_username", user.username)
    w.page.fill("#id_password", password)
    w.page.click("button[type=submit]")
    w.page.wait_for_url("**/")


def stored_conversation(user, title: str, text: str, *, age_days: float) -> str:
    from datetime import timedelta

    from agents import history
    from tomato_agent.mongo import get_db

    conversation_id = history.conversation_import(user_id=user.id, messages=[("user", title), ("assistant", text)])
    stamp = history.now() - timedelta(days=age_days)
    get_db().conversations.update_one({"_id": conversation_id}, {"$set": {"title": title, "updated_at": stamp}})
    return conversation_id


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_conversation_search_groups_pin_archive_export(session, make_user, viewport):
    owner = make_user()
    stored_conversation(owner, "Sorting a dict", "Use sorted(d.items()).", age_days=0)
    holiday = stored_conversation(owner, "Holiday plans", "제주도 is lovely in May.", age_days=3)
    stored_conversation(owner, "Old stuff", "Something from last month.", age_days=30)
    stored_conversation(make_user(), "Someone else's 제주도 trip", "제주도", age_days=0)
    w = session(viewport)
    login(w, owner)
    page = w.page
    if viewport is PHONE:
        page.click("#toggle-sidebar")
    page.wait_for_function("() => document.querySelectorAll('#conv-list .conv-item').length === 3")
    labels = page.locator(".conv-group-label").all_inner_texts()
    assert [label.lower() for label in labels] == ["today", "previous 7 days", "older"]

    # Search runs on the server over titles and content, the person's own only (Korean included).
    page.fill("#conv-search", "제주도")
    page.wait_for_function("() => document.querySelectorAll('#conv-list .conv-item').length === 1")
    assert page.locator(".conv-item .conv-open").inner_text() == "Holiday plans"
    page.fill("#conv-search", "nothing like this")
    page.wait_for_selector("#conv-empty:not([hidden])")
    assert "No conversation matches" in page.locator("#conv-empty").inner_text()
    page.fill("#conv-search", "")
    page.wait_for_function("() => document.querySelectorAll('#conv-list .conv-item').length === 3")

    # Pin: the old one moves to the top group.
    page.locator(".conv-item", has_text="Old stuff").locator(".conv-pin").click()
    page.wait_for_selector(".conv-item.pinned")
    assert page.locator(".conv-group-label").first.inner_text().lower() == "pinned"
    assert page.locator(".conv-item").first.locator(".conv-open").inner_text() == "Old stuff"
    assert page.locator(".conv-item.pinned .conv-pin").get_attribute("aria-pressed") == "true"

    # Export from the menu: a download of the Markdown.
    row = page.locator(f".conv-item[data-id='{holiday}']")
    row.locator(".conv-menu-btn").click()
    href = row.locator(".conv-export-md").get_attribute("href")
    exported = page.request.get(href)
    assert exported.status == 200
    assert "제주도 is lovely in May." in exported.text()
    shoot(w, f"chat-sidebar-{'phone' if viewport is PHONE else 'desktop'}")

    # Archive: it leaves the list, and the archived view shows it.
    row.locator(".conv-archive").click()
    page.wait_for_function("() => document.querySelectorAll('#conv-list .conv-item').length === 2")
    page.click("#conv-archived")
    page.wait_for_function("() => document.querySelectorAll('#conv-list .conv-item').length === 1")
    assert page.locator(".conv-item .conv-open").inner_text() == "Holiday plans"
    assert w.errors == [], w.errors


AXE = ARTIFACTS.parent / "static" / "vendor" / "axe-core" / "axe.min.js"


def axe_violations(w: Watched) -> list[str]:
    """axe-core (vendored under static/vendor/axe-core) on the page: the serious and critical violations."""
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing (make vendor)")
    w.page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated, not a <script>: the page's CSP stays strict
    result = w.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_settings_page(session, make_user, viewport):
    from accounts import services

    owner = make_user()
    services.token_issue(user=owner)
    w = session(viewport)
    login(w, owner)
    other = session(viewport)  # a second browser of the same person
    login(other, owner)
    page = w.page
    page.goto("/settings/")
    assert page.locator(".session-row").count() == 2
    assert page.locator(".session-row.current").count() == 1
    assert page.locator(".token-row").count() == 1
    assert page.locator("#usage-tokens").inner_text().startswith("0 tokens")

    # Theme: the choice applies at once and is kept.
    page.check("input[name=theme][value=dark]")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.reload()
    assert page.is_checked("input[name=theme][value=dark]")
    assert page.evaluate("localStorage.getItem('tomato:theme')") == "dark"
    page.check("input[name=theme][value=light]")
    shoot(w, f"settings-{'phone' if viewport is PHONE else 'desktop'}")

    # Sign the other browser out from here; then revoke the token.
    page.locator(".session-row:not(.current) .session-revoke").click()
    page.wait_for_selector(".notice")
    assert page.locator(".session-row").count() == 1
    other.page.goto("/settings/")
    assert "/login" in other.page.url
    page.locator(".token-revoke").click()
    page.wait_for_selector("text=The token was revoked.")
    assert page.locator(".token-row").count() == 0

    # Log out everywhere asks once more, then signs this browser out too.
    page.click("#logout-everywhere button")
    assert "/settings/" in page.url
    page.click("#logout-everywhere button")
    page.wait_for_url("**/login")
    assert w.errors == [], w.errors


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_snippets_page_search_filters_collapse_and_save(session, make_user, viewport):
    from rag import services as snippets

    owner, colleague = make_user(), make_user()
    code = "\n".join(["scores = {'a': 3, 'b': 1, 'c': 2}", *[f"# step {n}" for n in range(8)], "print(ranked)"])
    snippets.snippet_create(
        user=owner,
        title="Sort a dictionary by value",
        description="Order the items of a dict by their values, largest first.",
        code=code,
        language="python",
        tags=["dict", "sorting"],
    )
    snippets.snippet_create(
        user=colleague,
        title="Debounce input events",
        description="Run a handler only after the user stops typing.",
        code="function debounce(fn, ms) { let t; return (...a) => { clearTimeout(t); t = setTimeout(fn, ms, ...a); }; }",
        language="javascript",
        tags=["events"],
        shared=True,
    )
    w = session(viewport)
    login(w, owner)
    page = w.page
    page.goto("/snippets")
    page.wait_for_function("() => document.querySelectorAll('.snip').length >= 2")

    # Korean, by meaning: the agent's hybrid search finds the English snippet first.
    page.fill("#snip-q", "딕셔너리를 값 기준으로 정렬")
    page.click("#snip-search button[type=submit]")
    page.wait_for_selector("#snip-status:text('best match first')")
    first = page.locator(".snip").first
    assert first.locator("h2").inner_text() == "Sort a dictionary by value"

    # Long code is collapsed until expanded.
    code_block = first.locator(".snip-code")
    collapsed_height = code_block.bounding_box()["height"]
    assert "collapsed" in code_block.get_attribute("class")
    toggle = first.locator(".snip-expand")
    assert toggle.inner_text() == "Show all 10 lines"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert code_block.bounding_box()["height"] > collapsed_height * 1.4
    shoot(w, f"snippets-search-{'phone' if viewport is PHONE else 'desktop'}")

    # Filters: mine, shared by others, a tag.
    page.fill("#snip-q", "")
    page.select_option("#snip-scope", "shared")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.snip h2')].map(h => h.textContent).join() === 'Debounce input events'"
    )
    assert page.locator(".snip .snip-actions").count() == 0  # another person's snippet: read-only
    page.select_option("#snip-scope", "mine")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.snip h2')].map(h => h.textContent).join() === 'Sort a dictionary by value'"
    )
    page.select_option("#snip-scope", "all")
    page.fill("#snip-tag", "events")
    page.click("#snip-search button[type=submit]")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.snip h2')].map(h => h.textContent).join() === 'Debounce input events'"
    )
    page.fill("#snip-tag", "")

    # Saving says so.
    page.click("#snip-new")
    page.fill("#f-title", "Flatten a list of lists")
    page.fill("#f-code", "[x for xs in xss for x in xs]")
    page.fill("#f-language", "python")
    page.click("#snip-form button[type=submit]")
    page.wait_for_selector("#snip-status:text('Saved “Flatten a list of lists”.')", timeout=60_000)
    assert page.locator("#snip-form").is_hidden()
    assert w.errors == [], w.errors


@pytest.mark.parametrize("path", ["/settings/", "/snippets"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_accessibility_violations(session, make_user, path, viewport):
    """axe-core finds nothing serious or critical on the settings and snippets pages."""
    from accounts import services
    from rag import services as snippets

    owner = make_user()
    services.token_issue(user=owner)
    snippets.snippet_create(user=owner, title="Reverse a list", code="\n".join(f"line {n}" for n in range(9)))
    w = session(viewport)
    login(w, owner)
    w.page.goto(path)
    w.page.wait_for_selector(".snip, .session-row")
    assert axe_violations(w) == []


# What a person cannot see of the header and the banner: links or "Log out" off the screen or drawn over, a
# header or banner squeezed shorter than its text, the page scrolling sideways.
HEADER_PROBLEMS = """() => {
  const problems = [];
  if (document.documentElement.scrollWidth > innerWidth) problems.push('the page scrolls sideways');
  for (const box of document.querySelectorAll('.demo-banner, .topbar')) {
    if (box.scrollHeight > box.clientHeight) problems.push(`${box.className} is cut off`);
  }
  for (const control of document.querySelectorAll('.topnav a, .topnav .logout-btn')) {
    const r = control.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const inside = r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
    if (!inside || !hit || !control.contains(hit)) problems.push(`${control.textContent.trim()} is not on screen`);
  }
  return problems;
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_header_and_banner_whole_on_every_page(session, make_user, viewport):
    """Every page of the app shows its whole header (each link and "Log out") and the demo banner uncut."""
    owner = make_user()
    w = session(viewport)
    login(w, owner)
    page = w.page
    for path in ["/settings/", "/snippets", "/workflows/", "/agents", "/settings/developer"]:
        page.goto(path)
        page.wait_for_selector(".topnav .logout-btn")
        page.wait_for_load_state("load")
        assert page.evaluate(HEADER_PROBLEMS) == [], path
        size = "phone" if viewport is PHONE else "desktop"
        shoot(w, f"page-{path.strip('/').replace('/', '-')}-{size}")
    assert w.errors == [], w.errors


def test_snippet_filters_keep_label_and_field_together_on_a_phone(session, make_user):
    w = session(PHONE)
    login(w, make_user())
    page = w.page
    page.goto("/snippets")
    page.wait_for_selector("#snip-lang")
    for field in ["snip-scope", "snip-lang", "snip-tag"]:
        label, box = page.locator(f"label[for={field}]").bounding_box(), page.locator(f"#{field}").bounding_box()
        # On one line: the label's middle is within the field's height.
        assert box["y"] <= label["y"] + label["height"] / 2 <= box["y"] + box["height"], (field, label, box)
    assert w.errors == [], w.errors


def test_dark_theme_is_readable_on_every_page(session, make_user):
    """In the dark theme, axe-core finds no contrast (or other serious) problem on the pages around the chat:
    a code block or link coloured for the light theme would be unreadable on the dark background."""
    from rag import services as snippets

    owner = make_user()
    snippets.snippet_create(user=owner, title="Reverse a list", code="\n".join(f"line {n}" for n in range(9)))
    w = session(DESKTOP)
    w.context.add_init_script("localStorage.setItem('tomato:theme', 'dark')")
    login(w, owner)
    page = w.page
    found = {}
    for path in ["/settings/", "/snippets", "/workflows/", "/agents", "/settings/developer"]:
        page.goto(path)
        page.wait_for_selector(".topnav .logout-btn")
        if path == "/snippets":
            page.wait_for_selector(".snip-code")
        if path == "/settings/developer":  # a new key's one-time box is checked too
            page.fill("#key-name", "laptop")
            page.click("#key-form button[type=submit]")
            page.wait_for_selector("#key-created:not([hidden])")
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        shoot(w, "dark-" + (path.strip("/").replace("/", "-") or "chat"))
        found[path] = axe_violations(w)
    assert found == {path: [] for path in found}
    assert w.errors == [], w.errors


def test_agent_preview_message_box_spans_the_preview(session, make_user):
    w = session(DESKTOP)
    login(w, make_user())
    page = w.page
    page.goto("/agents")
    page.wait_for_selector("#preview-input")
    box = page.evaluate(
        "() => { const input = document.getElementById('preview-input'), log = document.getElementById('preview-log');"
        " return {input: input.getBoundingClientRect().width, log: log.getBoundingClientRect().width,"
        " font: getComputedStyle(input).fontFamily === getComputedStyle(document.body).fontFamily}; }"
    )
    assert abs(box["input"] - box["log"]) < 2, box
    assert box["font"], box
    assert w.errors == [], w.errors
