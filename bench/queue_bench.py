"""Queue core figures: tickets issued per second over HTTP with p50/p99 latency (1 client and 16 concurrent
clients; SQLite, PostgreSQL, and two server processes + Redis on PostgreSQL), call-to-display latency at
1/100/500/1,000 connected displays, and the server's memory per connected display. SQLite and the displays
are measured under both servers: `python -m queue_server` (werkzeug, what `make run` starts: a new
connection and thread per request) and the production command of docs/deployment.md (gunicorn, one worker,
a thread pool and keep-alive connections).

    .venv/bin/python bench/queue_bench.py [--quick] [--only issue|display] [--displays 100,500,1000]
                                          [--http-servers werkzeug,gunicorn] [--json PATH]

Displays are Socket.IO clients speaking the Engine.IO v4 WebSocket protocol on raw asyncio sockets
(bench/display_client.py: one connection each, several client processes of at most DISPLAYS_PER_PROCESS
connections), so that the bench's own clients cost little and the figure is the server's: python-socketio's
Client takes a few threads per connection and, with hundreds in one process, measures its own GIL queue. Every arrival is
stamped with time.monotonic() (CLOCK_MONOTONIC, shared by all processes on Linux) and compared with the
moment the call-next request was sent. Every run also checks that no ticket number was issued twice and
that every display received every call.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests

from common import (BENCH_KIOSKS, BenchServer, JsonClient, RedisServer, drop_postgres_database, postgres_database,
                    stats_ms, summary_ms, write_json)
from display_client import SOCKETIO_PATH, open_display

PROCEDURES = ("khai_sinh", "chung_thuc_ban_sao", "cap_gcn_lan_dau", "thanh_lap_hkd")  # four fields
DISPLAYS_PER_PROCESS = 250
CONCURRENT = 16


# --- issuing ---------------------------------------------------------------------------------------------

def issue_sequential(urls: list[str], token: str, count: int) -> tuple[float, list[float], list[str]]:
    """One client, one request at a time (round robin over the servers given)."""
    clients = [JsonClient(url, {"Authorization": "Bearer " + token}) for url in urls]
    latencies, numbers = [], []
    started = time.perf_counter()
    for i in range(count):
        t = time.perf_counter()
        status, answer = clients[i % len(urls)].post("/api/v1/tickets", {"procedure_id": PROCEDURES[i % len(PROCEDURES)]})
        latencies.append(time.perf_counter() - t)
        if status != 201:
            raise RuntimeError(f"issue refused: {status} {str(answer)[:200]}")
        numbers.append(answer["ticket"]["number"])
    return count / (time.perf_counter() - started), latencies, numbers


def issue_concurrent(urls: list[str], tokens: list[str], clients: int, each: int) -> tuple[float, list[float], list[str]]:
    """`clients` clients (threads, one kiosk device each), each issuing `each` tickets back to back."""
    latencies, numbers, lock = [], [], threading.Lock()
    errors: list[str] = []

    def client(index: int):
        http = JsonClient(urls[index % len(urls)], {"Authorization": "Bearer " + tokens[index % len(tokens)]})
        for i in range(each):
            t = time.perf_counter()
            status, answer = http.post("/api/v1/tickets", {"procedure_id": PROCEDURES[(index + i) % 4]})
            elapsed = time.perf_counter() - t
            if status != 201:
                errors.append(f"{status} {str(answer)[:200]}")
                return
            with lock:
                latencies.append(elapsed)
                numbers.append(answer["ticket"]["number"])

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    if errors:
        raise RuntimeError(f"issue refused: {errors[0]}")
    return len(latencies) / (time.perf_counter() - started), latencies, numbers


def issue_case(label: str, servers: list[BenchServer], sequential: int, each: int) -> dict:
    urls = [s.url for s in servers]
    tokens = [servers[0].tokens[name] for name in BENCH_KIOSKS[:CONCURRENT]]
    rate, latencies, numbers = issue_sequential(urls, servers[0].tokens["kiosk"], sequential)
    print(f"{label:28} issue, 1 client        {rate:7.1f} tickets/s  {summary_ms(latencies)}", flush=True)
    rate16, latencies16, numbers16 = issue_concurrent(urls, tokens, CONCURRENT, each)
    every = numbers + numbers16
    duplicates = len(every) - len(set(every))
    lost = lost_tickets(urls[0], every)
    print(f"{label:28} issue, {CONCURRENT} clients      {rate16:7.1f} tickets/s  {summary_ms(latencies16)}"
          f"  duplicates {duplicates}  lost {lost}", flush=True)
    return {"sequential": {"tickets_per_s": round(rate, 1), **stats_ms(latencies)},
            f"concurrent_{CONCURRENT}": {"tickets_per_s": round(rate16, 1), **stats_ms(latencies16)},
            "tickets": len(every), "duplicates": duplicates, "lost": lost}


def lost_tickets(url: str, acknowledged: list[str]) -> int:
    """Acknowledged tickets the database does not hold: nobody is called in this bench, so every ticket
    issued must still be in today's waiting list (read from one server: they share the database)."""
    waiting = requests.get(url + "/api/v1/queue", timeout=60).json()["waiting"]
    return len(set(acknowledged) - {t["number"] for t in waiting})


