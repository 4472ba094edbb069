"""Fixtures for the reception robot: its virtualenv (built if needed), a trained model (cached by hash),
and a real Rasa server + action server as subprocesses on free loopback ports, talking to a fake queue
server (fake_queue_server.py). Nothing is skipped: if the venv or the model cannot be built, the tests
fail with the script's output."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
ASSISTANT = ROOT / "assistant"
VENV = Path(os.environ.get("MOTCUA_ASSISTANT_VENV", ROOT / ".venv-assistant"))
CATALOGUE = ROOT / "config" / "demo" / "catalogue.yaml"
REPORTS = ASSISTANT / "reports"
sys.path.insert(0, str(ASSISTANT))  # the pure modules (actions.text, actions.language) and the fake server
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_queue_server import TOKEN, FakeQueueServer  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def assistant_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    env.update(RASA_TELEMETRY_ENABLED="false", SQLALCHEMY_SILENCE_UBER_WARNING="1", TF_CPP_MIN_LOG_LEVEL="2",
               PYTHONUNBUFFERED="1", MOTCUA_ASSISTANT_VENV=str(VENV))
    env.update(extra)
    return env


def run_script(*args: str, timeout: float) -> str:
    done = subprocess.run(["bash", *args], cwd=ROOT, env=assistant_env(), capture_output=True, text=True,
                          timeout=timeout)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")
    return done.stdout


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
def fake_queue_server():
    server = FakeQueueServer(CATALOGUE).start()
    yield server
    server.stop()


class Process:
    def __init__(self, name: str, args: list[str], env: dict, log: Path):
        self.name, self.log_path = name, log
        self.log = open(log, "wb")
        self.popen = subprocess.Popen(args, cwd=ASSISTANT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                      start_new_session=True)

    def wait_for(self, url: str, ok, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                pytest.fail(f"{self.name} exited:\n{self.log_path.read_text(errors='replace')[-4000:]}")
            try:
                response = requests.get(url, timeout=2)
                if ok(response):
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        pytest.fail(f"{self.name} did not start in {timeout} s:\n{self.log_path.read_text(errors='replace')[-4000:]}")

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(10)
        self.log.close()


class RasaStack:
    """Rasa (REST channel + HTTP API) and the action server, as scripts/run.sh starts them."""

    def __init__(self, model: Path, queue_url: str, log_dir: Path):
        self.rasa_port, self.actions_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        env = assistant_env(MOTCUA_SERVER_URL=queue_url, MOTCUA_ASSISTANT_TOKEN=TOKEN,
                            MOTCUA_ACTIONS_PORT=str(self.actions_port), SANIC_HOST="127.0.0.1")
        rasa = str(VENV / "bin" / "rasa")
        self.actions = Process("action server", [rasa, "run", "actions", "--actions", "actions", "-p",
                                                 str(self.actions_port)], env, log_dir / "actions.log")
        self.rasa = Process("rasa", [rasa, "run", "--enable-api", "-i", "127.0.0.1", "-p", str(self.rasa_port),
                                     "--model", str(model), "--endpoints", "endpoints.yml",
                                     "--credentials", "credentials.yml"], env, log_dir / "rasa.log")

    def wait(self) -> RasaStack:
        self.actions.wait_for(f"http://127.0.0.1:{self.actions_port}/health", lambda r: r.ok, 120)
        self.rasa.wait_for(self.url + "/status", lambda r: r.ok and r.json().get("model_file"), 300)
        return self

    def stop(self) -> None:
        self.rasa.stop()
        self.actions.stop()


@pytest.fixture(scope="session")
def rasa_stack(trained_model, fake_queue_server, tmp_path_factory):
    stack = RasaStack(trained_model, fake_queue_server.url, tmp_path_factory.mktemp("rasa"))
    try:
        yield stack.wait()
    finally:
        stack.stop()


def make_relay_app(rasa_url: str, timeout: float = 5.0):
    """A bare Flask app with only the relay blueprint (the queue server registers it the same way)."""
    from flask import Flask

    sys.path.insert(0, str(ROOT))
    from queue_server.api.assistant_relay import assistant_relay

    app = Flask("relay-test")
    app.json.ensure_ascii = False
    # 5 s rather than 1.5 s: a loaded CI machine must not turn a slow answer into a flaky test.
    app.config.update(TESTING=True, MOTCUA_RASA_URL=rasa_url, MOTCUA_RASA_TIMEOUT=timeout, CATALOGUE_PATH=str(CATALOGUE))
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
