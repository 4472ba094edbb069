"""A queue server in its own process, as in production, for Socket.IO, browser and fault tests."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


class LiveServer:
    """`python -m queue_server` (or another command, e.g. gunicorn's) in its own process, as in production."""

    def __init__(self, env: dict, port: int, log_path: Path, command: list[str] | None = None):
        self.env, self.port, self.log_path = env, port, log_path
        self.command = command or [sys.executable, "-m", "queue_server"]
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> LiveServer:
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-3000:]}")
            try:
                if requests.get(self.url + "/api/v1/catalogue", timeout=1).ok:
                    return self
            except requests.RequestException:  # not listening yet, or (gunicorn) its worker is still starting
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log_path.read_text()[-3000:]}")

    def stop(self, kill: bool = False) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill() if kill else self.process.terminate()
            self.process.wait(10)
        if getattr(self, "log", None):
            self.log.close()


def gunicorn_command(port: int) -> list[str]:
    """The production command of docs/deployment.md."""
    return [sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "1000", "--worker-connections", "2000",
            "--bind", f"127.0.0.1:{port}", "queue_server.wsgi:app"]


def cli(env: dict, *args: str) -> str:
    """Runs `python -m queue_server ARGS` with the server's environment; returns its output."""
    done = subprocess.run([sys.executable, "-m", "queue_server", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout




def sign_in_form(page, username: str, password: str = "mat-khau-dai") -> None:
    """Fills the staff sign-in page the browser is on and sends it (the page's own button)."""
    page.get_by_label("Tên đăng nhập / Username").fill(username)
    page.get_by_label("Mật khẩu / Password").fill(password)
    page.get_by_role("button", name="Đăng nhập / Sign in").click()


def take_counter(server, number: int, role: str = "staff") -> dict:
    """The server's `role` token takes counter `number` (staff act only at the counter they hold, docs/api.md);
    returns its Authorization header."""
    headers = {"Authorization": f"Bearer {server.tokens[role]}"}
    response = requests.post(f"{server.url}/api/v1/console/claim", json={"counter_number": number}, headers=headers,
                             timeout=10)
    assert response.status_code == 200, response.text
    return headers


def busy_kiosk_config(folder: Path) -> Path:
    """The demo centre whose kiosk-1 may issue thousands of tickets a minute, for a test that issues many at once
    from one kiosk token. A kiosk otherwise keeps a human pace (security.rate_limits.kiosk_issue,
    tests/security/test_request_limits.py): a test that needs more says so by using this."""
    import yaml

    demo = ROOT / "config" / "demo"
    data = yaml.safe_load((demo / "centre.yaml").read_text(encoding="utf-8"))
    data["catalogue"] = str(demo / "catalogue.yaml")
    devices = data.setdefault("security", {}).setdefault("rate_limits", {}).setdefault("devices", {})
    devices["kiosk-1"] = {"limit": 100_000, "window_seconds": 60}
    target = Path(folder) / "busy-kiosk-centre.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target
