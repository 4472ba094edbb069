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

Only connections opened directly as WebSocket take this path (the pages and devices do: motcua.js asks for
"websocket" first); a connection upgraded from long-polling keeps engineio's own queue, which the polling
requests share. Tied to python-engineio 4.x and simple-websocket 1.x (pinned in requirements.txt): the
engineio Socket whose handler this wraps is `handler.__self__`, its queue is `Socket.queue`, and its writer
sends `packet.encode()` through this wrapper's `send`.
"""

from __future__ import annotations

import queue
import socket as sockets
import threading

from engineio.async_drivers._websocket_wsgi import SimpleWebSocketWSGI
from wsproto.events import Message, TextMessage


class _Flush:
    """Queued after a partial write: the writer thread sends the rest of the frame before anything else."""

    def encode(self):
        return self


FLUSH = _Flush()


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
        if item is None or not self.connection.send_now(item, self):
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
        self.send_lock = threading.Lock()
        self.rest = b""  # the unsent end of a frame that went out only in part
        self.direct: DirectQueue | None = None
        engineio_socket = getattr(self.app, "__self__", None)
        if engineio_socket is not None and not engineio_socket.connected:  # not an upgrade from polling
            self.direct = engineio_socket.queue = DirectQueue(self, engineio_socket.queue)
        return super().__call__(environ, start_response)

    def send(self, message):
        """The writer thread's send: the rest of a partial frame first, then the message."""
        with self.send_lock:
            try:
                if self.rest:
                    self.ws.sock.sendall(self.rest)
                    self.rest = b""
                if message is not FLUSH:
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
            sock = ws.sock
            if self.rest or not direct.is_idle() or sock.gettimeout() is not None:
                return False  # keep the order; and a socket with a timeout would wait in send()
            data = packet.encode()
            frame = ws.ws.send(Message(data=data) if isinstance(data, bytes) else TextMessage(data=str(data)))
            try:
                sent = sock.send(frame, sockets.MSG_DONTWAIT)
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


def use_direct_websockets(engineio_server) -> None:
    """Plugs the wrapper into one engineio server (threading mode), leaving the module's defaults alone."""
    if engineio_server.async_mode == "threading":
        engineio_server._async = {**engineio_server._async, "websocket": DirectWebSocketWSGI}
