"""run_python's step in the chat page, in a real browser: a scripted model calls the tool, the real sandbox
runs the code, and the page shows its output as text, its plot as an image and its file as a link.

The harness (daphne, a worker, Chromium) is the chat's own (agents/tests/test_ui_browser.py)."""

from __future__ import annotations

import pytest

from agents.tests import test_ui_browser as ui
from agents.tests.test_ui_browser import assert_clean, last_answer, send, signup, wait_done

# The chat tests' fixtures: daphne on the real stack, one Chromium, pages that record their errors.
server, browser, session = ui.server, ui.browser, ui.session

pytestmark = [*ui.pytestmark, pytest.mark.django_db(transaction=True)]

CODE = (
    "import matplotlib.pyplot as plt\n"
    "print('sum of squares:', sum(i * i for i in range(10)))\n"
    "plt.plot([1, 4, 9])\n"
    "open('table.csv', 'w').write('n,square\\n3,9\\n')\n"
)
FILES = 'a[href^="/api/sandbox/files/"]'


def test_the_run_python_step_shows_output_plot_and_file(session, scenario, sandbox_ready):
    w = session()
    signup(w)
    page = w.page
    marker = scenario(
        [
            {"tool_calls": [{"name": "run_python", "arguments": {"code": CODE}}]},
            {"content": "Here is the plot."},
        ]
    )
    send(w, f"{marker} plot the squares")
    wait_done(w, timeout=90_000)

    assert last_answer(w).get_attribute("data-status") == "succeeded"

    def check() -> None:
        answer = last_answer(w)
        # The output as the code printed it (its own text, not inside the result's JSON).
        answer.get_by_text("sum of squares: 285", exact=True).wait_for()
        image = answer.locator('img[src^="/api/sandbox/files/"]')
        image.wait_for()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        link = answer.locator(FILES, has_text="table.csv")
        assert link.count() == 1
        served = page.request.get(link.get_attribute("href"))
        assert served.status == 200
        assert served.body() == b"n,square\n3,9\n"

    check()
    page.reload()  # the same step from the history
    page.wait_for_selector(f".msg-assistant {FILES}")
    check()
    assert_clean(w)
