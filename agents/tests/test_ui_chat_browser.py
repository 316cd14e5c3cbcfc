"""The chat page of issue 16 in a real browser: Markdown with the vendored libraries, keeping the answer
in view, collapsed tool steps, message actions, branches, dialogs, dark mode, the phone drawer and an
axe-core pass. Same harness as test_ui_browser.py (daphne + worker + scripted LLM, Chromium)."""

from __future__ import annotations

from agents.tests import test_ui_browser as ui
from agents.tests.test_ui_browser import ARTIFACTS, assert_clean, last_answer, send, signup, wait_done

pytestmark = ui.pytestmark
# The harness's fixtures (daphne + worker, Chromium, a page with its errors recorded), by name.
server, browser, session = ui.server, ui.browser, ui.session

RICH = """Intro paragraph with $E = mc^2$ inline and ~~old~~ text.

| Name | Qty | Price |
| :--- | :-: | ----: |
| apple | 3 | 1.50 |
| pear | 10 | 0.25 |

1. first
   - nested a
   - nested b
     1. deep one
2. second

3. third, still the same list

> a quote with **bold**

- [x] done task
- [ ] open task

$$
\\int_0^1 x^2\\,dx = \\frac{1}{3}
$$

```python
def area(r):
    return 3.14 * r * r
```

Last words."""


PHONE = {"width": 390, "height": 844}

# Whether a person can see and reach the element: every ancestor opaque, and the element (or a child of it)
# is what a tap on its centre lands on, not something drawn over it.
REACHABLE = """(el) => {
  for (let n = el; n; n = n.parentElement) if (getComputedStyle(n).opacity === '0') return 'transparent';
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return hit && (hit === el || el.contains(hit)) ? '' : `covered by ${hit ? hit.outerHTML.slice(0, 80) : 'nothing'}`;
}"""


# The composer's box at the current size: its width, and whether its placeholder, laid out in a copy of the
# box, fits the box's height (a clipped hint is cut off mid-line).
COMPOSER = """() => {
  const box = document.getElementById('composer-input');
  const copy = box.cloneNode();
  copy.removeAttribute('id');
  copy.value = box.placeholder;
  Object.assign(copy.style, {position: 'absolute', visibility: 'hidden', width: `${box.offsetWidth}px`,
    height: `${box.offsetHeight}px`});
  box.parentElement.appendChild(copy);
  const fits = copy.scrollHeight <= copy.clientHeight;
  copy.remove();
  return {width: box.getBoundingClientRect().width, fits};
}"""

# Words of the answer's table cells that are split over two lines ("wid" / "e").
SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('.msg-assistant .md th, .msg-assistant .md td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        if (range.getClientRects().length > 1) split.push(word[0]);
      }
    }
  }
  return split;
}"""


# The elements that reach past the right edge of the window (what makes a page scroll sideways).
WIDER = """() => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > innerWidth)
  .map((e) => `${e.outerHTML.slice(0, 60)} right=${e.getBoundingClientRect().right}`).slice(-5)"""


def assert_composer_fits(page, name: str) -> None:
    composer = page.evaluate(COMPOSER)
    assert composer["width"] >= 0.6 * page.viewport_size["width"], f"{name}: the message box is squeezed: {composer}"
    assert composer["fits"], f"{name}: the message box's hint is cut off: {composer}"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def phone_shot(page, name: str, controls: list, *, scroll: bool = True) -> None:
    """The same state at phone size (390x844): no sideways scroll, each control a person needs on screen,
    uncovered and inside the viewport (scrolled to first unless ``scroll`` is off), no serious axe finding;
    then the ``<name>-phone`` screenshot."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # skipped, not broken, without playwright

    page.set_viewport_size(PHONE)
    # Once the resize has settled (the drawer's slide, for one, runs for a moment), nothing scrolls sideways.
    try:
        page.wait_for_function("() => document.documentElement.scrollWidth <= window.innerWidth", timeout=3_000)
    except PlaywrightTimeout:
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        raise AssertionError(f"{name}: the page scrolls sideways by {overflow}px: {page.evaluate(WIDER)}") from None
    for control in controls:
        if scroll:
            control.scroll_into_view_if_needed()
        assert control.is_visible(), f"{name}: {control} is hidden"
        box = control.bounding_box()
        inside = box["x"] >= 0 and box["y"] >= 0
        inside = inside and box["x"] + box["width"] <= PHONE["width"] and box["y"] + box["height"] <= PHONE["height"]
        assert inside, f"{name}: {control} is outside the screen: {box}"
        assert control.evaluate(REACHABLE) == "", f"{name}: {control} {control.evaluate(REACHABLE)}"
    assert_composer_fits(page, name)
    shot(page, f"{name}-phone")
    assert _axe_serious(page) == [], name


