"""Sending an event to hundreds of WebSocket clients without waking hundreds of threads.

In threading mode, python-engineio gives every WebSocket connection a writer thread fed by a queue: an
event for the public room is put on 500 queues and wakes 500 threads, each taking the GIL in turn to send
a few hundred bytes. That hand-over, not the sending, was most of the call-to-display time (a GIL
ping-pong per display: ~100 µs each, 150 ms for a call at 500 displays).

Here a packet put on the queue of an idle WebSocket connection is written at once by the thread that
emits it (WebSocket framing ~5 µs, then one non-blocking send). The writer thread is still there, and
still sends whatever cannot go out at once: when the connection is busy (its writer is sending, or packets
wait before this one, so the order is kept), when the client is slow to read (the socket's buffer is full;
a slow display never holds the others up), or when the packet marks the end of the connection.

Every byte written to the connection's socket goes through one lock (`LockedSocket`), including the
Pong and Close frames that simple-websocket's reader thread sends by itself, and the unsent end of a
partly written frame always goes out before anything else: frames never interleave.

Only connections opened directly as WebSocket take this path (the pages and devices do: motcua.js asks for
"websocket" first); a connection upgraded from long-polling keeps engineio's own queue, which the polling
requests share. It relies on internals of python-engineio 4.x and simple-websocket 1.x (pinned in
requirements.txt): engineio's threading driver table (`server._async["websocket"]`), the engineio Socket
whose handler this wraps (`handler.__self__`, its `queue` and `connected`), and the socket simple-websocket
takes from the WSGI environ. `use_direct_websockets` checks them at start-up and logs which path is
active; `stats` counts the packets each path sent, which the tests read.
"""

from __future__ import annotations

import errno
import logging
import queue
import socket as sockets
import threading
from dataclasses import dataclass
from importlib.metadata import version

import engineio.socket
from engineio.async_drivers._websocket_wsgi import SimpleWebSocketWSGI
from wsproto.events import Message, TextMessage

log = logging.getLogger(__name__)
SUPPORTED = {"python-engineio": "4.", "simple-websocket": "1."}  # major versions whose internals this uses
WSGI_SOCKET_KEYS = ("werkzeug.socket", "gunicorn.socket")


@dataclass
class FanoutStats:
    """Packets sent straight from the emitting thread, and packets left to the writer threads."""

    direct: int = 0
    queued: int = 0


stats = FanoutStats()
active_path = "not set up"  # what use_direct_websockets chose, for the start-up line


class _Flush:
    """Queued after a partial write: the writer thread sends the rest of the frame before anything else."""

    def encode(self):
        return self


FLUSH = _Flush()


class LockedSocket:
    """The connection's socket as simple-websocket sees it: every send takes the connection's lock and
    finishes a partly written frame first, so a Pong from the reader thread never lands inside a frame."""

    def __init__(self, raw, connection: DirectWebSocketWSGI):
        self.raw, self.connection = raw, connection

    def __getattr__(self, name):  # recv, fileno, close, gettimeout...: the real socket's
        return getattr(self.raw, name)

    def send(self, data, *flags) -> int:
        self.sendall(data)
        return len(data)

    def sendall(self, data) -> None:
        with self.connection.send_lock:
            try:
                self.flush()
                self.raw.sendall(data)
            except OSError as error:
                if error.errno == errno.EBADF:  # the reader thread closed it: say so as simple-websocket expects
                    raise BrokenPipeError("the connection is closed") from error
                raise

    def flush(self) -> None:
        """Sends the rest of a partly written frame (call with the lock held)."""
        if self.connection.rest:
            rest, self.connection.rest = self.connection.rest, b""
            self.raw.sendall(rest)


class DirectQueue(queue.Queue):
    """An engineio socket's outgoing queue that hands a packet straight to the socket when nothing is ahead."""

    def __init__(self, connection: DirectWebSocketWSGI, pending: queue.Queue):
        super().__init__()
        self.connection = connection
        self.in_flight = 0  # packets the writer has taken but not sent yet (guarded by self.mutex)
        while True:  # the Engine.IO "open" packet, queued before the WebSocket was accepted
            try:
                super().put(pending.get_nowait())
            except queue.Empty:
                break

    def put(self, item, block=True, timeout=None):
        if item is not None and self.connection.send_now(item, self):
            stats.direct += 1
            return
        if item is not None and item is not FLUSH:
            stats.queued += 1
        super().put(item, block, timeout)

    def is_idle(self) -> bool:
        with self.mutex:
            return not self._qsize() and not self.in_flight

    def _get(self):  # runs under self.mutex (queue.Queue's contract)
        item = super()._get()
        if item is not None:
            self.in_flight += 1
        return item

    def sent_one(self) -> None:
        with self.mutex:
            self.in_flight = max(0, self.in_flight - 1)


