"""One handler for every error: JSON {"error": {...}} for the API, a plain page for browsers, never a trace."""

import logging

from flask import Flask, jsonify, render_template, request
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from queue_server.errors import ApiError

log = logging.getLogger("motcua")


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def respond(error: ApiError):
    if wants_json():
        response = jsonify(error.to_json())
    else:
        response = render_template("error.html", error=error), error.status
        return response
    response.status_code = error.status
    if error.status == 503:
        response.headers["Retry-After"] = "2"
    return response


def register(app: Flask) -> None:
    app.register_error_handler(ApiError, respond)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = (exc.name or "error").lower().replace(" ", "_")
        return respond(ApiError(exc.description or exc.name, code=code, status=exc.code or 500))

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_down(exc):
        log.warning("database unavailable: %s", str(exc).splitlines()[0])
        return respond(ApiError("The database is briefly unavailable; nothing was saved. Please retry.",
                                code="database_unavailable", status=503))

    @app.errorhandler(Exception)
    def unexpected(exc):
        log.exception("unexpected error on %s %s", request.method, request.path)
        return respond(ApiError("Something went wrong on the server. Please retry; if it happens again, tell the staff.",
                                code="internal_error", status=500))
