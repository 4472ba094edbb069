"""Live connections per address: one address may hold `security.connections_per_address` Socket.IO requests
at once (default 100); more are answered 429 at once, before Engine.IO sees them.

Under the production command (gunicorn's threads, docs/deployment.md) every open WebSocket and every waiting
long-poll holds a server thread for as long as it lasts, and anyone may open one (the displays need no
token): 1,000 held from one address took every thread, and `GET /api/v1/queue` waited until they closed.
Counting them per address keeps most threads for everyone else. The count is per process and exact (a
connection is counted while its request runs, however it ends). Behind a reverse proxy every connection
comes from the proxy's address: limit there (nginx `limit_conn`, docs/deployment.md) and raise this one, or
give the app the visitors' addresses (ProxyFix).
"""

from __future__ import annotations

import json
import threading
from collections import Counter

SOCKETIO_PATH = "/socket.io"


class ConnectionLimit:
    """WSGI middleware around the app (and Engine.IO, which Flask-SocketIO put in front of it)."""

    def __init__(self, app, limit_for):
        self.app = app
        self.limit_for = limit_for  # () → the current limit (the centre's configuration)
        self.held: Counter[str] = Counter()
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if not environ.get("PATH_INFO", "").startswith(SOCKETIO_PATH):
            return self.app(environ, start_response)
        address = environ.get("REMOTE_ADDR") or "?"
        with self.lock:
            if self.held[address] >= self.limit_for():
                return self._refuse(start_response)
            self.held[address] += 1
        try:  # threading mode: a WebSocket or a long-poll is served inside this call, until it ends
            return self.app(environ, start_response)
        finally:
            with self.lock:
                self.held[address] -= 1
                if self.held[address] <= 0:
                    del self.held[address]

    @staticmethod
    def _refuse(start_response):
        body = json.dumps({"error": {
            "code": "too_many_connections",
            "message": "Quá nhiều kết nối trực tiếp từ địa chỉ này; xin thử lại sau.",
            "message_en": "Too many live connections from this address; please try again later."}},
            ensure_ascii=False).encode("utf-8")
        start_response("429 Too Many Requests", [("Content-Type", "application/json; charset=utf-8"),
                                                 ("Content-Length", str(len(body))), ("Retry-After", "10"),
                                                 ("Cache-Control", "no-store")])
        return [body]


def install(app, centre) -> None:
    """Wraps the app's WSGI callable (after Flask-SocketIO has put Engine.IO in front of it)."""
    app.wsgi_app = ConnectionLimit(app.wsgi_app, lambda: centre.config.security.connections_per_address)
