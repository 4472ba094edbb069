"""The city row of `make bench` (issue 17): N live connections held by the city's serving model (gunicorn's
gevent-websocket worker, docs/deployment.md) while tickets are issued and counters call.

    .venv/bin/python bench/city_bench.py [--quick] [--connections 5000] [--processes 2] [--seconds 60]
                                         [--issue-rate 10] [--json PATH]

P server processes on one fresh PostgreSQL database with a Redis of the bench's own as Socket.IO's message
queue. The connections (wall displays and visitors' tracking phones: both sit in the public room and get
every call) are raw Engine.IO WebSockets (bench/display_client.py) spread evenly over the processes, held by
client processes of at most CLIENTS_PER_PROCESS each, and they connect straight to the processes: nginx
(deploy/nginx/motcua.conf, tests/faults/test_city_nginx.py) would add its own CPU on this 2-core machine.
Then for --seconds, kiosks issue at --issue-rate tickets/s over all processes and the counters call once a
second in turn on each process. Reported: issue p99 during the load, call→display p99 (arrival at every
connection − the moment the call was sent), events lost (calls × connections − arrivals), server RSS per
idle connection ((RSS with all connected − RSS before) ÷ connections, summed over the processes), and the
processes used. Multi-centre data does not exist yet: this is the demo centre, one queue for the whole load.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import resource
import sys
import threading
import time

import requests

from common import (BENCH_KIOSKS, BenchServer, RedisServer, drop_postgres_database, postgres_database, stats_ms,
                    summary_ms, write_json)
from queue_bench import display_process

CLIENTS_PER_PROCESS = 500
PROCEDURES = ("khai_sinh", "chung_thuc_ban_sao", "cap_gcn_lan_dau", "thanh_lap_hkd")
TARGETS = {"call_to_display_p99_ms": 100, "issue_p99_ms": 50, "kb_per_idle_connection": 40, "events_lost": 0}


def raise_file_limit() -> int:
    """As many sockets as the hard limit allows, here and (inherited) in the servers and client processes."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def issuing(servers: list[BenchServer], rate: float, stop: threading.Event, latencies: list, failures: list) -> None:
    """Kiosks issuing at `rate` tickets/s in all, round robin over the processes and the bench kiosks."""
    sessions = [requests.Session() for _ in servers]
    interval, i, next_at = 1.0 / rate, 0, time.monotonic()
    while not stop.is_set():
        server = servers[i % len(servers)]
        kiosk = BENCH_KIOSKS[i % 8]
        t = time.perf_counter()
        try:
            answer = sessions[i % len(servers)].post(server.url + "/api/v1/tickets", timeout=30,
                                                     json={"procedure_id": PROCEDURES[i % len(PROCEDURES)]},
                                                     headers={"Authorization": "Bearer " + server.tokens[kiosk]})
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


def calling(servers: list[BenchServer], seconds: float, sent: dict, failures: list) -> None:
    """Counters 1 (hộ tịch) and 3 (chứng thực) call once a second, in turn on each process."""
    sessions = [requests.Session() for _ in servers]
    end, k = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        server, counter = servers[k % len(servers)], (1, 3)[k % 2]
        session = sessions[k % len(servers)]
        session.post(server.url + "/api/v1/console/claim", json={"counter_number": counter},
                     headers=server.headers("staff"), timeout=30)
        t = time.monotonic()
        answer = session.post(f"{server.url}/api/v1/counters/{counter}/call-next", json={},
                              headers=server.headers("staff"), timeout=30)
        if answer.status_code == 200 and answer.json().get("ticket"):
            sent[answer.json()["ticket"]["number"]] = t
        elif answer.status_code != 200:
            failures.append(f"call {answer.status_code} {answer.text[:120]}")
        k += 1
        time.sleep(max(0.0, 1.0 - (time.monotonic() - t)))
    for session in sessions:
        session.close()


