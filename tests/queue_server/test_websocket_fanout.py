"""Events written straight to idle WebSocket connections (queue_server/websocket_fanout.py), against a real
server process (`python -m queue_server`, and the production gunicorn command): displays that stop reading
(a frozen browser tab, a display on a bad network) neither hold the others up nor lose or garble anything,
with and without permessage-deflate (which browsers ask for)."""

import base64
import json
import os
import socket
import threading
import time
import zlib
from contextlib import suppress

import engineio
import pytest
import requests
import socketio
from engineio.packet import MESSAGE, Packet
from engineio.socket import Socket as EngineIOSocket

from queue_server import websocket_fanout
from queue_server.websocket_fanout import DirectWebSocketWSGI, use_direct_websockets

TICKETS = 300  # ~2 events each: far more than a small receive window and the server's send buffer hold


class FrameReader:
    """The client end of a WebSocket: reads the server's frames one message at a time (inflating them when
    permessage-deflate was agreed), answers Engine.IO pings, masks what it sends."""

    def __init__(self, sock: socket.socket):
        self.sock, self.buffer = sock, b""
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(4096)
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101"), head
        self.deflated = b"permessage-deflate" in head
        self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        self.pongs: list[bytes] = []

    def send_text(self, text: str, opcode: int = 0x1) -> None:
        mask = os.urandom(4)
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(text.encode()))
        self.sock.sendall(bytes((0x80 | opcode, 0x80 | len(payload))) + mask + payload)

    def send_ping(self, text: str) -> None:
        self.send_text(text, opcode=0x9)

    def _read(self, count: int) -> bytes:
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            assert chunk, "the server closed the connection"
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def next_message(self) -> str:
        first, second = self._read(2)
        assert first & 0x80, "the server sends whole messages, never fragments"
        assert not second & 0x80, "server frames are not masked"
        length = second & 0x7F
        if length >= 126:
            length = int.from_bytes(self._read(2 if length == 126 else 8), "big")
        payload = self._read(length)
        if first & 0x0F == 0xA:  # a WebSocket Pong: the answer to our Ping, between two whole frames
            self.pongs.append(payload)
            return self.next_message()
        assert first & 0x0F in (0x1, 0x2), f"unexpected frame {first:#x}: bytes of two frames interleaved?"
        if first & 0x40:  # RSV1: compressed with this connection's deflate context
            assert self.deflated
            payload = self.inflater.decompress(payload + b"\x00\x00\xff\xff")
        if payload == b"2":  # Engine.IO ping
            self.send_text("3")
            return self.next_message()
        return payload.decode()

    def read_events(self, name: str, count: int) -> list[dict]:
        found = []
        while len(found) < count:
            message = self.next_message()
            assert message.startswith("42["), message[:80]
            event, payload = json.loads(message[2:])
            if event == name:
                found.append(payload)
        return found


