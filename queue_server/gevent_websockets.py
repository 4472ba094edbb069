"""Idle WebSocket connections that cost little under gevent (the city's serving model, docs/deployment.md).

engineio's gevent driver gives every WebSocket connection three greenlets: the request's own (reading),
a writer fed by a queue, and a ping greenlet asleep for the ping interval. An idle greenlet costs about
7.5 KB here (its saved C stack, its own Python frame stack, the Greenlet object and the stack it was
spawned from), and the queue 2.5 KB: with the WSGI environ and buffers, 56 KB per idle connection.

Here, for connections opened directly as WebSocket (the pages and devices do: motcua.js asks for
"websocket" first), only the request's greenlet stays:
- **no writer greenlet**: a packet is framed once per emit (one frame for the 2,500 connections of a room)
  and written by the emitting greenlet with one non-blocking send. What the socket does not take at once
  (a slow client, a full buffer) waits in the connection's own list, which a greenlet started for that
  moment sends in order and then ends: a slow display never holds the emit up, and frames never
  interleave (the request greenlet's Pong and Close frames go through the same path).
- **one ping greenlet per server** instead of one per connection: Engine.IO's pings, every ping interval
  after the client's last Pong, from one list in the order they fall due.
- **no spawning-tree capture** (gevent's `track_greenlet_tree`, a debugging aid): each new greenlet would
  otherwise keep the frames it was spawned from.

A connection upgraded from long-polling keeps engineio's own queue and writer greenlet. This relies on
internals of python-engineio 4.x (the gevent driver table `server._async`, `Socket._send_ping`, a Socket's
`queue`, `connected` and `upgraded`) and gevent-websocket 0.10 (`WebSocket.raw_write`, `handler.socket`,
`Header.encode_header`), all pinned in requirements.txt; `unsupported_reason` checks them at start-up and
`websocket_fanout.use_direct_websockets` logs which path is active.
"""

from __future__ import annotations

import logging
import time
from collections import deque

import engineio.socket
from engineio import exceptions, packet

from queue_server.websocket_fanout import version_mismatch

log = logging.getLogger(__name__)
SUPPORTED = {"python-engineio": "4.", "gevent-websocket": "0.10."}
FLUSH_JOIN_TIMEOUT_S = 5  # at the end of a connection, how long its last frames may take to leave
PINGS_PER_BATCH = 200  # pings sent before letting the other greenlets run


class _LastFrame:
    """The frame of the last packet framed: an emit to a room sends one Packet object to every connection."""

    packet = frame = None


_last = _LastFrame()


def frame_of(pkt) -> bytes:
    """The WebSocket frame (server to client: unmasked) of an Engine.IO packet."""
    if _last.packet is pkt:
        return _last.frame
    from geventwebsocket.websocket import Header, WebSocket

    data = pkt.encode()
    if isinstance(data, str):
        payload, opcode = data.encode("utf-8"), WebSocket.OPCODE_TEXT
    else:
        payload, opcode = bytes(data), WebSocket.OPCODE_BINARY
    frame = bytes(Header.encode_header(True, opcode, b"", len(payload), 0)) + payload
    _last.packet, _last.frame = pkt, frame  # holding the packet keeps its id from being reused
    return frame


class OrderedWriter:
    """Every byte written to one connection: a non-blocking send when nothing waits, else in order through a
    greenlet that exists only while something waits."""

    __slots__ = ("socket", "raw", "waiting", "flusher", "broken")

    def __init__(self, gevent_socket):
        self.socket, self.raw = gevent_socket, gevent_socket._sock  # the real socket: non-blocking under gevent
        self.waiting: deque | None = None
        self.flusher = None
        self.broken = False

    def write(self, data: bytes) -> None:
        if self.broken:
            raise BrokenPipeError("the connection is closed")
        if not self.waiting:
            try:
                sent = self.raw.send(data)
            except BlockingIOError:
                sent = 0
            except OSError:
                self.broken = True
                raise
            if sent == len(data):
                return
            data = data[sent:]
            if self.waiting is None:
                self.waiting = deque()
        self.waiting.append(data)
        if self.flusher is None:
            import gevent
            self.flusher = gevent.spawn(self._flush)

    def _flush(self) -> None:
        try:
            while self.waiting:
                self.socket.sendall(self.waiting[0])  # waits (this greenlet only) until the client reads
                self.waiting.popleft()
        except OSError:
            self.broken = True
            self.waiting = None
        finally:
            self.flusher = None

    def finish(self) -> None:
        """Lets the last frames leave before the connection's socket is closed."""
        flusher = self.flusher
        if flusher is not None:
            flusher.join(FLUSH_JOIN_TIMEOUT_S)


class DirectQueue:
    """A WebSocket connection's outgoing "queue" as engineio's Socket sees it: `put` hands the packet to the
    connection's writer at once; None (the end) closes the WebSocket after what was written before it."""

    __slots__ = ("ws", "ended")

    def __init__(self, ws):
        self.ws, self.ended = ws, False

    def put(self, pkt, block=True, timeout=None) -> None:
        if self.ended:
            return
        if pkt is None:
            self.ended = True
            if not self.ws.closed:
                self.ws.close()  # a Close frame, after everything written before it
            return
        if self.ws.closed:
            return
        try:
            self.ws.raw_write(frame_of(pkt))
        except OSError:
            pass  # a broken connection: its reading greenlet finds out and ends it

    def join(self) -> None:  # Socket.close(wait=True): every packet is written or with the writer already
        return None

    def task_done(self) -> None:
        return None

    def qsize(self) -> int:
        return 0

    def empty(self) -> bool:
        return True


