"""Migrations that change tables holding data keep that data, on SQLite and PostgreSQL, and the migrated
schema matches the models."""

import pytest
from alembic import command
from sqlalchemy import inspect, text

from queue_server import models
from queue_server.db import make_engine
from queue_server.schema import alembic_config


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    return request.getfixturevalue("postgres").new(empty=True)


def migrate(engine, target: str, down: bool = False) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:  # the server's own engine: on SQLite with foreign keys on
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, target)


def test_dropping_the_lockout_columns_keeps_accounts_and_their_counters(empty_url):
    engine = make_engine(empty_url)
    try:
        migrate(engine, "0006_appointments")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO counters (number, name, location, is_open, normal_since_priority) VALUES (3, 'Quầy 3', '', true, 0)"))
            conn.execute(text(
                "INSERT INTO staff_users (id, username, display_name, password_hash, role, active, failed_logins) "
                "VALUES (7, 'canbo', 'Cán bộ', 'x', 'staff', true, 0)"))
            conn.execute(text("INSERT INTO staff_counters (staff_id, counter_number) VALUES (7, 3)"))
        migrate(engine, "heads")
        columns = {c["name"] for c in inspect(engine).get_columns("staff_users")}
        assert "failed_logins" not in columns and "locked_until" not in columns
        with engine.connect() as conn:
            assert conn.execute(text("SELECT username FROM staff_users")).scalars().all() == ["canbo"]
            assert conn.execute(text("SELECT staff_id, counter_number FROM staff_counters")).all() == [(7, 3)]
        assert columns == {c.name for c in models.StaffUser.__table__.columns}  # the model and the table agree
        migrate(engine, "0006_appointments", down=True)
        assert "failed_logins" in {c["name"] for c in inspect(engine).get_columns("staff_users")}
    finally:
        engine.dispose()
