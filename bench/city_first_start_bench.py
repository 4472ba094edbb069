"""How long does a city's first start take on an empty PostgreSQL database (issue 17: a schema per centre)?

Writes a city of N centres (bench/many_centres.py: copies of the city demo's wards), then builds it on a fresh
database as a server process does when it starts (queue_server.build_city: each centre's schema created, its
catalogue and counters seeded), and once more on the same database (a restart: every schema already at the
latest revision). Reports the seconds of each, and of the schemas alone.

    .venv/bin/python bench/city_first_start_bench.py [--centres 160] [--json PATH]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import drop_postgres_database, postgres_database, write_json  # noqa: E402
from many_centres import write_city  # noqa: E402
import queue_server.schema as schema  # noqa: E402
from queue_server import build_city  # noqa: E402
from queue_server.settings import Settings  # noqa: E402


def timed_build(settings: Settings) -> dict:
    """build_city once: its seconds in all, and those spent creating or upgrading schemas."""
    spent = {"schemas_s": 0.0}
    upgrade = schema.upgrade_centres

    def counting(*args, **kwargs):
        started = time.perf_counter()
        try:
            return upgrade(*args, **kwargs)
        finally:
            spent["schemas_s"] += time.perf_counter() - started

    schema.upgrade_centres = counting
    started = time.perf_counter()
    try:
        city = build_city(settings)
    finally:
        schema.upgrade_centres = upgrade
    spent["total_s"] = time.perf_counter() - started
    city.default.db.pool_engine.dispose()
    return {key: round(value, 2) for key, value in spent.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--centres", type=int, default=160)
    parser.add_argument("--json")
    args = parser.parse_args()
    database = postgres_database()
    if database is None:
        print("PostgreSQL is not running: nothing measured")
        return 1
    try:
        with tempfile.TemporaryDirectory(prefix="motcua-first-start-") as folder:
            write_city(Path(folder), args.centres)
            settings = Settings(config_path=folder, database_url=database, var_dir=folder)
            first = timed_build(settings)
            again = timed_build(settings)
    finally:
        drop_postgres_database(database)
    print(f"{args.centres} centres on an empty PostgreSQL database: first start {first['total_s']} s "
          f"(schemas {first['schemas_s']} s); a restart {again['total_s']} s (schemas {again['schemas_s']} s)")
    write_json(args.json, {"centres": args.centres, "first_start": first, "restart": again})
    return 0


if __name__ == "__main__":
    sys.exit(main())
