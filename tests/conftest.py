"""Fixtures shared by every test: the centre's app on a real database (SQLite and PostgreSQL), tokens,
and a live server process for Socket.IO and browser tests."""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from live_server import LiveServer, cli, gunicorn_command
from live_server import busy_kiosk_config as write_busy_kiosk_config
from queue_server.context import centre_of, city_of

ROOT = Path(__file__).resolve().parent.parent
DEMO_CONFIG = ROOT / "config" / "demo"
POSTGRES_ADMIN_URL = os.environ.get("MOTCUA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@pytest.fixture
def busy_kiosk_config(tmp_path) -> Path:
    """The demo centre with kiosk-1 allowed to issue faster than a kiosk's human pace (live_server.py)."""
    return write_busy_kiosk_config(tmp_path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresDatabases:
    """Throwaway databases on the machine's PostgreSQL, dropped at the end of the run.

    Creating, migrating and dropping a database costs seconds each, so a test's database is emptied
    (TRUNCATE) when the test ends and handed to the next test; new ones are copied from a template
    migrated once per run.
    """

    def __init__(self):
        self.admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []
        self.free: list[str] = []
        self.template: str | None = None

    def url(self, name: str) -> str:
        return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name

    def new(self, empty: bool = False) -> str:
        """An empty database: migrated (from the pool or the template) unless `empty`, then without tables."""
        if not empty and self.free:
            return self.url(self.free.pop())
        template = None if empty else self._migrated_template()
        name = f"motcua_test_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        self.created.append(name)
        return self.url(name)

    def release(self, url: str) -> None:
        """Empty the database's tables (keeping the schema) so the next test can use it."""
        engine = create_engine(url)
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql("SET LOCAL lock_timeout = '10s'")
                for (schema,) in conn.execute(text(  # a city's further centres (queue_server/city.py)
                        "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'centre\\_%'")):
                    conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
                tables = [name for (name,) in conn.execute(text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"))]
                if tables:
                    conn.exec_driver_sql("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
        except Exception:
            return  # still in use or broken: not recycled, dropped at the end
        finally:
            engine.dispose()
        self.free.append(url.rsplit("/", 1)[1])

    def _migrated_template(self) -> str:
        if self.template is None:
            from queue_server.schema import upgrade_to_latest
            name = self.new(empty=True).rsplit("/", 1)[1]
            engine = create_engine(self.url(name))
            try:
                upgrade_to_latest(engine)
            finally:
                engine.dispose()  # a template must have no open connection
            self.template = name
        return self.template

    def drop_all(self):
        with self.admin.connect() as conn:
            for name in self.created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


RASA_FIXTURES = {"assistant_venv", "trained_model"}
LIVE_FIXTURES = {"live_server_factory"}


def pytest_collection_modifyitems(items):
    """Tests that need the assistant's venv or a trained model are marked `rasa`, and tests that start server
    processes `live`, wherever they are, so `make test-fast` (-m "not rasa and not live") never builds the
    2.7 GB venv, trains, or waits for servers to start."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if RASA_FIXTURES & fixtures:
            item.add_marker(pytest.mark.rasa)
        if LIVE_FIXTURES & fixtures:
            item.add_marker(pytest.mark.live)


@pytest.fixture(scope="session")
def postgres():
    databases = PostgresDatabases()
    try:
        with databases.admin.connect():
            pass
    except Exception as exc:  # the machine is meant to run PostgreSQL: say so loudly
        pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {exc}")
    yield databases
    databases.drop_all()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite file migrated once per run; each test gets a copy (migrating costs more than copying)."""
    from queue_server.schema import upgrade_to_latest
    path = tmp_path_factory.mktemp("sqlite-template") / "migrated.db"
    engine = create_engine(f"sqlite:///{path}")
    try:
        upgrade_to_latest(engine)
    finally:
        engine.dispose()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """Each test that uses it runs twice: on a SQLite file and on an empty PostgreSQL database, both
    already migrated (copied from a template) and holding no rows."""
    if request.param == "sqlite":
        shutil.copyfile(request.getfixturevalue("sqlite_template"), tmp_path / "motcua.db")
        yield f"sqlite:///{tmp_path / 'motcua.db'}"
        return
    databases = request.getfixturevalue("postgres")
    url = databases.new()
    yield url
    databases.release(url)


class Clock:
    """A clock the test moves by hand (opening hours, daily reset)."""

    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def set(self, iso: str) -> None:
        self.moment = datetime.fromisoformat(iso).astimezone(timezone.utc)


@pytest.fixture
def clock():
    return Clock(datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc))  # Monday 09:00 in Hà Nội


@pytest.fixture
def make_app(tmp_path, database_url, clock):
    """Builds the app on the test's database, with the demo centre unless another config is given."""
    from queue_server import create_app
    from queue_server.settings import Settings

    apps = []

    def build(config_path: Path | str = DEMO_CONFIG, url: str | None = None):
        environment = Settings.from_environment()  # the voice engine and Rasa's address, as a server reads them
        settings = Settings(config_path=str(config_path), database_url=url or database_url,
                            var_dir=str(tmp_path / "var"), secret_key="test-secret",
                            voice_cache_dir=str(tmp_path / "voice-cache"), voice_engine=environment.voice_engine,
                            rasa_url=environment.rasa_url, rasa_timeout=environment.rasa_timeout)
        app = create_app(settings, clock=clock)
        app.config["TESTING"] = True
        apps.append(app)
        return app

    yield build
    for app in apps:
        for each in city_of(app):
            each.db.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def centre(app):
    return centre_of(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def tokens(centre):
    """A bearer token per role (the kiosk is the demo's kiosk-1)."""
    from queue_server.services import access
    return {role: access.create_token(centre, role, name) for role, name in
            [("kiosk", "kiosk-1"), ("display", "hall"), ("staff", "canbo"), ("manager", "quanly"), ("admin", "admin")]}


@pytest.fixture
def auth(tokens):
    """auth("staff") → headers for a request as that role."""
    return lambda role: {"Authorization": f"Bearer {tokens[role]}"}


@pytest.fixture
def live_server_factory(tmp_path):
    servers = []

    def start(database_url: str | None = None, config_path: Path = DEMO_CONFIG, extra_env: dict | None = None,
              port: int | None = None, gunicorn: bool = False) -> LiveServer:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
        env.update(MOTCUA_HOST="127.0.0.1", MOTCUA_PORT=str(port or free_port()), MOTCUA_CONFIG=str(config_path),
                   MOTCUA_VAR_DIR=str(tmp_path / "var"), MOTCUA_SECRET_KEY="test-secret",
                   DATABASE_URL=database_url or f"sqlite:///{tmp_path / 'live.db'}", PYTHONUNBUFFERED="1",
                   MOTCUA_VOICE_CACHE=str(tmp_path / "voice-cache"))
        env.update(extra_env or {})
        server = LiveServer(env, int(env["MOTCUA_PORT"]), tmp_path / f"server-{len(servers)}.log",
                            gunicorn_command(int(env["MOTCUA_PORT"])) if gunicorn else None)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


def with_tokens(server: LiveServer) -> LiveServer:
    server.tokens = {role: cli(server.env, "token", "create", "--role", role, "--name", name).strip().splitlines()[-1]
                     for role, name in [("kiosk", "kiosk-1"), ("staff", "canbo"), ("admin", "admin")]}
    return server


@pytest.fixture
def live_server(live_server_factory):
    """A live server on SQLite with a token per role in `.tokens`."""
    return with_tokens(live_server_factory())


@pytest.fixture(params=["werkzeug", "gunicorn"])
def any_live_server(request, live_server_factory):
    """`live_server` under `python -m queue_server` (werkzeug), then under the production gunicorn command."""
    return with_tokens(live_server_factory(gunicorn=request.param == "gunicorn"))


@pytest.fixture(params=["werkzeug", "gunicorn"])
def any_busy_live_server(request, live_server_factory, busy_kiosk_config):
    """`any_live_server` whose kiosk-1 issues faster than a kiosk's human pace (busy_kiosk_config)."""
    return with_tokens(live_server_factory(config_path=busy_kiosk_config, gunicorn=request.param == "gunicorn"))


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser); one per test run, because
    Playwright's sync API cannot run twice at once in one thread."""
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make setup` (scripts/install-system-packages.sh)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
