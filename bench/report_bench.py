"""How fast are the reports on a year of history? Seeds ~50,000 tickets (with their events and ratings) and
times the report for the whole year, a month and a day, and the live dashboard, on SQLite and PostgreSQL.

    .venv/bin/python bench/report_bench.py [--tickets 50000] [--only sqlite|postgresql] [--quick] [--json PATH]

PostgreSQL is used when reachable at MOTCUA_TEST_POSTGRES (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres);
a throwaway database is created and dropped. The target is under a second for the year.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, text  # noqa: E402

from queue_server import create_app, models  # noqa: E402
from queue_server.services import reports  # noqa: E402
from queue_server.settings import Settings  # noqa: E402

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
FIELDS = {"ho_tich": ("A", "khai_sinh", [1, 2, 8], 7), "chung_thuc": ("B", "chung_thuc_ban_sao", [3, 4, 8], 3.5),
          "dat_dai": ("C", "dang_ky_dat_dai_lan_dau", [5, 8], 13), "ho_kinh_doanh": ("E", "dang_ky_ho_kinh_doanh", [6, 8], 11)}
POSTGRES = os.environ.get("MOTCUA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


class FixedClock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def working_days(last: date, count: int) -> list[date]:
    days, day = [], last
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def seed(app, total: int, last_day: date) -> int:
    """Bulk-inserts `total` tickets over a year of working days, with issued/called/started/completed events."""
    rng = random.Random(7)
    centre = app.extensions["motcua"]
    with centre.db.reading() as session:
        procedures = {p.id for p in session.query(models.Procedure)}
    fields = {fid: spec for fid, spec in FIELDS.items() if spec[1] in procedures}
    days = working_days(last_day, 250)
    per_day = total // len(days)
    tickets, events, ratings_rows, ticket_id, event_id = [], [], [], 0, 0
    for day in days:
        sequences = {fid: 0 for fid in fields}
        for _ in range(per_day):
            fid = rng.choices(list(fields), weights=[5, 8, 2, 2][:len(fields)])[0]
            prefix, procedure, counters, service = fields[fid]
            sequences[fid] += 1
            ticket_id += 1
            local = datetime(day.year, day.month, day.day, 7, 30, tzinfo=HANOI) + timedelta(minutes=rng.uniform(0, 540))
            issued = local.astimezone(timezone.utc)
            called = issued + timedelta(minutes=rng.expovariate(1 / 12))
            started = called + timedelta(minutes=rng.uniform(0.3, 2))
            finished = started + timedelta(minutes=rng.lognormvariate(0, 0.5) * service)
            roll, counter = rng.random(), rng.choice(counters)
            status = "done" if roll < 0.9 else ("no_show" if roll < 0.96 else "cancelled")
            tickets.append(dict(id=ticket_id, service_day=day, prefix=prefix, sequence=sequences[fid],
                                number=f"{prefix}-{sequences[fid]:03d}", field_id=fid, procedure_id=procedure,
                                priority=None, status=status, kiosk_id="kiosk-1", issued_at=issued, queued_at=issued,
                                called_at=None if status == "cancelled" else called,
                                started_at=started if status == "done" else None,
                                finished_at=finished if status == "done" else None,
                                counter_number=None if status == "cancelled" else counter, target_counter=None,
                                recall_count=0, track_token=secrets.token_urlsafe(12)))
            kinds = [("issued", issued, None)]
            if status == "done":
                kinds += [("called", called, counter), ("started", started, counter), ("completed", finished, counter)]
            elif status == "no_show":
                kinds += [("called", called, counter), ("marked_no_show", called + timedelta(minutes=2), counter)]
            else:
                kinds += [("cancelled", issued + timedelta(minutes=5), None)]
            for kind, at, number in kinds:
                event_id += 1
                events.append(dict(id=event_id, ticket_id=ticket_id, kind=kind, at=at, counter_number=number,
                                   actor=f"canbo{number}" if number else "kiosk-1", detail={}))
            if status == "done" and rng.random() < 0.4:
                ratings_rows.append(dict(ticket_id=ticket_id, service_day=day, counter_number=counter,
                                         staff=f"canbo{counter}", dossier_code=None, score=rng.choice([3, 3, 3, 2, 2, 1]),
                                         comment="", source="tablet", created_at=finished + timedelta(minutes=1)))
    with centre.db.engine.begin() as connection:
        for table, rows in ((models.Ticket.__table__, tickets), (models.TicketEvent.__table__, events),
                            (models.Rating.__table__, ratings_rows)):
            for start in range(0, len(rows), 5000):
                connection.execute(insert(table), rows[start:start + 5000])
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT setval('tickets_id_seq', (SELECT MAX(id) FROM tickets))"))
            connection.execute(text("SELECT setval('ticket_events_id_seq', (SELECT MAX(id) FROM ticket_events))"))
            connection.execute(text("ANALYZE"))
        else:
            connection.execute(text("ANALYZE"))
    return len(tickets)


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def run(name: str, url: str, total: int, folder: Path) -> dict:
    last_day = date(2026, 11, 20)
    clock = FixedClock(datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc))
    app = create_app(Settings(database_url=url, var_dir=str(folder / "var"), secret_key="bench"), clock=clock)
    centre = app.extensions["motcua"]
    started = time.perf_counter()
    count = seed(app, total, last_day)
    print(f"{name}: seeded {count} tickets in {time.perf_counter() - started:.1f} s")
    year = (last_day - timedelta(days=364), last_day)
    month = (last_day - timedelta(days=29), last_day)
    figures = {"tickets": count, "seed_seconds": round(time.perf_counter() - started, 1)}
    report = reports.build(centre, *year)
    assert report["total"]["issued"] == count, report["total"]
    for key, label, (start, end) in (("year_ms", "year (365 days)", year), ("month_ms", "month (30 days)", month),
                                     ("day_ms", "day", (last_day, last_day))):
        seconds = timed(lambda s=start, e=end: reports.build(centre, s, e))
        verdict = "ok" if seconds < 1 else "SLOW"
        print(f"  report for a {label:16} {seconds * 1000:8.1f} ms  {verdict}")
        figures[key] = round(seconds * 1000, 1)
    figures["live_ms"] = round(timed(lambda: reports.live(centre)) * 1000, 1)
    print(f"  live dashboard               {figures['live_ms']:8.1f} ms")
    centre.db.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=50000)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--quick", action="store_true", help="10,000 tickets instead of 50,000")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    if args.quick and args.tickets == 50000:
        args.tickets = 10000
    results: dict = {}
    try:
        main_runs(args, results)
    finally:
        if args.json:
            import json
            Path(args.json).write_text(json.dumps(results, indent=2) + "\n")


def main_runs(args, results: dict) -> None:
    folder = Path(tempfile.mkdtemp(prefix="motcua-report-bench-"))
    if args.only in (None, "sqlite"):
        results["sqlite"] = run("SQLite", f"sqlite:///{folder / 'bench.db'}", args.tickets, folder)
    if args.only in (None, "postgresql"):
        admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        name = f"motcua_bench_{uuid.uuid4().hex[:10]}"
        try:
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        except Exception as exc:  # no PostgreSQL here: say so and stop
            print(f"PostgreSQL: not reachable at {POSTGRES} ({str(exc).splitlines()[0]})")
            results["postgresql"] = {"skipped": "PostgreSQL not reachable"}
            return
        try:
            results["postgresql"] = run("PostgreSQL", POSTGRES.rsplit("/", 1)[0] + "/" + name, args.tickets, folder)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
