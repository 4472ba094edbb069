"""A city's new centre schemas on PostgreSQL (queue_server/schema.py): the first is migrated by Alembic, the
next ones get the statements Alembic sent for it. What they get must be exactly what Alembic makes: every
table, column (order, type, nullability, default), constraint, index, sequence, trigger and function, and
the revisions recorded; a schema that exists already is upgraded by Alembic itself."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from alembic import command
from sqlalchemy import create_engine, text

from queue_server.db import centre_databases, schema_of
from queue_server.schema import alembic_config, upgrade_centres, upgrade_to_latest

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]

STRUCTURE = {
    "tables": "SELECT relname, relkind FROM pg_class WHERE relnamespace = :ns AND relkind IN ('r', 'v', 'S') "
              "ORDER BY relname",
    "columns": "SELECT table_name, ordinal_position, column_name, data_type, udt_name, is_nullable, "
               "column_default, character_maximum_length, numeric_precision, numeric_scale, is_identity "
               "FROM information_schema.columns WHERE table_schema = :schema ORDER BY table_name, ordinal_position",
    "constraints": "SELECT t.relname, c.conname, c.contype, pg_get_constraintdef(c.oid) FROM pg_constraint c "
                   "JOIN pg_class t ON t.oid = c.conrelid WHERE c.connamespace = :ns ORDER BY 1, 2",
    "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = :schema ORDER BY 1, 2",
    "sequences": "SELECT sequence_name, data_type, start_value, increment FROM information_schema.sequences "
                 "WHERE sequence_schema = :schema ORDER BY 1",
    "triggers": "SELECT tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relnamespace = :ns AND NOT t.tgisinternal ORDER BY 1",
    "functions": "SELECT proname, pg_get_function_arguments(oid), pg_get_function_result(oid), prosrc "
                 "FROM pg_proc WHERE pronamespace = :ns ORDER BY 1, 2",
}


def structure(url: str, schema: str) -> dict:
    """Everything a schema is made of, as the catalogue describes it with that schema on the search path (and
    its name written as SCHEMA wherever the catalogue still spells it)."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'SET LOCAL search_path TO "{schema}"')  # the catalogue names what is visible bare
            namespace = conn.execute(text("SELECT oid FROM pg_namespace WHERE nspname = :s"), {"s": schema}).scalar()
            assert namespace is not None, schema
            found = {name: [tuple(str(v).replace(f'"{schema}".', "SCHEMA.").replace(f"{schema}.", "SCHEMA.")
                                  for v in row) for row in conn.execute(text(query), {"ns": namespace, "schema": schema})]
                     for name, query in STRUCTURE.items()}
            found["revisions"] = sorted(conn.execute(text(f'SELECT version_num FROM "{schema}".alembic_version')).scalars())
    finally:
        engine.dispose()
    assert found["tables"] and found["triggers"] and found["functions"], found  # the comparison compares something
    return found


@pytest.fixture
def empty_database(postgres):
    return postgres.new(empty=True)


def test_new_centre_schemas_are_exactly_what_alembic_makes(empty_database):
    ids = ["first", "second", "third", "fourth"]
    databases = centre_databases(empty_database, ids)
    try:
        upgrade_centres([db.engine for db in databases[:3]])  # second: Alembic, recorded; third: replayed
        upgrade_to_latest(databases[3].engine)  # fourth: Alembic alone, nothing recorded or replayed
    finally:
        databases[0].pool_engine.dispose()
    by_alembic = structure(empty_database, schema_of("fourth"))
    assert structure(empty_database, schema_of("third")) == by_alembic
    assert structure(empty_database, schema_of("second")) == by_alembic
    assert structure(empty_database, "public") == by_alembic  # the first centre's, in the default schema


def test_an_existing_schema_is_upgraded_by_alembic_and_keeps_its_rows(empty_database):
    ids = ["first", "older", "newer"]
    databases = centre_databases(empty_database, ids)
    older = databases[1].engine
    try:
        with older.begin() as conn:  # a centre added by an earlier release: its schema at an old revision
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema_of("older")}"')
            config = alembic_config(empty_database)
            config.attributes["connection"] = conn
            command.upgrade(config, "0006_appointments")
            conn.execute(text("INSERT INTO counters (number, name, location, is_open, normal_since_priority) "
                              "VALUES (3, 'Quầy 3', '', true, 0)"))
        upgrade_centres([db.engine for db in databases])
        with older.connect() as conn:
            assert conn.execute(text("SELECT number, name FROM counters")).all() == [(3, "Quầy 3")]
    finally:
        databases[0].pool_engine.dispose()
    assert structure(empty_database, schema_of("older")) == structure(empty_database, schema_of("newer"))


def test_a_restart_changes_no_schema(empty_database):
    ids = ["first", "second", "third"]
    start(empty_database, ids)
    before = {centre: structure(empty_database, schema_of(centre)) for centre in ids[1:]}
    start(empty_database, ids)
    assert {centre: structure(empty_database, schema_of(centre)) for centre in ids[1:]} == before


def start(url: str, ids: list[str]) -> None:
    """What a server process does to the schemas when it starts (build_city)."""
    databases = centre_databases(url, ids)
    try:
        upgrade_centres([db.engine for db in databases])
    finally:
        databases[0].pool_engine.dispose()


START = """
import sys
from queue_server import build_city
from queue_server.settings import Settings
build_city(Settings(config_path=sys.argv[1], database_url=sys.argv[2], var_dir=sys.argv[3]))
"""


def test_two_servers_starting_at_once_on_an_empty_database_both_start(empty_database, tmp_path):
    """Each creates what is missing under the migration lock and seeds each centre's catalogue once; before,
    the second seeded a centre while the first was still seeding it and stopped on a duplicate key."""
    wards = sorted(p.name for p in (ROOT / "config" / "city-demo").iterdir() if (p / "centre.yaml").exists())
    centres = [{"id": f"c{i}", "path": str(ROOT / "config" / "city-demo" / wards[i % len(wards)])} for i in range(20)]
    (tmp_path / "city.yaml").write_text(yaml.safe_dump({"city": {"name": "Hà Nội"}, "centres": centres},
                                                        allow_unicode=True), encoding="utf-8")
    servers = [subprocess.Popen([sys.executable, "-c", START, str(tmp_path), empty_database, str(tmp_path / name)],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
               for name in ("a", "b")]
    outputs = [server.communicate(timeout=120)[0] for server in servers]
    assert [server.returncode for server in servers] == [0, 0], outputs
    expected = structure(empty_database, "public")
    assert all(structure(empty_database, schema_of(centre["id"])) == expected for centre in centres[1:])
    engine = create_engine(empty_database)
    try:
        with engine.connect() as conn:
            counters = [conn.execute(text(f'SELECT count(*) FROM "{schema}".counters')).scalar()
                        for schema in ["public"] + [schema_of(centre["id"]) for centre in centres[1:]]]
    finally:
        engine.dispose()
    assert all(count > 0 for count in counters), counters  # every centre seeded, once (no duplicate key)
