"""Fixtures of the scale-out and fault tests: a Redis of our own, a pair of server processes on one PostgreSQL
database sharing that Redis, display clients closed at the end, tokens. The machine's shared PostgreSQL and
Redis are never stopped."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from fault_support import Display, PostgresServer, RedisServer, free_port
from live_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]
QUIET = {"MOTCUA_VOICE_PREFILL": "off"}  # no background voice rendering competing for the CPU


def start_server(workdir: Path, database_url: str, extra_env: dict | None = None, port: int | None = None,
                 name: str = "server") -> LiveServer:
    """`python -m queue_server` as tests/conftest.py's live_server_factory starts it, for any fixture scope."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    env.update(MOTCUA_HOST="127.0.0.1", MOTCUA_PORT=str(port or free_port()), MOTCUA_CONFIG=str(ROOT / "config/demo"),
               MOTCUA_VAR_DIR=str(workdir / "var"), MOTCUA_SECRET_KEY="test-secret", DATABASE_URL=database_url,
               PYTHONUNBUFFERED="1", **QUIET)
    env.update(extra_env or {})
    return LiveServer(env, int(env["MOTCUA_PORT"]), workdir / f"{name}.log").start(timeout=90)


def make_tokens(database_url: str, *names: tuple[str, str]) -> dict[str, str]:
    """Bearer tokens written straight into a migrated database ({role: token}); the CLI does the same thing
    but costs a whole interpreter start each."""
    from queue_server.db import Database
    from queue_server.services import access

    centre = SimpleNamespace(db=Database(database_url), now=lambda: datetime.now(timezone.utc))
    try:
        return {role: access.create_token(centre, role, name) for role, name in names}
    finally:
        centre.db.dispose()


DEFAULT_TOKENS = (("kiosk", "kiosk-1"), ("staff", "canbo"))


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.kill()


@pytest.fixture(scope="session")
def cluster(postgres, tmp_path_factory):
    """Two server processes on one PostgreSQL database with a Redis of our own as Socket.IO's message queue.
    Shared by the scale-out and Redis tests (a test that stops Redis starts it again before it ends)."""
    workdir = tmp_path_factory.mktemp("cluster")
    redis = RedisServer(workdir / "redis").start()
    database = postgres.new()
    env = {"MOTCUA_REDIS_URL": redis.url}
    servers = []
    try:
        for name in ("a", "b"):  # one after the other: each migrates the schema at start-up
            servers.append(start_server(workdir, database, env, name=f"server-{name}"))
        tokens = make_tokens(database, *DEFAULT_TOKENS)
        for server in servers:
            server.tokens = tokens
        yield SimpleNamespace(a=servers[0], b=servers[1], redis=redis, database=database)
    finally:
        for server in servers:
            server.stop()
        redis.kill()


@pytest.fixture
def own_postgres():
    """A PostgreSQL cluster of our own, which the test may stop and start."""
    reason = PostgresServer.unavailable_reason()
    if reason:
        pytest.skip(reason)
    server = PostgresServer().init().start()
    yield server
    server.destroy()


@pytest.fixture
def displays():
    made: list[Display] = []

    def make(url: str, transports=("websocket",)) -> Display:
        display = Display(url, transports)
        made.append(display)
        return display

    yield make
    for display in made:
        display.close()
