"""The app's rate limiter: Flask-Limiter's `Limiter`, built once per app (so tests, each with their own app,
never share counts), wrapped in services/rate_limits.RateLimits for the centre's keyed limits.

Moving windows, in this process or in Redis (`MOTCUA_REDIS_URL`, the Redis that carries Socket.IO's
messages) under a prefix named after the database. No limit is declared on a route or as a default: the
centre's limits are checked where their key is known (docs/security.md), so Flask-Limiter adds no headers and
no per-request storage access of its own.
"""

from __future__ import annotations

import hashlib

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from queue_server.context import current_centre
from queue_server.services.rate_limits import RateLimits

EXTENSION = "motcua_rate_limiter"


def install(app: Flask, redis_url: str | None, database_url: str) -> RateLimits:
    prefix = "motcua:ratelimit:" + hashlib.sha256((database_url or "").encode()).hexdigest()[:16]
    options = {"key_prefix": prefix, "socket_timeout": 0.5, "socket_connect_timeout": 0.5} if redis_url else {}
    limiter = Limiter(get_remote_address, app=app, storage_uri=redis_url or "memory://", storage_options=options,
                      strategy="moving-window", key_prefix=prefix, headers_enabled=False)
    limits = app.extensions[EXTENSION] = RateLimits(limiter.limiter, shared=bool(redis_url))
    return limits


def of(app: Flask) -> RateLimits:
    return app.extensions[EXTENSION]


def current() -> RateLimits:
    """The limiter of the app handling this request, keyed within the request's centre."""
    return current_app.extensions[EXTENSION].within(current_centre().room_prefix)
