"""Fixtures of the security tests (tests/security)."""

from pathlib import Path

import pytest
import yaml
from queue_server.context import centre_of

DEMO = Path(__file__).resolve().parents[2] / "config" / "demo"


@pytest.fixture
def tokens_for():
    """tokens_for(app, role, name) → an Authorization header for a new token of any app built in the test."""
    from queue_server.services import access

    def make(app, role="kiosk", name="kiosk-1"):
        return {"Authorization": "Bearer " + access.create_token(centre_of(app), role, name)}

    return make


@pytest.fixture
def chromium(browser):
    """The run's Chromium (tests/conftest.py)."""
    return browser


@pytest.fixture
def centre_with(tmp_path):
    """centre_with({"rate_limits": ...}) → a centre.yaml: the demo centre with this `security:` section."""
    def write(security: dict) -> Path:
        data = yaml.safe_load((DEMO / "centre.yaml").read_text(encoding="utf-8"))
        data["catalogue"] = str(DEMO / "catalogue.yaml")
        data["security"] = security
        path = tmp_path / "centre-with-security.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path
    return write
