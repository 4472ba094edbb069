"""What every benchmark needs: a queue server process on loopback, tokens, percentiles, a Redis of its own,
the machine's description and the `--json PATH` output that bench/run_all.py collects."""

from __future__ import annotations

import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _stop_on_sigterm(_signum, _frame):
    raise SystemExit(143)  # run the `finally:` blocks that stop the servers this bench started


if threading.current_thread() is threading.main_thread():
    signal.signal(signal.SIGTERM, _stop_on_sigterm)


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


class JsonClient:
    """A lean HTTP/1.1 client for the load loops (http.client, one connection, kept open when the server
    allows): requests costs ~2.5 ms of client CPU per call on this machine, CPU the server under test shares.
    Timing with it measures the server more and the client less; every answer is still parsed and checked."""

    def __init__(self, url: str, headers: dict | None = None, timeout: float = 60):
        self.host, self.port = url.removeprefix("http://").split(":")
        self.headers = {"Content-Type": "application/json", **(headers or {})}
        self.timeout, self.connection = timeout, None

    def post(self, path: str, body: dict | None = None) -> tuple[int, dict]:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, int(self.port), timeout=self.timeout)
            self.connection.connect()
            self.connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.connection.request("POST", path, body=json.dumps(body or {}), headers=self.headers)
        response = self.connection.getresponse()
        answer = json.loads(response.read() or b"null")
        if response.will_close:  # werkzeug closes every connection after one answer
            self.connection.close()
            self.connection = None
        return response.status, answer


BENCH_KIOSKS = tuple(f"bench-kiosk-{i}" for i in range(1, 33))  # one device per concurrent bench client
# The server under test: this checkout, or another one (e.g. an export of an older commit, to compare).
SERVER_ROOT = Path(os.environ.get("MOTCUA_BENCH_SERVER_ROOT") or ROOT)


def bench_config(folder: Path, connections_per_address: int | None = None) -> Path:
    """The demo centre, made fit for load: 4-digit numbers, no daily cap in the way, and (when the server
    has per-device rate limits) limits for the bench's own devices that thousands of tickets a minute pass.
    A centre's real kiosks keep the demo's limits; the bench never turns a limit off for them."""
    target = folder / "config"
    shutil.copytree(SERVER_ROOT / "config" / "demo", target)
    centre = target / "centre.yaml"
    text = centre.read_text(encoding="utf-8")
    text = text.replace("digits: 3", "digits: 4").replace("daily_cap: 999 ", "daily_cap: 9999 ")
    text = text.replace("dat_dai: 200", "dat_dai: 9999")
    has_limits = "class SecuritySettings" in (SERVER_ROOT / "queue_server" / "centre_config.py").read_text()
    if has_limits and "\nsecurity:" not in text:
        devices = "".join(f"      {name}: {{limit: 1000000, window_seconds: 60}}\n"
                          for name in ("kiosk-1", "bench", *BENCH_KIOSKS))
        text += "\nsecurity:\n  rate_limits:\n    devices:   # bench devices only (bench/common.py)\n" + devices
    if connections_per_address and "\nsecurity:\n" in text:  # the city bench's clients all come from 127.0.0.1
        text = text.replace("\nsecurity:\n", f"\nsecurity:\n  connections_per_address: {connections_per_address}\n", 1)
    centre.write_text(text, encoding="utf-8")
    return target


HTTP_SERVERS = ("werkzeug", "gunicorn", "gevent")
GEVENT_WORKER = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"


