"""The city row of `make bench` (issue 17): N live connections held by the city's serving model (gunicorn's
gevent-websocket worker, docs/deployment.md) while tickets are issued and counters call.

    .venv/bin/python bench/city_bench.py [--quick] [--connections 5000] [--centres 160] [--processes 2]
                                         [--seconds 60] [--issue-rate 10] [--json PATH]

P server processes on one fresh PostgreSQL database with a Redis of the bench's own as Socket.IO's message
queue. The connections (wall displays and visitors' tracking phones: both sit in their centre's public room
and get every call of it) are raw Engine.IO WebSockets (bench/display_client.py) spread evenly over the
processes, held by client processes of at most CLIENTS_PER_PROCESS each, and they connect straight to the
processes: nginx (deploy/nginx/motcua.conf, tests/faults/test_city_nginx.py) would add its own CPU on this
2-core machine. Then for --seconds, kiosks issue at --issue-rate tickets/s over all processes (and centres)
and counters call once a second, in turn on each process (and centre).

--centres N (a city): the servers run a city of N copies of the bench centre (city.yaml naming a folder per
centre, written in the bench's temporary folder; bench/many_centres.py's layout), each with its own kiosk
and staff tokens. Display i connects to centre i mod N (Socket.IO path /c/<id>/socket.io/); tickets are
issued at /api/v1/centres/<id>/tickets and called at /api/v1/centres/<id>/counters/<n>/call-next, round
robin over the centres. Without it (0): the demo centre alone, every connection gets every event.

Reported: issue p99 during the load, call→display p99 (arrival at every connection of the called centre −
the moment the call was sent), events lost (Σ over calls of the centre's connections − arrivals), stray
arrivals (a call no centre of that connection made: one crossing centres would show here), server RSS
per idle connection ((RSS with all connected − RSS before) ÷ connections, summed over the processes), the
servers' CPU seconds per second of load (and the bench's client processes'), the time the servers were ready
to run but waited for a CPU (the shared machine's share of every latency), the processes used and the load
average.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import resource
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
import yaml

from common import (BENCH_KIOSKS, BenchServer, RedisServer, bench_config, cpu_seconds, drop_postgres_database,
                    postgres_database, run_queue_seconds, stats_ms, summary_ms, write_json)
from display_client import SOCKETIO_PATH
from queue_bench import display_process

CLIENTS_PER_PROCESS = 500
PROCEDURES = ("khai_sinh", "chung_thuc_ban_sao", "cap_gcn_lan_dau", "thanh_lap_hkd")
TARGETS = {"call_to_display_p99_ms": 100, "issue_p99_ms": 50, "kb_per_idle_connection": 40, "events_lost": 0}


@dataclass
class CentreTarget:
    """Where the bench reaches one centre: its API, its Socket.IO path, its kiosks' and staff's tokens."""

    id: str
    api: str  # "/api/v1" or "/api/v1/centres/<id>"
    socket_path: str  # "/socket.io/" or "/c/<id>/socket.io/"
    kiosks: list[str]
    staff: str
    connections: int = 0
    calls: list = field(default_factory=list)


def raise_file_limit() -> int:
    """As many sockets as the hard limit allows, here and (inherited) in the servers and client processes."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def city_config(folder: Path, centres: int, connections_per_address: int) -> tuple[Path, list[str]]:
    """A city of `centres` copies of the bench centre (bench_config) in folder/city: city.yaml and a folder per
    centre, as config/city-demo is laid out. Returns the folder and the centres' ids, in order."""
    base = bench_config(folder, connections_per_address)
    city, ids = folder / "city", [f"bench-{i:03d}" for i in range(1, centres + 1)]
    for i, centre_id in enumerate(ids, 1):
        shutil.copytree(base, city / centre_id)
        path = city / centre_id / "centre.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["centre"]["name"] += f" – điểm thử tải {i}"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    document = {"city": {"name": "Thành phố thử tải", "name_en": "Bench city"},
                "centres": [{"id": centre_id, "path": centre_id} for centre_id in ids]}
    (city / "city.yaml").write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return city, ids


def centre_tokens(database_url: str, centre_id: str, first: bool) -> tuple[str, str]:
    """A kiosk and a staff token of one centre of the city (its PostgreSQL schema: queue_server/db.py)."""
    from queue_server.context import Centre
    from queue_server.db import Database, schema_of
    from queue_server.services import access

    db = Database(database_url, schema=None if first else schema_of(centre_id))
    try:
        centre = Centre(config=None, db=db, id=centre_id)
        return access.create_token(centre, "kiosk", "bench-kiosk-1"), access.create_token(centre, "staff", "bench")
    finally:
        db.dispose()