def test_markdown_table_math_nested_list_stream_incrementally(session, scenario):
    w = session()
    signup(w)
    page = w.page
    send(w, f"{scenario([{'content': RICH, 'delay_ms': 25}])} show me everything")
    # While streaming, once a second block has begun, mark the first (complete) one: it must survive
    # every later token (only the block being written is rendered again).
    page.wait_for_function(
        "() => { const b = document.querySelectorAll('.msg-assistant.streaming .md .md-block');"
        " if (b.length >= 2) { b[0].dataset.probe = '1'; return true; } return false; }",
        timeout=20_000,
    )
    wait_done(w)
    answer = last_answer(w)
    assert answer.locator(".md .md-block[data-probe='1']").count() == 1, "the first block was re-rendered"
    md = answer.locator(".md")
    assert md.locator("table th").count() == 3
    assert md.locator("table tbody tr").count() == 2
    assert md.locator("th.align-center").count() == 1
    assert md.locator("td.align-right").count() == 2
    assert md.locator("ol > li > ul > li").count() == 2
    assert md.locator("ol > li > ul > li > ol > li").inner_text() == "deep one"
    assert md.locator("s, del").first.inner_text() == "old"
    assert "bold" in md.locator("blockquote strong").inner_text()
    assert md.locator("input.task-list-item-checkbox[disabled]").count() == 2
    assert md.locator("input.task-list-item-checkbox[checked]").count() == 1
    # Math: KaTeX typeset the inline and the display formula (not raw dollars).
    assert md.locator(".katex").count() >= 2
    assert md.locator(".katex-display").count() == 1
    assert "$" not in md.inner_text().replace("$$", "")
    assert md.locator("code.language-python .hljs-keyword").first.inner_text() == "def"
    # The KaTeX fonts loaded from static/vendor (the CSP allows only 'self').
    page.wait_for_function("() => document.fonts.check('1em KaTeX_Main')", timeout=10_000)
    shot(page, "chat-markdown-desktop")
    # The same answer from history renders the same structure.
    page.reload()
    page.wait_for_selector(".msg-assistant .md table")
    again = last_answer(w).locator(".md")
    assert again.locator("ol > li > ul > li > ol > li").inner_text() == "deep one"
    assert again.locator(".katex-display").count() == 1
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "chat-markdown-phone")
    assert_clean(w)


def _scroll_state(page) -> dict:
    return page.evaluate(
        "() => { const m = document.getElementById('messages');"
        " return {gap: m.scrollHeight - m.scrollTop - m.clientHeight, jump: !document.getElementById('jump-latest').hidden}; }"
    )


def test_answer_stays_in_view_until_the_person_scrolls_up(session, scenario):
    w = session()
    signup(w)
    page = w.page
    page.set_viewport_size({"width": 1280, "height": 700})
    long_text = "\n\n".join(f"Paragraph {i}: " + "words " * 30 for i in range(60))
    marker = scenario(
        [
            {"tool_calls": [{"name": "calculator", "arguments": {"expression": "2**10"}}]},
            {"content": long_text, "delay_ms": 30},
        ]
    )
    send(w, f"{marker} a tall answer")
    # While the answer grows past the screen, the view follows its end (a tool step landed first).
    page.wait_for_function(
        "() => { const m = document.querySelector('.msg-assistant.streaming .md');"
        " return m && m.textContent.includes('Paragraph 12'); }"
    )
    state = _scroll_state(page)
    assert state["gap"] < 60, state
    assert not state["jump"]
    # Scrolling up stops the follow and offers "jump to latest"; the view stays where the person put it.
    page.mouse.move(640, 300)
    page.mouse.wheel(0, -1500)
    page.wait_for_selector("#jump-latest:not([hidden])")
    top = page.evaluate("() => document.getElementById('messages').scrollTop")
    page.wait_for_function(
        "() => document.querySelector('.msg-assistant.streaming .md').textContent.includes('Paragraph 25')"
    )
    assert abs(page.evaluate("() => document.getElementById('messages').scrollTop") - top) < 5
    shot(page, "chat-jump-latest-desktop")
    phone_shot(page, "chat-jump-latest", [page.locator("#jump-latest")], scroll=False)
    assert _scroll_state(page)["jump"]  # still scrolled up at phone size: the button stays
    page.set_viewport_size({"width": 1280, "height": 700})
    # Jump to latest: back at the end, and following again.
    page.click("#jump-latest")
    page.wait_for_selector("#jump-latest", state="hidden")
    page.wait_for_function(
        "() => document.querySelector('.msg-assistant.streaming .md').textContent.includes('Paragraph 35')"
    )
    assert _scroll_state(page)["gap"] < 60
    # Stop: the stopped answer's end stays in view too.
    page.click("#stop-btn")
    wait_done(w)
    assert _scroll_state(page)["gap"] < 60
    # A reload mid-conversation opens at the end.
    page.reload()
    page.wait_for_selector(".msg-assistant[data-status]")
    page.wait_for_timeout(300)
    assert _scroll_state(page)["gap"] < 60
    assert_clean(w)


