"""Helpers for the scale-out and fault tests: our own Redis and PostgreSQL servers (to kill and restart without
touching the machine's shared ones), display clients that reconnect like the pages do, and threads that
issue tickets under load while recording every outcome."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.parse
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import engineio.payload
import requests
import socketio

from live_server import LiveServer, busy_kiosk_config

ROOT = Path(__file__).resolve().parents[2]
QUIET = {"MOTCUA_VOICE_PREFILL": "off"}  # no background voice rendering competing for the CPU


def start_server(workdir: Path, database_url: str, extra_env: dict | None = None, port: int | None = None,
                 name: str = "server") -> LiveServer:
    """`python -m queue_server` as tests/conftest.py's live_server_factory starts it, for any fixture scope. These
    tests issue under load from kiosk-1, faster than a kiosk's human pace: their centre allows it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    env.update(MOTCUA_HOST="127.0.0.1", MOTCUA_PORT=str(port or free_port()),
               MOTCUA_CONFIG=str(busy_kiosk_config(workdir)), MOTCUA_VAR_DIR=str(workdir / "var"),
               MOTCUA_SECRET_KEY="test-secret", DATABASE_URL=database_url, PYTHONUNBUFFERED="1",
               MOTCUA_VOICE_CACHE=str(workdir / "voice-cache"), **QUIET)
    env.update(extra_env or {})
    return LiveServer(env, int(env["MOTCUA_PORT"]), workdir / f"{name}.log").start(timeout=90)


def make_tokens(database_url: str, *names: tuple[str, str], schema: str | None = None) -> dict[str, str]:
    """Bearer tokens written straight into a migrated database ({role: token}); the CLI does the same thing
    but costs a whole interpreter start each. schema: a city's further centre (db.schema_of(id))."""
    from queue_server.db import Database
    from queue_server.services import access

    centre = SimpleNamespace(db=Database(database_url, schema=schema), now=lambda: datetime.now(timezone.utc))
    try:
        return {role: access.create_token(centre, role, name) for role, name in names}
    finally:
        centre.db.dispose()


