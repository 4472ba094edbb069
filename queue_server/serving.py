"""What the serving process does beyond the app: its async mode, werkzeug's TCP settings and the garbage collector."""

from __future__ import annotations

import gc
import socket
import sys


def async_mode() -> str:
    """Flask-SocketIO's async mode for this process: "gevent" when a gevent server (gunicorn -k gevent or
    the gevent-websocket worker: docs/deployment.md) has patched the standard library before the app was
    imported, so each connection is a greenlet of a few KB; otherwise "threading" (`make run`, the
    threaded gunicorn command), a thread per connection."""
    if "gevent" in sys.modules:
        from gevent import monkey
        if monkey.is_module_patched("socket"):
            return "gevent"
    return "threading"


def freeze_start_up_objects() -> None:
    """Hides what start-up built (modules, the centre's config, SQLAlchemy's metadata and statement caches:
    most of the process's objects) from the cyclic garbage collector. Otherwise every full collection walks
    all of them: 92 ms measured with 100 displays connected, a pause that every display saw as a late call.
    Objects made later are still collected, and frozen ones are still freed when nothing refers to them."""
    gc.collect()
    gc.freeze()


def no_delay_request_handler():
    """Werkzeug's request handler with TCP_NODELAY on every connection.

    Werkzeug writes a response's headers and body in two send() calls; with Nagle's algorithm on, the body
    waits for the client to acknowledge the headers, and the client delays that acknowledgement (up to
    ~40 ms on Linux), so every small API answer took tens of milliseconds on an idle machine. Gunicorn sets
    TCP_NODELAY itself.
    """
    from werkzeug.serving import WSGIRequestHandler

    class NoDelayRequestHandler(WSGIRequestHandler):
        def setup(self):
            super().setup()
            try:
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:  # not a TCP socket (a Unix socket, say)
                pass

    return NoDelayRequestHandler