def test_regenerate_and_edit_keep_alternatives(session, scenario):
    w = session()
    signup(w)
    page = w.page
    send(w, f"{scenario([{'content': 'First answer'}])} question one")
    wait_done(w)
    send(w, f"{scenario([{'content': 'Second answer'}])} question two")
    wait_done(w)
    page.wait_for_function("() => document.querySelectorAll('.msg-assistant[data-status]').length === 2")
    # Regenerate the last answer: a new run; the old answer is an alternative to page through.
    last_answer(w).locator(".msg-regen").click()
    page.wait_for_selector(".msg-assistant .alt-count")
    wait_done(w)
    page.wait_for_selector(".msg-assistant.msg-last .alt-count:text('2 / 2')")
    assert page.locator(".msg-assistant").count() == 2
    last_answer(w).locator(".alt-prev").click()
    page.wait_for_selector(".msg-assistant.msg-last .alt-count:text('1 / 2')")
    assert last_answer(w).locator(".md").inner_text().strip() == "Second answer"
    shot(page, "chat-alternatives-desktop")
    nav = last_answer(w).locator(".alt-nav")
    phone_shot(
        page, "chat-alternatives", [nav.locator(".alt-prev"), nav.locator(".alt-count"), nav.locator(".alt-next")]
    )
    assert nav.inner_text().split() == ["\u2039", "1", "/", "2", "\u203a"]
    page.set_viewport_size({"width": 1280, "height": 800})
    # Edit the first question: the branch goes on from the edit; the earlier turns are kept.
    first_user = page.locator(".msg-user").first
    first_user.hover()
    first_user.locator(".msg-edit").click()
    page.fill(".edit-form textarea", f"{scenario([{'content': 'Edited answer'}])} question one, edited")
    shot(page, "chat-edit-desktop")
    form = page.locator(".edit-form")
    phone_shot(
        page,
        "chat-edit",
        [form.locator("textarea"), form.locator("button:text('Cancel')"), form.locator("button:text('Send')")],
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    page.press(".edit-form textarea", "Enter")
    wait_done(w)
    page.wait_for_selector(".msg-user .alt-count:text('2 / 2')")
    assert page.locator(".msg-assistant").count() == 1
    assert last_answer(w).locator(".md").inner_text().strip() == "Edited answer"
    page.locator(".msg-user .alt-prev").click()
    page.wait_for_selector(".msg-user .alt-count:text('1 / 2')")
    page.wait_for_function("() => document.querySelectorAll('.msg-assistant').length === 2")
    # Copy and feedback on an answer.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    last_answer(w).locator(".msg-actions .copy-btn").click()
    assert page.evaluate("() => navigator.clipboard.readText()") == "Second answer"
    last_answer(w).locator(".fb-down").click()
    page.fill("dialog[open] .dialog-input", "too short")
    page.click("dialog[open] .dialog-ok")
    page.wait_for_selector('.msg-assistant.msg-last .fb-down[aria-pressed="true"]')
    page.reload()
    page.wait_for_selector('.msg-assistant.msg-last .fb-down[aria-pressed="true"]')
    # Timestamps on every message.
    assert page.locator(".msg time.msg-time").count() == page.locator(".msg").count()
    assert_clean(w)


def test_failed_answer_shows_the_error_and_retry(session, scenario):
    w = session()
    signup(w)
    page = w.page
    # An empty send says so.
    page.click("#send-btn")
    page.wait_for_selector("#composer-error:text('Type a message first.')")
    marker = scenario([{"error": {"status": 400, "message": "bad request", "times": 1}}])
    send(w, f"{marker} fail once")
    wait_done(w)
    error = last_answer(w).locator(".msg-error")
    assert "The model answered with an error." in error.inner_text()
    assert "llm_error" in error.inner_text()
    assert "$" not in last_answer(w).inner_text()  # no cost for an unpriced model
    shot(page, "chat-error-desktop")
    phone_shot(page, "chat-error", [error.locator("strong"), error.locator(".err-code"), error.locator(".retry-btn")])
    page.set_viewport_size({"width": 1280, "height": 800})
    error.locator(".retry-btn").click()
    page.wait_for_selector(".msg-assistant.msg-last[data-status='succeeded']")
    page.wait_for_selector(".msg-assistant.msg-last .alt-count:text('2 / 2')")
    assert_clean(w)


def _axe_serious(page) -> list[str]:
    """Serious and critical axe-core violations of the page (axe vendored in static/vendor/axe-core)."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")  # same origin: the CSP allows it
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`)"
    )


def _rich_conversation(w, scenario) -> None:
    marker = scenario(
        [
            {"tool_calls": [{"name": "calculator", "arguments": {"expression": "6*7"}}]},
            {"content": RICH},
        ]
    )
    send(w, f"{marker} everything please")
    wait_done(w)


def test_dark_mode_and_axe_on_the_chat_page(session, scenario):
    w = session()
    signup(w)
    page = w.page
    _rich_conversation(w, scenario)
    page.locator(".step-head").first.click()  # an open step is checked too
    assert page.evaluate("() => document.documentElement.dataset.theme") == "light"
    assert _axe_serious(page) == []
    # The header switch goes system -> light -> dark; the choice is kept (localStorage) across a reload.
    page.click("#theme-toggle")
    page.click("#theme-toggle")
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    assert page.evaluate("() => localStorage.getItem('tomato:theme')") == "dark"
    page.reload()
    page.wait_for_selector(".msg-assistant .md table")
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 20, 22)", background
    page.locator(".step-head").first.click()
    assert _axe_serious(page) == []
    shot(page, "chat-dark-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "chat-dark-phone")
    # "system" follows the operating system's preference.
    page.evaluate("() => window.TomatoTheme.set('system')")
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("() => document.documentElement.dataset.theme === 'dark'")
    page.emulate_media(color_scheme="light")
    page.wait_for_function("() => document.documentElement.dataset.theme === 'light'")
    assert_clean(w)


def test_phone_drawer_no_sideways_scroll_and_keyboard(session, scenario):
    w = session()
    signup(w)
    page = w.page
    page.set_viewport_size({"width": 390, "height": 844})
    marker = scenario(
        [
            {
                "tool_calls": [
                    {"name": "calculator", "arguments": {"expression": " + ".join(str(n) for n in range(1, 40))}}
                ]
            },
            {
                "content": "A long word: "
                + "x" * 200
                + "\n\n| a | b | c | d | e | f |\n|---|---|---|---|---|---|\n"
                + "| "
                + " | ".join(["wide cell content"] * 6)
                + " |"
            },
        ]
    )
    send(w, f"{marker} phone please")
    wait_done(w)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, overflow
    banner = page.locator(".demo-banner").bounding_box()
    assert banner["height"] < 40, banner  # one line
    logout = page.locator(".logout-btn").bounding_box()
    assert logout["x"] + logout["width"] <= 390, logout
    head = page.locator(".step-head").first
    assert head.bounding_box()["x"] + head.bounding_box()["width"] <= 390
    # The wide table keeps its words whole and scrolls inside the answer; the message box's hint is whole.
    assert page.evaluate(SPLIT_WORDS) == []
    assert page.evaluate(
        "() => { const t = document.querySelector('.msg-assistant .md table'); return t.scrollWidth > t.clientWidth; }"
    )
    assert_composer_fits(page, "chat-phone-wide-content")
    shot(page, "chat-phone-wide-content")
    # The drawer: a backdrop and a close control; both close it, and so does Esc.
    page.click("#toggle-sidebar")
    page.wait_for_selector("#sidebar .conv-open", state="visible")
    page.wait_for_selector("#drawer-backdrop", state="visible")
    page.wait_for_timeout(300)
    shot(page, "chat-phone-drawer")
    page.mouse.click(380, 400)  # on the backdrop, beside the drawer
    page.wait_for_selector("#sidebar", state="hidden")
    page.click("#toggle-sidebar")
    page.wait_for_selector("#close-sidebar", state="visible")
    page.click("#close-sidebar")
    page.wait_for_selector("#sidebar", state="hidden")
    page.click("#toggle-sidebar")
    page.wait_for_selector("#new-conv", state="visible")
    page.keyboard.press("Escape")
    page.wait_for_selector("#sidebar", state="hidden")
    assert page.evaluate("() => document.activeElement.id") == "toggle-sidebar"  # focus comes back
    # Keyboard: a step opens with Enter, and the answer-done announcement was made.
    page.locator(".step-head").first.focus()
    page.keyboard.press("Enter")
    assert page.locator(".step-body").first.is_visible()
    assert page.locator("#announcer").inner_text() == "Answer done."
    assert _axe_serious(page) == []
    assert_clean(w)


# Each step of the last answer: its depth among steps, tool, label, status, whether a sub-agent's work nests
# in it, and the text streamed inside it.
STEP_TREE = """() => {
  const answer = [...document.querySelectorAll('.msg-assistant')].pop();
  return [...answer.querySelectorAll('.step')].map((s) => {
    let depth = 0;
    for (let p = s.parentElement.closest('.step'); p; p = p.parentElement.closest('.step')) depth++;
    const text = s.querySelector(':scope > .step-body > .step-text');
    return [depth, s.dataset.tool || '', s.querySelector(':scope > .step-head .step-label').textContent,
      s.dataset.status, s.classList.contains('step-caller'), text ? text.textContent : ''];
  });
}"""


def test_reload_shows_a_sub_agents_steps_nested_as_live(session, scenario):
    from django.contrib.auth import get_user_model

    from agents.agent_selectors import tool_name_for
    from agents.agent_services import agent_create

    w = session()
    username = signup(w)
    page = w.page
    person = get_user_model().objects.get(username=username)
    researcher = agent_create(user=person, fields={"name": "Researcher", "tools": ["calculator"]})
    lead = agent_create(user=person, fields={"name": "Lead", "agents": [researcher.id]})
    sub = scenario(
        [
            {"tool_calls": [{"name": "calculator", "arguments": {"expression": "6*7"}}]},
            {"content": "Found: 42.", "delay_ms": 10},
        ]
    )
    marker = scenario(
        [
            {"tool_calls": [{"name": tool_name_for(researcher), "arguments": {"task": f"{sub} compute it"}}]},
            {"content": "The answer is **42**."},
        ]
    )
    page.goto("/")
    page.wait_for_selector(f"#chat-target option[value='agent:{lead.id}']", state="attached")
    page.select_option("#chat-target", f"agent:{lead.id}")
    send(w, f"{marker} ask the researcher")
    wait_done(w)
    live = page.evaluate(STEP_TREE)
    assert live == [
        [0, tool_name_for(researcher), "Researcher", "ok", True, "Found: 42."],
        [1, "calculator", "Calculator", "ok", False, ""],
    ], live
    page.reload()
    page.wait_for_selector(".msg-assistant .step-caller .step-children .step[data-tool=calculator]", state="attached")
    assert page.evaluate(STEP_TREE) == live
    # Opened, the nested step shows its visible arguments and result, as it did live.
    caller = last_answer(w).locator(".step.step-caller")
    caller.locator(":scope > .step-head").click()
    nested = caller.locator(".step[data-tool=calculator]")
    nested.locator(".step-head").click()
    assert "6*7" in nested.locator(".step-body").inner_text()
    assert "42" in nested.locator(".step-body").inner_text()
    shot(page, "chat-sub-agent-reloaded")
    assert_clean(w)


def test_a_follow_up_continues_the_version_this_tab_shows(session, scenario):
    """Paged to an older answer here while another tab paged to the newest: a follow-up sent here continues
    the answer shown here (the page sends the branch it shows, leaf_id)."""
    from agents.tests.test_ui_browser import Watched

    w = session()
    signup(w)
    page = w.page
    send(w, f"{scenario([{'content': 'An answer'}])} question one")
    wait_done(w)
    last_answer(w).locator(".msg-regen").click()
    page.wait_for_selector(".msg-assistant.msg-last .alt-count:text('2 / 2')")
    wait_done(w)
    last_answer(w).locator(".alt-prev").click()
    page.wait_for_selector(".msg-assistant.msg-last .alt-count:text('1 / 2')")
    shown_here = last_answer(w).get_attribute("data-message-id")
    other = Watched(w.context, w.context.new_page())
    other.page.goto(page.url)
    other.page.wait_for_selector(".msg-assistant .alt-count:text('1 / 2')")
    other.page.locator(".msg-assistant .alt-next").click()
    other.page.wait_for_selector(".msg-assistant .alt-count:text('2 / 2')")
    other.page.close()
    send(w, f"{scenario([{'content': 'Follow-up answer'}])} question two")
    page.wait_for_function("() => document.querySelectorAll('.msg-assistant').length === 2")
    wait_done(w)
    page.reload()
    page.wait_for_function("() => document.querySelectorAll('.msg-assistant').length === 2")
    first = page.locator(".msg-assistant").first
    assert first.get_attribute("data-message-id") == shown_here
    assert first.locator(".alt-count").inner_text() == "1 / 2"
    assert last_answer(w).locator(".md").inner_text().strip() == "Follow-up answer"
    assert_clean(w)
    assert_clean(other)
