"""Who may do what: bearer tokens for devices and scripts, password logins for staff.

Tokens and passwords are stored hashed only. Roles: kiosk (issues tickets and prints), display (listens),
staff (counter work), manager (staff work plus reports), admin (everything).
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from queue_server import models
from queue_server.context import Centre
from queue_server.errors import Unauthorized, Unprocessable

ROLES = ("kiosk", "display", "staff", "manager", "admin")
STAFF_ROLES = ("staff", "manager", "admin")


@dataclass(frozen=True)
class Principal:
    """The caller of a request: a device or person, with a role."""

    name: str
    role: str
    via: str  # "token" or "session"

    def has(self, *roles: str) -> bool:
        return self.role == "admin" or self.role in roles


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(centre: Centre, role: str, name: str) -> str:
    if role not in ROLES:
        raise Unprocessable(f"role must be one of {', '.join(ROLES)}", code="invalid_role")
    token = secrets.token_urlsafe(32)
    with centre.db.transaction() as (session, _):
        session.add(models.ApiToken(name=name, role=role, token_hash=hash_token(token), created_at=centre.now()))
    return token


def revoke_tokens(centre: Centre, name: str) -> int:
    with centre.db.transaction() as (session, _):
        tokens = session.scalars(select(models.ApiToken).where(
            models.ApiToken.name == name, models.ApiToken.revoked_at.is_(None))).all()
        for token in tokens:
            token.revoked_at = centre.now()
        return len(tokens)


def principal_for_token(centre: Centre, token: str) -> Principal | None:
    """The owner of a token that is not revoked: one SELECT (no session, no ORM object)."""
    tokens = models.ApiToken.__table__
    rows = centre.db.statement(select(tokens.c.name, tokens.c.role).where(
        tokens.c.token_hash == hash_token(token), tokens.c.revoked_at.is_(None)))
    return Principal(name=rows[0].name, role=rows[0].role, via="token") if rows else None


def create_staff(centre: Centre, username: str, password: str, display_name: str, role: str = "staff") -> None:
    if role not in STAFF_ROLES:
        raise Unprocessable(f"role must be one of {', '.join(STAFF_ROLES)}", code="invalid_role")
    if len(password) < 8:
        raise Unprocessable("password must have at least 8 characters", code="weak_password")
    with centre.db.transaction() as (session, _):
        session.add(models.StaffUser(username=username, display_name=display_name, role=role,
                                     password_hash=generate_password_hash(password)))


def end_sessions(centre: Centre, username: str) -> None:
    """Signs the account out everywhere (on sign-out): a session cookie made before now no longer opens
    anything, neither another browser's nor the copy that a console request still in flight during the
    sign-out brings back with its answer (cookie sessions are re-sent on every answer)."""
    with centre.db.transaction() as (session, _):
        session.execute(update(models.StaffUser).where(models.StaffUser.username == username)
                        .values(session_version=models.StaffUser.session_version + 1))


def staff_exists(centre: Centre, username: str) -> bool:
    with centre.db.reading() as session:
        return session.scalar(select(models.StaffUser.id).where(models.StaffUser.username == username)) is not None


def log_in(centre: Centre, username: str, password: str) -> Principal:
    """Checks a password. A wrong password, an unknown name and a disabled account get the same answer in about
    the same time, so the answer never tells which names exist. Repeated failures are limited by the login page
    per address (or known browser) and name (web/known_browsers.py), never by locking the account itself:
    whoever can type a name must not be able to lock its owner out."""
    with centre.db.reading() as session:
        user = session.scalar(select(models.StaffUser).where(models.StaffUser.username == username))
        known = user is not None and user.active
        stored = user.password_hash if known else _unknown_user_hash()
        principal = Principal(name=user.username, role=user.role, via="session") if known else None
    if not check_password_hash(stored, password) or principal is None:
        raise Unauthorized("Tên đăng nhập hoặc mật khẩu không đúng / Wrong username or password",
                           code="login_failed")
    return principal


@functools.cache
def _unknown_user_hash() -> str:
    """Checked in place of a password for a name that has none: an unknown name costs a hash like a real one."""
    return generate_password_hash(secrets.token_hex(16))