class DirectWebSocketWSGI(SimpleWebSocketWSGI):
    """engineio's threading WebSocket wrapper, with one lock around every write and the direct path."""

    def __call__(self, environ, start_response):
        self.send_lock = threading.RLock()  # re-entered: the writer's send goes through LockedSocket
        self.rest = b""  # the unsent end of a frame that went out only in part
        self.direct: DirectQueue | None = None
        # Not called `socket`: engineio's handler would set a read timeout on an attribute of that name, and
        # a socket with a timeout cannot take the non-blocking direct send.
        self.locked: LockedSocket | None = None
        for key in WSGI_SOCKET_KEYS:
            if key in environ:
                self.locked = LockedSocket(environ[key], self)
                environ = {**environ, key: self.locked}
                break
        engineio_socket = getattr(self.app, "__self__", None)
        if self.locked and engineio_socket is not None and not engineio_socket.connected:  # not an upgrade
            self.direct = engineio_socket.queue = DirectQueue(self, engineio_socket.queue)
        return super().__call__(environ, start_response)

    def send(self, message):
        """The writer thread's send: the rest of a partial frame first, then the message."""
        with self.send_lock:
            try:
                if message is FLUSH:
                    self.locked.flush()
                else:
                    super().send(message)
            finally:
                if self.direct is not None:
                    self.direct.sent_one()

    def send_now(self, packet, direct: DirectQueue) -> bool:
        """Writes the packet now if nothing is ahead of it and the socket takes it without waiting.
        False: nothing was written, the caller queues it for the writer thread."""
        ws = getattr(self, "ws", None)
        if ws is None or not ws.connected or not self.send_lock.acquire(blocking=False):
            return False
        try:
            raw = self.locked.raw
            if self.rest or not direct.is_idle() or raw.gettimeout() is not None:
                return False  # keep the order; and a socket with a timeout would wait in send()
            data = packet.encode()
            frame = ws.ws.send(Message(data=data) if isinstance(data, bytes) else TextMessage(data=str(data)))
            try:
                sent = raw.send(frame, sockets.MSG_DONTWAIT)
            except BlockingIOError:
                sent = 0
            except OSError:
                return False  # a broken connection: the writer thread finds out and closes it
            if sent < len(frame):  # the frame is made (a compressed one moved the compressor on): it goes out whole
                self.rest = frame[sent:]
                queue.Queue.put(direct, FLUSH)  # wake the writer to finish this frame, ahead of anything else
            return True
        finally:
            self.send_lock.release()


def version_mismatch(supported: dict[str, str]) -> str | None:
    """Which of these packages is not at the major version whose internals a fast path relies on, or None."""
    for package, major in supported.items():
        found = version(package)
        if not found.startswith(major):
            return f"{package} {found} is not {major}x"
    return None


def unsupported_reason(engineio_server) -> str | None:
    """Why the direct path cannot be used with these libraries, or None when everything it relies on is there."""
    mismatch = version_mismatch(SUPPORTED)
    if mismatch:
        return mismatch
    if engineio_server.async_mode != "threading":
        return f"async mode {engineio_server.async_mode!r}, not threading"
    if engineio_server._async.get("websocket") is not SimpleWebSocketWSGI:
        return "engineio's threading driver no longer uses SimpleWebSocketWSGI"
    handler = getattr(engineio.socket.Socket, "_websocket_handler", None)
    if handler is None or not callable(getattr(SimpleWebSocketWSGI, "send", None)):
        return "engineio's Socket._websocket_handler or SimpleWebSocketWSGI.send is gone"
    return None


def use_direct_websockets(engineio_server) -> bool:
    """Plugs the wrapper into one engineio server (threading mode; in gevent mode, gevent_websockets' lean
    path), leaving the module's defaults alone. Returns whether a direct path is on; says so in the log."""
    global active_path
    reason = unsupported_reason(engineio_server)
    if engineio_server.async_mode == "gevent":
        # No GIL hand-over to avoid, but a greenlet per connection for writing and another for pinging cost
        # memory and switches: gevent_websockets writes from the emitting greenlet instead.
        from queue_server.gevent_websockets import use_lean_websockets
        lean_reason = use_lean_websockets(engineio_server)
        if lean_reason:
            active_path = f"engineio's writer greenlets ({lean_reason})"
            log.warning("WebSocket fan-out: %s; each idle connection costs more memory", active_path)
            return False
        active_path = "direct from the emitting greenlet, one ping greenlet (gevent)"
        log.info("WebSocket fan-out: %s", active_path)
        return True
    if reason:
        active_path = f"engineio's writer threads ({reason})"
        log.warning("WebSocket fan-out: %s; calls reach many displays more slowly", active_path)
        return False
    engineio_server._async = {**engineio_server._async, "websocket": DirectWebSocketWSGI}
    active_path = f"direct (python-engineio {version('python-engineio')}, simple-websocket {version('simple-websocket')})"
    log.info("WebSocket fan-out: %s", active_path)
    return True
