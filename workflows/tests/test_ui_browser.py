"""The Workflows page in a real browser (Chromium via Playwright) against the real stack.

The harness (daphne, the Celery worker, the scripted LLM, a signed-up person) is the chat's
(agents/tests/test_ui_browser.py; its fixtures come in through conftest.py); the documents are the engine's FlowGram fixtures, imported
through the page as a person would, and the scripted answers are the engine tests' (``reply``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agents.tests import test_ui_browser as chat_ui
from agents.tests.test_ui_browser import ARTIFACTS, assert_clean, signup
from workflows.engine.tests.conftest import FIXTURES

pytestmark = chat_ui.pytestmark  # browser, e2e, skipped with a reason when Chromium or Playwright is missing

NODE = '#wf-graph [data-node="{}"]'


def node_status(page, node_id: str) -> str | None:
    return page.get_attribute(NODE.format(node_id), "data-status")


def edge_class(page, source: str, target: str) -> str:
    return page.get_attribute(f'#wf-graph path[data-source="{source}"][data-target="{target}"]', "class") or ""


def open_workflows(w) -> None:
    signup(w)
    # The chat page's link (at phone width it is in the conversations drawer, not the top bar).
    if w.page.locator('.topnav a[href="/workflows/"]').is_visible():
        w.page.click('.topnav a[href="/workflows/"]')
    else:
        w.page.click("#toggle-sidebar")
        w.page.click('.drawer-nav a[href="/workflows/"]')
    w.page.wait_for_url("**/workflows/")
    w.page.wait_for_selector("#wf-list-status:has-text('No workflows yet')")


def import_branch(page) -> None:
    """branch.json: start → condition (mode 1 / 2 / else) → llm_1 | llm_2 | llm_3 → end."""
    page.set_input_files("#wf-file", str(FIXTURES / "branch.json"))
    page.wait_for_selector("#wf-open:not([hidden]) #wf-name:has-text('branch')")
    page.wait_for_selector(NODE.format("llm_2"))


def test_import_run_branch_live_graph_and_node_report(session, reply, prompts):
    w = session()
    open_workflows(w)
    page = w.page
    import_branch(page)
    assert page.locator(".wf-item").count() == 1
    # The graph: every drawn node of the document, all pending, each a focusable button.
    drawn = page.eval_on_selector_all("#wf-graph [data-node]", "els => els.map(e => e.dataset.node)")
    assert sorted(drawn) == ["condition_0", "end_0", "llm_1", "llm_2", "llm_3", "start_0"]
    assert {node_status(page, n) for n in drawn} == {"pending"}
    assert page.get_attribute(NODE.format("llm_2"), "tabindex") == "0"
    # The form comes from the start node's outputs schema: an integer and a string, in FlowGram's order.
    assert page.get_attribute("#wf-fields input >> nth=0", "type") == "number"
    assert page.get_attribute("#wf-fields input >> nth=0", "step") == "1"
    words = [f"tomato{i:02d}" for i in range(40)]
    marker = reply(" ".join(words), delay_ms=60)
    page.get_by_label("mode").fill("2")
    page.get_by_label("prompt").fill(f"a tale {marker}")
    page.click("#wf-run")
    # Live: the taken branch runs (its tokens show on the node) while the others are skipped.
    page.wait_for_selector(f'{NODE.format("llm_2")}[data-status="running"]', timeout=20_000)
    page.wait_for_function(
        "() => document.querySelector('#wf-graph [data-node=\"llm_2\"] .wf-state').textContent.includes('tomato')"
    )
    assert not page.is_hidden("#wf-cancel")
    assert node_status(page, "condition_0") == "succeeded"
    assert node_status(page, "llm_1") == "skipped"
    assert node_status(page, "llm_3") == "skipped"
    assert "untaken" in edge_class(page, "condition_0", "llm_1")
    assert "taken" in edge_class(page, "condition_0", "llm_2").split()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "workflows-running-desktop.png"))
    page.wait_for_selector("#wf-run-status[data-status='succeeded']", timeout=30_000)
    assert node_status(page, "llm_2") == "succeeded"
    assert node_status(page, "end_0") == "succeeded"
    assert {node_status(page, n) for n in ("llm_1", "llm_3")} == {"skipped"}
    assert page.is_hidden("#wf-cancel")
    outputs = json.loads(page.text_content("#wf-outputs"))
    assert outputs["m2_res"] == " ".join(words)
    assert len(prompts(marker)) == 1  # only the taken branch called the model
    # The node report on click: status, inputs (the filled-in prompt), outputs, timings.
    page.click(NODE.format("llm_2"))
    report = page.locator("#wf-report")
    report.wait_for(state="visible")
    page.wait_for_selector("#wf-report-body h4:has-text('Outputs')")
    text = report.text_content()
    for fact in ("succeeded", "Duration", "Started", "Inputs"):
        assert fact in text
    assert f"model two: a tale {marker}" in text
    assert "tomato39" in text
    # Keyboard: Tab to a skipped node and open its report with Enter.
    page.focus(NODE.format("llm_1"))
    page.keyboard.press("Enter")
    page.wait_for_selector("#wf-report-title:has-text('LLM_1')")
    assert "skipped" in report.inner_text()
    assert page.get_attribute(NODE.format("llm_1"), "aria-pressed") == "true"
    # The run is in the list and in the URL: a reload shows the same graph from the stored report.
    assert page.locator("#wf-runs li").count() == 1
    assert "run=" in page.url
    page.screenshot(path=str(ARTIFACTS / "workflows-desktop.png"), full_page=True)
    page.reload()
    page.wait_for_selector(f'{NODE.format("llm_2")}[data-status="succeeded"]')
    assert node_status(page, "llm_1") == "skipped"
    # Phone width: the list stacks above the graph, which scrolls sideways; the report is readable.
    page.set_viewport_size({"width": 390, "height": 844})
    page.click(NODE.format("llm_2"))
    page.wait_for_selector("#wf-report-body h4:has-text('Outputs')")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, width
    page.screenshot(path=str(ARTIFACTS / "workflows-phone.png"), full_page=True)
    # Export downloads the document as stored.
    with page.expect_download() as download:
        page.click("#wf-export")
    exported = json.loads(Path(download.value.path()).read_text())
    assert exported == json.loads((FIXTURES / "branch.json").read_text())
    assert_clean(w)


def test_paste_import_form_defaults_errors_and_cancel(session, reply):
    w = session()
    open_workflows(w)
    page = w.page
    document = json.loads((FIXTURES / "basic-llm.json").read_text())
    page.click("#wf-paste-toggle")
    page.fill("#wf-paste-json", "{not json")
    page.click("#wf-paste button[type=submit]")
    page.wait_for_selector("#wf-list-error:has-text('not JSON')")
    page.fill("#wf-paste-name", "Story teller")
    page.fill("#wf-paste-json", json.dumps(document))
    page.click("#wf-paste button[type=submit]")
    page.wait_for_selector("#wf-name:has-text('Story teller')")
    assert page.is_hidden("#wf-paste")
    # The owner shares it (PATCH): the list and the header say so, and so does the API.
    assert not page.is_checked("#wf-shared")
    page.check("#wf-shared")
    page.wait_for_selector(".wf-item-meta:has-text('shared')")
    assert "shared" in page.inner_text("#wf-meta")
    workflow_id = page.evaluate("() => new URLSearchParams(location.search).get('id')")
    shared = page.evaluate(f"() => fetch('/api/workflows/{workflow_id}').then(r => r.json()).then(w => w.shared)")
    assert shared is True
    # The form from the start node's schema: query (required string), api_key, work (an object, as JSON text).
    fields = page.eval_on_selector_all("#wf-fields [data-name]", "els => els.map(e => [e.dataset.name, e.tagName])")
    assert fields == [["query", "INPUT"], ["api_key", "INPUT"], ["work", "TEXTAREA"]]
    assert page.locator("#wf-fields label:has-text('query') .wf-required").count() == 1
    # A missing required input and bad JSON are refused in the page, before anything is sent.
    page.fill('#wf-fields [data-name="work"]', "{oops")
    page.click("#wf-run")
    page.wait_for_selector('#wf-fields [data-name="work"][aria-invalid="true"]')
    assert page.get_attribute('#wf-fields [data-name="query"]', "aria-invalid") == "true"
    assert "is not valid JSON" in page.inner_text("#wf-fields")
    assert page.locator("#wf-runs li").count() == 0
    page.fill('#wf-fields [data-name="work"]', '{"role": "poet", "task": "story"}')
    marker = reply(" ".join(f"slow{i}" for i in range(200)), delay_ms=80)
    page.fill('#wf-fields [data-name="query"]', f"Tell a story {marker}")
    page.click("#wf-run")
    page.wait_for_selector(f'{NODE.format("llm_0")}[data-status="running"]')
    page.click("#wf-cancel")
    page.wait_for_selector("#wf-run-status[data-status='cancelled']", timeout=20_000)
    page.wait_for_selector(f'{NODE.format("llm_0")}[data-status="cancelled"]')
    assert node_status(page, "end_0") in ("pending", "skipped", "cancelled")
    page.click(NODE.format("llm_0"))
    page.wait_for_selector("#wf-report-body:has-text('slow0')")  # the partial text stays in the report
    assert_clean(w)


# The first answer's steps as their heads show them: icon, label, argument line, whether a node group.
NODE_HEADS = """() => [...document.querySelector('.msg-assistant').querySelectorAll('.step')].map((s) => [
  s.querySelector('.step-icon').textContent, s.querySelector('.step-label').textContent,
  s.querySelector('.step-arg').hidden ? '' : s.querySelector('.step-arg').textContent,
  s.classList.contains('step-group')])"""


def test_chat_with_a_workflow_shows_nodes_as_steps(session, reply):
    w = session()
    open_workflows(w)
    page = w.page
    page.click("#wf-paste-toggle")
    page.fill("#wf-paste-name", "Story chat")
    page.fill("#wf-paste-json", (FIXTURES / "basic-llm.json").read_text())
    page.click("#wf-paste button[type=submit]")
    page.wait_for_selector("#wf-name:has-text('Story chat')")
    workflow_id = page.evaluate("() => new URLSearchParams(location.search).get('id')")
    # "Chat with it": a new conversation, the workflow picked in "Answered by".
    page.click("#wf-chat")
    page.wait_for_selector("#composer-input:not([disabled])")
    page.wait_for_selector('#conn-status[data-state="open"]', state="attached")
    page.wait_for_function(f"() => document.querySelector('#chat-target').value === 'workflow:{workflow_id}'")
    options = page.eval_on_selector_all("#chat-target optgroup", "gs => gs.map(g => [g.label, g.children.length])")
    assert options == [["Agents", 1], ["Workflows", 1]]
    first = reply("Once upon a time, a tomato grew.", delay_ms=30)
    page.fill("#composer-input", f"Tell a story {first}")
    page.press("#composer-input", "Enter")
    answer = page.locator(".msg-assistant").last
    page.wait_for_selector(".msg-assistant[data-status]", timeout=30_000)
    page.wait_for_selector("#composer-input:not([disabled])")
    assert answer.get_attribute("data-status") == "succeeded"
    # Each node a step, in order, done; the answer is the llm node's text, once (its scoped tokens are not added).
    steps = answer.locator(".step-group")
    assert steps.count() == 3
    assert [steps.nth(i).locator(".step-label").first.inner_text() for i in range(3)] == ["Start", "LLM_0", "End"]
    assert answer.locator('.step-group[data-status="ok"]').count() == 3
    assert answer.locator(".md").inner_text().strip() == "Once upon a time, a tomato grew."
    assert page.is_hidden("#chat-target-row")  # the conversation keeps its workflow
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-workflow-desktop.png"))
    # The next message in the conversation is answered by the workflow too.
    second = reply("And it was delicious.")
    page.fill("#composer-input", f"Go on {second}")
    page.press("#composer-input", "Enter")
    page.wait_for_function(
        "() => document.querySelectorAll('.msg-assistant[data-status]').length === 2", timeout=30_000
    )
    assert page.locator(".msg-assistant").last.locator('.step-group[data-status="ok"]').count() == 3
    assert page.locator(".msg-assistant .md").last.inner_text().strip() == "And it was delicious."
    # Reopened, the stored answers show the same steps: label, the node type's icon, no argument line.
    live = page.evaluate(NODE_HEADS)
    assert [head[1] for head in live] == ["Start", "LLM_0", "End"]
    page.reload()
    page.wait_for_selector('.msg-assistant .step[data-status="ok"]')
    stored = page.locator(".msg-assistant").first.locator(".step .step-label")
    assert [stored.nth(i).inner_text() for i in range(stored.count())] == ["Start", "LLM_0", "End"]
    assert page.evaluate(NODE_HEADS) == live
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "chat-workflow-phone.png"))
    assert_clean(w)


def test_loop_drawn_as_container_with_iterations_in_its_report(session, reply):
    w = session()
    open_workflows(w)
    page = w.page
    page.set_input_files("#wf-file", str(FIXTURES / "loop-break-continue.json"))
    page.wait_for_selector("#wf-name:has-text('loop-break-continue')")
    # The loop's body is drawn inside it: its nodes sit within the container's box.
    loop = page.locator(NODE.format("loop_0")).bounding_box()
    for inner in ("block_start_0", "condition_0", "llm_0", "continue_0", "break_0", "block_end_0"):
        box = page.locator(NODE.format(inner)).bounding_box()
        assert loop["x"] <= box["x"], inner
        assert box["x"] + box["width"] <= loop["x"] + loop["width"] + 1, inner
        assert loop["y"] <= box["y"], inner
        assert box["y"] + box["height"] <= loop["y"] + loop["height"] + 1, inner
    assert page.get_attribute('#wf-fields [data-name="tasks"]', "placeholder") == "[ … ] as JSON"
    markers = [reply(f"did {i}") for i in range(9)]
    page.fill('#wf-fields [data-name="tasks"]', json.dumps(markers))
    page.click("#wf-run")
    page.wait_for_selector("#wf-run-status[data-status='succeeded']", timeout=40_000)
    assert json.loads(page.text_content("#wf-outputs")) == {
        "outputs": [f"did {i}" for i in range(3, 7)],
        "indexes": [3, 4, 5, 6],
    }
    assert node_status(page, "loop_0") == "succeeded"
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#wf-graph").screenshot(path=str(ARTIFACTS / "workflows-loop-graph.png"))
    # The loop's report: how each iteration ended; the llm node's: one snapshot per iteration it ran in.
    page.click(NODE.format("loop_0"), position={"x": 40, "y": 12})  # its header: the body holds other nodes
    page.wait_for_selector("#wf-report-body .wf-iterations")
    statuses = page.eval_on_selector_all(
        "#wf-report-body .wf-iterations .wf-chip", "els => els.map(e => e.textContent)"
    )
    assert statuses == ["continue"] * 3 + ["succeeded"] * 4 + ["break"]
    page.click(NODE.format("llm_0"))
    page.wait_for_selector("#wf-report-title:has-text('LLM_0')")
    page.wait_for_selector("#wf-report-body .wf-snapshot")
    snapshots = page.locator("#wf-report-body .wf-snapshot summary")
    assert [snapshots.nth(i).inner_text() for i in range(snapshots.count())] == [
        f"iteration {i} · succeeded" for i in range(3, 7)
    ]
    page.locator("#wf-report-body .wf-snapshot").first.click()
    assert "did 3" in page.locator("#wf-report-body .wf-snapshot").first.text_content()
    page.screenshot(path=str(ARTIFACTS / "workflows-loop-desktop.png"))
    assert_clean(w)


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
def test_workflows_page_passes_axe(session, reply, viewport):
    from agents.tests.test_ui_pages_browser import axe_violations

    w = session(viewport=viewport)
    open_workflows(w)
    page = w.page
    import_branch(page)
    marker = reply("An answer.")
    page.get_by_label("mode").fill("1")
    page.get_by_label("prompt").fill(marker)
    page.click("#wf-run")
    page.wait_for_selector("#wf-run-status[data-status='succeeded']", timeout=30_000)
    page.click(NODE.format("llm_1"))
    page.wait_for_selector("#wf-report-body h4:has-text('Outputs')")
    assert axe_violations(w) == []
    assert_clean(w)
