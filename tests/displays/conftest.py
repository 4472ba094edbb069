"""Display and announcement tests need no PostgreSQL: what they check does not depend on the database."""

import pytest


@pytest.fixture
def database_url(tmp_path):
    return f"sqlite:///{tmp_path / 'motcua.db'}"


@pytest.fixture(autouse=True)
def offline_voice(monkeypatch):
    """No internet here: the server's voice uses espeak-ng only (gTTS is tested in tests/displays/voice)."""
    monkeypatch.setenv("MOTCUA_VOICE_ENGINE", "espeak")
