"""Creates or upgrades the database schema with Alembic, so the server can start on an empty database."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from queue_server.db import SCHEMA

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_to_latest(engine: Engine) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Several servers may start at once on one database: one migrates, the others wait.
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(461700)")
            schema = connection.get_execution_options().get(SCHEMA)
            if schema:  # a city's centre: its own schema, named first on the search path by db.py
                connection.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")  # feature branches of the schema may each have a head