def upgrade_request(host: str, deflate: bool) -> dict[str, str]:
    headers = {"Host": host, "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode()}
    if deflate:
        headers["Sec-WebSocket-Extensions"] = "permessage-deflate"
    return headers


class StalledDisplay(FrameReader):
    """A Socket.IO display on a raw WebSocket that connects, then reads nothing until asked to."""

    def __init__(self, url: str, deflate: bool):
        host, port = url.removeprefix("http://").split(":")
        sock = socket.create_connection((host, int(port)), timeout=20)
        lines = "".join(f"{k}: {v}\r\n" for k, v in upgrade_request(f"{host}:{port}", deflate).items())
        sock.sendall(f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n{lines}\r\n".encode())
        super().__init__(sock)
        assert self.next_message().startswith("0{")  # Engine.IO open
        self.send_text("40")
        assert self.next_message().startswith("40")  # joined the namespace (and the public room)

    def close(self):
        self.sock.close()


def open_socket_pair_connection(deflate: bool, small_buffers: bool):
    """An engineio WebSocket connection served in-process over a socket pair, as engineio makes one for a
    new WebSocket connection: (the server's Socket, the client's FrameReader)."""
    server = engineio.Server(async_mode="threading")
    assert use_direct_websockets(server)
    connection = EngineIOSocket(server, "sid-1")
    server_end, client_end = socket.socketpair()
    if small_buffers:
        server_end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        client_end.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    environ = {"werkzeug.socket": server_end,
               **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in upgrade_request("x", deflate).items()}}
    wsgi = server._async["websocket"](connection._websocket_handler, server)

    def serve():
        with suppress(ConnectionError):  # how the wrapper tells werkzeug that the connection is over
            wsgi(environ, lambda *args: None)

    threading.Thread(target=serve, daemon=True).start()
    client = FrameReader(client_end)
    assert client.deflated == deflate
    for _ in range(100):  # the handler runs: the connection is the server's now (engineio's own flag)
        if connection.upgraded:
            break
        time.sleep(0.01)
    return connection, client


def test_the_app_uses_the_direct_path_and_idle_connections_get_packets_from_the_emitting_thread(app):
    from queue_server.realtime import socketio
    assert socketio.server.eio._async["websocket"] is DirectWebSocketWSGI  # the app plugged it in
    connection, client = open_socket_pair_connection(deflate=False, small_buffers=False)
    before = (websocket_fanout.stats.direct, websocket_fanout.stats.queued)
    messages = [f"gọi số A-{i:03d}" for i in range(20)]
    for text in messages:
        connection.send(Packet(MESSAGE, text))
        assert client.next_message() == "4" + text  # read before the next: the connection is idle each time
    assert (websocket_fanout.stats.direct - before[0], websocket_fanout.stats.queued - before[1]) == (20, 0)
    connection.close(wait=False)
    client.sock.close()


@pytest.mark.parametrize("deflate", [False, True], ids=["plain", "permessage-deflate"])
def test_pongs_from_the_reader_thread_never_land_inside_a_half_sent_frame(deflate):
    """simple-websocket's reader thread answers Pings by itself; while a frame larger than the socket's
    buffer is half sent, its Pong must wait for the rest of that frame."""
    connection, client = open_socket_pair_connection(deflate, small_buffers=True)
    received, expected = [], []
    for i in range(40):
        text = f"{i:04d} " + os.urandom(12000).hex()  # random: deflate cannot make it fit the buffer
        expected.append("4" + text)
        connection.send(Packet(MESSAGE, text))  # idle: written at once, in part (the buffer holds ~8 KB)
        client.send_ping(f"p{i}")  # answered by the server's reader thread while the rest is still to go
        received.append(client.next_message())
    assert received == expected
    client.send_ping("end")  # its Pong comes after every other Pong
    client.sock.settimeout(10)
    while b"end" not in client.pongs:
        first, second = client._read(2)
        assert first == 0x8A, f"only Pongs are left to read, got {first:#x}"
        client.pongs.append(client._read(second & 0x7F))
    assert client.pongs == [f"p{i}".encode() for i in range(40)] + [b"end"]
    connection.close(wait=False)
    client.sock.close()


@pytest.mark.parametrize("deflate", [False, True], ids=["plain", "permessage-deflate"])
def test_frames_cut_short_by_a_full_socket_are_finished_first_and_the_sender_never_waits(deflate):
    """In-process, on a socket pair with tiny buffers: most writes go out in part or not at all."""
    connection, client = open_socket_pair_connection(deflate, small_buffers=True)
    messages = [f"{i:04d} " + "Quầy số " * 40 for i in range(300)]
    for text in messages:  # returns at once although the client reads nothing yet
        connection.send(Packet(MESSAGE, text))
    assert [client.next_message() for _ in messages] == ["4" + text for text in messages]
    connection.close(wait=False)
    client.sock.close()


class ReadingDisplay:
    """A python-socketio display that reads everything: the numbers of the tickets it heard issued."""

    def __init__(self, url: str):
        self.numbers: list[str] = []
        self.client = socketio.Client(reconnection=False)
        self.client.on("ticket_issued", lambda payload: self.numbers.append(payload["ticket"]["number"]))
        self.client.connect(url, transports=["websocket"], wait_timeout=10)

    def heard(self, count: int, timeout: float = 10) -> list[str]:
        for _ in range(int(timeout / 0.1)):
            if len(self.numbers) >= count:
                break
            self.client.sleep(0.1)
        return self.numbers


class Kiosk:
    def __init__(self, server):
        self.server, self.session = server, requests.Session()

    def issue(self) -> str:
        answer = self.session.post(self.server.url + "/api/v1/tickets", json={"procedure_id": "khai_sinh"},
                                   headers={"Authorization": "Bearer " + self.server.tokens["kiosk"]}, timeout=10)
        assert answer.status_code == 201, answer.text  # a stalled or vanished display never blocks an issue
        return answer.json()["ticket"]["number"]


@pytest.mark.parametrize("deflate", [False, True], ids=["plain", "permessage-deflate"])
def test_a_display_that_stops_reading_holds_nobody_up_and_later_gets_every_event_whole_and_in_order(
        any_busy_live_server, deflate):
    stalled = StalledDisplay(any_busy_live_server.url, deflate)
    assert stalled.deflated == deflate
    reading = ReadingDisplay(any_busy_live_server.url)
    try:
        kiosk = Kiosk(any_busy_live_server)
        numbers = [kiosk.issue() for _ in range(TICKETS)]
        assert reading.heard(TICKETS) == numbers  # the reading display heard every ticket, the other read nothing
        # The stalled one reads now: everything is there, each frame whole, in the order it was issued.
        heard = stalled.read_events("ticket_issued", TICKETS)
        assert [payload["ticket"]["number"] for payload in heard] == numbers
    finally:
        reading.client.disconnect()
        stalled.close()


def test_a_display_that_goes_away_mid_stream_does_not_stop_the_events_to_the_others(any_busy_live_server):
    if "gunicorn" not in any_busy_live_server.command[2]:  # python -m queue_server says which path it took
        assert "WebSocket fan-out: direct" in any_busy_live_server.log_path.read_text()
    gone = StalledDisplay(any_busy_live_server.url, deflate=False)
    reading = ReadingDisplay(any_busy_live_server.url)
    try:
        kiosk = Kiosk(any_busy_live_server)
        numbers = [kiosk.issue() for _ in range(20)]
        gone.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        gone.close()  # a reset, as when a display loses power: writes to it now fail
        numbers += [kiosk.issue() for _ in range(40)]
        assert reading.heard(len(numbers)) == numbers
    finally:
        reading.client.disconnect()