def run(connections: int, processes: int, seconds: float, rate: float, http_server: str = "gevent") -> dict:
    limit = raise_file_limit()
    database, redis, servers, clients = postgres_database(), RedisServer(), [], []
    if database is None:
        return {"skipped": "PostgreSQL not reachable"}
    context = multiprocessing.get_context("spawn")
    connected, finish, results = context.Queue(), context.Event(), context.Queue()
    try:
        env = {"MOTCUA_REDIS_URL": redis.url}
        servers.append(BenchServer(database, extra_env=env, kiosks=8, http_server=http_server,
                                   connections_per_address=connections + 1000))
        for _ in range(processes - 1):
            servers.append(BenchServer(database, extra_env=env, tokens=servers[0].tokens, http_server=http_server,
                                       connections_per_address=connections + 1000))
        for server in servers:  # warm each process up: imports, statement caches, the first call
            requests.post(server.url + "/api/v1/tickets", json={"procedure_id": "khai_sinh"},
                          headers=server.headers("kiosk"), timeout=30).raise_for_status()
        time.sleep(1.0)
        rss_before = [s.rss_mb() for s in servers]
        groups = math.ceil(connections / CLIENTS_PER_PROCESS)
        sizes = [connections // groups + (1 if i < connections % groups else 0) for i in range(groups)]
        started = time.monotonic()
        for g, size in enumerate(sizes):
            url = servers[g % len(servers)].url
            process = context.Process(target=display_process, args=(url, size, connected, finish, results))
            process.start()
            clients.append(process)
        up = sum(connected.get(timeout=900) for _ in sizes)
        connect_s = time.monotonic() - started
        time.sleep(3.0)  # idle: what the held connections cost
        rss_idle = [s.rss_mb() for s in servers]
        print(f"city: {up} of {connections} connections up in {connect_s:.0f} s; server RSS "
              f"{sum(rss_before):.0f} → {sum(rss_idle):.0f} MB", flush=True)
        issue_latencies, sent, failures, stop = [], {}, [], threading.Event()
        issuer = threading.Thread(target=issuing, args=(servers, rate, stop, issue_latencies, failures))
        issuer.start()
        try:
            calling(servers, seconds, sent, failures)
        finally:
            stop.set()
            issuer.join(60)
        time.sleep(3.0)  # the last calls arrive
        finish.set()
        gathered = [results.get(timeout=120) for _ in sizes]
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
    latencies = [t - sent[n] for g in gathered for n, t in g["arrivals"] if n in sent]
    lost = up * len(sent) - len(latencies)
    kb_idle = (sum(rss_idle) - sum(rss_before)) * 1024 / max(1, up)
    result = {"connections": connections, "connected": up, "connect_seconds": round(connect_s, 1),
              "server": http_server, "server_processes": processes, "client_processes": len(sizes), "file_limit": limit,
              "seconds": seconds, "issue_rate_per_s": rate, "tickets_issued": len(issue_latencies),
              "calls": len(sent), "issue": stats_ms(issue_latencies), "call_to_display": stats_ms(latencies),
              "events_lost": lost, "kb_per_idle_connection": round(kb_idle, 1),
              "server_rss_mb": {"before": round(sum(rss_before), 1), "idle_connected": round(sum(rss_idle), 1),
                                "after_load": round(sum(rss_loaded), 1)},
              "failures": failures[:5], "failed": len(failures),
              "client_failures": [f for g in gathered for f in g["failures"]][:3],
              "note": "demo centre (one queue): multi-centre data does not exist yet", "targets": TARGETS}
    print(f"city: issue {summary_ms(issue_latencies)}; call→display {summary_ms(latencies)}; lost {lost}; "
          f"{kb_idle:.1f} KB per idle connection; {processes} server processes", flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 connections for 15 s")
    parser.add_argument("--connections", type=int, default=5000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--issue-rate", type=float, default=10.0)
    parser.add_argument("--server", default="gevent", help="gevent (the city's model) or gunicorn (threads)")
    parser.add_argument("--json")
    args = parser.parse_args()
    connections, seconds = (1000, 15) if args.quick else (args.connections, args.seconds)
    write_json(args.json, {"city": run(connections, args.processes, seconds, args.issue_rate, args.server)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