def server_command(http_server: str, port: int) -> list[str]:
    """`python -m queue_server` (werkzeug: what `make run` starts; a new connection and thread per request), or
    the production command of docs/deployment.md (gunicorn's thread pool, keep-alive connections)."""
    if http_server == "gunicorn":
        return [sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "1100", "--worker-connections", "2000",
                "--keep-alive", "30", "--bind", f"127.0.0.1:{port}", "queue_server.wsgi:app"]
    if http_server == "gevent":  # the city's serving command (docs/deployment.md): a greenlet per connection
        return [sys.executable, "-m", "gunicorn", "-k", GEVENT_WORKER, "--workers", "1", "--worker-connections", "20000",
                "--keep-alive", "30", "--bind", f"127.0.0.1:{port}", "queue_server.wsgi:app"]
    return [sys.executable, "-m", "queue_server"]


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) process `pid` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_queue_seconds(pid: int) -> float:
    """Time process `pid`'s main thread has spent runnable but waiting for a CPU (/proc/PID/schedstat): on a
    shared machine, the part of a latency that is the machine's, not the process's."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[1]) / 1e9


class BenchServer:
    """`python -m queue_server` on a fresh database, with a kiosk and a staff token (of the first centre, when
    `config` is a city's folder).

    `tokens` given: a second server process on the same database (the tokens exist already).
    """

    def __init__(self, database_url: str | None = None, extra_env: dict | None = None, tokens: dict | None = None,
                 kiosks: int = 0, http_server: str = "werkzeug", connections_per_address: int | None = None,
                 config: Path | None = None):
        self.folder = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
        self.env.update(MOTCUA_PORT=str(self.port), MOTCUA_HOST="127.0.0.1", MOTCUA_VAR_DIR=str(self.folder),
                        MOTCUA_SECRET_KEY="bench", DATABASE_URL=database_url or f"sqlite:///{self.folder / 'bench.db'}",
                        MOTCUA_CONFIG=str(config or bench_config(self.folder, connections_per_address)), MOTCUA_VOICE_PREFILL="off",
                        MOTCUA_VOICE_ENGINE="espeak", MOTCUA_VOICE_CACHE=str(self.folder / "voice"))
        self.env.update(extra_env or {})
        self.log = open(self.folder / "server.log", "ab")
        self.http_server = http_server
        self.process = subprocess.Popen(server_command(http_server, self.port), cwd=SERVER_ROOT, env=self.env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(600):
            if self.process.poll() is not None:
                raise RuntimeError("bench server exited: " + self.log_tail())
            try:
                if requests.get(self.url + "/api/v1/catalogue", timeout=1).ok:
                    break
            except requests.RequestException:  # not listening yet, or (gunicorn) its worker is still starting
                time.sleep(0.1)
        else:
            raise RuntimeError("bench server did not start: " + self.log_tail())
        if tokens is None:  # the server has created or migrated the schema by now
            wanted = [("kiosk", "kiosk-1"), ("staff", "bench")] + [("kiosk", name) for name in BENCH_KIOSKS[:kiosks]]
            tokens = self._tokens(wanted)
            self.tokens = tokens
            self.take_counter(1)  # the staff token works at the counter it holds (docs/api.md)
        self.tokens = tokens

    def take_counter(self, number: int) -> None:
        requests.post(self.url + "/api/v1/console/claim", json={"counter_number": number}, headers=self.headers("staff"),
                      timeout=30).raise_for_status()

    def _tokens(self, wanted: list[tuple[str, str]]) -> dict:
        """Device tokens made by the server's own service (one `token create` command each is slow)."""
        from queue_server.context import Centre
        from queue_server.db import Database
        from queue_server.services import access

        db = Database(self.env["DATABASE_URL"])
        try:
            centre = Centre(config=None, db=db)
            return {name if role == "kiosk" and name != "kiosk-1" else role: access.create_token(centre, role, name)
                    for role, name in wanted}
        finally:
            db.dispose()

    def log_tail(self, lines: int = 5) -> str:
        try:
            return " | ".join((self.folder / "server.log").read_text(errors="replace").strip().splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def _token(self, role: str, name: str) -> str:
        out = subprocess.run([sys.executable, "-m", "queue_server", "token", "create", "--role", role, "--name", name],
                             cwd=ROOT, env=self.env, capture_output=True, text=True, check=True).stdout
        return out.strip().splitlines()[-1]

    def headers(self, role: str) -> dict:
        return {"Authorization": "Bearer " + self.tokens[role]}

    @property
    def serving_pid(self) -> int:
        """The process that holds the connections: gunicorn's worker, not its master."""
        if self.http_server in ("gunicorn", "gevent"):
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
            if children:
                return int(children[0])
        return self.process.pid

    def status_field(self, name: str) -> int | None:
        for line in Path(f"/proc/{self.serving_pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
        return None

    def rss_mb(self) -> float:
        kb = self.status_field("VmRSS")
        return kb / 1024 if kb is not None else float("nan")

    def cpu_seconds(self) -> float:
        """CPU time the serving process has used so far: what a load cost it, whatever else the shared machine
        was running."""
        return cpu_seconds(self.serving_pid)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.log.close()
        if not os.environ.get("MOTCUA_BENCH_KEEP"):  # MOTCUA_BENCH_KEEP=1 keeps the database and logs
            shutil.rmtree(self.folder, ignore_errors=True)


class RedisServer:
    """A throwaway redis-server on a free loopback port (the machine's shared Redis is left alone)."""

    def __init__(self, binary: str = "/usr/bin/redis-server"):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                         "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def drop_postgres_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    name = url.rsplit("/", 1)[1]
    admin_url = os.environ.get("MOTCUA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    try:
        engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
    except Exception:  # noqa: BLE001 - a leftover bench database is harmless
        pass


def stats_ms(seconds: list[float]) -> dict:
    """p50/p99/max in milliseconds, for the JSON results."""
    ms = [s * 1000 for s in seconds]
    if not ms:
        return {"n": 0}
    return {"n": len(ms), "p50_ms": round(statistics.median(ms), 2), "p95_ms": round(percentile(ms, 95), 2),
            "p99_ms": round(percentile(ms, 99), 2), "max_ms": round(max(ms), 2)}


def write_json(path: str | None, data: dict) -> None:
    """`--json PATH`: the bench's figures for bench/run_all.py (or anyone comparing runs)."""
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


def _first(path: str, prefix: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return None


def machine() -> dict:
    """What the figures were measured on, so that runs on different machines are not compared blindly."""
    import sqlite3

    info = {
        "cpu_model": _first("/proc/cpuinfo", "model name") or platform.processor(),
        "cpu_count": os.cpu_count(),
        "ram_gb": round(int((_first("/proc/meminfo", "MemTotal") or "0 kB").split()[0]) / 1024 / 1024, 1),
        "os": (_first("/etc/os-release", "PRETTY_NAME=") or platform.system()) + " / " + platform.release(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        from sqlalchemy import create_engine, text
        engine = create_engine(os.environ.get("MOTCUA_TEST_POSTGRES",
                                              "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
                               connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            info["postgresql"] = conn.execute(text("SHOW server_version")).scalar()
        engine.dispose()
    except Exception as exc:  # noqa: BLE001
        info["postgresql"] = f"unavailable ({type(exc).__name__})"
    try:
        out = subprocess.run(["/usr/bin/redis-server", "--version"], capture_output=True, text=True, timeout=5).stdout
        info["redis"] = next((w.split("=")[1] for w in out.split() if w.startswith("v=")), out.strip())
    except Exception as exc:  # noqa: BLE001
        info["redis"] = f"unavailable ({type(exc).__name__})"
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        info["git_commit"] = commit + (" (with uncommitted changes)" if dirty else "")
    except Exception:  # noqa: BLE001
        info["git_commit"] = "unknown"
    return info


def postgres_database() -> str | None:
    """A fresh database on the machine's PostgreSQL, or None when it is not running."""
    from sqlalchemy import create_engine, text
    admin_url = os.environ.get("MOTCUA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    name = f"motcua_bench_{os.getpid()}_{int(time.time())}_{secrets.token_hex(3)}"  # several a second
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    for attempt in range(5):  # CREATE DATABASE fails while another session uses template1: try again
        try:
            with engine.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            break
        except Exception:
            if attempt == 4:
                engine.dispose()
                return None
            time.sleep(1 + attempt)
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + name
