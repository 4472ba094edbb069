"""Fixtures of the scale-out and fault tests: a Redis of our own, a pair of server processes on one PostgreSQL
database sharing that Redis, display clients closed at the end, tokens. The machine's shared PostgreSQL and
Redis are never stopped."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from fault_support import DEFAULT_TOKENS, Display, PostgresServer, RedisServer, make_tokens, start_server


@pytest.fixture
def server_factory(tmp_path):
    """start(database_url, extra_env=None, port=None) → a LiveServer in tmp_path, stopped at the end."""
    started = []

    def start(database_url: str, extra_env: dict | None = None, port: int | None = None):
        server = start_server(tmp_path, database_url, extra_env, port, name=f"server-{len(started)}")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


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
