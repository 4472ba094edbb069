"""The database connection: SQLite (WAL) by default, PostgreSQL by DATABASE_URL.

Every write runs in one short transaction. On SQLite it begins IMMEDIATE, taking the write lock at once, so
several server processes queue up on the lock (busy timeout) instead of failing half-way through a
read-then-write. Events produced inside a transaction are published only after it commits: a display never
hears of a ticket that was rolled back.

When the database goes away (restart, network, SQLite lock held too long) SQLAlchemy raises
OperationalError / InterfaceError / DisconnectionError; error_handlers.py answers 503 with Retry-After.
The transaction was rolled back, unless the connection broke during COMMIT itself: then nobody can know
whether it was saved, and the exception is marked `outcome_unknown` so that the answer says so. PostgreSQL
connections are checked before use (pool_pre_ping) and a lost one invalidates the whole pool, so the first
requests after a restart already work on fresh connections.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger("motcua")

SQLITE_BUSY_TIMEOUT_MS = 15000
READ_ONLY = "motcua_read_only"  # execution option of the reading() sessions
SINGLE_STATEMENT = "motcua_single_statement"  # execution option of statement(): no BEGIN on SQLite
SCHEMA = "motcua_schema"  # execution option: the PostgreSQL schema of a city's centre (queue_server/city.py)
POSTGRES_CONNECT_TIMEOUT_S = 5  # a database host that does not answer fails a request, it does not hang it
POSTGRES_POOL_TIMEOUT_S = 10  # waiting for a free pooled connection


@dataclass
class Outbox:
    """Events to publish once the transaction that produced them has committed."""

    events: list[tuple[str, dict, str]] = field(default_factory=list)  # (name, payload, room)
    # (name, room) → makes the payload from the session: sent once, after the other events, with what the
    # transaction leaves (e.g. one queue_changed for a call that also closed the previous visitor).
    closing: dict[tuple[str, str], Callable[[Session], dict]] = field(default_factory=dict)

    def add(self, name: str, payload: dict, room: str) -> None:
        self.events.append((name, payload, room))

    def add_closing(self, name: str, room: str, make_payload: Callable[[Session], dict]) -> None:
        self.closing.pop((name, room), None)
        self.closing[(name, room)] = make_payload  # the latest one wins, and goes last

    def close(self, session: Session) -> None:
        for (name, room), make_payload in self.closing.items():
            self.events.append((name, make_payload(session), room))
        self.closing.clear()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
                                                  "check_same_thread": False})
        _use_sqlite_write_locking(engine)
        return engine
    connect_args = {"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S} if url.startswith("postgresql") else {}
    engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20,
                           pool_timeout=POSTGRES_POOL_TIMEOUT_S, connect_args=connect_args)
    _use_centre_schemas(engine)
    return engine


def _use_centre_schemas(engine: Engine) -> None:
    # The centres of a city share one pool: each transaction names its centre's schema first, for the ORM, the
    # Core statements, raw SQL and the triggers' functions alike (SET LOCAL ends with the transaction).
    @event.listens_for(engine, "begin")
    def on_begin(connection):
        schema = connection.get_execution_options().get(SCHEMA)
        if schema:
            connection.exec_driver_sql(f'SET LOCAL search_path TO "{schema}"')


def _use_sqlite_write_locking(engine: Engine) -> None:
    # pysqlite's own transaction handling is switched off so that we can say BEGIN IMMEDIATE ourselves
    # (SQLAlchemy's documented recipe).
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes in WAL mode
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        # Database.reading() sessions only read: a deferred BEGIN (a WAL snapshot) never waits for writers.
        options = connection.get_execution_options()
        if options.get(SINGLE_STATEMENT, False):
            return  # Database.statement(): SQLite runs the one statement as its own (atomic) transaction
        connection.exec_driver_sql("BEGIN" if options.get(READ_ONLY, False) else "BEGIN IMMEDIATE")


def centre_databases(url: str, centre_ids: list[str]) -> list[Database]:
    """The databases of a city's centres (queue_server/city.py), the first on `url` itself. PostgreSQL: one
    pool, a schema per further centre. SQLite: a file per further centre, in `centres/` beside the first."""
    if url.startswith("sqlite:///"):
        first = Path(url.removeprefix("sqlite:///"))
        first.parent.mkdir(parents=True, exist_ok=True)
        if len(centre_ids) > 1:
            (first.parent / "centres").mkdir(exist_ok=True)
        return [Database(url)] + [Database(f"sqlite:///{first.parent / 'centres' / f'{centre_id}.db'}")
                                  for centre_id in centre_ids[1:]]
    if url.startswith("sqlite"):  # in memory: one per centre
        return [Database(url) for _ in centre_ids]
    shared = make_engine(url)
    return [Database(url, engine=shared)] + [Database(url, schema=schema_of(centre_id), engine=shared)
                                             for centre_id in centre_ids[1:]]


def schema_of(centre_id: str) -> str:
    return "centre_" + centre_id.replace("-", "_")


class Database:
    def __init__(self, url: str, schema: str | None = None, engine: Engine | None = None):
        """`schema`: a city centre's PostgreSQL schema, on `engine` (the city's shared one)."""
        self.url, self.schema = url, schema
        engine = engine or make_engine(url)
        self.pool_engine = engine  # the engine whose pool a city's centres share (services/city_reads.py)
        self.engine = engine.execution_options(**{SCHEMA: schema}) if schema else engine
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.read_sessions = sessionmaker(self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)
        self._single = self.engine.execution_options(**{SINGLE_STATEMENT: True})
        # SQLite has one writer at a time. Threads of this process queue here, handing over at once, instead
        # of in SQLite's busy handler, which sleeps up to 100 ms between tries (16 concurrent writers saw
        # seconds of p99); other processes still queue on the database's lock (busy timeout).
        self._write_lock = threading.RLock() if self.is_sqlite else nullcontext()
        self.publish: Callable[[str, dict, str], None] = lambda name, payload, room: None
        # Ends the live connections in a room (a revoked token's, a signed-out account's): realtime.py.
        self.close_connections: Callable[[str], None] = lambda room: None
        # Called with each committed event after it is published (e.g. the displays' check for calls no wall
        # shows); a listener that fails is logged and never undoes or blocks the committed change.
        self.listeners: list[Callable[[str, dict], None]] = []

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[tuple[Session, Outbox]]:
        outbox = Outbox()
        with self._write_lock, self.sessions() as session:
            session.begin()
            try:
                yield session, outbox
                session.flush()
                outbox.close(session)
            except BaseException:
                session.rollback()
                raise
            try:
                session.commit()
            except DBAPIError as exc:
                if not self.is_sqlite:  # a failed SQLite COMMIT left nothing; a server's may have applied it
                    exc.outcome_unknown = True
                raise
        for name, payload, room in outbox.events:
            self.publish(name, payload, room)
            for listener in self.listeners:
                try:
                    listener(name, payload)
                except Exception:  # noqa: BLE001
                    log.exception("listener %r failed on %s", listener, name)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only (nothing it does is committed); on SQLite it does not take the write lock."""
        with self.read_sessions() as session:
            yield session

    def statement(self, statement, write: bool = False, params: dict | None = None):
        """Runs ONE Core statement on its own, without a session: a read that needs no snapshot across
        statements, or a write that is complete in one INSERT/UPDATE (the audit log). On SQLite no BEGIN is
        sent: the statement is its own atomic transaction (a write still waits for the lock: this process's
        writers first, then the busy timeout). Returns the rows of a read (a list), the rowcount of a write.
        `params`: values for the statement's bindparams (a statement built once and run on every request)."""
        with (self._write_lock if write else nullcontext()), self._single.connect() as connection:
            result = connection.execute(statement, params)
            answer = result.rowcount if write else result.all()
            connection.commit()
        return answer

    def dispose(self) -> None:
        self.engine.dispose()
