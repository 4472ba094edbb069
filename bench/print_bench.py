"""Ticket printing benchmark: render + ESC/POS encode time, bytes-on-the-wire time, and issue → bytes at the
printer through the whole chain (queue server, Socket.IO event, print agent, fake network printer).

    .venv/bin/python bench/print_bench.py [--tickets 200] [--profile 80mm] [--issued 30] [--quick] [--json PATH]

The wire figure sends the encoded ticket to a local fake raw-9100 printer that reads as fast as
it can, so it measures our side (connection per job, chunked writes, status round trips), not a
real printer's print speed. The end-to-end figure starts `python -m queue_server` and
`python -m printer.agent --printer tcp://...` against the same fake printer, issues tickets one at a
time over the API and times each from the POST to the moment the printer has the whole job.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from printer.connections import parse_printer_uri, printer_session  # noqa: E402
from printer.jobs import CHUNK, print_ticket, ticket_bytes  # noqa: E402
from printer.layout import render_ticket  # noqa: E402
from printer.profiles import PROFILES  # noqa: E402
from printer.status import read_status  # noqa: E402
from printer.ticket import TicketJob  # noqa: E402

JOB = {
    "id": 1, "kind": "ticket", "created_at": "2026-11-22T08:05:03+07:00",
    "centre": {"name": "Trung tâm Phục vụ hành chính công phường Ba Đình", "address": "25 Đội Cấn, Ba Đình, Hà Nội"},
    "ticket": {
        "number": "A-025", "field_name": {"vi": "Hộ tịch"}, "procedure_name": {"vi": "Đăng ký khai sinh"},
        "priority": None, "counters": [{"number": 1, "name": "Quầy 1 – Hộ tịch", "location": "Tầng 1, bên trái"}],
        "people_ahead": 4, "eta_minutes": 18, "issued_at": "2026-11-22T08:05:03+07:00",
        "track_url": "http://127.0.0.1:5000/t/Xy12abcDEF",
    },
}


def fast_printer(jobs_done: list | None = None) -> int:
    """A raw-9100 sink on a free port that answers every DLE EOT with "online".

    With `jobs_done`, the time.monotonic() at which each connection that carried a ticket (raster data)
    ended is appended to it: the moment the printer had the whole job."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)

    def serve(conn):
        raster = False
        with conn:
            pending = bytearray()
            while chunk := conn.recv(65536):
                pending += chunk
                while len(pending) >= 3:
                    if pending.startswith(b"\x1dv0"):  # skip raster data: it may contain DLE EOT bytes
                        if len(pending) < 8:
                            break
                        size = 8 + (pending[4] | pending[5] << 8) * (pending[6] | pending[7] << 8)
                        if len(pending) < size:
                            break
                        del pending[:size]
                        raster = True
                    elif pending.startswith(b"\x10\x04"):
                        conn.sendall(b"\x12")  # DLE EOT n: online, paper present
                        del pending[:3]
                    else:
                        del pending[:1]
        if raster and jobs_done is not None:
            jobs_done.append(time.monotonic())

    def accept():
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return listener.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def report(name: str, seconds: list[float]) -> None:
    ms = [s * 1000 for s in seconds]
    print(f"{name:<34} p50 {percentile(ms, 50):7.2f} ms   p99 {percentile(ms, 99):7.2f} ms   "
          f"mean {statistics.mean(ms):7.2f} ms")


def stats(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 2), "p99_ms": round(percentile(ms, 99), 2),
            "mean_ms": round(statistics.mean(ms), 2)} if ms else {"n": 0}


