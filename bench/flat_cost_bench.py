"""Cost that does not grow with the queue (issue 17): one issue and one call-next, in-process (the services
called directly, no HTTP), with 10 and with 10,000 tickets waiting, on SQLite and on PostgreSQL.

    .venv/bin/python bench/flat_cost_bench.py [--quick] [--waiting 10,10000] [--rounds 300] [--json PATH]

The demo centre (config made fit for load by common.bench_config), counter 1 (hộ tịch) staffed and the
only one staffed; the waiting tickets of hộ tịch are written straight into the database (the triggers of
migration 0006 count them as any insert), then each round issues one hộ tịch ticket and calls the next at
counter 1, so the queue stays at its size. The clock starts on a Monday at 09:00 and runs at real speed.
MOTCUA_BENCH_SERVER_ROOT=<another checkout> measures that checkout's code (before/after).
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from common import SERVER_ROOT, bench_config, drop_postgres_database, postgres_database, stats_ms, write_json

sys.path.insert(0, str(SERVER_ROOT))

MONDAY_9AM = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)  # 09:00 in Hanoi


def build_centre(folder: Path, database_url: str):
    from queue_server import create_app
    from queue_server.settings import Settings

    started, config = time.monotonic(), bench_config(folder)
    centre_yaml = config / "centre.yaml"  # room for 10,000 waiting and more: 5 digits
    centre_yaml.write_text(centre_yaml.read_text(encoding="utf-8").replace("digits: 4", "digits: 5")
                           .replace("daily_cap: 9999 ", "daily_cap: 99999 "), encoding="utf-8")
    settings = Settings(config_path=str(config), database_url=database_url,
                        var_dir=str(folder / "var"), secret_key="bench-secret", voice_cache_dir=str(folder / "voice"))
    app = create_app(settings, clock=lambda: MONDAY_9AM + timedelta(seconds=time.monotonic() - started))
    return app.extensions["motcua"]


def fill(centre, count: int) -> None:
    """`count` hộ tịch tickets waiting, written in one transaction (the number sequence follows)."""
    from sqlalchemy import insert, text

    from queue_server import models
    from queue_server.services.service_times import today

    day, now = today(centre), centre.now()
    rows = [dict(service_day=day, prefix="A", sequence=i, number=f"A{i:05d}", field_id="ho_tich",
                 procedure_id="khai_sinh", priority=None, status="issued", kiosk_id=None, issued_at=now,
                 queued_at=now, recall_count=0, track_token=secrets.token_urlsafe(16), language="vi")
             for i in range(1, count + 1)]
    with centre.db.transaction() as (session, _outbox):
        if rows:
            session.execute(insert(models.Ticket.__table__), rows)
        session.execute(text("INSERT INTO number_sequences (service_day, prefix, last_value) VALUES (:d, 'A', :n)"),
                        {"d": day, "n": count})
    if centre.db.engine.dialect.name == "postgresql":  # what autovacuum does after a queue grew this much
        with centre.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE tickets")


def one_round(centre) -> tuple[float, float]:
    from queue_server.services import counter_work, issuing

    t = time.perf_counter()
    issuing.issue_ticket(centre, "khai_sinh", None, None, "bench", "http://127.0.0.1:5000")
    t_issue = time.perf_counter() - t
    t = time.perf_counter()
    if counter_work.call_next(centre, 1, "canbo-bench") is None:
        raise RuntimeError("call next found nobody waiting")
    return t_issue, time.perf_counter() - t


def measure(urls: dict[int, str], rounds: int, folder: Path) -> dict:
    """One centre per queue size, their rounds taken in turn: a machine busy with something else slows
    them all alike, and the ratio stays honest."""
    from queue_server.services import counter_claims

    centres = {}
    for size, url in urls.items():
        centres[size] = build_centre(folder / str(size), url)
        fill(centres[size], size)
        counter_claims.claim(centres[size], 1, "canbo-bench", "bench")  # counter 1 staffed, as a console does
    times: dict[int, tuple[list, list]] = {size: ([], []) for size in urls}
    for i in range(rounds + rounds // 10):  # the first tenth warms the caches up, not counted
        for size, centre in centres.items():
            t_issue, t_call = one_round(centre)
            if i >= rounds // 10:
                times[size][0].append(t_issue)
                times[size][1].append(t_call)
    for centre in centres.values():
        centre.db.engine.dispose()

    def figures(seconds):
        return {**stats_ms(seconds), "mean_ms": round(1000 * sum(seconds) / len(seconds), 2)}
    return {str(size): {"waiting": size, "rounds": rounds, "issue": figures(i), "call_next": figures(c)}
            for size, (i, c) in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 rounds")
    parser.add_argument("--waiting", default="10,10000")
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--json")
    args = parser.parse_args()
    rounds = 100 if args.quick else args.rounds
    sizes = [int(n) for n in args.waiting.split(",")]
    results: dict = {"server_root": str(SERVER_ROOT)}
    for database in args.databases.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            urls = {size: f"sqlite:///{tmp}/bench-{size}.db" if database == "sqlite" else postgres_database()
                    for size in sizes}
            if None in urls.values():
                results[database] = "PostgreSQL unavailable"
                continue
            try:
                results[database] = measure(urls, rounds, Path(tmp))
            finally:
                if database == "postgresql":
                    for url in urls.values():
                        drop_postgres_database(url)
        for size in sizes:
            r = results[database][str(size)]
            print(f"{database:10} waiting {size:6}: issue p50 {r['issue']['p50_ms']:.2f} ms "
                  f"(mean {r['issue']['mean_ms']:.2f}), call next p50 {r['call_next']['p50_ms']:.2f} ms "
                  f"(mean {r['call_next']['mean_ms']:.2f})", flush=True)
        if len(sizes) > 1:
            first, last = results[database][str(sizes[0])], results[database][str(sizes[-1])]
            for kind in ("issue", "call_next"):
                ratio = last[kind]["p50_ms"] / first[kind]["p50_ms"]
                results[database][f"{kind}_ratio"] = round(ratio, 3)
                print(f"{database:10} {kind}: p50 at {sizes[-1]} / at {sizes[0]} waiting = {ratio:.2f}")
    write_json(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
