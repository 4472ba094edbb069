"""Rasa and the action server as subprocesses, shared by tests/assistant (conftest.py) and the robot's
browser test (tests/browser/test_robot_screen.py), which imports this module by path."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
ASSISTANT = ROOT / "assistant"
VENV = Path(os.environ.get("MOTCUA_ASSISTANT_VENV", ROOT / ".venv-assistant"))
CATALOGUE = ROOT / "config" / "demo" / "catalogue.yaml"


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


def trained_model_path() -> Path:
    """Builds the venv if needed and trains the model unless the one for this data hash exists."""
    run_script("assistant/scripts/setup-venv.sh", timeout=1800)
    model = Path(run_script("assistant/scripts/train.sh", str(CATALOGUE), timeout=1800).strip().splitlines()[-1])
    assert model.exists(), model
    return model


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

    def __init__(self, model: Path, queue_url: str, log_dir: Path, token: str, rasa_port: int | None = None):
        self.rasa_port, self.actions_port = rasa_port or free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        env = assistant_env(MOTCUA_SERVER_URL=queue_url, MOTCUA_ASSISTANT_TOKEN=token,
                            MOTCUA_ACTIONS_PORT=str(self.actions_port), SANIC_HOST="127.0.0.1")
        rasa = str(VENV / "bin" / "rasa")
        self.actions = Process("action server", [str(VENV / "bin" / "python"), "-m", "actions", "--actions", "actions",
                                                 "-p", str(self.actions_port)], env, log_dir / "actions.log")
        self.rasa = Process("rasa", [rasa, "run", "--enable-api", "-i", "127.0.0.1", "-p", str(self.rasa_port),
                                     "--model", str(model), "--endpoints", "endpoints.yml",
                                     "--credentials", "credentials.yml"], env, log_dir / "rasa.log")

    def wait(self) -> RasaStack:
        self.actions.wait_for(f"http://127.0.0.1:{self.actions_port}/health", lambda r: r.ok, 600)
        # Loading the model takes ~1 min on an idle 2-core machine, but 9 min were seen under load.
        self.rasa.wait_for(self.url + "/status", lambda r: r.ok and r.json().get("model_file"), 900)
        return self

    def stop(self) -> None:
        self.rasa.stop()
        self.actions.stop()

    def freeze(self) -> None:
        """Rasa hangs (SIGSTOP): it accepts connections but never answers, until thaw()."""
        os.killpg(self.rasa.popen.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.killpg(self.rasa.popen.pid, signal.SIGCONT)


