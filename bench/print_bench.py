"""Ticket printing benchmark: render + ESC/POS encode time, and bytes-on-the-wire time.

    .venv/bin/python bench/print_bench.py [--tickets 200] [--profile 80mm]

The wire figure sends the encoded ticket to a local fake raw-9100 printer that reads as fast as
it can, so it measures our side (connection per job, chunked writes, status round trips), not a
real printer's print speed.
"""

import argparse
import os
import socket
import statistics
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


def fast_printer() -> int:
    """A raw-9100 sink on a free port that answers every DLE EOT with "online"."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)

    def serve(conn):
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
                    elif pending.startswith(b"\x10\x04"):
                        conn.sendall(b"\x12")  # DLE EOT n: online, paper present
                        del pending[:3]
                    else:
                        del pending[:1]

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=200)
    parser.add_argument("--profile", default="80mm", choices=sorted(PROFILES))
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
