"""GET /api/v1/centres on a city of 160 centres (issue 17: "the nearest short queue"): how long the whole list
takes, measured in-process (Flask's test client, no HTTP), on SQLite (a file per centre) or PostgreSQL (a
schema per centre, one database).

    .venv/bin/python bench/centre_directory_bench.py [--centres 160] [--waiting 20] [--repeat 20]
                                                      [--postgres] [--json PATH]

Every centre has two staffed counters (1, and the last: at the big wards the priority counter that takes
every field, so their estimate needs the replay of rules/arrival.py) and --waiting tickets over four fields.
Reported: p50/p95/max of the list alone, nearest first from a position, and nearest first for one procedure,
each with every centre read anew ("cold": what the first phone of each 5-second interval pays) and from the
entries kept in the process ("kept": everyone else in that interval; services/centre_directory.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import drop_postgres_database, postgres_database, stats_ms, write_json  # noqa: E402
from many_centres import sqlite_files, write_city  # noqa: E402

PROCEDURES = ("khai_sinh", "chung_thuc_ban_sao", "thanh_lap_hkd", "tro_cap_xa_hoi")
QUERIES = {"list": "", "nearest": "?lat=21.0285&lon=105.8542",
           "nearest_for_a_procedure": "?lat=21.0285&lon=105.8542&procedure_id=khai_sinh"}


def build(folder: Path, centres: int, url: str | None):
    from sqlalchemy import create_engine

    from queue_server import create_app
    from queue_server.schema import upgrade_to_latest
    from queue_server.settings import Settings
    ids = write_city(folder / "city", centres)
    if url is None:
        migrated = folder / "migrated.db"
        engine = create_engine(f"sqlite:///{migrated}")
        upgrade_to_latest(engine)
        engine.dispose()
        sqlite_files(folder / "var" / "city.db", ids, migrated)
        url = f"sqlite:///{folder / 'var' / 'city.db'}"
    return create_app(Settings(config_path=str(folder / "city"), database_url=url, var_dir=str(folder / "var"),
                               secret_key="bench"))


def fill(app, waiting: int) -> None:
    from queue_server.context import city_of
    from queue_server.services import counter_claims, issuing
    for centre in city_of(app):
        for number in (1, centre.config.counters[-1].number):
            counter_claims.claim(centre, number, f"canbo-{number}", f"bench-{number}")
        for i in range(waiting):
            issuing.issue_ticket(centre, PROCEDURES[i % len(PROCEDURES)], None, None, "bench", "http://bench")


def measure(app, repeat: int) -> dict:
    from queue_server.services import centre_directory
    client = app.test_client()
    results = {}
    for name, query in QUERIES.items():
        for mode in ("cold", "kept"):
            client.get("/api/v1/centres" + query, headers={"Authorization": "Bearer bench"})  # warm
            times = []
            for _ in range(repeat):
                if mode == "cold":
                    centre_directory.forget()
                t = time.perf_counter()
                answer = client.get("/api/v1/centres" + query, headers={"Authorization": "Bearer bench"})
                times.append(time.perf_counter() - t)
                assert answer.status_code == 200, answer.get_json()
            results[f"{name}_{mode}"] = {**stats_ms(times), "centres_listed": len(answer.get_json()["centres"])}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--centres", type=int, default=160)
    parser.add_argument("--waiting", type=int, default=20, help="tickets waiting at each centre")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    url = postgres_database() if args.postgres else None
    if args.postgres and url is None:
        sys.exit("PostgreSQL is not reachable")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            app = build(Path(tmp), args.centres, url)
            fill(app, args.waiting)
            print(f"city of {args.centres} centres built and filled in {time.perf_counter() - started:.0f} s")
            results = measure(app, args.repeat)
    finally:
        if url:
            drop_postgres_database(url)
    database = "postgresql" if args.postgres else "sqlite"
    for name, figures in results.items():
        print(f"GET /api/v1/centres {name:<29} {database:<10} p50 {figures['p50_ms']:7.1f} ms  "
              f"p95 {figures['p95_ms']:7.1f} ms  max {figures['max_ms']:7.1f} ms  ({figures['centres_listed']} centres)")
    write_json(args.json, {"centres": args.centres, "waiting_per_centre": args.waiting, "database": database,
                           "results": results})


if __name__ == "__main__":
    main()
