"""What one address may hold, and what it has used up, answered in front of the app (WSGI middleware).

Live connections: one address may hold `security.connections_per_address` Socket.IO requests at once (default
100); more are answered 429 at once, before Engine.IO sees them. Under the production command (gunicorn's
threads, docs/deployment.md) every open WebSocket and every waiting long-poll holds a server thread for as long
as it lasts, and anyone may open one (the displays need no token): 1,000 held from one address took every
thread, and `GET /api/v1/queue` waited until they closed. The count is per process and exact (a connection is
counted while its request runs, however it ends).

Limits already used up: a robot message or an anonymous queue read from an address whose window is full is
refused here, with the answer the route itself gives (rate_limits.py counts them there), without the app's
request hooks and their database query: a flood of refused requests costs the centre little.

Behind a reverse proxy every request comes from the proxy's address: limit there (nginx `limit_conn`,
docs/deployment.md) and raise these, or give the app the visitors' addresses (ProxyFix).
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter

from queue_server.context import CENTRE_KEY
from queue_server.services import rate_limits
from queue_server.web import limiter

SOCKETIO_PATH = "/socket.io"


_SESSION_COOKIE = re.compile(r"(^|[;\s])session(-[a-z0-9-]+)?=")  # a centre's staff cookie (centre_paths.py)


def _anonymous(environ) -> bool:
    return not environ.get("HTTP_AUTHORIZATION") and not _SESSION_COOKIE.search(environ.get("HTTP_COOKIE", ""))


# (method, path, who is limited, the route's own per-address check)
USED_UP = {("POST", "/api/v1/assistant/messages"): (lambda environ: True, rate_limits.check_assistant),
           ("GET", "/api/v1/queue"): (_anonymous, rate_limits.check_queue_read),
           ("GET", "/api/v1/centres"): (_anonymous, rate_limits.check_centres_read)}


class ConnectionLimit:
    """Around the app (and Engine.IO, which Flask-SocketIO put in front of it)."""

    def __init__(self, wsgi_app, flask_app, city):
        self.wsgi_app, self.flask_app, self.city = wsgi_app, flask_app, city
        self.centre = city.default  # live connections are counted per address across the city
        self.held: Counter[str] = Counter()
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        address = environ.get("REMOTE_ADDR") or "?"
        if not environ.get("PATH_INFO", "").startswith(SOCKETIO_PATH):
            return self._unless_used_up(environ, start_response, address)
        with self.lock:
            if self.held[address] >= self.centre.config.security.connections_per_address:
                return _refuse(start_response, "10", {"error": {
                    "code": "too_many_connections",
                    "message": "Quá nhiều kết nối trực tiếp từ địa chỉ này; xin thử lại sau.",
                    "message_en": "Too many live connections from this address; please try again later."}})
            self.held[address] += 1
        try:  # threading mode: a WebSocket or a long-poll is served inside this call, until it ends
            return self.wsgi_app(environ, start_response)
        finally:
            with self.lock:
                self.held[address] -= 1
                if self.held[address] <= 0:
                    del self.held[address]

    def _unless_used_up(self, environ, start_response, address: str):
        limited = USED_UP.get((environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")))
        if limited is not None and limited[0](environ):
            try:
                centre = self.city.get(environ.get(CENTRE_KEY)) or self.centre  # the path's centre (centre_paths.py)
                limited[1](limiter.of(self.flask_app).within(centre.room_prefix), centre.config.security, address,
                           count=False)
            except rate_limits.RateLimited as refused:
                return _refuse(start_response, str(refused.retry_after), refused.to_json())
        return self.wsgi_app(environ, start_response)


def _refuse(start_response, retry_after: str, answer: dict):
    body = json.dumps(answer, ensure_ascii=False).encode("utf-8")
    start_response("429 Too Many Requests", [("Content-Type", "application/json; charset=utf-8"),
                                             ("Content-Length", str(len(body))), ("Retry-After", retry_after),
                                             ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")])
    return [body]


def install(app, city) -> None:
    """Wraps the app's WSGI callable (after Flask-SocketIO has put Engine.IO in front of it)."""
    app.wsgi_app = ConnectionLimit(app.wsgi_app, app, city)
