"""Which counters are staffed: a person holds the counter through the console's claim (a signed-in
session, or a staff token that claimed it), the counter is not on a break or closed, and its console was
seen within `staffing.console_timeout_minutes` (2 by default: a closed laptop stops staffing it by itself).

Each stretch is a staffed_periods row: started by a claim or the end of a break, kept alive by the
console's heartbeat, ended by a release (sign-out, session end, another person's takeover), a break or a
closing; a period whose console went quiet simply stops counting at its last heartbeat. Counters start the
day unstaffed: nothing is staffed until someone sits down. Tickets, the queue, the catalogue, the
estimates and the reports read this, never the open flag alone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from queue_server import models
from queue_server.context import Centre
from queue_server.services import catalogue, events
from queue_server.services.queue_state import fresh_since

_P = models.StaffedPeriod.__table__
_OPEN = _P.c.ended_at.is_(None)


def _open_periods(session: Session, counter_number: int) -> list[models.StaffedPeriod]:
    return list(session.scalars(select(models.StaffedPeriod).where(
        models.StaffedPeriod.counter_number == counter_number, models.StaffedPeriod.ended_at.is_(None))))


def end(session: Session, outbox, centre: Centre, counter_number: int, quietly: bool = False) -> None:
    """Nobody is at the counter any more: its open period ends now (at its last heartbeat if the console had
    gone quiet), and every display and console hears it (unless `quietly`: the caller announces)."""
    periods = _open_periods(session, counter_number)
    _close(centre, periods)
    counter = session.get(models.Counter, counter_number)
    if periods and counter is not None and not quietly:
        announce(outbox, counter, False)


def _close(centre: Centre, periods: list[models.StaffedPeriod]) -> None:
    since, now = fresh_since(centre), centre.now()
    for period in periods:
        period.ended_at = now if period.seen_at >= since else period.seen_at


def start(session: Session, outbox, centre: Centre, counter_number: int, username: str,
          quietly: bool = False) -> None:
    """`username` sits down at the counter (a claim, or back from a break): a new period, unless it is the
    same person whose console is still seen there (signing in again keeps the stretch going)."""
    counter = session.get(models.Counter, counter_number)
    if counter is None or not counter.is_open:
        return
    now = centre.now()
    current = _open_periods(session, counter_number)
    if len(current) == 1 and current[0].username == username and current[0].seen_at >= fresh_since(centre):
        current[0].seen_at = now
        return
    _close(centre, current)
    session.add(models.StaffedPeriod(counter_number=counter_number, username=username, started_at=now,
                                     seen_at=now))
    if not quietly:
        announce(outbox, counter, True)


def seen(centre: Centre, counter_number: int, username: str) -> bool:
    """The holder's console is alive (its heartbeat): the period goes on, or starts again after a lapse.
    Returns whether the counter is staffed now (not while on a break or closed)."""
    with centre.db.transaction() as (session, outbox):
        kept = session.connection().execute(
            update(_P).where(_P.c.counter_number == counter_number, _P.c.username == username, _OPEN,
                             _P.c.seen_at >= fresh_since(centre)).values(seen_at=centre.now())).rowcount
        if kept:
            return True
        start(session, outbox, centre, counter_number, username)
        counter = session.get(models.Counter, counter_number)
        return counter is not None and counter.is_open


def announce(outbox, counter: models.Counter, staffed: bool) -> None:
    """counter_changed: every display, kiosk and console redraws the counter as open/closed and staffed."""
    outbox.add("counter_changed", {"counter": counter_view(counter, staffed)}, events.PUBLIC)


def counter_view(counter: models.Counter, staffed: bool) -> dict:
    return {**catalogue.counter_view(counter), "closed_reason": counter.closed_reason, "staffed": staffed}


def staffed_minutes(session: Session, centre: Centre, start_at: datetime, end_at: datetime) -> dict[int, float]:
    """Minutes each counter was staffed between two moments (periods clipped to them; an open period counts
    up to now while its console is seen, else up to its last heartbeat)."""
    since, now = fresh_since(centre), centre.now()
    rows = session.execute(select(_P.c.counter_number, _P.c.started_at, _P.c.seen_at, _P.c.ended_at).where(
        _P.c.started_at < end_at, (_P.c.ended_at.is_(None)) | (_P.c.ended_at > start_at))).all()
    minutes: dict[int, float] = {}
    for number, started, seen_at, ended in rows:
        until = ended or (now if seen_at >= since else seen_at)
        span = (min(until, end_at) - max(started, start_at)).total_seconds() / 60
        if span > 0:
            minutes[number] = minutes.get(number, 0.0) + span
    return minutes