def issue_to_printer(count: int, profile: str) -> list[float]:
    """Seconds from POST /tickets to the whole job at a fake network printer, via the real print agent."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import requests
    from common import BenchServer

    done: list[float] = []
    port = fast_printer(done)
    server = BenchServer()
    agent_log = open(server.folder / "agent.log", "ab")
    agent = subprocess.Popen([sys.executable, "-m", "printer.agent", "--server", server.url, "--token",
                              server.tokens["kiosk"], "--printer", f"tcp://127.0.0.1:{port}?profile={profile}",
                              "--status-interval", "3600", "--log-level", "WARNING"],
                             cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                             stdout=agent_log, stderr=subprocess.STDOUT)
    try:
        session = requests.Session()
        latencies = []
        for i in range(count + 2):  # the first two warm the agent (imports, fonts, Socket.IO upgrade)
            before = len(done)
            started = time.monotonic()
            session.post(server.url + "/api/v1/tickets", json={"procedure_id": "khai_sinh"},
                         headers=server.headers("kiosk"), timeout=30).raise_for_status()
            deadline = started + (60 if i < 2 else 15)
            while len(done) == before and time.monotonic() < deadline:
                time.sleep(0.001)
            if len(done) == before:
                agent_log.flush()
                tail = " | ".join((server.folder / "agent.log").read_text(errors="replace").splitlines()[-3:])
                raise RuntimeError(f"ticket {i + 1} did not reach the printer within "
                                   f"{deadline - started:.0f} s (agent: {tail or 'no output'})")
            if i >= 2:
                latencies.append(done[before] - started)
            time.sleep(0.05)
        return latencies
    finally:
        agent.terminate()
        try:
            agent.wait(10)
        except subprocess.TimeoutExpired:
            agent.kill()
        agent_log.close()
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=200)
    parser.add_argument("--profile", default="80mm", choices=sorted(PROFILES))
    parser.add_argument("--issued", type=int, default=30, help="tickets issued through server, agent and printer")
    parser.add_argument("--quick", action="store_true", help="50 tickets in-process, 10 through the chain")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    if args.quick:
        args.tickets, args.issued = min(args.tickets, 50), min(args.issued, 10)
    profile = PROFILES[args.profile]
    ticket = TicketJob.from_payload(JOB)
    render_ticket(ticket, profile)  # warm the font cache

    render, encode, total, size = [], [], [], 0
    for _ in range(args.tickets):
        t0 = time.perf_counter()
        image = render_ticket(ticket, profile)
        t1 = time.perf_counter()
        size = len(ticket_bytes(image, profile))
        t2 = time.perf_counter()
        render.append(t1 - t0)
        encode.append(t2 - t1)
        total.append(t2 - t0)

    target = parse_printer_uri(f"tcp://127.0.0.1:{fast_printer()}?profile={args.profile}")
    data = ticket_bytes(render_ticket(ticket, profile), profile)
    wire, full = [], []
    for _ in range(args.tickets):
        t0 = time.perf_counter()
        with printer_session(target) as printer:  # what print_ticket does once the bytes exist
            read_status(printer)
            for start in range(0, len(data), CHUNK):
                printer._raw(data[start : start + CHUNK])
            read_status(printer, timeout=target.confirm_timeout)
        wire.append(time.perf_counter() - t0)
    for _ in range(args.tickets):
        t0 = time.perf_counter()
        print_ticket(JOB, target)
        full.append(time.perf_counter() - t0)

    print(f"{args.tickets} tickets, profile {profile.name} ({profile.width_dots} dots), {size} bytes of ESC/POS each")
    report("render (Pillow)", render)
    report("ESC/POS encode", encode)
    report("render + encode", total)
    report("wire: connect+status+send+confirm", wire)
    report("whole print_ticket() to fake", full)
    chain = issue_to_printer(args.issued, args.profile) if args.issued else []
    if chain:
        report("issue → bytes at network printer", chain)
    results = {"tickets": args.tickets, "profile": profile.name, "bytes": size, "render": stats(render),
               "encode": stats(encode), "render_encode": stats(total), "wire": stats(wire),
               "print_ticket": stats(full), "issue_to_printer": stats(chain)}
    if args.json:
        import json
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
