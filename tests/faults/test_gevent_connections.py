"""The city's serving model keeps its promises with the lean WebSocket path (queue_server/gevent_websockets.py):
one gunicorn process under the gevent worker (docs/deployment.md). A display held past Engine.IO's ping
interval is pinged by the shared pinger, answers, stays connected and still gets calls; a display that stops
reading never holds up the others, and gets every event in order, whole, once it reads again. (The writer's
own path for a full socket buffer is tests/queue_server/test_gevent_writer.py: on loopback the kernel
buffers megabytes, more than a test can fill quickly.)"""

from __future__ import annotations

import base64
import json
import os
import socket
import sys
import time

import pytest
import requests

from fault_support import DEFAULT_TOKENS, QUIET, bearer, free_port, make_tokens
from live_server import LiveServer, busy_kiosk_config

pytestmark = pytest.mark.slow
GEVENT_WORKER = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"


class RawDisplay:
    """Engine.IO v4 over a plain WebSocket, reading only when told to."""

    def __init__(self, port: int, receive_buffer: int | None = None):
        self.sock = socket.socket()
        if receive_buffer:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.settimeout(10)
        self.sock.connect(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                           f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           f"Sec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(4096)
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101"), head
        self.opened = json.loads(self.message()[1:])
        self.send("40")
        assert self.message().startswith("40")

    def send(self, text: str) -> None:
        payload, mask = text.encode(), os.urandom(4)
        self.sock.sendall(bytes((0x81, 0x80 | len(payload))) + mask +
                          bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed by the server")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def message(self) -> str:
        first, second = self._read(2)
        assert first == 0x81, f"not a whole text frame: {first:#x}"  # frames never interleave
        length = second & 0x7F
        if length == 126:
            length = int.from_bytes(self._read(2), "big")
        elif length == 127:
            length = int.from_bytes(self._read(8), "big")
        return self._read(length).decode()

    def events(self, name: str, count: int, timeout: float) -> list[dict]:
        """The payloads of the next `count` events called `name` (answering pings on the way)."""
        found, deadline = [], time.monotonic() + timeout
        while len(found) < count:
            self.sock.settimeout(max(0.1, deadline - time.monotonic()))
            message = self.message()
            if message == "2":
                self.send("3")
            elif message.startswith(f'42["{name}"'):
                found.append(json.loads(message[2:])[1])
        return found

    def close(self):
        self.sock.close()


@pytest.fixture
def gevent_server(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_")}
    database = f"sqlite:///{tmp_path / 'motcua.db'}"
    env.update(MOTCUA_CONFIG=str(busy_kiosk_config(tmp_path)), MOTCUA_VAR_DIR=str(tmp_path / "var"),
               MOTCUA_SECRET_KEY="test-secret", DATABASE_URL=database, PYTHONUNBUFFERED="1",
               MOTCUA_VOICE_CACHE=str(tmp_path / "voice-cache"), **QUIET)
    command = [sys.executable, "-m", "gunicorn", "-k", GEVENT_WORKER, "-w", "1", "--bind", f"127.0.0.1:{port}",
               "queue_server.wsgi:app"]
    server = LiveServer(env, port, tmp_path / "server.log", command).start(timeout=90)
    try:
        assert "direct from the emitting greenlet" in server.log_path.read_text()
        yield server, make_tokens(database, *DEFAULT_TOKENS)
    finally:
        server.stop()


def issue(server, tokens) -> str:
    answer = requests.post(f"http://127.0.0.1:{server.port}/api/v1/tickets", json={"procedure_id": "khai_sinh"},
                           headers=bearer(tokens["kiosk"]), timeout=15)
    assert answer.status_code == 201, answer.text
    return answer.json()["ticket"]["number"]


def test_a_display_held_past_the_ping_interval_is_pinged_and_still_gets_calls(gevent_server):
    server, tokens = gevent_server
    display = RawDisplay(server.port)
    try:
        interval = display.opened["pingInterval"] / 1000
        started = time.monotonic()
        display.sock.settimeout(interval + 10)
        while display.message() != "2":  # the server's ping, from the shared pinger
            pass
        assert interval - 1 <= time.monotonic() - started <= interval + 10
        display.send("3")
        number = issue(server, tokens)
        assert display.events("ticket_issued", 1, timeout=10)[0]["ticket"]["number"] == number
    finally:
        display.close()


def test_a_display_that_stops_reading_holds_nobody_up_and_gets_everything_later(gevent_server):
    server, tokens = gevent_server
    stalled, reading = RawDisplay(server.port, receive_buffer=4096), RawDisplay(server.port)
    try:
        numbers = []
        for _ in range(150):  # ~180 KB: far more than the stalled display reads (the server's kernel buffers it)
            numbers.append(issue(server, tokens))
            assert reading.events("ticket_issued", 1, timeout=5)[0]["ticket"]["number"] == numbers[-1]
        received = stalled.events("ticket_issued", len(numbers), timeout=30)
        assert [p["ticket"]["number"] for p in received] == numbers
    finally:
        stalled.close()
        reading.close()
