"""The audit log: who changed what, and when.

Every state-changing request (POST, PUT, PATCH, DELETE) that succeeds is written down by one hook after the
response is built (one INSERT of its own: the status is the response's, and a change whose answer is an
error is not logged as done), so a new route is audited without anyone remembering to; sign-ins and refused sign-ins
are written by the login page itself. Secrets (passwords, tokens, CSRF) never reach the log, and what
anonymous callers send (visitors' messages) is not kept, only that they called. Each entry keeps the address the
request came from; a refused sign-in keeps only that and the reason, never the name as typed (it may be a
password typed in the wrong box).
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, has_request_context, request, session
from sqlalchemy import func, insert, select

from queue_server import models
from queue_server.context import Centre

log = logging.getLogger("motcua")

STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
SECRET_KEYS = ("password", "token", "csrf", "secret")
NOT_AUDITED = {
    "assistant_relay.relay_message",  # a visitor's chat: changes nothing, and its text is personal
    "api.raise_help_request",  # the visitor's question: help_requests writes its own line without it
    "staff.login",  # written by the login page itself, with the outcome
    "staff.logout",
    "api.heartbeat",  # every 30 s from every console: taking and leaving a counter are the lines kept
}
MAX_VALUE = 300
_INSERT_ENTRY = insert(models.AuditEntry.__table__)


def _clean(data) -> dict:
    if not isinstance(data, dict):
        return {}
    cleaned = {}
    for key, value in list(data.items())[:40]:
        if any(secret in str(key).lower() for secret in SECRET_KEYS):
            cleaned[key] = "***"
        elif isinstance(value, (int, float, bool)) or value is None:
            cleaned[key] = value
        else:
            cleaned[key] = str(value)[:MAX_VALUE]
    return cleaned


def write(centre: Centre, actor: str | None, role: str | None, action: str, target: str = "",
          status: int = 200, request_detail: dict | None = None, **detail) -> None:
    # request_detail: a request's body as it came (it may hold keys such as "status" or "action")
    # One INSERT, on its own (no session, no read), built once: it runs after every state-changing request.
    address = (request.remote_addr or "")[:45] or None if has_request_context() else None
    centre.db.statement(_INSERT_ENTRY, write=True, params=dict(
        at=centre.now(), actor=actor, role=role, action=action, target=target[:300], status=status,
        detail=_clean({**(request_detail or {}), **detail}), address=address))


def _request_detail() -> dict:
    if request.is_json:
        return _clean(request.get_json(silent=True))
    return _clean(request.form.to_dict())


def _after(response):
    if (request.method not in STATE_CHANGING or request.endpoint in NOT_AUDITED or response.status_code >= 400
            or g.get("action_refused")  # a form refused with a message on the page it came from
            or g.get("not_audited")):  # a request that changed nothing worth a line (a printer's heartbeat)
        return response
    principal = g.get("principal")
    actor, role = (principal.name, principal.role) if principal else (session.get("user"), session.get("role"))
    detail = _request_detail() if actor else {}
    try:
        write(current_app.extensions["motcua"], actor, role, request.endpoint or "?", request.path,
              response.status_code, request_detail=detail)
    except Exception as exc:  # the change itself is done; a failed audit write is logged loudly, not hidden
        from queue_server.error_handlers import is_database_unavailable
        if is_database_unavailable(exc):  # an outage (answered 503 elsewhere): one line, not a stack trace
            log.error("audit log: could not record %s %s by %s: database unavailable (%s)", request.method,
                      request.path, actor, (str(getattr(exc, "orig", exc)).strip().splitlines() or ["?"])[0])
        else:
            log.exception("audit log: could not record %s %s", request.method, request.path)
    return response


def install(app: Flask) -> None:
    app.after_request(_after)


def entries(centre: Centre, limit: int = 200, offset: int = 0, actor: str | None = None) -> tuple[list, int]:
    with centre.db.reading() as db_session:
        query = select(models.AuditEntry)
        if actor:
            query = query.where(models.AuditEntry.actor == actor)
        total = db_session.scalar(select(func.count()).select_from(query.subquery()))
        rows = db_session.scalars(query.order_by(models.AuditEntry.id.desc()).offset(offset).limit(limit)).all()
        return rows, total
