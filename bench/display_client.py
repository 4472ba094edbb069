"""A bench display as cheap as a client can be: Engine.IO v4 over a raw WebSocket on asyncio.Protocol.

Hundreds of these share a client process (and the bench machine's two cores with the server under test),
so each one only frames and unframes bytes: no wsproto, no python-socketio. Every chunk of bytes is
stamped with time.monotonic() when the event loop hands it over, before any parsing, so the figure is the
server's and the network's, not this client's. Server frames are unmasked text frames; the client masks
its own (RFC 6455 5.3).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import time

CONNECT_TIMEOUT_S = 60
SOCKETIO_PATH = "/socket.io/"  # a city's centre X: /c/X/socket.io/


def masked_text_frame(text: str) -> bytes:
    payload = text.encode()
    assert len(payload) < 126, "the client only sends tiny frames (40, 3)"
    mask = os.urandom(4)
    return bytes((0x81, 0x80 | len(payload))) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))




class DisplayProtocol(asyncio.Protocol):
    """One display: upgrade, namespace "/", answer pings, record (number, arrival) of each ticket_called."""

    def __init__(self, host: str, port: int, arrivals: list, path: str = SOCKETIO_PATH):
        self.host, self.port, self.arrivals, self.path = host, port, arrivals, path
        self.buffer = b""
        self.upgraded = False
        self.connected = asyncio.get_running_loop().create_future()  # set once "40" comes back
        self.closed = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport):
        self.transport = transport
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write((f"GET {self.path}?EIO=4&transport=websocket HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                         f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                         f"Sec-WebSocket-Version: 13\r\n\r\n").encode())

    def data_received(self, data: bytes):
        now = time.monotonic()
        self.buffer += data
        if not self.upgraded:
            head, sep, rest = self.buffer.partition(b"\r\n\r\n")
            if not sep:
                return
            if not head.startswith(b"HTTP/1.1 101"):
                self._fail(RuntimeError(f"upgrade refused: {head[:80]!r}"))
                return
            self.upgraded, self.buffer = True, rest
        while True:
            message = self._next_frame()
            if message is None:
                return
            self._on_message(message, now)

    def _next_frame(self) -> str | None:
        buffer = self.buffer
        if len(buffer) < 2:
            return None
        length, start = buffer[1] & 0x7F, 2
        if length == 126:
            if len(buffer) < 4:
                return None
            length, start = int.from_bytes(buffer[2:4], "big"), 4
        elif length == 127:
            if len(buffer) < 10:
                return None
            length, start = int.from_bytes(buffer[2:10], "big"), 10
        if len(buffer) < start + length:
            return None
        opcode = buffer[0] & 0x0F
        payload, self.buffer = buffer[start:start + length], buffer[start + length:]
        if opcode == 0x8:  # close
            self.transport.close()
            return None
        return payload.decode() if opcode == 0x1 else ""

    def _on_message(self, message: str, now: float) -> None:
        if message == "2":  # Engine.IO ping
            self.transport.write(masked_text_frame("3"))
        elif message.startswith('42["ticket_called"'):
            self.arrivals.append((json.loads(message[2:])[1]["ticket"]["number"], now))
        elif message.startswith("0{"):  # Engine.IO open: join the default namespace
            self.transport.write(masked_text_frame("40"))
        elif message.startswith("40") and not self.connected.done():
            self.connected.set_result(True)
        elif message.startswith("44") and not self.connected.done():
            self._fail(RuntimeError(f"namespace refused: {message[:80]!r}"))

    def _fail(self, exc: Exception) -> None:
        if not self.connected.done():
            self.connected.set_exception(exc)
        self.transport.close()

    def connection_lost(self, exc):
        if not self.connected.done():
            self.connected.set_exception(exc or ConnectionError("closed before the namespace answered"))
        if not self.closed.done():
            self.closed.set_result(exc)


async def open_display(url: str, arrivals: list, path: str = SOCKETIO_PATH) -> DisplayProtocol:
    """Connects one display (to the centre whose Socket.IO path is `path`); raises when the server refuses it
    or does not answer in time."""
    host, port = url.removeprefix("http://").split(":")
    loop = asyncio.get_running_loop()
    _transport, protocol = await asyncio.wait_for(
        loop.create_connection(lambda: DisplayProtocol(host, int(port), arrivals, path), host, int(port)), CONNECT_TIMEOUT_S)
    await asyncio.wait_for(protocol.connected, CONNECT_TIMEOUT_S)
    return protocol
