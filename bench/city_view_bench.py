"""How fast does the city view load for a city of 160 centres (issue 17: under a second)?

Writes a city.yaml naming 160 centres (each one of config/city-demo's wards' folders again), builds the app on
SQLite (a file per centre) and, unless --quick or PostgreSQL is down, on PostgreSQL (a schema per centre),
gives every centre a morning (tickets issued, some called and served, a counter staffed, a rating), then times
what the city's browser asks for: the /city page and GET /api/v1/city/overview (in-process, Flask's client),
cold once and then warm.

    .venv/bin/python bench/city_view_bench.py [--centres 160] [--tickets 20] [--repeat 20] [--quick]
                                              [--only sqlite|postgresql] [--json PATH]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import drop_postgres_database, postgres_database, stats_ms, write_json  # noqa: E402
from queue_server import create_app  # noqa: E402
from queue_server.context import city_of  # noqa: E402
from queue_server.services import access, counter_claims, counter_work, issuing, ratings  # noqa: E402
from queue_server.settings import Settings  # noqa: E402

WARDS = ("ba-dinh", "hoan-kiem", "cua-nam", "dong-da", "cau-giay", "tay-ho", "hoang-mai")
TARGET_MS = 1000


class Clock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def write_city(folder: Path, count: int) -> Path:
    centres = [{"id": f"c{i:03d}", "path": str(ROOT / "config" / "city-demo" / WARDS[i % len(WARDS)])}
               for i in range(count)]
    (folder / "city.yaml").write_text(yaml.safe_dump({
        "city": {"name": "Thành phố Hà Nội", "alert_wait_minutes": 30}, "centres": centres}, allow_unicode=True))
    return folder


def morning(app, clock: Clock, tickets: int) -> None:
    """Every centre: `tickets` issued at 08:00, a third of them called and served by 08:40 at counter 1, one
    rated, the next one at the counter now."""
    city = city_of(app)
    links = {}  # (centre id, ticket id) → its tracking token, with which the visitor rates
    for centre in city:
        for i in range(tickets):
            issued = issuing.issue_ticket(centre, ("khai_sinh", "chung_thuc_ban_sao")[i % 2], None, "kiosk-1",
                                          "kiosk-1", "http://127.0.0.1")
            links[centre.id, issued["id"]] = issued["track_token"]
        counter_claims.claim(centre, 1, "canbo1", counter_claims.token_key("canbo1"))
    served = []
    for _ in range(max(1, tickets // 3)):
        clock.moment += timedelta(minutes=4)
        for centre in city:
            ticket = counter_work.call_next(centre, 1, "canbo1")
            counter_work.act(centre, 1, "done", "canbo1")
            served.append((centre, ticket))
    for centre, ticket in served[:len(city)]:
        ratings.rate_by_token(centre, links[centre.id, ticket["id"]], ratings.scale_of(centre).levels[0].value, "")
    clock.moment += timedelta(minutes=1)
    for centre in city:
        counter_work.call_next(centre, 1, "canbo1")


def sign_in(client):
    """The city account signs in through the sign-in form, as a browser does."""
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    answer = client.post("/login", data={"username": "thanhpho", "password": "motcua-demo", "csrf": csrf})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/city"), answer.status_code
    return client


def measure(database_url: str, folder: Path, centres: int, tickets: int, repeat: int) -> dict:
    clock = Clock(datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc))  # Monday 08:00 in Hà Nội
    started = time.perf_counter()
    settings = Settings(config_path=str(write_city(folder, centres)), database_url=database_url,
                        var_dir=str(folder / "var"), secret_key="bench", voice_cache_dir=str(folder / "voice"))
    app = create_app(settings, clock=clock)
    built = time.perf_counter() - started
    try:
        morning(app, clock, tickets)
        access.create_staff(city_of(app).default, "thanhpho", "motcua-demo", "Thành phố", access.CITY)
        client = sign_in(app.test_client())
        overview, page = [], []
        first = time.perf_counter()
        answer = client.get("/api/v1/city/overview")
        cold = time.perf_counter() - first
        assert answer.status_code == 200 and len(answer.get_json()["centres"]) == centres, answer.status_code
        for _ in range(repeat):
            t = time.perf_counter()
            assert client.get("/city").status_code == 200
            page.append(time.perf_counter() - t)
            t = time.perf_counter()
            assert client.get("/api/v1/city/overview").status_code == 200
            overview.append(time.perf_counter() - t)
        body = answer.get_json()
        loads = [p + o for p, o in zip(page, overview)]
        return {"centres": centres, "tickets_per_centre": tickets, "build_s": round(built, 1),
                "waiting": body["totals"]["waiting"], "served_today": body["totals"]["served_today"],
                "overview_cold_ms": round(cold * 1000, 1), "overview": stats_ms(overview), "page": stats_ms(page),
                "page_and_overview": stats_ms(loads),
                "meets_target": stats_ms(loads)["p95_ms"] < TARGET_MS}
    finally:
        for centre in city_of(app):
            centre.db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=160)
    parser.add_argument("--tickets", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="SQLite only, 10 repeats")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--json")
    args = parser.parse_args()
    repeat = 10 if args.quick else args.repeat
    results: dict = {"target_ms": TARGET_MS}
    with tempfile.TemporaryDirectory(prefix="motcua-city-view-") as tmp:
        if args.only != "postgresql":
            folder = Path(tmp) / "sqlite"
            folder.mkdir()
            results["sqlite"] = measure(f"sqlite:///{folder / 'motcua.db'}", folder, args.centres, args.tickets,
                                        repeat)
            print("SQLite:", results["sqlite"], flush=True)
            shutil.rmtree(folder, ignore_errors=True)
        url = None if args.quick or args.only == "sqlite" else postgres_database()
        if args.only == "sqlite":
            pass
        elif url is None:
            results["postgresql"] = {"skipped": "--quick" if args.quick else "PostgreSQL is not running"}
        else:
            folder = Path(tmp) / "postgresql"
            folder.mkdir()
            try:
                results["postgresql"] = measure(url, folder, args.centres, args.tickets, repeat)
                print("PostgreSQL:", results["postgresql"], flush=True)
            finally:
                drop_postgres_database(url)
    write_json(args.json, results)


if __name__ == "__main__":
    main()
