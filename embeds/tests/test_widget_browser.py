"""The widget in a real browser (Debian's Chromium via Playwright): a host page on a second local port
embeds it, chats, reloads mid-answer and gets the whole answer once; styles do not cross the shadow
DOM either way; a page on an origin the embed does not allow gets no widget and no answer."""

from __future__ import annotations

import importlib.util
import os
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from embeds import services

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing; run .ci/install-browser"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None, reason="the playwright package is missing"),
    pytest.mark.timeout(240),
]

# A host page that tries hard to restyle everything, and has elements named like the widget's own.
HOST_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Host shop</title>
<style>
  * {{ color: rgb(255, 0, 0) !important; font-size: 31px !important; }}
  button {{ display: none !important; }}
  div {{ border: 3px dotted blue; }}
</style></head>
<body>
  <h1>Our shop</h1>
  <div class="bubble msg user" id="host-own">the page's own element</div>
  <script src="{server}/embed.js" data-embed="{token}" async></script>
</body></html>
"""


class _Pages:
    """A static web server on 127.0.0.1 serving one host page (another origin than the platform)."""

    def __init__(self, directory: Path) -> None:
        handler = partial(SimpleHTTPRequestHandler, directory=str(directory))
        handler.log_message = lambda *args: None
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API keeps a loop in this thread
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def host_pages(tmp_path):
    started = []

    def serve(server: str, token: str) -> _Pages:
        folder = tmp_path / f"site{len(started)}"
        folder.mkdir()
        (folder / "index.html").write_text(HOST_PAGE.format(server=server, token=token), encoding="utf-8")
        pages = _Pages(folder)
        started.append(pages)
        return pages

    yield serve
    for pages in started:
        pages.stop()


def _shadow(page, selector: str) -> str:
    return f"document.querySelector('tomato-chat-widget').shadowRoot.querySelector('{selector}')"


def test_a_visitor_chats_reloads_and_resumes_on_an_allowed_site(
    browser, host_pages, live_server_url, make_user, scenario
):
    owner = make_user()
    embed = services.embed_create(
        owner=owner,
        name="Shop helper",
        allowed_origins=["http://127.0.0.1:1"],
        greeting="Hello, shopper!",
        theme_color="#2b8a3e",
    )
    site = host_pages(live_server_url, embed.token)
    services.embed_update(owner=owner, embed_id=embed.id, allowed_origins=[site.origin])
    words = [f"w{i:03d}" for i in range(120)]
    answer = " ".join(words)
    marker = scenario([{"content": answer, "delay_ms": 40}])

    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site.origin}/index.html")
    page.wait_for_function(f"() => document.querySelector('tomato-chat-widget') && {_shadow(page, '.bubble')}")
    bubble = page.locator("tomato-chat-widget .bubble")
    assert bubble.is_visible()  # the page hides every button; not the widget's
    bubble.click()
    page.locator("tomato-chat-widget .panel").wait_for(state="visible")
    assert "Hello, shopper!" in page.locator("tomato-chat-widget .log").inner_text()

    # No style crosses the shadow boundary: inside, the widget's colours and sizes; outside, the page's.
    inside = page.evaluate(f"() => getComputedStyle({_shadow(page, '.bubble')}).backgroundColor")
    assert inside == "rgb(43, 138, 62)"
    inside_text = page.evaluate(f"() => getComputedStyle({_shadow(page, '.log .msg')}).color")
    assert inside_text != "rgb(255, 0, 0)"
    assert page.evaluate(f"() => getComputedStyle({_shadow(page, '.log .msg')}).fontSize") == "14px"
    own = page.evaluate(
        "() => { const s = getComputedStyle(document.getElementById('host-own'));"
        " return [s.position, s.backgroundColor, s.color]; }"
    )
    assert own == ["static", "rgba(0, 0, 0, 0)", "rgb(255, 0, 0)"]

    textarea = page.locator("tomato-chat-widget textarea")
    textarea.fill(f"{marker} count slowly")
    textarea.press("Enter")
    page.wait_for_function(f"() => {_shadow(page, '.msg.assistant:last-child')}?.textContent.includes('w020')")
    page.reload()  # mid-answer
    page.wait_for_function(f"() => document.querySelector('tomato-chat-widget') && {_shadow(page, '.panel')}")
    page.wait_for_function(
        f"() => {_shadow(page, '.msg.assistant:last-child')}?.textContent.includes('w119')", timeout=30_000
    )
    shown = page.evaluate(f"() => [...{_shadow(page, '.log')}.querySelectorAll('.msg')].map(m => m.textContent)")
    assert shown[-2] == f"{marker} count slowly"
    assert shown[-1] == answer  # the whole answer, once: nothing lost or duplicated across the reload
    assert errors == []
    context.close()


def test_a_site_the_embed_does_not_allow_gets_no_widget(browser, host_pages, live_server_url, make_user):
    embed = services.embed_create(owner=make_user(), name="Shop helper", allowed_origins=["https://shop.example"])
    site = host_pages(live_server_url, embed.token)
    context = browser.new_context()
    page = context.new_page()
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text))
    page.goto(f"{site.origin}/index.html")
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('/session'))")
    page.wait_for_timeout(500)
    assert page.locator("tomato-chat-widget").count() == 0
    # The browser itself refuses the platform's answer to this origin (no CORS headers for it).
    outcome = page.evaluate(
        "async (url) => { try { await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},"
        " body: '{}'}); return 'answered'; } catch (e) { return 'blocked'; } }",
        f"{live_server_url}/embed/{embed.token}/session",
    )
    assert outcome == "blocked"
    context.close()
