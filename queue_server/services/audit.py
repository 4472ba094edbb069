"""The audit log: who changed what, and when.

Every state-changing request (POST, PUT, PATCH, DELETE) that succeeds is written down by one hook after the
response is built (one INSERT of its own: the status is the response's, and a change whose answer is an error
is not logged as done), so a new route is audited without anyone remembering to; sign-ins and refused sign-ins
are written by the login page itself. That hook is web/audit_log.py: this module knows nothing of Flask, and is
told the actor and the address. Secrets (passwords, tokens, CSRF) never reach the log, and what
anonymous callers send (visitors' messages) is not kept, only that they called. Each entry keeps the address the
request came from; a refused sign-in keeps only that and the reason, never the name as typed (it may be a
password typed in the wrong box).
"""

from __future__ import annotations

from sqlalchemy import func, insert, select

from queue_server import models
from queue_server.context import Centre

SECRET_KEYS = ("password", "token", "csrf", "secret")
MAX_VALUE = 300
_INSERT_ENTRY = insert(models.AuditEntry.__table__)


def clean(data) -> dict:
    """A request body fit for the log: secrets masked, long values cut, at most 40 keys."""
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
          status: int = 200, request_detail: dict | None = None, address: str | None = None, **detail) -> None:
    """One entry. request_detail: a request's body as it came (it may hold keys such as "status" or "action");
    address: where the request came from (web/audit_log.py passes it; None outside a request)."""
    # One INSERT, on its own (no session, no read), built once: it runs after every state-changing request.
    address = (address or "")[:45] or None
    centre.db.statement(_INSERT_ENTRY, write=True, params=dict(
        at=centre.now(), actor=actor, role=role, action=action, target=target[:300], status=status,
        detail=clean({**(request_detail or {}), **detail}), address=address))


def entries(centre: Centre, limit: int = 200, offset: int = 0, actor: str | None = None) -> tuple[list, int]:
    with centre.db.reading() as db_session:
        query = select(models.AuditEntry)
        if actor:
            query = query.where(models.AuditEntry.actor == actor)
        total = db_session.scalar(select(func.count()).select_from(query.subquery()))
        rows = db_session.scalars(query.order_by(models.AuditEntry.id.desc()).offset(offset).limit(limit)).all()
        return rows, total
