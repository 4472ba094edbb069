"""Who works at which counter: one staff member (in one browser session) per counter, one counter per person.

A second person's claim of a taken counter is refused unless it asks to take over, which the first browser
hears at once (event counter_claimed) and shows; the same person signing in again (a new browser session)
gets their counter back without one. Staff act only on the counter they hold, by session or by API token
alike (a token claims with POST /console/claim, or is bound to a counter when created with `--counter` for a
call-button device); managers and admins may act on any counter. Holding a counter is what staffs it
(services/staffing.py).
"""

from __future__ import annotations

import hashlib

from sqlalchemy import and_, bindparam, delete, or_, select
from sqlalchemy.orm import Session

from queue_server import models
from queue_server.context import Centre
from queue_server.errors import Conflict, Forbidden, NotFound
from queue_server.services import events, staffing
from queue_server.services.access import Principal


def claim_id(session_key: str) -> str:
    """A public handle for one claim: lets a browser tell its own claim from another's, reveals nothing."""
    return hashlib.sha256(session_key.encode()).hexdigest()[:16]


def holder(db_session: Session, counter_number: int) -> models.CounterClaim | None:
    return db_session.get(models.CounterClaim, counter_number)


def claim(centre: Centre, counter_number: int, username: str, session_key: str, takeover: bool = False) -> dict:
    with centre.db.transaction() as (db_session, outbox):
        counter = db_session.get(models.Counter, counter_number)
        if counter is None:
            raise NotFound(f"No counter {counter_number}", code="unknown_counter")
        user = db_session.scalar(select(models.StaffUser).where(models.StaffUser.username == username))
        if user is not None and user.counters and counter_number not in {c.number for c in user.counters}:
            raise Forbidden(f"Quầy {counter_number} không được giao cho bạn", code="counter_not_assigned",
                            message_en=f"Counter {counter_number} is not assigned to you")
        current = holder(db_session, counter_number)
        if current is not None and current.username != username and not takeover:
            raise Conflict(f"Quầy {counter_number} đang do {current.username} phụ trách. Chọn \"Tiếp quản\" để "
                           "nhận quầy.", code="counter_taken", holder=current.username,
                           message_en=f"Counter {counter_number} is held by {current.username}. Choose "
                           "\"Take over\" to take it.")
        taken_from = current.username if current is not None and current.username != username else None
        # One counter per person (and per browser): leaving any other counter first.
        theirs = (models.CounterClaim.username == username) | (models.CounterClaim.session_key == session_key)
        left = db_session.scalars(select(models.CounterClaim.counter_number).where(theirs)).all()
        db_session.execute(delete(models.CounterClaim).where(theirs))
        db_session.flush()
        for number in set(left) - {counter_number}:
            staffing.end(db_session, outbox, centre, number)
        if current is not None:
            db_session.execute(delete(models.CounterClaim).where(models.CounterClaim.counter_number == counter_number))
        db_session.add(models.CounterClaim(counter_number=counter_number, username=username, session_key=session_key,
                                        claimed_at=centre.now()))
        staffing.start(db_session, outbox, centre, counter_number, username)
        outbox.add("counter_claimed", {"counter_number": counter_number, "claim": claim_id(session_key),
                                       "taken_over": taken_from is not None}, events.PUBLIC)
        return {"counter_number": counter_number, "claim": claim_id(session_key), "taken_from": taken_from}


def release(centre: Centre, username: str, session_key: str) -> int | None:
    """Leave the counter this browser session holds (sign-out); returns its number, if any."""
    with centre.db.transaction() as (db_session, outbox):
        row = db_session.scalar(select(models.CounterClaim).where(models.CounterClaim.username == username,
                                                               models.CounterClaim.session_key == session_key))
        if row is None:
            return None
        number = row.counter_number
        db_session.delete(row)
        announce_free(db_session, outbox, centre, number)
        return number


def announce_free(db_session: Session, outbox, centre: Centre, counter_number: int) -> None:
    """The counter has no holder any more: it is no longer staffed, and every console and the admin pages
    reload who holds what."""
    staffing.end(db_session, outbox, centre, counter_number)
    outbox.add("counter_claimed", {"counter_number": counter_number, "claim": None, "taken_over": False},
               events.PUBLIC)


def move_to_session(centre: Centre, username: str, session_key: str) -> int | None:
    """A person signing in again (another browser, or after their session ended) gets back the counter
    their account still holds: the claim moves to the new session, no takeover. Returns its number."""
    with centre.db.transaction() as (db_session, outbox):
        row = db_session.scalar(select(models.CounterClaim).where(models.CounterClaim.username == username))
        if row is None:
            return None
        row.session_key = session_key
        outbox.add("counter_claimed", {"counter_number": row.counter_number, "claim": claim_id(session_key),
                                       "taken_over": False}, events.PUBLIC)
        staffing.start(db_session, outbox, centre, row.counter_number, username)
        return row.counter_number


def claim_key(principal: Principal, browser_key: str | None) -> str | None:
    """A session's claims are keyed by its browser session, a token's by the token's name."""
    return browser_key if principal.via == "session" else token_key(principal.name)


def token_key(name: str) -> str:
    return f"token:{name}"


def held_by(centre: Centre, username: str, session_key: str) -> int | None:
    with centre.db.reading() as db_session:
        return db_session.scalar(select(models.CounterClaim.counter_number).where(
            models.CounterClaim.username == username, models.CounterClaim.session_key == session_key))


_CLAIMS = models.CounterClaim.__table__
# Before every counter action by staff: the counter's holder and the caller's own claim, in one statement
# built once (run without a transaction: one statement is its own snapshot).
_HOLDER_AND_OWN = select(_CLAIMS.c.counter_number, _CLAIMS.c.username, _CLAIMS.c.session_key).where(
    or_(_CLAIMS.c.counter_number == bindparam("number"),
        and_(_CLAIMS.c.username == bindparam("username"), _CLAIMS.c.session_key == bindparam("key"))))


def check_may_work(centre: Centre, principal: Principal, counter_number: int, session_key: str | None) -> None:
    """Refuses a staff member (session or token) acting on any counter but the one they hold."""
    if principal.has("manager"):  # managers (and admins) may work at any counter
        return
    key = claim_key(principal, session_key)
    rows = centre.db.statement(_HOLDER_AND_OWN, params={"number": counter_number, "username": principal.name,
                                                        "key": key})
    current = next((row for row in rows if row.counter_number == counter_number), None)
    own = next((row.counter_number for row in rows if (row.username, row.session_key) == (principal.name, key)),
               None)
    if current is not None and (current.username, current.session_key) == (principal.name, key):
        return
    if current is not None:
        mine = current.username == principal.name
        raise Forbidden(f"Quầy {counter_number} do {'bạn ở trình duyệt khác' if mine else current.username} phụ trách",
                        code="not_your_counter", holder=current.username, message_en=f"Counter {counter_number} is "
                        f"held by {'you, in another browser' if mine else current.username}")
    if own is not None:
        raise Forbidden(f"Bạn đang phụ trách quầy {own}, không phải quầy {counter_number}", code="not_your_counter",
                        message_en=f"You hold counter {own}, not counter {counter_number}")
    if not centre.db.statement(select(models.Counter.number).where(models.Counter.number == counter_number)):
        raise NotFound(f"No counter {counter_number}", code="unknown_counter")
    raise Forbidden(f"Nhận quầy {counter_number} trước khi làm việc tại đó", code="counter_not_held",
                    message_en=f"Take counter {counter_number} before working at it")
