"""The audit log's Flask side: after every state-changing request that succeeded, one entry with the caller
(api/auth's principal), the address and the request's body cleaned of secrets (services/audit.py writes it
and knows nothing of Flask). Sign-ins and sign-outs are written by the login page (`for_request`)."""

from __future__ import annotations

import logging

from flask import Flask, g, request

from queue_server.api.auth import session_principal
from queue_server.error_handlers import is_database_unavailable
from queue_server.services import audit
from queue_server.context import current_centre

log = logging.getLogger("motcua")

STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
NOT_AUDITED = {
    "assistant_relay.relay_message",  # a visitor's chat: changes nothing, and its text is personal
    "api.raise_help_request",  # the visitor's question: help_requests writes its own line without it
    "staff.login",  # written by the login page itself, with the outcome
    "staff.logout",
    "api.heartbeat",  # every 30 s from every console: taking and leaving a counter are the lines kept
    # a visitor's own booking, from their phone: no staff action, and the path holds the manage link's secret
    "api.book_appointment", "api.cancel_appointment", "api.move_appointment",
}


def address() -> str | None:
    return request.remote_addr or None


def for_request(actor: str | None, role: str | None, action: str, status: int = 200, **detail) -> None:
    """An entry about this request (its path and address), written by the view itself."""
    audit.write(current_centre(), actor, role, action, request.path, status, address=address(),
                **detail)


def _request_detail() -> dict:
    if request.is_json:
        return audit.clean(request.get_json(silent=True))
    return audit.clean(request.form.to_dict())


def _after(response):
    if (request.method not in STATE_CHANGING or request.endpoint in NOT_AUDITED or response.status_code >= 400
            or g.get("action_refused")  # a form refused with a message on the page it came from
            or g.get("not_audited")):  # a request that changed nothing worth a line (a printer's heartbeat)
        return response
    principal = g.get("principal") or session_principal()
    actor, role = (principal.name, principal.role) if principal else (None, None)
    detail = _request_detail() if actor else {}
    try:
        audit.write(current_centre(), actor, role, request.endpoint or "?", request.path,
                    response.status_code, request_detail=detail, address=address())
    except Exception as exc:  # the change itself is done; a failed audit write is logged loudly, not hidden
        if is_database_unavailable(exc):  # an outage (answered 503 elsewhere): one line, not a stack trace
            log.error("audit log: could not record %s %s by %s: database unavailable (%s)", request.method,
                      request.path, actor, (str(getattr(exc, "orig", exc)).strip().splitlines() or ["?"])[0])
        else:
            log.exception("audit log: could not record %s %s", request.method, request.path)
    return response


def install(app: Flask) -> None:
    app.after_request(_after)