def single_centre(server: BenchServer) -> list[CentreTarget]:
    return [CentreTarget("centre", "/api/v1", SOCKETIO_PATH, [server.tokens[k] for k in BENCH_KIOSKS[:8]],
                         server.tokens["staff"])]


def city_centres(database_url: str, ids: list[str]) -> list[CentreTarget]:
    targets = []
    for i, centre_id in enumerate(ids):
        kiosk, staff = centre_tokens(database_url, centre_id, first=i == 0)
        targets.append(CentreTarget(centre_id, f"/api/v1/centres/{centre_id}", f"/c/{centre_id}/socket.io/",
                                    [kiosk], staff))
    return targets


def issuing(servers: list[BenchServer], targets: list[CentreTarget], rate: float, stop: threading.Event,
            latencies: list, failures: list) -> None:
    """Kiosks issuing at `rate` tickets/s in all, round robin over the processes, the centres and their kiosks."""
    sessions = [requests.Session() for _ in servers]
    interval, i, next_at = 1.0 / rate, 0, time.monotonic()
    while not stop.is_set():
        server, target = servers[i % len(servers)], targets[i % len(targets)]
        kiosk = target.kiosks[(i // len(targets)) % len(target.kiosks)]
        t = time.perf_counter()
        try:
            answer = sessions[i % len(servers)].post(server.url + target.api + "/tickets", timeout=30,
                                                     json={"procedure_id": PROCEDURES[i % len(PROCEDURES)]},
                                                     headers={"Authorization": "Bearer " + kiosk})
            if answer.status_code == 201:
                latencies.append(time.perf_counter() - t)
            else:
                failures.append(f"{answer.status_code} {answer.text[:120]}")
        except requests.RequestException as exc:
            failures.append(repr(exc)[:120])
        i += 1
        next_at += interval
        stop.wait(max(0.0, next_at - time.monotonic()))
    for session in sessions:
        session.close()


def calling(servers: list[BenchServer], targets: list[CentreTarget], seconds: float, sent: dict,
            failures: list) -> None:
    """Once a second a counter calls: 1 (hộ tịch) or 3 (chứng thực), in turn on each process and centre."""
    sessions = [requests.Session() for _ in servers]
    end, k = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        server, target = servers[k % len(servers)], targets[k % len(targets)]
        counter, session = (1, 3)[(k // len(targets) + k) % 2], sessions[k % len(servers)]
        headers = {"Authorization": "Bearer " + target.staff}
        session.post(f"{server.url}{target.api}/console/claim", json={"counter_number": counter}, headers=headers,
                     timeout=30)
        t = time.monotonic()
        answer = session.post(f"{server.url}{target.api}/counters/{counter}/call-next", json={}, headers=headers,
                              timeout=30)
        if answer.status_code == 200 and answer.json().get("ticket"):
            sent[(target.socket_path, answer.json()["ticket"]["number"])] = t
        elif answer.status_code != 200:
            failures.append(f"call {answer.status_code} {answer.text[:120]}")
        k += 1
        time.sleep(max(0.0, 1.0 - (time.monotonic() - t)))
    for session in sessions:
        session.close()


def run(connections: int, processes: int, seconds: float, rate: float, http_server: str = "gevent",
        centres: int = 0) -> dict:
    limit = raise_file_limit()
    database, redis, servers, clients = postgres_database(), RedisServer(), [], []
    if database is None:
        return {"skipped": "PostgreSQL not reachable"}
    context = multiprocessing.get_context("spawn")
    connected, finish, results = context.Queue(), context.Event(), context.Queue()
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"motcua-city-bench-{os.getpid()}"
    try:
        env, config, ids = {"MOTCUA_REDIS_URL": redis.url}, None, []
        if centres:
            config, ids = city_config(folder, centres, connections + 1000)
        servers.append(BenchServer(database, extra_env=env, kiosks=8, http_server=http_server,
                                   connections_per_address=connections + 1000, config=config))
        for _ in range(processes - 1):
            servers.append(BenchServer(database, extra_env=env, tokens=servers[0].tokens, http_server=http_server,
                                       connections_per_address=connections + 1000, config=config))
        targets = city_centres(database, ids) if centres else single_centre(servers[0])
        for i, target in enumerate(targets):  # warm up: imports, statement caches; a ticket for the first calls
            requests.post(servers[i % len(servers)].url + target.api + "/tickets", json={"procedure_id": "khai_sinh"},
                          headers={"Authorization": "Bearer " + target.kiosks[0]}, timeout=30).raise_for_status()
        time.sleep(1.0)
        rss_before = [s.rss_mb() for s in servers]
        paths = [targets[i % len(targets)].socket_path for i in range(connections)]
        groups = math.ceil(connections / CLIENTS_PER_PROCESS)
        started = time.monotonic()
        for g in range(groups):
            url = servers[g % len(servers)].url
            process = context.Process(target=display_process, args=(url, len(paths[g::groups]), connected, finish,
                                                                    results, paths[g::groups]))
            process.start()
            clients.append(process)
        up = sum(connected.get(timeout=900) for _ in range(groups))
        connect_s = time.monotonic() - started
        time.sleep(3.0)  # idle: what the held connections cost
        rss_idle = [s.rss_mb() for s in servers]
        print(f"city: {up} of {connections} connections up in {connect_s:.0f} s over {len(targets)} centre(s); "
              f"server RSS {sum(rss_before):.0f} → {sum(rss_idle):.0f} MB", flush=True)
        issue_latencies, sent, failures, stop = [], {}, [], threading.Event()
        cpu_start, load_start = sum(s.cpu_seconds() for s in servers), time.monotonic()
        client_cpu_start = sum(cpu_seconds(p.pid) for p in clients)
        waited_start = sum(run_queue_seconds(s.serving_pid) for s in servers)
        issuer = threading.Thread(target=issuing, args=(servers, targets, rate, stop, issue_latencies, failures))
        issuer.start()
        try:
            calling(servers, targets, seconds, sent, failures)
        finally:
            stop.set()
            issuer.join(60)
        time.sleep(3.0)  # the last calls arrive
        cpu_load = (sum(s.cpu_seconds() for s in servers) - cpu_start) / (time.monotonic() - load_start)
        client_cpu = (sum(cpu_seconds(p.pid) for p in clients) - client_cpu_start) / (time.monotonic() - load_start)
        waited = (sum(run_queue_seconds(s.serving_pid) for s in servers) - waited_start) / (time.monotonic() - load_start)
        load_average = [round(x, 2) for x in os.getloadavg()]
        finish.set()
        gathered = [results.get(timeout=120) for _ in range(groups)]
        rss_loaded = [s.rss_mb() for s in servers]
    finally:
        finish.set()
        for process in clients:
            process.join(30)
            if process.is_alive():
                process.terminate()
        for server in servers:
            server.stop()
        redis.stop()
        drop_postgres_database(database)
        shutil.rmtree(folder, ignore_errors=True)
    held = {}
    for g in gathered:
        for path, count in g["held"].items():
            held[path] = held.get(path, 0) + count
    latencies = [t - sent[(path, n)] for g in gathered for path, n, t in g["arrivals"] if (path, n) in sent]
    lost = sum(held.get(path, 0) for path, _n in sent) - len(latencies)
    stray = sum(1 for g in gathered for path, n, _t in g["arrivals"] if (path, n) not in sent)  # another centre's?
    kb_idle = (sum(rss_idle) - sum(rss_before)) * 1024 / max(1, up)
    result = {"connections": connections, "connected": up, "connect_seconds": round(connect_s, 1),
              "centres": len(targets), "connections_per_centre": round(connections / len(targets), 1),
              "server": http_server, "server_processes": processes, "client_processes": groups, "file_limit": limit,
              "seconds": seconds, "issue_rate_per_s": rate, "tickets_issued": len(issue_latencies),
              "calls": len(sent), "issue": stats_ms(issue_latencies), "call_to_display": stats_ms(latencies),
              "events_lost": lost, "stray_arrivals": stray, "kb_per_idle_connection": round(kb_idle, 1),
              "server_rss_mb": {"before": round(sum(rss_before), 1), "idle_connected": round(sum(rss_idle), 1),
                                "after_load": round(sum(rss_loaded), 1)},
              "server_cpu_per_s": round(cpu_load, 3), "client_cpu_per_s": round(client_cpu, 3),
              "server_run_queue_wait_per_s": round(waited, 3), "load_average": load_average,
              "failures": failures[:5], "failed": len(failures),
              "client_failures": [f for g in gathered for f in g["failures"]][:3], "targets": TARGETS}
    print(f"city: issue {summary_ms(issue_latencies)}; call→display {summary_ms(latencies)}; lost {lost}; "
          f"{kb_idle:.1f} KB per idle connection; {processes} server processes using {cpu_load:.2f} CPU s/s "
          f"(the bench's clients {client_cpu:.2f}), waiting for a CPU {waited:.2f} s/s; load average {load_average[0]}",
          flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 connections for 15 s")
    parser.add_argument("--connections", type=int, default=5000)
    parser.add_argument("--centres", type=int, default=0, help="a city of N centres (0: the demo centre alone)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--issue-rate", type=float, default=10.0)
    parser.add_argument("--server", default="gevent", help="gevent (the city's model) or gunicorn (threads)")
    parser.add_argument("--json")
    args = parser.parse_args()
    connections, seconds = (1000, 15) if args.quick else (args.connections, args.seconds)
    write_json(args.json, {"city": run(connections, args.processes, seconds, args.issue_rate, args.server,
                                       args.centres)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
