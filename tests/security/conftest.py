"""Fixtures of the security tests (tests/security)."""

import pytest


@pytest.fixture
def tokens_for():
    """tokens_for(app, role, name) → an Authorization header for a new token of any app built in the test."""
    from queue_server.services import access

    def make(app, role="kiosk", name="kiosk-1"):
        return {"Authorization": "Bearer " + access.create_token(app.extensions["motcua"], role, name)}

    return make


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium driven by Playwright (no browser download)."""
    import shutil
    from pathlib import Path

    from playwright.sync_api import sync_playwright
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail("Chromium is missing: run `make setup` (scripts/install-system-packages.sh)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"])
        yield browser
        browser.close()
