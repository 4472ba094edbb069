"""The whole robot for real, once per test session: the queue server (`python -m queue_server`, demo centre,
SQLite), Rasa and the action server, wired as scripts/run-demo.sh wires them (the actions issue tickets
with the robot-1 device token, which prints through kiosk-1).

Shared by tests/assistant (conftest.live_robot) and tests/browser/test_robot_screen.py: both import this
module under the same name, so `shared()` returns the one instance; `stop_shared()` is idempotent.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from live_server import LiveServer, cli  # tests/live_server.py
from rasa_processes import ROOT, RasaStack, free_port

DEMO_CONFIG = ROOT / "config" / "demo"


def busy_robot_config(var_dir: Path) -> Path:
    """The demo centre with the per-address and per-device limits raised for the tests: one robot serves a whole
    session of conversations from 127.0.0.1, more than one visitor may send (docs/security.md)."""
    import yaml

    data = yaml.safe_load((DEMO_CONFIG / "centre.yaml").read_text(encoding="utf-8"))
    data["catalogue"] = str(DEMO_CONFIG / "catalogue.yaml")
    many = {"limit": 100_000, "window_seconds": 60}
    data["security"] = {"rate_limits": {"assistant": many, "voice": many,
                                        "devices": {"robot-1": many, "kiosk-1": many}}}
    var_dir.mkdir(parents=True, exist_ok=True)
    target = var_dir / "busy-robot-centre.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def queue_server_env(var_dir: Path, port: int, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    env.update(MOTCUA_HOST="127.0.0.1", MOTCUA_PORT=str(port), MOTCUA_CONFIG=str(busy_robot_config(var_dir)),
               MOTCUA_VAR_DIR=str(var_dir), MOTCUA_SECRET_KEY="test-secret",
               DATABASE_URL=f"sqlite:///{var_dir / 'live.db'}", PYTHONUNBUFFERED="1",
               MOTCUA_VOICE_ENGINE="espeak",  # offline and deterministic: no gTTS from tests
               MOTCUA_VOICE_PREFILL="off", MOTCUA_VOICE_CACHE=str(var_dir / "voice-cache"))
    env.update(extra)
    return env


@dataclass
class LiveRobot:
    server: LiveServer
    stack: RasaStack
    tokens: dict  # device or role name → bearer token

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        self.stack.stop()
        self.server.stop()


_shared: LiveRobot | None = None


def start(model: Path, base_dir: Path) -> LiveRobot:
    rasa_port, port = free_port(), free_port()
    var_dir = base_dir / "var"
    var_dir.mkdir(parents=True, exist_ok=True)
    # 10 s rather than 1.5 s: a loaded 2-core machine must not turn a slow answer into a flaky test (the
    # 1.5 s production timeout is tested with its own server in test_robot_live.py).
    env = queue_server_env(var_dir, port, MOTCUA_RASA_URL=f"http://127.0.0.1:{rasa_port}", MOTCUA_RASA_TIMEOUT="10")
    server = LiveServer(env, port, base_dir / "queue-server.log").start()
    tokens = {name: cli(env, "token", "create", "--role", role, "--name", name).strip().splitlines()[-1]
              for role, name in [("kiosk", "robot-1"), ("kiosk", "kiosk-1"), ("staff", "canbo")]}
    stack = RasaStack(model, server.url, base_dir, tokens["robot-1"], rasa_port=rasa_port)
    try:
        stack.wait()
    except BaseException:  # pytest.fail included: leave no process behind
        stack.stop()
        server.stop()
        raise
    return LiveRobot(server, stack, tokens)


def shared(model: Path, tmp_path_factory) -> LiveRobot:
    global _shared
    if _shared is None:
        _shared = start(model, tmp_path_factory.mktemp("live-robot"))
    return _shared


def stop_shared() -> None:
    global _shared
    if _shared is not None:
        robot, _shared = _shared, None
        robot.stop()
