"""Fixtures of the security tests (tests/security)."""

import pytest


@pytest.fixture
def tokens_for():
    """tokens_for(app, role, name) → an Authorization header for a new token of any app built in the test."""
    from queue_server.services import access

    def make(app, role="kiosk", name="kiosk-1"):
        return {"Authorization": "Bearer " + access.create_token(app.extensions["motcua"], role, name)}

    return make


@pytest.fixture
def chromium(browser):
    """The run's Chromium (tests/conftest.py)."""
    return browser