DEFAULT_TOKENS = (("kiosk", "kiosk-1"), ("staff", "canbo"))
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
PG_BIN = Path(os.environ.get("MOTCUA_TEST_PG_BIN", "/usr/local/bin"))


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout: float, what: str, interval: float = 0.05):
    """Polls `condition` until it returns something truthy; fails with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


# --- servers we own -------------------------------------------------------------------------------------------

class RedisServer:
    """A redis-server of our own on a free port, without persistence: kill it, start it again on the same port."""

    def __init__(self, workdir: Path, port: int | None = None):
        self.workdir, self.port = Path(workdir), port or free_port()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 20) -> RedisServer:
        log = open(self.workdir / "redis.log", "ab")
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir), "--daemonize", "no", "--protected-mode", "no"],
            stdout=log, stderr=subprocess.STDOUT)
        log.close()
        wait_until(self.ping, timeout, f"redis-server on port {self.port}", interval=0.1)
        return self

    def ping(self) -> bool:
        import redis
        client = redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=1)
        try:
            return bool(client.ping())
        except redis.RedisError:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError((self.workdir / "redis.log").read_text()[-2000:])
            return False
        finally:  # closed now: left to the garbage collector, its socket may warn in a later test
            client.close()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)


class PostgresServer:
    """A PostgreSQL cluster of our own (initdb in a temp dir) that a test may stop and start.

    PostgreSQL refuses to run as root: as root, the binaries run as the `postgres` OS user via runuser."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="motcua-pg-"))
        self.data = self.dir / "data"
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]

    @staticmethod
    def unavailable_reason() -> str | None:
        if not (PG_BIN / "initdb").exists():
            return f"no PostgreSQL binaries in {PG_BIN}"
        if os.geteuid() == 0:
            import pwd
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                return "running as root and there is no postgres OS user to run PostgreSQL as"
            if not shutil.which("runuser"):
                return "runuser is missing"
        return None

    def _run(self, *args: str, timeout: float = 90) -> None:
        done = subprocess.run([*self.prefix, *args], capture_output=True, text=True, timeout=timeout, cwd=self.dir)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")

    def init(self) -> PostgresServer:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync",
                  "-E", "UTF8", "--locale=C.UTF-8")
        return self

    def start(self) -> PostgresServer:
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c full_page_writes=off -c shared_buffers=16MB -c max_connections=60")
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.dir / "postgres.log"),
                  "-w", "-t", "60", "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def admin_url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self, name: str) -> str:
        from sqlalchemy import create_engine, text
        engine = create_engine(self.admin_url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.admin_url(name)

    def destroy(self) -> None:
        try:
            self.stop("immediate")
        except Exception:  # noqa: BLE001 - already stopped
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


# --- clients ---------------------------------------------------------------------------------------------------

# A long-poll answers with every packet waiting for the client. A browser's engine.io client reads any number;
# python-engineio's refuses more than 16 in one answer ("Too many packets in payload", its guard for a server
# reading posts: python-engineio#142), drops the connection and reconnects. A polling Display that fell 17
# events behind (a busy test machine: its thread late for one poll) did so now and then behind nginx.
# Displays here read as a browser does.
engineio.payload.Payload.max_decode_packets = 100_000


class Display:
    """A wall display as the pages behave (queue_server/static/js/motcua.js): Socket.IO with automatic
    reconnection (0.5 s, then at most about 2 s between tries) and GET /api/v1/queue on every connect and on
    every `resync` (the server's processes lost Redis for a while), since missed events are never replayed."""

    def __init__(self, url: str, transports=("websocket",)):
        self.url = url
        self.events: queue.Queue = queue.Queue()
        self.seen: list[tuple[str, dict]] = []
        self.connects: list[float] = []  # time.monotonic() of each (re)connection
        self.snapshots: list[tuple[float, dict]] = []  # (time the connection that loaded it was made, snapshot)
        # Our own HTTP session for the long-polls, closed in close(): engineio drops its own on each disconnect
        # unclosed, and the garbage collector's warning about its socket fails whichever test runs then.
        self.http = requests.Session()
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.5, reconnection_delay_max=2.0,
                                      randomization_factor=0.5, http_session=self.http)
        self.client.on("connect", self._connected)
        self.client.on("resync", self._resynced)
        self.client.on("*", lambda name, payload=None: self.events.put((name, payload)))
        # a city's centre is a path of the server (http://host/c/<id>): Socket.IO lives under it as well
        path = urllib.parse.urlsplit(url).path.rstrip("/") + "/socket.io"
        self.client.connect(url, transports=list(transports), wait_timeout=30, socketio_path=path)

    def _connected(self):
        at = time.monotonic()
        self.connects.append(at)
        threading.Thread(target=self._load_snapshot, args=(at,), daemon=True).start()  # as the pages do

    def _resynced(self, payload=None):
        self.events.put(("resync", payload))
        threading.Thread(target=self._load_snapshot, args=(time.monotonic(),), daemon=True).start()

    def _load_snapshot(self, at: float):
        for _ in range(20):
            try:
                self.snapshots.append((at, requests.get(self.url + "/api/v1/queue", timeout=10).json()))
                return
            except (requests.RequestException, ValueError):
                time.sleep(0.25)

    def next(self, name: str, where=lambda payload: True, timeout: float = 15.0) -> dict:
        """The next event called `name` whose payload satisfies `where` (earlier ones are skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                event, payload = self.events.get(timeout=max(remaining, 0.01))
            except queue.Empty:
                raise AssertionError(f"{self.url}: no {name} within {timeout:.0f} s; last events: "
                                     f"{[e for e, _ in self.seen[-10:]]}") from None
            self.seen.append((event, payload))
            if event == name and where(payload):
                return payload

    def received(self, name: str, where=lambda payload: True) -> bool:
        """Whether such an event has arrived by now (without waiting)."""
        while True:
            try:
                self.seen.append(self.events.get_nowait())
            except queue.Empty:
                break
        return any(event == name and where(payload) for event, payload in self.seen)

    def close(self):
        try:
            self.client.disconnect()
        except Exception:  # noqa: BLE001
            pass
        self.http.close()


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def issue(url: str, token: str, procedure: str = "khai_sinh", timeout: float = 15) -> requests.Response:
    return requests.post(url + "/api/v1/tickets", json={"procedure_id": procedure}, headers=bearer(token),
                         timeout=timeout)


def call_next(url: str, token: str, counter: int = 1, timeout: float = 15) -> requests.Response:
    """As the staff member of `token`, at `counter`: taken first (staff act only at the counter they hold; while
    the database is down the claim fails and so does the call, with the same 503)."""
    requests.post(f"{url}/api/v1/console/claim", json={"counter_number": counter}, headers=bearer(token),
                  timeout=timeout)
    return requests.post(f"{url}/api/v1/counters/{counter}/call-next", json={}, headers=bearer(token),
                         timeout=timeout)


class Outcome:
    __slots__ = ("status", "body", "headers", "error", "at", "url", "token_index")

    def __init__(self, url, token_index, status=None, body=None, headers=None, error=None):
        self.url, self.token_index = url, token_index
        self.status, self.body, self.headers, self.error = status, body, headers or {}, error
        self.at = time.monotonic()

    @property
    def unknown(self) -> bool:
        """The request may have been carried out although we got no confirmation."""
        if self.error is not None:
            return "refused" not in self.error.lower()  # refused: never reached a server
        return bool(self.status == 503 and (self.body or {}).get("error", {}).get("outcome_unknown"))


class IssueLoad:
    """`threads` clients issuing tickets back to back (round robin over `urls`, thread i uses tokens[i % n])
    until stopped, recording every outcome. Failed requests are not retried: each is a visitor's press."""

    def __init__(self, urls: list[str], tokens: list[str], threads: int = 8,
                 procedures=("khai_sinh", "chung_thuc_ban_sao"), pause: float = 0.0):
        self.urls, self.tokens, self.threads, self.procedures, self.pause = urls, tokens, threads, procedures, pause
        self.outcomes: list[Outcome] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.workers: list[threading.Thread] = []

    def start(self) -> IssueLoad:
        for i in range(self.threads):
            worker = threading.Thread(target=self._work, args=(i,), name=f"issuer-{i}", daemon=True)
            worker.start()
            self.workers.append(worker)
        return self

    def _work(self, i: int) -> None:
        session = requests.Session()
        url, token_index = self.urls[i % len(self.urls)], i % len(self.tokens)
        n = 0
        while not self.stopping.is_set():
            procedure = self.procedures[(i + n) % len(self.procedures)]
            n += 1
            try:
                response = session.post(url + "/api/v1/tickets", json={"procedure_id": procedure},
                                        headers=bearer(self.tokens[token_index]), timeout=20)
                try:
                    body = response.json()
                except ValueError:
                    body = {"raw": response.text[:2000]}
                outcome = Outcome(url, token_index, response.status_code, body, dict(response.headers))
            except requests.RequestException as exc:
                outcome = Outcome(url, token_index, error=f"{type(exc).__name__}: {exc}")
                session.close()
                session = requests.Session()
                self.stopping.wait(0.05)  # the server is away: do not spin
            with self.lock:
                self.outcomes.append(outcome)
            if self.pause:
                self.stopping.wait(self.pause)
        session.close()  # not left to the garbage collector: its socket would warn in a later test

    def stop(self) -> None:
        self.stopping.set()
        for worker in self.workers:
            worker.join(30)

    def snapshot(self) -> list[Outcome]:
        with self.lock:
            return list(self.outcomes)

    def acknowledged(self, since: float = 0.0) -> list[dict]:
        return [o.body["ticket"] for o in self.snapshot() if o.status == 201 and o.at >= since]

    def count_acknowledged(self, since: float = 0.0) -> int:
        return len(self.acknowledged(since))
