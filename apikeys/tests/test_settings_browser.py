"""The developer settings page in Chromium: create an API key (its secret shown once), see how to use
it with an OpenAI client, revoke it; create a chat widget and get the tag to paste."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agents.tests.fixtures import ROOT, _worker_database_url
from agents.tests.test_ui_browser import SERVE, _free_port, _wait_http
from apikeys.models import ApiKey
from embeds.models import Embed
from tomato_agent.embedded import stop_process

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "a-long-Passw0rd-for-tests"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing; run .ci/install-browser"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None, reason="the playwright package is missing"),
    pytest.mark.timeout(180),
]


@pytest.fixture
def site(worker):
    """daphne with static files (the test settings run without DEBUG)."""
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tomato_agent.settings.test", "DATABASE_URL": _worker_database_url()}
    log = open(ROOT / "var" / f"test-daphne-settings-{os.getpid()}.log", "ab")  # noqa: SIM115 - the child owns it
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        _wait_http(f"http://127.0.0.1:{port}/login", proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(proc)
        log.close()


def test_keys_and_widgets_are_managed_on_the_settings_page(site, make_user):
    from playwright.sync_api import sync_playwright

    user = make_user()
    user.set_password(PASSWORD)
    user.save()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API keeps a loop in this thread
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
            page = browser.new_page(base_url=site)
            page.set_default_timeout(20_000)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda dialog: dialog.accept())
            page.goto("/login?next=/settings/developer")
            page.fill("#id_username", user.username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/settings/developer")

            assert page.locator('[data-fill="v1"]').inner_text() == f"{site}/v1"
            assert "tomato-agent" in page.locator('[data-fill="python"]').inner_text()
            page.fill("#key-name", "laptop")
            page.uncheck('input[name="scopes"][value="workflows"]')
            page.click("#key-form button[type=submit]")
            page.wait_for_selector("#key-created:not([hidden])")
            secret = page.locator("#key-secret").inner_text()
            key = ApiKey.objects.get(user=user)
            assert secret.startswith(key.prefix)
            assert key.scopes == ["chat", "read"]
            row = page.locator(f'#key-table tr[data-key-id="{key.id}"]')
            assert "laptop" in row.inner_text()
            assert secret not in row.inner_text()
            page.wait_for_function(
                f"() => !document.querySelector('tr[data-key-id=\"{key.id}\"] td:nth-child(7)')"
                ".textContent.includes('…')"
            )
            row.locator("button.danger").click()
            page.wait_for_selector(f'#key-table tr[data-key-id="{key.id}"]', state="detached")
            key.refresh_from_db()
            assert key.revoked_at is not None

            page.fill("#embed-name", "Shop helper")
            page.fill("#embed-origins", "https://shop.example\nhttp://localhost:3000")
            page.click("#embed-form button[type=submit]")
            page.wait_for_selector("#embed-list li")
            embed = Embed.objects.get(owner=user)
            assert embed.allowed_origins == ["http://localhost:3000", "https://shop.example"]
            snippet = page.locator("#embed-list .snippet").inner_text()
            assert snippet == f'<script src="{site}/embed.js" data-embed="{embed.token}" async></script>'
            assert errors == []
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
