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


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


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
