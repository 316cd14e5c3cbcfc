"""The Workflows page without a browser: login, the nav link, CSP, its modules (the browser test drives it)."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

MODULES = ["page.js", "graph.js", "form.js", "run.js", "report.js", "chat-picker.js"]


def test_workflows_page_needs_login(client):
    response = client.get("/workflows/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login")


def test_workflows_page_renders_modules_without_inline_code(client, user):
    client.force_login(user)
    response = client.get("/workflows/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<script type="module" src="/static/js/workflows/page.js"></script>' in html
    assert '<script src="/static/js/api.js"></script>' in html
    assert '<link rel="stylesheet" href="/static/css/workflows.css">' in html
    assert '<a href="/workflows/" aria-current="page">Workflows</a>' in html
    for inline in ("<script>", "<style", " style=", " onclick="):
        assert inline not in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/snippets", "/settings/developer"])
def test_other_pages_link_to_workflows(client, user, path):
    client.force_login(user)
    assert '<a href="/workflows/">Workflows</a>' in client.get(path).content.decode()


def test_chat_page_offers_workflows_for_a_new_conversation(client, user):
    client.force_login(user)
    html = client.get("/").content.decode()
    assert '<select id="chat-target">' in html
    assert '<optgroup id="chat-target-workflows" label="Workflows" hidden disabled></optgroup>' in html
    assert '<script type="module" src="/static/js/workflows/chat-picker.js"></script>' in html


def test_workflow_modules_are_found_and_never_write_html():
    for name in MODULES:
        path = finders.find(f"js/workflows/{name}")
        assert path, name
        source = Path(path).read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", ".style."):
            assert sink not in source, f"{name} uses {sink}"
    assert finders.find("css/workflows.css")
