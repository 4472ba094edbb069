"""What runs around every request for administration:

- before: pick up admin changes made by any server process (centre_settings.refresh); end the session of a
  staff account that was disabled, had its role changed or its password reset; note when a device's token
  was last used (at most once a minute per token, so devices do not write on every poll);
- after: the audit log (services/audit.py).
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, current_app, request, session
from sqlalchemy import select, update

from queue_server import models
from queue_server.services import access, audit, centre_settings

LAST_SEEN_EVERY = timedelta(minutes=1)


def _centre():
    return current_app.extensions["motcua"]


def _check_staff_session() -> None:
    if not session.get("user"):
        return
    with _centre().db.reading() as db_session:
        user = db_session.scalar(select(models.StaffUser).where(models.StaffUser.username == session["user"]))
        valid = (user is not None and user.active and user.role == session.get("role")
                 and user.session_version == session.get("v", 0))
    if not valid:
        session.clear()


def _note_token_use() -> None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return
    centre = _centre()
    token_hash, now = access.hash_token(token.strip()), centre.now()
    with centre.db.reading() as db_session:
        seen = db_session.execute(select(models.ApiToken.id, models.ApiToken.last_seen_at).where(
            models.ApiToken.token_hash == token_hash, models.ApiToken.revoked_at.is_(None))).first()
    if seen is None or (seen.last_seen_at is not None and now - seen.last_seen_at < LAST_SEEN_EVERY):
        return
    with centre.db.transaction() as (db_session, _):
        db_session.execute(update(models.ApiToken).where(models.ApiToken.id == seen.id).values(last_seen_at=now))


def _before():
    if request.endpoint and request.endpoint.endswith("static"):
        return
    centre_settings.refresh(_centre())
    _check_staff_session()
    _note_token_use()


def install(app: Flask) -> None:
    centre = app.extensions["motcua"]
    with centre.db.transaction() as (db_session, _):
        centre_settings.seed(db_session, centre.config)
    centre_settings.refresh(centre, force=True)
    app.before_request(_before)
    audit.install(app)