def issue_benchmarks(quick: bool, databases: str = "sqlite,postgresql,redis") -> dict:
    sequential, each = (150, 15) if quick else (500, 50)
    results: dict = {}
    if "sqlite" in databases:
        for http_server, key, label in (("werkzeug", "sqlite", "SQLite"),
                                        ("gunicorn", "sqlite_gunicorn", "SQLite, gunicorn")):
            server = BenchServer(kiosks=CONCURRENT, http_server=http_server)
            try:
                results[key] = issue_case(label, [server], sequential, each)
            finally:
                server.stop()
    if "postgresql" not in databases:
        return results
    postgres = postgres_database()
    if postgres is None:
        results["postgresql"] = results["postgresql_2proc_redis"] = {"skipped": "PostgreSQL not reachable"}
        return results
    try:
        server = BenchServer(postgres, kiosks=CONCURRENT)
        try:
            results["postgresql"] = issue_case("PostgreSQL", [server], sequential, each)
        finally:
            server.stop()
    finally:
        drop_postgres_database(postgres)
    if "redis" not in databases:
        return results
    postgres = postgres_database()
    redis = RedisServer()
    servers: list[BenchServer] = []
    try:
        servers.append(BenchServer(postgres, extra_env={"MOTCUA_REDIS_URL": redis.url}, kiosks=CONCURRENT))
        servers.append(BenchServer(postgres, extra_env={"MOTCUA_REDIS_URL": redis.url}, tokens=servers[0].tokens))
        results["postgresql_2proc_redis"] = issue_case("PostgreSQL, 2 processes+Redis", servers, sequential, each)
    finally:
        for server in servers:
            server.stop()
        redis.stop()
        drop_postgres_database(postgres)
    return results


# --- displays --------------------------------------------------------------------------------------------

async def _connect_display(url: str, arrivals: list, failures: list, path: str = SOCKETIO_PATH):
    """One display (bench/display_client.py); a loaded machine may drop a connection attempt: try again."""
    for attempt in range(3):
        try:
            return await open_display(url, arrivals, path)
        except Exception as exc:  # noqa: BLE001
            if attempt == 2:
                failures.append(repr(exc))
    return None


def display_process(url: str, count: int, connected, finish, results, paths: list[str] | None = None) -> None:
    """A client process holding `count` displays; reports their arrivals when `finish` is set. `paths`: each
    display's Socket.IO path (a city's centres); its arrivals are then (path, number, time), and the results
    say how many displays each path held."""

    async def main():
        arrivals: dict[str, list] = {}
        failures: list = []
        gate = asyncio.Semaphore(25)  # connect a few at a time: the server's listen backlog is finite

        async def one(path: str):
            async with gate:
                return await _connect_display(url, arrivals.setdefault(path, []), failures, path)

        wanted = paths or [SOCKETIO_PATH] * count
        displays = [d for d in await asyncio.gather(*(one(path) for path in wanted)) if d is not None]
        connected.put(len(displays))
        while not finish.is_set():
            await asyncio.sleep(0.05)
        dropped = [d for d in displays if d.closed.done()]  # the server went away: counted as missing arrivals
        failures += [f"connection lost: {d.closed.result()!r}" for d in dropped]
        for display in displays:
            display.transport.close()
        held = Counter(d.path for d in displays if d not in dropped)
        flat = ([(path, n, t) for path, got in arrivals.items() for n, t in got] if paths else
                arrivals.get(SOCKETIO_PATH, []))
        results.put({"arrivals": flat, "held": dict(held), "failures": failures[:5], "failed": len(failures)})

    asyncio.run(main())


