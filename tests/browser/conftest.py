"""Pages in real Chromium (the session's `browser` fixture is in tests/conftest.py), axe-core on every page."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


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
