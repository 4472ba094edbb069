"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright, and axe-core on every page."""

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--autoplay-policy=no-user-gesture-required"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make setup` (scripts/install-system-packages.sh)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """new_page(width, height, locale) → a fresh page in its own context (own storage and cookies)."""
    contexts = []

    def make(width=1280, height=900, locale="vi-VN"):
        # bypass_csp lets axe-core be injected; the CSP itself is checked by the API tests.
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale, bypass_csp=True)
        context.set_default_timeout(10000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def axe_violations(page, impacts=("serious", "critical")):
    """Runs axe-core in the page; returns the violations of the given impacts, described for a failure."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make setup` (npm ci)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"] if v["impact"] in impacts]


@pytest.fixture
def assert_accessible():
    def check(page):
        problems = axe_violations(page)
        assert not problems, "axe-core found serious problems:\n" + "\n".join(problems)
    return check
