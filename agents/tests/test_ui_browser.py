"""The web chat in a real browser (Debian's Chromium via Playwright) against the real stack.

daphne (HTTP + WebSocket), a Celery worker and the scripted LLM server; the
browser signs up through the real page, so rows are committed (transactional_db).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from agents.tests.fixtures import ROOT, _worker_database_url
from tomato_agent.embedded import stop_process

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing; run .ci/install-browser"),
    pytest.mark.skipif(
        importlib.util.find_spec("playwright") is None,
        reason="the playwright package is missing (requirements-dev.txt)",
    ),
    pytest.mark.timeout(240),
]

# daphne on the project's ASGI application; static files are served by Django's
# static handler (the test settings run with DEBUG off, where asgi.py does not add it).
SERVE = """
import sys
import django
django.setup()
from daphne.server import Server
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from tomato_agent.asgi import application
Server(ASGIStaticFilesHandler(application), endpoints=[f"tcp:port={sys.argv[1]}:interface=127.0.0.1"]).run()
"""

XSS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    "[click](javascript:alert(3))",
    "<svg onload=alert(4)>",
    '"><iframe src="javascript:alert(5)"></iframe>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==)",
    "&lt;script&gt;alert(7)&lt;/script&gt; &#60;img src=x onerror=alert(7)&#62;",
    "![img](x onerror=alert(8))",
    '<a href="javascript:alert(9)">x</a>',
    "<body onload=alert(10)>",
    "[x](JaVaScRiPt:alert(11))",
    "<details open ontoggle=alert(12)>",
    "`<img src=x onerror=alert(13)>`",
    "```html\n<script>alert(14)</script>\n```",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(15)>",
    "[y](vbscript:msgbox(16))",
    "<input autofocus onfocus=alert(17)>",
    "**<b onmouseover=alert(18)>bold</b>**",
    "<object data=javascript:alert(19)>",
    '<a href="https://example.com" onclick="alert(20)">ok</a> https://example.com/?q=<script>',
    # tables, math and links reach the Markdown libraries' own paths (issue 16)
    "| a | <img src=x onerror=alert(21)> |\n| --- | --- |\n| [t](javascript:alert(22)) | <script>alert(23)</script> |",
    "$\\href{javascript:alert(24)}{x}$ and $$\\url{javascript:alert(25)}$$",
    "$<img src=x onerror=alert(26)>$ $$<svg onload=alert(27)>$$",
    "<javascript:alert(28)> [a](<javascript:alert(29)>) [b](  javascript:alert(30) )",
    "www.example.com/<script>alert(31)</script> [c](data:image/svg+xml,<svg onload=alert(32)>)",
    "![i](javascript:alert(33)) [![j](x)](javascript:alert(34)) [d][ref]\n\n[ref]: javascript:alert(35)",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("daphne exited at start-up; see var/test-daphne-*.log")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


@pytest.fixture(scope="module")
def server(worker, django_db_setup):
    port = _free_port()
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "tomato_agent.settings.test",
        "DATABASE_URL": _worker_database_url(),
        "PYTHONUNBUFFERED": "1",
    })  # fmt: skip
    log = open(ROOT / "var" / f"test-daphne-{os.getpid()}.log", "ab")  # noqa: SIM115 - the child owns it
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        _wait_http(f"http://127.0.0.1:{port}/login", proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(proc)
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls of
    # the fixtures' teardown are still synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu"],
            timeout=30_000,
        )
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Watched:
    """A page with its console errors, page errors and dialogs recorded."""

    def __init__(self, context, page):
        self.context, self.page = context, page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.prompt_answer: str | None = None
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

        def on_dialog(dialog):
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            # confirm()/prompt() of our own delete and rename buttons are answered; alerts are recorded.
            if dialog.type == "confirm":
                dialog.accept()
            elif dialog.type == "prompt" and self.prompt_answer is not None:
                dialog.accept(self.prompt_answer)
            else:
                dialog.dismiss()

        page.on("dialog", on_dialog)
        page.set_default_timeout(20_000)

    def _console(self, message) -> None:
        # The login/signup pages (base.html) declare no icon, so Chromium asks for
        # /favicon.ico and logs its 404; the chat pages declare one.
        if message.type == "error" and not (message.location or {}).get("url", "").endswith("/favicon.ico"):
            self.errors.append(f"console: {message.text} @ {(message.location or {}).get('url')}")


@pytest.fixture
def session(browser, server, transactional_db, request):
    opened: list = []

    def open_page(viewport=None):
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 800}, base_url=server)
        context.set_default_timeout(20_000)
        # Keep a handle on every WebSocket so a test can drop one (Playwright injects this past the CSP).
        context.add_init_script(
            "window.__sockets = []; const _WS = window.WebSocket;"
            "window.WebSocket = function (...a) { const s = new _WS(...a); window.__sockets.push(s); return s; };"
            "window.WebSocket.prototype = _WS.prototype; Object.assign(window.WebSocket, {OPEN: 1, CLOSED: 3, CONNECTING: 0, CLOSING: 2});"
        )
        watched = Watched(context, context.new_page())
        opened.append(watched)
        return watched

    yield open_page
    for index, watched in enumerate(opened):
        try:
            # Evidence for a failed run: the last state of every page and what it logged.
            ARTIFACTS.mkdir(exist_ok=True)
            name = f"last-{request.node.name}-{index}"
            watched.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
            (ARTIFACTS / f"{name}.log").write_text("\n".join(watched.errors + watched.dialogs), encoding="utf-8")
        except Exception as exc:
            print("could not save evidence:", exc)
        with contextlib.suppress(Exception):
            watched.context.close()


def signup(w: Watched) -> str:
    page = w.page
    username = f"u{uuid.uuid4().hex[:10]}"
    page.goto("/signup")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-Passw0rd-for-tests")
    page.click("button[type=submit]")
    page.wait_for_url("**/", timeout=20_000)
    page.wait_for_selector("#composer-input:not([disabled])")
    page.wait_for_selector('#conn-status[data-state="open"]', state="attached")
    return username


def send(w: Watched, text: str) -> None:
    w.page.fill("#composer-input", text)
    w.page.press("#composer-input", "Enter")


def last_answer(w: Watched):
    return w.page.locator(".msg-assistant").last


def wait_done(w: Watched, timeout: float = 30_000):
    w.page.wait_for_selector(".msg-assistant[data-status]", timeout=timeout)
    # No answer in flight any more (the composer stays open while one streams: "stop and send").
    w.page.wait_for_selector("#stop-btn", state="hidden", timeout=timeout)


def assert_clean(w: Watched) -> None:
    assert w.errors == [], w.errors
    assert [d for d in w.dialogs if not d.startswith(("confirm", "prompt"))] == []


def test_chat_streams_tool_card_and_answer(session, scenario):
    w = session()
    signup(w)
    page = w.page
    marker = scenario([
        {"reasoning": "I should use the calculator.",
         "tool_calls": [{"name": "calculator", "arguments": {"expression": "6*7"}}]},
        {"content": "The answer is **42**.\n\n```python\ndef f():\n    return 6 * 7\n```\nSee https://example.com/docs.",
         "delay_ms": 15},
    ])  # fmt: skip
    send(w, f"{marker} what is 6*7?")
    # While the run is in flight, sending again is "stop and send" (agents/tests/test_ui_agents_browser.py).
    page.wait_for_selector("#send-btn:has-text('Stop and send')", timeout=5_000)
    card = page.locator(".step").first
    card.wait_for()
    assert "Calculator" in card.inner_text()
    page.wait_for_selector('.step[data-status="ok"]')
    # One line, collapsed: the label, the short visible argument and the status; the result on opening.
    assert "6*7" in card.locator(".step-head").inner_text()
    assert not card.locator(".step-body").is_visible()
    card.locator(".step-head").click()
    assert "42" in card.locator(".step-body").inner_text()
    wait_done(w)
    answer = last_answer(w)
    assert answer.get_attribute("data-status") == "succeeded"
    assert answer.locator(".md strong").inner_text() == "42"
    assert answer.locator("code.language-python .hljs-keyword").first.inner_text() == "def"
    assert answer.locator(".md .copy-btn").count() == 1  # the code block's (the answer has its own below)
    link = answer.locator(".md a")
    assert link.get_attribute("href") == "https://example.com/docs"
    assert link.get_attribute("rel") == "noopener noreferrer nofollow"
    assert answer.locator("details.reasoning").get_attribute("open") is None
    assert "I should use the calculator." in answer.locator(".reasoning-text").text_content()
    assert "tokens" in answer.locator(".msg-meta").inner_text()
    # The conversation appears in the list, titled from the first message.
    page.wait_for_selector(".conv-item")
    assert page.locator(".conv-item").count() == 1
    # Shift+Enter is a new line, not a send.
    page.focus("#composer-input")
    page.keyboard.type("line one")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("line two")
    assert page.input_value("#composer-input") == "line one\nline two"
    assert page.locator(".msg-user").count() == 1
    page.fill("#composer-input", "")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-desktop.png"), full_page=False)
    # Reload: history comes back from the REST API.
    page.reload()
    page.wait_for_selector('.msg-assistant .step[data-status="ok"]')
    assert page.locator(".msg-assistant .md strong").inner_text() == "42"
    # Phone width: the conversation list collapses behind a button.
    page.set_viewport_size({"width": 390, "height": 844})
    assert not page.locator("#sidebar").is_visible()
    page.screenshot(path=str(ARTIFACTS / "chat-phone.png"), full_page=False)
    page.click("#toggle-sidebar")
    page.wait_for_selector("#sidebar .conv-open", state="visible")
    page.wait_for_timeout(400)  # the slide-in transition
    page.screenshot(path=str(ARTIFACTS / "chat-phone-sidebar.png"), full_page=False)
    assert_clean(w)


def test_reload_mid_answer_resumes_without_loss(session, scenario):
    w = session()
    signup(w)
    page = w.page
    words = [f"w{i:03d}" for i in range(100)]
    expected = " ".join(words)
    marker = scenario([{"content": expected, "delay_ms": 40}])
    send(w, f"{marker} count slowly")
    page.wait_for_function(
        "() => { const m = document.querySelector('.msg-assistant.streaming .md'); return m && m.textContent.includes('w020'); }",
        timeout=20_000,
    )
    page.reload()
    # The run is still in flight: the page finds it and renders it fresh from the start.
    page.wait_for_selector(".msg-assistant.streaming", timeout=10_000)
    wait_done(w, timeout=30_000)
    assert last_answer(w).locator(".md").inner_text().strip() == expected
    # A dropped socket mid-answer resumes from the last rendered id.
    marker2 = scenario([{"content": expected, "delay_ms": 40}])
    send(w, f"{marker2} again")
    page.wait_for_function(
        "() => { const m = document.querySelector('.msg-assistant.streaming .md'); return m && m.textContent.includes('w010'); }",
        timeout=20_000,
    )
    # Drop the socket as a network failure would; the page reconnects and resumes.
    page.evaluate("() => window.__sockets.forEach((s) => s.close())")
    page.wait_for_function("() => window.__sockets.length >= 2", timeout=15_000)
    wait_done(w, timeout=40_000)
    assert last_answer(w).locator(".md").inner_text().strip() == expected
    assert_clean(w)


def test_second_tab_follows_live_answer(session, scenario):
    first = session()
    signup(first)
    marker = scenario([{"content": "hello", "delay_ms": 10}])
    send(first, f"{marker} hi")
    wait_done(first)
    url = first.page.url
    second_page = first.context.new_page()
    second = Watched(first.context, second_page)
    second_page.goto(url)
    second_page.wait_for_selector(".msg-assistant[data-status], .msg-assistant .md")
    expected = " ".join(f"x{i:03d}" for i in range(100))
    send(first, f"{scenario([{'content': expected, 'delay_ms': 60}])} slow")
    # The second tab notices the in-flight run and streams it too.
    second_page.wait_for_selector(".msg-assistant.streaming", timeout=15_000)
    wait_done(first, timeout=30_000)
    second_page.wait_for_selector(".msg-assistant[data-status]:last-child", timeout=30_000)
    assert second_page.locator(".msg-assistant").last.locator(".md").inner_text().strip() == expected
    assert first.page.locator(".msg-assistant").last.locator(".md").inner_text().strip() == expected
    assert_clean(first)
    assert_clean(second)


def test_stop_keeps_partial_answer(session, scenario):
    w = session()
    signup(w)
    page = w.page
    marker = scenario([{"content": " ".join(f"long{i}" for i in range(300)), "delay_ms": 30}])
    send(w, f"{marker} a long answer please")
    page.wait_for_function(
        "() => { const m = document.querySelector('.msg-assistant.streaming .md'); return m && m.textContent.includes('long5'); }",
    )
    page.click("#stop-btn")
    wait_done(w)
    answer = last_answer(w)
    assert answer.get_attribute("data-status") == "cancelled"
    text = answer.locator(".md").inner_text()
    assert text.startswith("long0 long1")
    assert "long299" not in text
    assert "Stopped" in answer.locator(".msg-meta").inner_text()
    # The partial answer is stored: it is still there after a reload.
    page.reload()
    page.wait_for_selector(".msg-assistant.msg-cancelled")
    assert page.locator(".msg-assistant .md").last.inner_text().startswith("long0 long1")
    assert_clean(w)


def test_a_message_sent_before_the_conversation_list_arrives_keeps_its_answer(session, scenario):
    """The page opens the remembered conversation once its list arrives; a message sent before that (a
    slow list on a loaded server) has started a conversation of its own, whose answer must stay on screen."""
    w = session()
    signup(w)
    page = w.page
    held: list = []

    def hold_first_list(route):  # the page's start-up load of the list (pinned and unpinned)
        if len(held) < 2:
            held.append(route)
        else:
            route.continue_()

    page.route(re.compile(r"/api/conversations\?"), hold_first_list)
    page.reload()
    page.wait_for_selector('#conn-status[data-state="open"]', state="attached")
    send(w, f"{scenario([{'content': 'kept on screen', 'delay_ms': 20}])} quick")
    page.wait_for_selector(".msg-assistant.streaming .md")  # the run was announced and its view is live
    assert len(held) == 2
    for route in held:
        route.continue_()
    wait_done(w)
    answer = last_answer(w)
    assert answer.get_attribute("data-status") == "succeeded"
    assert answer.locator(".md").inner_text() == "kept on screen"
    assert page.locator(".msg-user").count() == 1
    assert "/?c=" in page.url
    page.unroute(re.compile(r"/api/conversations\?"))
    assert_clean(w)


def test_rename_and_delete_conversation(session, scenario):
    w = session()
    signup(w)
    page = w.page
    send(w, f"{scenario([{'content': 'first'}])} one")
    wait_done(w)
    page.wait_for_selector(".conv-item")
    # In-page dialogs (no prompt()/confirm()): Esc cancels, the rename is typed into the dialog.
    page.locator(".conv-item .conv-rename").first.click()
    page.wait_for_selector("dialog[open] .dialog-input")
    page.keyboard.press("Escape")
    page.wait_for_selector("dialog", state="detached")
    page.locator(".conv-item .conv-rename").first.click()
    page.fill("dialog[open] .dialog-input", "Renamed chat")
    page.press("dialog[open] .dialog-input", "Enter")
    page.wait_for_selector(".conv-open:text('Renamed chat')")
    assert page.locator("#conv-title").inner_text() == "Renamed chat"
    page.click("#new-conv")
    send(w, f"{scenario([{'content': 'second'}])} two")
    wait_done(w)
    page.wait_for_function("() => document.querySelectorAll('.conv-item').length === 2")
    page.locator(".conv-item .conv-delete").first.click()
    page.click("dialog[open] .dialog-ok")
    page.wait_for_function("() => document.querySelectorAll('.conv-item').length === 1")
    assert page.locator(".msg").count() == 0  # the open conversation was the deleted one
    assert w.dialogs == []  # none of the browser's own boxes
    assert_clean(w)


def test_xss_corpus_renders_inert(session, scenario):
    w = session()
    signup(w)
    page = w.page
    corpus = "\n\n".join(XSS)
    marker = scenario([
        {"reasoning": corpus,
         "tool_calls": [{"name": "current_time", "arguments": {"timezone": XSS[0] + XSS[3]}},
                        {"name": "calculator", "arguments": {"expression": XSS[1]}}]},
        {"content": corpus},
    ])  # fmt: skip
    send(w, f"{marker} {corpus}")
    wait_done(w, timeout=40_000)
    page.wait_for_selector('.step[data-status="failed"]')
    # Open the reasoning so its text is really shown, then reload to render history too.
    page.locator("details.reasoning summary").last.click()
    page.wait_for_timeout(500)
    _assert_inert(w)
    assert "onerror=alert(1)" in page.locator('.step[data-status="failed"]').first.inner_text()
    page.reload()
    page.wait_for_selector('.msg-assistant .step[data-status="failed"]')
    page.wait_for_timeout(500)
    _assert_inert(w)
    assert_clean(w)


def _assert_inert(w: Watched) -> None:
    box = w.page.locator("#messages")
    assert w.dialogs == [], w.dialogs
    # KaTeX's own MathML (drawn with the DOM from the formula's text) and task-list checkboxes are expected.
    for selector in ("script", "iframe", "object", "embed", "svg", "math:not(.katex-mathml math)", "img",
                     "input:not(.task-list-item-checkbox[disabled])", "style", "body", "[style*=url]",
                     "[onerror]", "[onload]", "[onclick]", "[onfocus]", "[ontoggle]", "[onmouseover]",
                     "a[href^=javascript]", "a[href^=JaVaScRiPt]", "a[href^=data]", "a[href^=vbscript]"):  # fmt: skip
        assert box.locator(selector).count() == 0, selector
    hrefs = box.locator("a").evaluate_all("els => els.map(a => a.href)")
    assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
    text = box.inner_text()
    assert "<img src=x onerror=alert(1)>" in text  # shown as text, not swallowed


@pytest.mark.skipif(not (ROOT / "rag" / "api.py").exists(), reason="the snippets API (rag/api.py) is not there yet")
def test_snippets_page_add_search_edit_delete(session):
    w = session()
    signup(w)
    page = w.page
    page.goto("/snippets")
    page.wait_for_selector("#snip-status:text('No snippets yet')", timeout=20_000)
    # A missing title is shown next to its field.
    page.click("#snip-new")
    page.fill("#f-code", "print('x')")
    page.click("#snip-form button[type=submit]")
    page.wait_for_selector('.field-error[data-for="title"]:not(:empty)')
    page.fill("#f-title", "Reverse a list <img src=x onerror=alert(1)>")
    page.fill("#f-description", "Slicing with a negative step")
    page.fill("#f-code", "items = [1, 2, 3]\nprint(items[::-1])")
    page.fill("#f-language", "python")
    page.fill("#f-tags", "lists, slicing")
    page.click("#snip-form button[type=submit]")
    item = page.locator(".snip").first
    item.wait_for(timeout=60_000)  # the embedding is computed on save
    assert "Reverse a list" in item.inner_text()
    assert item.locator("code.language-python").count() == 1
    assert page.locator("#snip-list img").count() == 0
    # The filters narrow the list (a search ranks by meaning: it always has a best match).
    page.fill("#snip-lang", "cobol")
    page.click("#snip-search button[type=submit]")
    page.wait_for_selector("#snip-status:text('No snippets match')")
    page.fill("#snip-lang", "")
    page.fill("#snip-q", "Reverse")
    page.click("#snip-search button[type=submit]")
    page.locator(".snip").first.wait_for()
    # Edit, then delete.
    page.locator(".snip button:text('Edit')").first.click()
    page.fill("#f-title", "Reverse a Python list")
    page.click("#snip-form button[type=submit]")
    page.wait_for_selector(".snip h2:text('Reverse a Python list')", timeout=60_000)
    page.locator(".snip button:text('Delete')").first.click()
    page.locator(".snip .snip-confirm-keep").first.click()  # asked in place; keeping it changes nothing
    assert page.locator(".snip").count() == 1
    page.locator(".snip button:text('Delete')").first.click()
    page.locator(".snip .snip-confirm-delete").first.click()
    page.wait_for_function("() => document.querySelectorAll('.snip').length === 0")
    assert "Deleted" in page.locator("#snip-status").inner_text()
    assert not any(d.startswith("confirm") for d in w.dialogs)  # no browser confirm()
    page.set_viewport_size({"width": 390, "height": 844})
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "snippets-phone.png"))
    assert_clean(w)
