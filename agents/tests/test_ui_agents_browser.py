"""Agents in a real browser: build agents on the builder page, pick one for a new chat, see its
sub-agent's steps nested in the answer, preview beside the form, and "stop and send"."""

from __future__ import annotations

from agents.tests.test_ui_browser import (  # noqa: F401 - the fixtures, the marks (Chromium present) and helpers
    ARTIFACTS,
    assert_clean,
    browser,
    pytestmark,
    send,
    server,
    session,
    signup,
    wait_done,
)


def build_agent(
    w, *, name: str, description: str = "", instructions: str = "", starters: str = "", sub_agents: tuple[str, ...] = ()
) -> str:
    page = w.page
    page.goto("/agents")
    page.wait_for_selector("body[data-ready]", state="attached")
    page.click("#agent-new")
    page.fill("#f-name", name)
    page.fill("#f-description", description)
    page.fill("#f-instructions", instructions)
    page.fill("#f-starters", starters)
    for sub in sub_agents:
        page.locator("#f-agents label", has_text=sub).locator("input").check()
    page.click("#agent-save")
    page.wait_for_selector("#agent-status:has-text('Saved: version 1.')")
    return page.url.split("id=")[1]


def test_pick_an_agent_chat_and_see_its_sub_agent_nested(session, scenario):  # noqa: F811 - the imported fixture
    from agents.agent_selectors import tool_name_for

    w = session()
    signup(w)
    page = w.page
    researcher = build_agent(w, name="Researcher", description="Finds facts.", instructions="Research.")
    sub = scenario([{"content": "Found: forty-two.", "delay_ms": 10}])
    lead_turns = [
        {"tool_calls": [{"name": tool_name_for({"id": researcher}), "arguments": {"task": f"{sub} find it"}}]},
        {"content": "The answer is **42**."},
    ]
    marker = scenario(lead_turns)
    lead = build_agent(
        w, name="Lead", instructions="Delegate.", starters=f"{marker} research the answer", sub_agents=("Researcher",)
    )
    assert lead.startswith("ag_")
    # The preview beside the form talks to the saved agent.
    page.fill("#preview-input", f"{scenario(lead_turns)} preview please")
    page.click("#preview-send")
    page.wait_for_selector(".preview-answer[data-status=done]")
    assert page.locator(".preview-answer").inner_text() == "The answer is **42**."
    assert page.locator(".preview-step.nested").count() == 0  # the sub-agent streamed no tool of its own
    assert "Researcher" in page.locator(".preview-step").first.inner_text()

    # The chat: pick the agent for a new conversation; its starters are offered.
    page.goto("/")
    page.wait_for_selector(f"#chat-target option[value='agent:{lead}']", state="attached")
    page.select_option("#chat-target", f"agent:{lead}")
    page.locator("#agent-starters .starter").click()
    assert page.input_value("#composer-input") == f"{marker} research the answer"
    page.press("#composer-input", "Enter")
    wait_done(w)
    answer = page.locator(".msg-assistant").last
    assert answer.get_attribute("data-status") == "succeeded"
    assert answer.locator(".md strong").last.inner_text() == "42"
    # The sub-agent's work nests inside the step of the call that started it (static/js/chat/steps.js).
    nested = answer.locator(".step.step-caller")
    assert nested.count() == 1
    assert nested.locator(".step-text").first.text_content() == "Found: forty-two."
    assert "Researcher" in nested.locator(".step-head").first.inner_text()
    # The header shows the conversation's agent; the picker is for new conversations only.
    page.wait_for_selector("#agent-badge:has-text('Lead')")
    assert not page.locator("#chat-target").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-agent-nested.png"), full_page=False)
    assert_clean(w)


def test_stop_and_send_keeps_the_partial_answer_and_answers_the_new_message(session, scenario):  # noqa: F811 - the imported fixture
    w = session()
    signup(w)
    page = w.page
    send(w, f"{scenario([{'content': 'word ' * 300, 'delay_ms': 20}])} long")
    page.wait_for_selector("#send-btn:has-text('Stop and send')")
    page.wait_for_function(
        "() => { const m = document.querySelector('.msg-assistant.streaming .md'); return m && m.textContent.length > 20; }"
    )
    send(w, f"{scenario([{'content': 'Fresh answer.'}])} instead")
    page.wait_for_selector(".msg-assistant[data-status=cancelled]")
    page.wait_for_selector(".msg-assistant[data-status=succeeded]")
    stopped = page.locator(".msg-assistant[data-status=cancelled] .md").inner_text()
    assert 0 < len(stopped.strip()) < len(("word " * 300).strip())
    assert page.locator(".msg-assistant[data-status=succeeded] .md").inner_text() == "Fresh answer."
    page.wait_for_selector("#send-btn:has-text('Send')")
    assert_clean(w)
