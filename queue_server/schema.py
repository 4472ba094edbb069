"""Creates or upgrades the database schema with Alembic, so the server can start on an empty database.

A city on PostgreSQL has a schema per centre (db.py). Migrating each new one through Alembic, one after the
other, took 0.13–0.33 s a schema (Alembic reading its revisions, then 75 statements, mostly CREATE TABLE):
160 centres took 20–50 s on their first start, depending on the machine's load. So the first schema a
process creates from nothing is migrated by Alembic while the statements Alembic sends are recorded, and
every further new schema gets those same statements, in the same order, in one transaction under its own
search path: what Alembic would have sent there, without Alembic (tests/queue_server/test_schema_creation.py
compares the schemas). They are created several at once, as PostgreSQL's own work (files for every table and
index) is most of the cost. A schema that already exists, at whatever revision, is upgraded by Alembic itself.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine

from queue_server.db import SCHEMA

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 461700  # pg_advisory_(xact_)lock: several servers may start at once on one database
REPLAYERS = 4  # new centre schemas created at once (upgrade_centres)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


class Creation:
    """The statements Alembic sent to create a centre's schema from nothing, in order, as the driver got them."""

    def __init__(self):
        self.statements: list[tuple[str, object, bool]] = []  # (statement, parameters, executemany)

    def record(self, connection: Connection, config: Config) -> None:
        def sent(_conn, _cursor, statement, parameters, _context, executemany):
            self.statements.append((statement, parameters, executemany))

        event.listen(connection, "before_cursor_execute", sent)
        try:
            command.upgrade(config, "heads")
        except BaseException:
            self.statements.clear()  # the transaction is rolled back: nothing to copy
            raise
        finally:
            event.remove(connection, "before_cursor_execute", sent)

    def replay(self, connection: Connection) -> None:
        """Sends them again on this connection's transaction, to the driver's cursor as they were sent."""
        cursor = connection.connection.cursor()
        try:
            for statement, parameters, executemany in self.statements:
                (cursor.executemany if executemany else cursor.execute)(statement, parameters)
        finally:
            cursor.close()


def upgrade_to_latest(engine: Engine, creation: Creation | None = None, lock: bool = True) -> None:
    """Brings the engine's schema to the latest revision. `creation`: the city's first new schema records its
    statements there; a later new schema replays them (see the module's docstring). `lock`: False when the
    caller already holds the migration lock (upgrade_centres)."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        new_schema = False
        if engine.dialect.name == "postgresql":
            if lock:  # several servers may start at once on one database: one migrates, the others wait
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            schema = connection.get_execution_options().get(SCHEMA)
            if schema:  # a city's centre: its own schema, named first on the search path by db.py
                new_schema = not connection.execute(
                    text("SELECT 1 FROM pg_namespace WHERE nspname = :schema"), {"schema": schema}).first()
                connection.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        config.attributes["connection"] = connection
        if not new_schema or creation is None:
            command.upgrade(config, "heads")  # feature branches of the schema may each have a head
        elif creation.statements:
            creation.replay(connection)
        else:
            creation.record(connection, config)


def upgrade_centres(engines: list[Engine]) -> None:
    """Every centre's schema of a city (or the one of a single centre) at the latest revision. On PostgreSQL
    the new schemas after the first are created REPLAYERS at a time, each in its own transaction on its own
    connection (the database works on several at once: 2 cores here), while this process holds the migration
    lock for the whole city, so another server starting meanwhile waits and then finds every schema made."""
    if engines[0].dialect.name != "postgresql" or len(engines) == 1:
        for engine in engines:
            upgrade_to_latest(engine)
        return
    creation, later = Creation(), []
    with engines[0].connect() as guard:
        guard.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK})")  # held by the session, not a transaction
        guard.commit()
        try:
            existing = set(guard.exec_driver_sql("SELECT nspname FROM pg_namespace").scalars())
            guard.commit()
            for engine in engines:
                schema = engine.get_execution_options().get(SCHEMA)
                if schema and schema not in existing and creation.statements:
                    later.append(engine)  # replayed below, several at once
                else:  # the first centre, an existing schema (Alembic), or the first new one (recorded)
                    upgrade_to_latest(engine, creation, lock=False)
            with ThreadPoolExecutor(REPLAYERS, thread_name_prefix="motcua-schema") as replayers:
                for _done in replayers.map(partial(upgrade_to_latest, creation=creation, lock=False), later):
                    pass  # raises the first failure, after the others have ended
        finally:
            guard.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK})")
            guard.commit()


def wait_for_other_starts(session) -> None:
    """In a transaction that writes what a starting server writes once (the seeded catalogue): on PostgreSQL it
    waits for another server doing the same to commit, so that one finds the rows there instead of adding
    them a second time (a duplicate key: the server would not start)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
