"""Which centre a request is for, read from its path in front of the app (WSGI middleware, issue 17).

    /c/<id>/kiosk, /c/<id>/api/v1/queue, /c/<id>/socket.io/  → the app's /kiosk, /api/v1/queue, /socket.io/
    /api/v1/centres/<id>/tickets                              → the app's /api/v1/tickets

The centre's id goes into the environ (context.CENTRE_KEY, read by current_centre()) and `/c/<id>` into
SCRIPT_NAME, so every URL the app makes for that request (url_for, a ticket's tracking link, the pages' API
base) stays within the centre. A path that names no centre is the first centre's: a single-centre deployment
keeps its URLs. An unknown id is answered 404 here. Each centre's staff sign in with a cookie of their own
(CentreSessions), so a session of one centre is nobody at another.
"""

from __future__ import annotations

import json
import re

from flask import has_request_context, request
from flask.sessions import SecureCookieSessionInterface

from queue_server.context import CENTRE_KEY, City

_ID = r"([a-z0-9][a-z0-9-]{0,39})"
PAGE_PATH = re.compile(rf"^/c/{_ID}(/.*)?$")
API_PATH = re.compile(rf"^/api/v1/centres/{_ID}(/.*)$")
PREFIX = "/c/"


def centre_root(centre_id: str) -> str:
    """The path every URL of that centre starts with."""
    return PREFIX + centre_id


class CentrePaths:
    def __init__(self, wsgi_app, city: City):
        self.wsgi_app, self.city = wsgi_app, city

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO") or ""
        match = PAGE_PATH.match(path) or API_PATH.match(path)
        if match is None:
            return self.wsgi_app(environ, start_response)
        centre_id, rest = match.group(1), match.group(2) or "/"
        if self.city.get(centre_id) is None:
            return _unknown_centre(start_response, centre_id)
        environ[CENTRE_KEY] = centre_id
        environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "").rstrip("/") + centre_root(centre_id)
        environ["PATH_INFO"] = rest if match.re is PAGE_PATH else "/api/v1" + rest
        return self.wsgi_app(environ, start_response)


def _unknown_centre(start_response, centre_id: str):
    body = json.dumps({"error": {"code": "unknown_centre",
                                 "message": f"Không có trung tâm nào mang mã “{centre_id}”.",
                                 "message_en": f"There is no centre called “{centre_id}”."}},
                      ensure_ascii=False).encode()
    start_response("404 Not Found", [("Content-Type", "application/json; charset=utf-8"),
                                     ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
    return [body]


class CentreSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, one cookie per centre: `session` for the first centre (as before),
    `session-<id>` for the others. A staff member signed in at one centre is a stranger at the next."""

    def __init__(self, city: City):
        self.city = city

    def get_cookie_name(self, app) -> str:
        name = super().get_cookie_name(app)
        centre_id = request.environ.get(CENTRE_KEY) if has_request_context() else None
        if centre_id is None or self.city.get(centre_id) is self.city.default:
            return name
        return f"{name}-{centre_id}"
