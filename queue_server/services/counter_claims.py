"""Who works at which counter: one staff member (in one browser session) per counter, one counter per person.

A second sign-in to a taken counter is refused unless it asks to take over, which the first browser hears
at once (event counter_claimed) and shows. Staff may act only on the counter
they hold, or on a free counter while they hold none (a script with a staff token, say); managers and admins
may act on any counter.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import and_, bindparam, delete, or_, select
from sqlalchemy.orm import Session

from queue_server import models
from queue_server.context import Centre
from queue_server.errors import Conflict, Forbidden, NotFound
from queue_server.services import events
from queue_server.services.access import Principal


def claim_id(session_key: str) -> str:
    """A public handle for one claim: lets a browser tell its own claim from another's, reveals nothing."""
    return hashlib.sha256(session_key.encode()).hexdigest()[:16]


def holder(session: Session, counter_number: int) -> models.CounterClaim | None:
    return session.get(models.CounterClaim, counter_number)


def claim(centre: Centre, counter_number: int, username: str, session_key: str, takeover: bool = False) -> dict:
    with centre.db.transaction() as (session, outbox):
        counter = session.get(models.Counter, counter_number)
        if counter is None:
            raise NotFound(f"No counter {counter_number}", code="unknown_counter")
        user = session.scalar(select(models.StaffUser).where(models.StaffUser.username == username))
        if user is not None and user.counters and counter_number not in {c.number for c in user.counters}:
            raise Forbidden(f"Quầy {counter_number} không được giao cho bạn / Counter {counter_number} is not "
                            "assigned to you", code="counter_not_assigned")
        current = holder(session, counter_number)
        if current is not None and current.session_key != session_key and not takeover:
            who = "bạn ở một trình duyệt khác / you, in another browser" if current.username == username \
                else current.username
            raise Conflict(f"Quầy {counter_number} đang do {who} phụ trách. Chọn \"Tiếp quản\" để nhận quầy. / "
                           f"Counter {counter_number} is held by {who}. Choose \"Take over\" to take it.",
                           code="counter_taken", holder=current.username)
        taken_from = current.username if current is not None and current.session_key != session_key else None
        # One counter per person (and per browser): leaving any other counter first.
        session.execute(delete(models.CounterClaim).where(
            (models.CounterClaim.username == username) | (models.CounterClaim.session_key == session_key)))
        session.flush()
        if current is not None:
            session.execute(delete(models.CounterClaim).where(models.CounterClaim.counter_number == counter_number))
        session.add(models.CounterClaim(counter_number=counter_number, username=username, session_key=session_key,
                                        claimed_at=centre.now()))
        outbox.add("counter_claimed", {"counter_number": counter_number, "claim": claim_id(session_key),
                                       "taken_over": taken_from is not None}, events.PUBLIC)
        return {"counter_number": counter_number, "claim": claim_id(session_key), "taken_from": taken_from}


def release(centre: Centre, username: str, session_key: str) -> int | None:
    """Leave the counter this browser session holds (sign-out); returns its number, if any."""
    with centre.db.transaction() as (session, outbox):
        row = session.scalar(select(models.CounterClaim).where(models.CounterClaim.username == username,
                                                               models.CounterClaim.session_key == session_key))
        if row is None:
            return None
        number = row.counter_number
        session.delete(row)
        announce_free(outbox, number)
        return number


def announce_free(outbox, counter_number: int) -> None:
    """The counter has no holder any more: every console and the admin pages reload who holds what."""
    outbox.add("counter_claimed", {"counter_number": counter_number, "claim": None, "taken_over": False},
               events.PUBLIC)


def held_by(centre: Centre, username: str, session_key: str) -> int | None:
    with centre.db.reading() as session:
        return session.scalar(select(models.CounterClaim.counter_number).where(
            models.CounterClaim.username == username, models.CounterClaim.session_key == session_key))


_CLAIMS = models.CounterClaim.__table__
# Before every counter action by staff: the counter's holder and the caller's own claim, in one statement
# built once (run without a transaction: one statement is its own snapshot).
_HOLDER_AND_OWN = select(_CLAIMS.c.counter_number, _CLAIMS.c.username, _CLAIMS.c.session_key).where(
    or_(_CLAIMS.c.counter_number == bindparam("number"),
        and_(_CLAIMS.c.username == bindparam("username"), _CLAIMS.c.session_key == bindparam("key"))))


def check_may_work(centre: Centre, principal: Principal, counter_number: int, session_key: str | None) -> None:
    """Refuses a staff member acting on another's counter, or on a counter other than the one they hold."""
    if principal.role in ("manager", "admin"):
        return
    key = session_key if principal.via == "session" else f"token:{principal.name}"
    rows = centre.db.statement(_HOLDER_AND_OWN, params={"number": counter_number, "username": principal.name,
                                                        "key": key})
    current = next((row for row in rows if row.counter_number == counter_number), None)
    own = next((row.counter_number for row in rows if (row.username, row.session_key) == (principal.name, key)),
               None)
    if current is not None and (current.username, current.session_key) == (principal.name, key):
        return
    if current is not None:
        who = current.username if current.username != principal.name else "bạn ở trình duyệt khác / you, in another browser"
        raise Forbidden(f"Quầy {counter_number} do {who} phụ trách / Counter {counter_number} is held by {who}",
                        code="not_your_counter", holder=current.username)
    if own is not None:
        raise Forbidden(f"Bạn đang phụ trách quầy {own}, không phải quầy {counter_number} / You hold counter {own}, "
                        f"not counter {counter_number}", code="not_your_counter")
