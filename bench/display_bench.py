"""Display benchmark: call-to-display latency with many displays connected, and call-to-audio-ready time.

    .venv/bin/python bench/display_bench.py [--clients 100,500] [--calls 20]

Starts `python -m queue_server` on a free loopback port with a throwaway SQLite database and voice cache,
connects N python-socketio clients (each one a display: websocket, room "public"), then presses "call next"
over the API and records, per client, the time from sending the call to receiving `ticket_called`.
Audio: the time from sending the call to having the call's WAV (GET /announcements/call.wav), with the
segments uncached (espeak-ng renders them on the spot) and cached (after the prefill), and in-process for
a fresh cache per sample. Bounded: every wait has a timeout; everything stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Server:
    def __init__(self, workdir: Path, prefill: bool):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
        self.env.update(MOTCUA_HOST="127.0.0.1", MOTCUA_PORT=str(self.port), MOTCUA_VAR_DIR=str(workdir),
                        MOTCUA_SECRET_KEY="bench", DATABASE_URL=f"sqlite:///{workdir / 'bench.db'}",
                        MOTCUA_VOICE_ENGINE="espeak", MOTCUA_VOICE_CACHE=str(workdir / "voice-cache"),
                        MOTCUA_VOICE_PREFILL="on" if prefill else "off")
        self.log = open(workdir / "server.log", "ab")
        self.process = subprocess.Popen([PY, "-m", "queue_server"], cwd=ROOT, env=self.env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/api/v1/catalogue", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            raise SystemExit("server did not start")
        self.tokens = {role: self.cli("token", "create", "--role", role, "--name", name).strip().splitlines()[-1]
                       for role, name in (("kiosk", "kiosk-1"), ("staff", "bench"))}

    def cli(self, *args):
        return subprocess.run([PY, "-m", "queue_server", *args], cwd=ROOT, env=self.env, capture_output=True,
                              text=True, timeout=60, check=True).stdout

    def post(self, path, role, body=None):
        response = requests.post(self.url + "/api/v1" + path, json=body or {}, timeout=10,
                                 headers={"Authorization": f"Bearer {self.tokens[role]}"})
        response.raise_for_status()
        return response.json()

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        self.log.close()


def connect_clients(url: str, count: int) -> tuple[list, dict]:
    """`count` display clients, connected 50 at a time; received[number] -> perf_counter() arrival times."""
    from concurrent.futures import ThreadPoolExecutor

    received: dict[str, list[float]] = {}
    lock = threading.Lock()
    threading.stack_size(512 * 1024)

    def one(_):
        client = socketio.Client(reconnection=False)

        @client.on("ticket_called")
        def on_called(payload):
            now = time.perf_counter()
            with lock:
                received.setdefault(payload["ticket"]["number"], []).append(now)

        client.connect(url, transports=["websocket"], wait_timeout=20)
        return client

    with ThreadPoolExecutor(max_workers=50) as pool:
        clients = list(pool.map(one, range(count)))
    return clients, received


def disconnect_all(clients: list) -> None:
    """Each disconnect waits ~3 s for its threads: done 100 at a time."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=100) as pool:
        list(pool.map(lambda c: c.disconnect(), clients))


def latency_run(server: Server, clients: int, calls: int) -> list[float]:
    connected, received = connect_clients(server.url, clients)
    try:
        server.post("/console/claim", "staff", {"counter_number": 3})  # staff work at the counter they hold
        for _ in range(calls):
            server.post("/tickets", "kiosk", {"procedure_id": "chung_thuc_ban_sao"})
        latencies = []
        for _ in range(calls):
            sent = time.perf_counter()
            number = server.post("/counters/3/call-next", "staff")["ticket"]["number"]
            deadline = time.monotonic() + 10
            while len(received.get(number, ())) < clients and time.monotonic() < deadline:
                time.sleep(0.002)
            arrivals = received.get(number, [])
            if len(arrivals) < clients:
                print(f"  warning: {number} reached {len(arrivals)}/{clients} clients within 10 s")
            latencies += [(t - sent) * 1000 for t in arrivals]
            time.sleep(0.05)
        return latencies
    finally:
        disconnect_all(connected)


def audio_run(server: Server, calls: int, counter: int = 1) -> list[float]:
    """Call → event → GET call.wav done, in ms (one listening display)."""
    connected, received = connect_clients(server.url, 1)
    try:
        server.post("/console/claim", "staff", {"counter_number": counter})
        for _ in range(calls):
            server.post("/tickets", "kiosk", {"procedure_id": "khai_sinh"})
        times = []
        for _ in range(calls):
            sent = time.perf_counter()
            number = server.post(f"/counters/{counter}/call-next", "staff")["ticket"]["number"]
            deadline = time.monotonic() + 10
            while not received.get(number) and time.monotonic() < deadline:
                time.sleep(0.001)
            audio = requests.get(f"{server.url}/announcements/call.wav", params={"number": number, "counter": counter},
                                 timeout=10)
            audio.raise_for_status()
            times.append((time.perf_counter() - sent) * 1000)
        return times
    finally:
        disconnect_all(connected)


def in_process_uncached(samples: int) -> list[float]:
    from displays.voice import Announcer, announcement_for
    from displays.voice.engines import EspeakEngine

    times = []
    for i in range(samples):
        with tempfile.TemporaryDirectory() as cache:
            announcer = Announcer(cache, EspeakEngine(), background=False)
            started = time.perf_counter()
            announcer.render(announcement_for(f"A-{100 + i:03d}", 3))
            times.append((time.perf_counter() - started) * 1000)
    return times


def show(label: str, values: list[float]) -> None:
    print(f"{label:<58} n={len(values):<6} p50={percentile(values, 50):7.1f} ms  p99={percentile(values, 99):7.1f} ms"
          f"  max={max(values):7.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="100,500", help="display counts to measure, e.g. 100,500")
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args()
    print(f"cpus={os.cpu_count()} python={sys.version.split()[0]} (loopback, threading server, SQLite)")
    with tempfile.TemporaryDirectory(prefix="display-bench-") as tmp:
        (Path(tmp) / "latency").mkdir()
        server = Server(Path(tmp) / "latency", prefill=False)
        try:
            for count in (int(c) for c in args.clients.split(",")):
                started = time.monotonic()
                values = latency_run(server, count, args.calls)
                show(f"call → ticket_called at {count} displays", values)
                print(f"  ({time.monotonic() - started:.1f} s including connecting)")
            show("call → audio ready, no prefill (espeak-ng renders misses)", audio_run(server, 5, counter=1))
        finally:
            server.stop()
        (Path(tmp) / "audio").mkdir()
        server = Server(Path(tmp) / "audio", prefill=True)
        try:
            deadline = time.monotonic() + 60
            while requests.get(server.url + "/announcements/status", timeout=5).json()["prefill"]["state"] == "running" \
                    and time.monotonic() < deadline:
                time.sleep(0.2)
            show("call → audio ready, segments prefilled (call assembled)", audio_run(server, args.calls, counter=2))
        finally:
            server.stop()
    show("render only, in-process, empty cache (espeak-ng, all segments)", in_process_uncached(5))
    return 0


if __name__ == "__main__":
    sys.exit(main())
