"""One handler for every error: JSON {"error": {...}} for the API, a plain page for browsers, never a trace.

The database being away (a restart, a dropped connection, SQLite's write lock held too long) is not a bug:
it answers 503 with `Retry-After` and code `database_unavailable`, and is logged as one warning per outage
(then a summary at most every LOG_EVERY seconds), not a stack trace per request.
"""

import logging
import threading
import time

from flask import Flask, jsonify, make_response, render_template, request
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException

from queue_server.errors import ApiError

log = logging.getLogger("motcua")

RETRY_AFTER_SECONDS = 2
DATABASE_ERRORS = (OperationalError, InterfaceError, DisconnectionError, PoolTimeoutError)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def respond(error: ApiError):
    if wants_json():
        response = jsonify(error.to_json())
        response.status_code = error.status
    else:
        response = make_response(render_template("error.html", error=error), error.status)
    if error.status == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class _OutageLog:
    """Logs the first database failure, then at most one summary line every LOG_EVERY seconds."""

    LOG_EVERY = 30.0

    def __init__(self):
        self.lock = threading.Lock()
        self.last_logged = 0.0
        self.suppressed = 0

    def note(self, exc: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            if now - self.last_logged < self.LOG_EVERY:
                self.suppressed += 1
                return
            suppressed, self.suppressed, self.last_logged = self.suppressed, 0, now
        first_line = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0]
        more = f" ({suppressed} more failed requests not logged)" if suppressed else ""
        log.warning("database unavailable, answering 503: %s: %s%s", type(exc).__name__, first_line, more)


def is_database_unavailable(exc: BaseException) -> bool:
    """A failure of the database's availability (retry later), not of our SQL."""
    if isinstance(exc, DATABASE_ERRORS):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def database_unavailable_error(exc: BaseException) -> ApiError:
    if getattr(exc, "outcome_unknown", False):
        return ApiError("The connection to the database was lost while saving: the change may or may not have "
                        "been saved. Check (e.g. reload the queue) before retrying.",
                        code="database_unavailable", status=503, outcome_unknown=True)
    return ApiError("The database is briefly unavailable; nothing was saved. Please retry.",
                    code="database_unavailable", status=503)


def register(app: Flask) -> None:
    app.register_error_handler(ApiError, respond)
    outages = _OutageLog()

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        original = getattr(exc, "original_exception", None)  # a failure outside the view (after_request)
        if original is not None and is_database_unavailable(original):
            return database_down(original)
        code = (exc.name or "error").lower().replace(" ", "_")
        return respond(ApiError(exc.description or exc.name, code=code, status=exc.code or 500))

    def database_down(exc):
        outages.note(exc)
        return respond(database_unavailable_error(exc))

    @app.errorhandler(Exception)
    def unexpected(exc):
        if is_database_unavailable(exc):  # the DBAPIError family reaches here by the MRO
            return database_down(exc)
        log.exception("unexpected error on %s %s", request.method, request.path)
        return respond(ApiError("Something went wrong on the server. Please retry; if it happens again, tell the staff.",
                                code="internal_error", status=500))
