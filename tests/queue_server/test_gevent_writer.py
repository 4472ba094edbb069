"""The lean gevent path's writer (queue_server/gevent_websockets.OrderedWriter) when a client stops reading:
writes never wait, what the socket does not take goes out later in order and whole, and the greenlet that
sends it exists only meanwhile. Run in a child process: gevent must not be imported into the test process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import socket, time
    import gevent, gevent.socket
    from queue_server.gevent_websockets import OrderedWriter

    server, client = gevent.socket.socketpair()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    writer = OrderedWriter(server)
    frames = [(b"%05d" % i) * 200 for i in range(300)]  # 300 KB: far more than both buffers
    started = time.monotonic()
    for frame in frames:
        writer.write(frame)
    print("wrote_ms", round((time.monotonic() - started) * 1000))
    print("waiting", len(writer.waiting or ()), "flusher", writer.flusher is not None)
    received = bytearray()
    while len(received) < sum(map(len, frames)):
        received += client.recv(65536)
    writer.finish()
    print("in_order", bytes(received) == b"".join(frames), "flusher_after", writer.flusher is not None)
    client.close()
    try:
        for _ in range(50):
            writer.write(b"x" * 65536)
            gevent.sleep(0.01)
    except OSError:
        print("broken", writer.broken)
""")


def test_a_full_socket_never_blocks_the_writer_and_everything_arrives_in_order():
    out = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = dict(line.split(" ", 1) for line in out.stdout.strip().splitlines())
    assert int(lines["wrote_ms"]) < 200  # no write waited for the reader
    waiting, _, flusher = lines["waiting"].partition(" flusher ")
    assert int(waiting) > 0 and flusher == "True"  # the socket took part; the rest waits for its greenlet
    assert lines["in_order"] == "True flusher_after False"
    assert lines["broken"] == "True"  # a closed client: the next writes fail at once, no greenlet left waiting