def call_to_display(displays: int, calls: int, http_server: str = "werkzeug") -> dict:
    server = BenchServer(http_server=http_server, connections_per_address=displays + 100)  # all from 127.0.0.1
    context = multiprocessing.get_context("spawn")
    processes = []
    try:
        session = requests.Session()
        for _ in range(calls + 5):
            session.post(server.url + "/api/v1/tickets", json={"procedure_id": "khai_sinh"},
                         headers=server.headers("kiosk"), timeout=30).raise_for_status()
        for _ in range(3):  # warm the call path (first requests import and compile)
            session.post(server.url + "/api/v1/counters/1/call-next", json={}, headers=server.headers("staff"),
                         timeout=30).raise_for_status()
        time.sleep(0.5)
        rss_before, threads_before = server.rss_mb(), server.status_field("Threads")
        connected, finish, results = context.Queue(), context.Event(), context.Queue()
        groups = math.ceil(displays / DISPLAYS_PER_PROCESS)
        sizes = [displays // groups + (1 if i < displays % groups else 0) for i in range(groups)]
        started = time.monotonic()
        for size in sizes:
            process = context.Process(target=display_process, args=(server.url, size, connected, finish, results))
            process.start()
            processes.append(process)
        up = sum(connected.get(timeout=300) for _ in sizes)
        connect_s = time.monotonic() - started
        time.sleep(1.0)
        staff = JsonClient(server.url, server.headers("staff"))
        rss_after, threads_after = server.rss_mb(), server.status_field("Threads")
        sent: dict[str, float] = {}
        for _ in range(calls):
            t = time.monotonic()
            status, answer = staff.post("/api/v1/counters/1/call-next")
            if status != 200 or not (isinstance(answer, dict) and answer.get("ticket")):
                raise RuntimeError(f"call-next answered {status} {str(answer)[:200]}; server log: {server.log_tail()}")
            sent[answer["ticket"]["number"]] = t
            time.sleep(0.25 if displays >= 500 else 0.1)  # let the previous call settle
        time.sleep(2.0)
        finish.set()
        gathered = [results.get(timeout=60) for _ in sizes]
    finally:
        finish_event = locals().get("finish")
        if finish_event is not None:
            finish_event.set()
        for process in processes:
            process.join(20)
            if process.is_alive():
                process.terminate()
        server.stop()
    latencies = [t - sent[number] for g in gathered for number, t in g["arrivals"] if number in sent]
    expected = up * calls
    result = {"displays": displays, "connected": up, "calls": calls, "connect_seconds": round(connect_s, 1),
              **stats_ms(latencies), "missing_arrivals": expected - len(latencies),
              "server_rss_mb_before": round(rss_before, 1), "server_rss_mb_connected": round(rss_after, 1),
              "server_kb_per_display": round((rss_after - rss_before) * 1024 / max(1, up), 1),
              "server_threads": threads_after, "server_threads_per_display":
                  round((threads_after - threads_before) / max(1, up), 2) if threads_after and threads_before else None,
              "client_failures": [f for g in gathered for f in g["failures"]][:3]}
    print(f"call-to-display, {http_server:8}, {displays:5} displays ({up} connected)  {summary_ms(latencies)}  "
          f"missing {result['missing_arrivals']}  server RSS {rss_before:.0f} → {rss_after:.0f} MB "
          f"({result['server_kb_per_display']} KB/display)", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer tickets and calls, for a smoke run")
    parser.add_argument("--only", choices=("issue", "display"))
    parser.add_argument("--displays", help="display counts, e.g. 100,500,1000 (default: 1,100,500,1000)")
    parser.add_argument("--calls", type=int, help="calls per display count (default 10 quick, 30 full)")
    parser.add_argument("--databases", default="sqlite,postgresql,redis",
                        help="issuing cases: sqlite, postgresql, redis (2 processes + Redis on PostgreSQL)")
    parser.add_argument("--http-servers", default="werkzeug,gunicorn",
                        help="servers for the display cases: werkzeug (python -m queue_server), gunicorn")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    results: dict = {"quick": args.quick}
    if args.only in (None, "issue"):
        results["issue"] = issue_benchmarks(args.quick, args.databases)
    if args.only in (None, "display"):
        counts = [int(c) for c in (args.displays or "1,100,500,1000").split(",")]
        calls = args.calls or (10 if args.quick else 30)
        for http_server in args.http_servers.split(","):
            key = "call_to_display" + ("" if http_server == "werkzeug" else "_" + http_server)
            results[key] = {}
            for count in counts:
                try:
                    results[key][str(count)] = call_to_display(count, calls, http_server)
                except Exception as exc:  # noqa: BLE001 - one display count failing keeps the others
                    print(f"call-to-display, {http_server}, {count} displays: failed: {exc}", flush=True)
                    results[key][str(count)] = {"failed": str(exc)[:300]}
    write_json(args.json, results)
    if not args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    sys.exit(main())