class SharedPinger:
    """Engine.IO's server pings for every connection of one server, from one greenlet: `Socket._send_ping`
    (sleep the ping interval, then ping unless closed) without a sleeping greenlet per connection."""

    def __init__(self, server):
        self.server, self.due, self.task = server, deque(), None

    def schedule(self, sock) -> None:
        self.due.append((time.monotonic() + self.server.ping_interval, sock))  # one interval: in due order
        if self.task is None:
            import gevent
            self.task = gevent.spawn(self._run)

    def _run(self) -> None:
        import gevent
        while True:
            if not self.due:
                gevent.sleep(self.server.ping_interval)
                continue
            wait = self.due[0][0] - time.monotonic()
            if wait > 0:
                gevent.sleep(wait)
                continue
            for _ in range(min(PINGS_PER_BATCH, len(self.due))):
                at, sock = self.due[0]
                if at > time.monotonic():
                    break
                self.due.popleft()
                try:
                    if not sock.closing and not sock.closed:
                        sock.last_ping = time.time()
                        sock.send(packet.Packet(packet.PING))
                except Exception:  # noqa: BLE001 - one connection's failure never stops the others' pings
                    log.exception("Engine.IO ping failed")
            gevent.sleep(0)


class LeanWebSocketWSGI:
    """engineio's gevent WebSocket driver (`server._async["websocket"]`) for a direct WebSocket connection:
    the request greenlet reads; writes go through OrderedWriter; no writer greenlet."""

    def __init__(self, handler, server):
        self.app, self.server = handler, server

    def __call__(self, environ, start_response):
        ws = environ.get("wsgi.websocket")
        sock = getattr(self.app, "__self__", None)
        if ws is None or sock is None or sock.connected:  # an upgrade from long-polling: engineio's own way
            from engineio.async_drivers.gevent import WebSocketWSGI
            return WebSocketWSGI(self.app, self.server)(environ, start_response)
        writer = OrderedWriter(ws.handler.socket)
        ws.raw_write = writer.write
        pending, sock.queue = sock.queue, DirectQueue(ws)
        while not pending.empty():  # the Engine.IO "open" packet, and anything the connect handler sent
            sock.queue.put(pending.get_nowait())
        sock.connected = sock.upgraded = True
        try:
            self._read(sock, ws)
        finally:
            sock.queue.put(None)
            writer.finish()
            sock.close(wait=False, abort=True, reason=self.server.reason.TRANSPORT_CLOSE)
        return []

    def _read(self, sock, ws) -> None:
        """engineio's reading loop of `Socket._websocket_handler`."""
        limit = self.server.max_http_buffer_size
        while True:
            try:
                data = ws.receive()
            except Exception as error:  # noqa: BLE001 - the socket broke or was closed: the connection ends
                if not sock.closed:
                    self.server.logger.info("%s: Unexpected error %r, closing connection", sock.sid, error)
                return
            if data is None or len(data) > limit:
                return
            try:
                sock.receive(packet.Packet(encoded_packet=data))
            except exceptions.UnknownPacketError:
                pass
            except exceptions.SocketIsClosedError:
                return
            except Exception:  # noqa: BLE001 - as engineio: log it and end the connection properly
                self.server.logger.exception("Unknown receive error")
                return


def unsupported_reason(engineio_server) -> str | None:
    """Why the lean path cannot be used here, or None when everything it relies on is there."""
    mismatch = version_mismatch(SUPPORTED)
    if mismatch:
        return mismatch
    if engineio_server.async_mode != "gevent":
        return f"async mode {engineio_server.async_mode!r}, not gevent"
    from engineio.async_drivers import gevent as driver
    if engineio_server._async.get("websocket") is not getattr(driver, "WebSocketWSGI", None) \
            or getattr(driver, "SimpleWebSocketWSGI", False) is not None:
        return "engineio's gevent driver does not use gevent-websocket"
    from geventwebsocket.websocket import Header, WebSocket
    if "raw_write" not in WebSocket.__slots__ or not hasattr(Header, "encode_header"):
        return "gevent-websocket's WebSocket.raw_write or Header.encode_header is gone"
    if not callable(getattr(engineio.socket.Socket, "_send_ping", None)):
        return "engineio's Socket._send_ping is gone"
    return None


def use_lean_websockets(engineio_server) -> str | None:
    """Plugs the lean path into one engineio server (gevent mode). Returns None when it is on, else why not."""
    reason = unsupported_reason(engineio_server)
    if reason:
        return reason
    import gevent
    gevent.config.track_greenlet_tree = False
    pinger = SharedPinger(engineio_server)
    start_background_task = engineio_server.start_background_task

    def start_task(target, *args, **kwargs):
        if getattr(target, "__func__", None) is engineio.socket.Socket._send_ping and not args and not kwargs:
            pinger.schedule(target.__self__)
            return None
        return start_background_task(target, *args, **kwargs)

    engineio_server.start_background_task = start_task
    engineio_server._async = {**engineio_server._async, "websocket": LeanWebSocketWSGI}
    return None
