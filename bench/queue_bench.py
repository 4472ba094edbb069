"""Queue core figures: tickets issued per second over HTTP (sequential and 16 concurrent clients, SQLite
and PostgreSQL) with p50/p99 latency, call-to-display latency at 1/100/500 displays, and server memory.

Run: .venv/bin/python bench/queue_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests
import socketio

from common import BenchServer, percentile, postgres_database, summary_ms

PROCEDURES = ("khai_sinh", "chung_thuc_ban_sao", "cap_gcn_lan_dau", "dang_ky_ho_kinh_doanh")


def issue_sequential(server: BenchServer, count: int) -> tuple[float, list[float]]:
    session, latencies = requests.Session(), []
    started = time.perf_counter()
    for i in range(count):
        t = time.perf_counter()
        response = session.post(server.url + "/api/v1/tickets", json={"procedure_id": PROCEDURES[i % 2]},
                                headers=server.headers("kiosk"), timeout=30)
        latencies.append(time.perf_counter() - t)
        assert response.status_code == 201, response.text
    return count / (time.perf_counter() - started), latencies


def issue_concurrent(server: BenchServer, clients: int, each: int) -> tuple[float, list[float], list[str]]:
    latencies, numbers, lock = [], [], threading.Lock()

    def client(index: int):
        session = requests.Session()
        for i in range(each):
            t = time.perf_counter()
            response = session.post(server.url + "/api/v1/tickets", json={"procedure_id": PROCEDURES[(index + i) % 2]},
                                    headers=server.headers("kiosk"), timeout=60)
            elapsed = time.perf_counter() - t
            assert response.status_code == 201, response.text
            with lock:
                latencies.append(elapsed)
                numbers.append(response.json()["ticket"]["number"])

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return clients * each / (time.perf_counter() - started), latencies, numbers


def call_to_display(server: BenchServer, displays: int, calls: int) -> tuple[list[float], float]:
    """Seconds from sending call-next to the event reaching every connected display."""
    arrivals: dict[str, list[float]] = {}
    lock = threading.Lock()
    clients = []
    for _ in range(displays):
        client = socketio.Client(reconnection=False)

        def on_called(payload, _client=client):
            with lock:
                arrivals.setdefault(payload["ticket"]["number"], []).append(time.perf_counter())

        client.on("ticket_called", on_called)
        client.connect(server.url, transports=["websocket"], wait_timeout=20)
        clients.append(client)
    rss = server.rss_mb()
    session = requests.Session()
    for i in range(calls):
        session.post(server.url + "/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=server.headers("kiosk"))
    latencies = []
    for _ in range(calls):
        sent = time.perf_counter()
        number = session.post(server.url + "/api/v1/counters/1/call-next", json={},
                              headers=server.headers("staff")).json()["ticket"]["number"]
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            with lock:
                got = list(arrivals.get(number, []))
            if len(got) >= displays:
                break
            time.sleep(0.0005)
        latencies.extend(t - sent for t in got)
        time.sleep(0.05)
    for client in clients:
        client.disconnect()
    return latencies, rss


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer tickets and displays, for a smoke run")
    args = parser.parse_args()
    sequential_count, clients, each = (100, 16, 10) if args.quick else (400, 16, 40)
    display_counts = (1, 100) if args.quick else (1, 100, 500)
    results = {}
    databases = [("SQLite", None)]
    postgres = postgres_database()
    if postgres:
        databases.append(("PostgreSQL", postgres))
    for label, url in databases:
        server = BenchServer(url)
        try:
            rate, latencies = issue_sequential(server, sequential_count)
            print(f"{label:10} issue, sequential        {rate:7.1f} tickets/s  {summary_ms(latencies)}")
            rate16, latencies16, numbers = issue_concurrent(server, clients, each)
            duplicates = len(numbers) - len(set(numbers))
            print(f"{label:10} issue, {clients} concurrent     {rate16:7.1f} tickets/s  {summary_ms(latencies16)}"
                  f"  duplicates {duplicates}")
            results[label] = {"sequential_per_s": rate, "sequential_p50_ms": statistics.median(latencies) * 1000,
                              "sequential_p99_ms": percentile(latencies, 99) * 1000, "concurrent_per_s": rate16,
                              "concurrent_p50_ms": statistics.median(latencies16) * 1000,
                              "concurrent_p99_ms": percentile(latencies16, 99) * 1000, "duplicates": duplicates}
        finally:
            server.stop()
    for displays in display_counts:
        server = BenchServer()
        try:
            latencies, rss = call_to_display(server, displays, 20)
            print(f"call-to-display, {displays:3} displays   {summary_ms(latencies)}   server RSS {rss:6.1f} MB")
            results[f"call_to_display_{displays}"] = {"p50_ms": statistics.median(latencies) * 1000,
                                                      "p99_ms": percentile(latencies, 99) * 1000, "rss_mb": rss}
        finally:
            server.stop()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
