"""The chat and snippets pages without a browser: login, CSP, static assets."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_chat_page_needs_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login")


def test_snippets_page_needs_login(client):
    response = client.get("/snippets")
    assert response.status_code == 302
    assert response["Location"].startswith("/login")


def test_chat_page_renders_with_scripts_and_banner(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for script in (
        "js/api.js",
        "js/markdown.js",
        "vendor/markdown-it/markdown-it.min.js",
        "vendor/dompurify/purify.min.js",
    ):
        assert f'<script src="/static/{script}" defer></script>' in html
    for module in ("js/chat.js", "js/chat/run_python.js", "js/workflows/chat-steps.js"):
        assert f'<script type="module" src="/static/{module}"></script>' in html
    assert '<script src="/static/js/theme.js"></script>' in html  # before the page paints: no flash of light
    # Logout is one POST from the header (no confirmation page).
    assert '<form method="post" action="/logout" class="logout-form">' in html
    assert 'id="messages"' in html
    assert 'id="composer-input"' in html
    assert "demo-banner" in html  # the scripted demo model is in use under test settings
    # No inline script or style: everything comes from /static/.
    assert "<script>" not in html
    assert "<style" not in html
    assert " style=" not in html
    assert " onclick=" not in html


def test_csp_header_without_unsafe_inline_scripts(client, user):
    client.force_login(user)
    for path in ("/", "/login", "/snippets"):
        csp = client.get(path)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["script-src"] == "'self'"
        assert "unsafe-inline" not in csp
        assert "unsafe-eval" not in csp
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["connect-src"] == "'self'"  # the page's own socket only, not any ws: host


def test_csp_on_api_responses_too(client):
    assert "Content-Security-Policy" in client.get("/api/conversations")


@pytest.mark.parametrize("name", ["js/api.js", "js/markdown.js", "js/chat.js", "js/snippets.js", "css/app.css"])
def test_static_assets_are_found(name):
    path = finders.find(name)
    assert path, name


def test_static_js_served(live_server):
    """The files are served at their /static/ URLs (the live server serves static files like daphne under DEBUG)."""
    import urllib.request

    for name in ("js/chat.js", "js/markdown.js"):
        with urllib.request.urlopen(f"{live_server.url}/static/{name}", timeout=10) as response:
            assert response.status == 200
            assert "javascript" in response.headers["Content-Type"]
            assert b"use strict" in response.read()


def test_js_never_uses_inner_html():
    for name in (
        "js/api.js",
        "js/markdown.js",
        "js/chat.js",
        "js/snippets.js",
        "js/theme.js",
        "js/chat/steps.js",
        "js/core/dom.js",
        "js/core/dialog.js",
    ):
        with open(finders.find(name), encoding="utf-8") as fh:
            source = fh.read()
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in source, f"{name} uses {sink}"


def test_snippets_page_renders(client, user):
    client.force_login(user)
    response = client.get("/snippets")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Snippets</h1>" in html
    assert '<script src="/static/js/snippets.js"></script>' in html
    assert 'id="snip-form"' in html
