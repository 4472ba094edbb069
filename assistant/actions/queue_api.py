"""Client of the queue server's HTTP API (the only data source of the actions).

Base URL from MOTCUA_SERVER_URL (default http://127.0.0.1:5000), bearer token from
MOTCUA_ASSISTANT_TOKEN (needed to issue tickets). Short timeouts: a visitor is waiting.

In a city (issue 17) one robot server answers the robots of every centre: the queue server's relay sends the
centre with each message (metadata `centre`, `centre_path`), and the actions talk to that centre's API
(`<server>/c/<id>/api/v1/...`) with that centre's robot token, from the JSON file MOTCUA_ASSISTANT_TOKENS_FILE
({centre id: token}; a centre not in it uses MOTCUA_ASSISTANT_TOKEN).
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from contextvars import ContextVar
from typing import Any

import requests

CONNECT_TIMEOUT = 1.0
READ_TIMEOUT = 2.5
CATALOGUE_TTL = 30.0  # seconds: counters open/close, procedures rarely change
REASON_MAX = 200  # characters of the visitor's last question sent with a call for staff (the server keeps as many)


class ServerUnavailable(Exception):
    """The queue server did not answer (down, timeout, bad gateway)."""


class ApiError(Exception):
    """The queue server answered with an error body {"error": {"code", "message"}}."""

    def __init__(self, status: int, code: str, message: str, extra: dict | None = None):
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message
        self.extra = extra or {}  # the error's other keys ("message_en", "from_time", "number")


class QueueApi:
    def __init__(self, base_url: str | None = None, token: str | None = None, session: Any = None, centre: str = ""):
        self.base_url = (base_url or os.environ.get("MOTCUA_SERVER_URL") or "http://127.0.0.1:5000").rstrip("/")
        self.centre = centre  # this centre's id in a city ("": a single centre, or the city's first)
        self.token = token if token is not None else os.environ.get("MOTCUA_ASSISTANT_TOKEN", "")
        self.session = session or requests.Session()
        self._catalogue: dict | None = None
        self._catalogue_at = 0.0
        self._lock = threading.Lock()

    def _request(self, method: str, path: str, **kwargs) -> dict:
        try:
            response = self.session.request(method, self.base_url + path,
                                            timeout=(CONNECT_TIMEOUT, READ_TIMEOUT), **kwargs)
        except requests.RequestException as exc:
            raise ServerUnavailable(str(exc)) from exc
        if response.status_code >= 500:
            raise ServerUnavailable(f"{response.status_code} from {path}")
        try:
            body = response.json()
        except ValueError as exc:
            raise ServerUnavailable(f"non-JSON answer from {path}") from exc
        if response.status_code >= 400:
            error = body.get("error", {}) if isinstance(body, dict) else {}
            raise ApiError(response.status_code, error.get("code", "error"), error.get("message", ""),
                           {k: v for k, v in error.items() if k not in ("code", "message")})
        return body

    def catalogue(self) -> dict:
        """GET /api/v1/catalogue, cached for CATALOGUE_TTL seconds (open_now is refreshed with it)."""
        with self._lock:
            if self._catalogue is None or time.monotonic() - self._catalogue_at > CATALOGUE_TTL:
                self._catalogue = self._request("GET", "/api/v1/catalogue")
                self._catalogue_at = time.monotonic()
            return self._catalogue

    def queue(self) -> dict:
        return self._request("GET", "/api/v1/queue")

    def lookup(self, number: str) -> dict | None:
        """Public view of one ticket, or None when no such ticket today."""
        try:
            return self._request("GET", "/api/v1/tickets/lookup", params={"number": number})
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise

    def issue_ticket(self, procedure_id: str, priority: str | None) -> dict:
        body = {"procedure_id": procedure_id, "priority": priority}
        headers = {"Authorization": f"Bearer {self.token}"}
        return self._request("POST", "/api/v1/tickets", json=body, headers=headers)["ticket"]

    def check_in_appointment(self, code: str) -> dict:
        """POST /api/v1/appointments/<code>/check-in with the robot's token (issue 18) → {"ticket", "appointment",
        "outcome": "on_time"|"late", "message": {vi, en}}; 404 unknown code, 409/422 with the server's reason."""
        headers = {"Authorization": f"Bearer {self.token}"}
        return self._request("POST", f"/api/v1/appointments/{requests.utils.quote(code, safe='')}/check-in",
                             json={}, headers=headers)

    def centres(self, procedure_id: str | None = None, position: tuple[float, float] | None = None) -> list[dict]:
        """GET /api/v1/centres (issue 17): the city's centres (a single centre: its one), in the city's order or
        nearest `position` first with `distance_km`; with `procedure_id` only those issuing tickets for it, with
        that queue's `waiting` and `eta_minutes` (404 unknown_procedure when no centre knows it)."""
        params: dict[str, Any] = {"procedure_id": procedure_id} if procedure_id else {}
        if position is not None:
            params["lat"], params["lon"] = position
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}  # not counted as an anonymous reader
        return self._request("GET", "/api/v1/centres", params=params, headers=headers).get("centres") or []

    def request_help(self, ticket_number: str | None, reason: str, language: str) -> dict:
        """POST /api/v1/help-requests with the robot's token: every counter console is alerted.
        → {"help_request": {id, device_name, status, ...}, "repeated"}."""
        body = {"ticket_number": ticket_number, "reason": reason[:REASON_MAX], "language": language}
        headers = {"Authorization": f"Bearer {self.token}"}
        return self._request("POST", "/api/v1/help-requests", json=body, headers=headers)


_apis: dict[str, QueueApi] = {}
_apis_lock = threading.Lock()
# the centre of the message being answered: "" (a single centre, or the city's first) or "hoan-kiem"
_centre: ContextVar[str] = ContextVar("motcua_centre", default="")
_CENTRE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def use_centre(metadata: dict | None) -> None:
    """Called with the message's metadata before an action reads anything (turn.Turn)."""
    centre = (metadata or {}).get("centre") if isinstance(metadata, dict) else None
    _centre.set(centre if isinstance(centre, str) and _CENTRE_ID.match(centre) and (metadata or {}).get("centre_path")
                else "")


def _centre_token(centre: str) -> str | None:
    path = os.environ.get("MOTCUA_ASSISTANT_TOKENS_FILE")
    if not centre or not path:
        return None
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f).get(centre)
    except (OSError, ValueError, AttributeError):
        return None


def default_api() -> QueueApi:
    """One client per centre per action-server process, created on first use (never at import time)."""
    centre = _centre.get()
    with _apis_lock:
        if centre not in _apis:
            server = (os.environ.get("MOTCUA_SERVER_URL") or "http://127.0.0.1:5000").rstrip("/")
            _apis[centre] = QueueApi(server + (f"/c/{centre}" if centre else ""), _centre_token(centre), centre=centre)
        return _apis[centre]
