"""Who may do what: bearer tokens for devices and scripts, password logins for staff.

Tokens and passwords are stored hashed only. Roles: kiosk (issues tickets and prints), display (listens),
counter-tablet (the rating tablet of the one counter its token is bound to), staff (counter work), manager
(staff work plus reports), admin (everything in its centre). `city` (issue 17) is apart: it reads every
centre's live figures and reports (/city) and does nothing in any centre; its accounts live in the first
centre's tables and are made on the command line only, never by a centre's manager or admin.
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
from queue_server.services import events

CITY = "city"
ROLES = ("kiosk", "display", "counter-tablet", "staff", "manager", "admin", CITY)
COUNTER_TABLET = "counter-tablet"
STAFF_ROLES = ("staff", "manager", "admin", CITY)


@dataclass(frozen=True)
class Principal:
    """The caller of a request: a device or person, with a role."""

    name: str
    role: str
    via: str  # "token" or "session"
    counter: int | None = None  # the counter a device token is bound to (a counter's rating tablet)

    def has(self, *roles: str) -> bool:
        """One of these roles, or a centre's admin (the city's routes ask for `city` alone: auth.require)."""
        return self.role == "admin" or self.role in roles


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_device_token() -> str:
    """A random token that does not start with "-": one in 64 would, and `python -m printer.agent --token TOKEN`
    (argparse) then reads it as an option and stops."""
    while (token := secrets.token_urlsafe(32)).startswith("-"):
        pass
    return token


def create_token(centre: Centre, role: str, name: str, counter: int | None = None) -> str:
    """A new token (only its hash is kept); a counter tablet's is bound to its counter, which must exist."""
    if role not in ROLES:
        raise Unprocessable(f"role must be one of {', '.join(ROLES)}", code="invalid_role")
    if (role == COUNTER_TABLET) != (counter is not None):
        raise Unprocessable("a counter-tablet token needs its counter, and only such a token has one",
                            code="invalid_counter")
    token = new_device_token()
    with centre.db.transaction() as (session, _):
        if counter is not None and session.get(models.Counter, counter) is None:
            raise Unprocessable(f"No counter {counter}", code="unknown_counter")
        session.add(models.ApiToken(name=name, role=role, token_hash=hash_token(token), created_at=centre.now(),
                                    counter_number=counter))
    return token


def revoke_tokens(centre: Centre, name: str) -> int:
    """Revokes every token of the name and closes the live connections made with them (issue 14, finding 12:
    a revoked kiosk kept hearing its print jobs, tracking links included)."""
    with centre.db.transaction() as (session, _):
        tokens = session.scalars(select(models.ApiToken).where(
            models.ApiToken.name == name, models.ApiToken.revoked_at.is_(None))).all()
        for token in tokens:
            token.revoked_at = centre.now()
    centre.db.close_connections(events.token_room(name))
    return len(tokens)


def principal_for_token(centre: Centre, token: str) -> Principal | None:
    """The owner of a token that is not revoked: one SELECT (no session, no ORM object)."""
    tokens = models.ApiToken.__table__
    rows = centre.db.statement(select(tokens.c.name, tokens.c.role, tokens.c.counter_number).where(
        tokens.c.token_hash == hash_token(token), tokens.c.revoked_at.is_(None)))
    return token_principal(rows[0]) if rows else None


def token_principal(row) -> Principal:
    """The principal of an api_tokens row (name, role, counter_number)."""
    return Principal(name=row.name, role=row.role, via="token", counter=row.counter_number)


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
    close_account_connections(centre, username)


def session_version(centre: Centre, username: str) -> int:
    """The account's session version: a session signed with an older one has been ended (end_sessions)."""
    with centre.db.reading() as session:
        return session.scalar(select(models.StaffUser.session_version)
                              .where(models.StaffUser.username == username)) or 0


def close_account_connections(centre: Centre, username: str) -> None:
    """The live connections opened with the account's sessions end with them: a signed-out console must not
    keep hearing its counter's transfer notes."""
    centre.db.close_connections(events.account_room(username))


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
        raise Unauthorized("Tên đăng nhập hoặc mật khẩu không đúng", code="login_failed",
                           message_en="Wrong username or password")
    return principal


@functools.cache
def _unknown_user_hash() -> str:
    """Checked in place of a password for a name that has none: an unknown name costs a hash like a real one."""
    return generate_password_hash(secrets.token_hex(16))
