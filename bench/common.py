"""What every benchmark needs: a queue server process on loopback, tokens, percentiles."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))] if ordered else float("nan")


def summary_ms(seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return f"p50 {statistics.median(ms):6.2f} ms  p99 {percentile(ms, 99):6.2f} ms"


class BenchServer:
    """`python -m queue_server` on a fresh database, with a kiosk and a staff token."""

    def __init__(self, database_url: str | None = None, extra_env: dict | None = None):
        self.folder = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
        self.env.update(MOTCUA_PORT=str(self.port), MOTCUA_HOST="127.0.0.1", MOTCUA_VAR_DIR=str(self.folder),
                        MOTCUA_SECRET_KEY="bench", DATABASE_URL=database_url or f"sqlite:///{self.folder / 'bench.db'}")
        self.env.update(extra_env or {})
        self.tokens = {role: self._token(role, name) for role, name in (("kiosk", "kiosk-1"), ("staff", "bench"))}
        self.process = subprocess.Popen([sys.executable, "-m", "queue_server"], cwd=ROOT, env=self.env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                if requests.get(self.url + "/api/v1/catalogue", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            raise RuntimeError("bench server did not start")

    def _token(self, role: str, name: str) -> str:
        out = subprocess.run([sys.executable, "-m", "queue_server", "token", "create", "--role", role, "--name", name],
                             cwd=ROOT, env=self.env, capture_output=True, text=True, check=True).stdout
        return out.strip().splitlines()[-1]

    def headers(self, role: str) -> dict:
        return {"Authorization": "Bearer " + self.tokens[role]}

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def postgres_database() -> str | None:
    """A fresh database on the machine's PostgreSQL, or None when it is not running."""
    from sqlalchemy import create_engine, text
    admin_url = os.environ.get("MOTCUA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    name = f"motcua_bench_{os.getpid()}_{int(time.time())}"
    try:
        engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
    except Exception:
        return None
    return admin_url.rsplit("/", 1)[0] + "/" + name
