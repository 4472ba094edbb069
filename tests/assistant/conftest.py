"""Fixtures for the reception robot: its virtualenv (built if needed), a trained model (cached by hash),
and a real Rasa server + action server as subprocesses on free loopback ports (rasa_processes.py), talking
to a fake queue server (fake_queue_server.py) or, for `live_robot`, to the real queue server
(robot_live.py). Nothing is skipped: if the venv or the model cannot be built, the tests fail with the
script's output."""

from __future__ import annotations

import sys
from types import SimpleNamespace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ASSISTANT = ROOT / "assistant"
REPORTS = ASSISTANT / "reports"
sys.path.insert(0, str(ASSISTANT))  # the pure modules (actions.text, actions.language) and the fake server
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_queue_server import TOKEN, FakeQueueServer  # noqa: E402
from rasa_processes import (ASSISTANT, CATALOGUE, ROOT, VENV, Process, RasaStack,  # noqa: E402,F401
                            assistant_env, free_port, run_script)
import robot_live  # noqa: E402


@pytest.fixture(scope="session")
def assistant_venv() -> Path:
    run_script("assistant/scripts/setup-venv.sh", timeout=1800)
    return VENV


@pytest.fixture(scope="session")
def trained_model(assistant_venv) -> Path:
    model = Path(run_script("assistant/scripts/train.sh", str(CATALOGUE), timeout=1800).strip().splitlines()[-1])
    assert model.exists(), model
    return model


@pytest.fixture(scope="session")
def live_robot(trained_model, tmp_path_factory):
    """The REAL queue server (demo centre, SQLite) + Rasa + action server with the robot-1 token; one per
    test session, shared with tests/browser/test_robot_screen.py (robot_live.shared)."""
    robot = robot_live.shared(trained_model, tmp_path_factory)
    yield robot
    robot_live.stop_shared()


@pytest.fixture(scope="session")
def fake_queue_server():
    server = FakeQueueServer(CATALOGUE).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def rasa_stack(trained_model, fake_queue_server, tmp_path_factory):
    stack = RasaStack(trained_model, fake_queue_server.url, tmp_path_factory.mktemp("rasa"), TOKEN)
    try:
        yield stack.wait()
    finally:
        stack.stop()


def make_relay_app(rasa_url: str, timeout: float | None = 5.0):
    """A bare Flask app with only the relay blueprint (the queue server registers it the same way);
    `timeout=None` keeps the relay's production timeout."""
    from flask import Flask

    sys.path.insert(0, str(ROOT))
    from queue_server.api.assistant_relay import assistant_relay
    from queue_server.centre_config import RateLimit, SecuritySettings
    from queue_server.web import limiter

    app = Flask("relay-test")
    app.json.ensure_ascii = False
    # 5 s rather than the production 1.7 s: a loaded CI machine must not turn a slow answer into a flaky test.
    app.config.update(TESTING=True, MOTCUA_RASA_URL=rasa_url, CATALOGUE_PATH=str(CATALOGUE))
    if timeout is not None:
        app.config["MOTCUA_RASA_TIMEOUT"] = timeout
    # one app serves a whole session of conversations from one address: more messages than a visitor may send
    # (security.rate_limits.assistant), so its limit is raised here, where the relay looks for the centre's
    centre = SimpleNamespace(id="test", room_prefix="", settings=None, config=SimpleNamespace(
        security=SecuritySettings(assistant_limit=RateLimit(100_000, 60))))
    app.extensions["motcua"] = SimpleNamespace(default=centre, get=lambda centre_id: None)  # a City of one
    limiter.install(app, redis_url=None, database_url="relay-test")  # the relay counts messages per address
    app.register_blueprint(assistant_relay)
    return app


@pytest.fixture(scope="session")
def relay(rasa_stack):
    return make_relay_app(rasa_stack.url).test_client()


@pytest.fixture
def chat(relay):
    """chat(text, sender) → list of replies through POST /api/v1/assistant/messages."""
    def send(text: str, sender: str) -> list[dict]:
        response = relay.post("/api/v1/assistant/messages", json={"sender": sender, "text": text})
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["replies"]
    return send


@pytest.fixture(scope="session")
def reader():
    """The actions' reader on the demo catalogue, built as the action server builds it (no Rasa needed)."""
    from actions.lexicon import extra_aliases
    from actions.reading import Reader

    sys.path.insert(0, str(ASSISTANT / "scripts"))
    from generate_training_data import load_catalogue

    fields, procedures = load_catalogue(CATALOGUE)
    return Reader({"fields": fields, "procedures": procedures}, extra_aliases=extra_aliases())

