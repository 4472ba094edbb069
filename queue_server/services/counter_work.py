"""What a counter does with tickets: call next, recall, start, done, no-show, transfer, cancel, hold, resume.

Two counters pressing "call next" at the same instant never get the same ticket: the call is a conditional
UPDATE (only if the ticket is still waiting), and the loser simply takes the next candidate.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session, selectinload

from queue_server import models
from queue_server.appointment_config import settings_of
from queue_server.context import Centre
from queue_server.errors import Conflict, NotFound, Unprocessable
from queue_server.rules import lifecycle, ordering
from queue_server.rules.lifecycle import WAITING, TransitionRefused
from queue_server.rules.numbering import parse_number
from queue_server.services import events, staffing
from queue_server.services.queue_state import callable_heads, counter_brief, policy_of, public_ticket, today

# A lost claim means another counter has just called that ticket: the queue moved on, nothing is stuck. So
# the retries are bounded by time, not by count: four busy counters racing for the same head on a loaded
# server can lose twenty times in a row, and "press again" would only put the counter in the race again.
CALL_RETRY_SECONDS = 5.0


def load_counter(session: Session, number: int) -> models.Counter:
    counter = session.scalar(select(models.Counter).where(models.Counter.number == number)
                             .options(selectinload(models.Counter.fields)))
    if counter is None:
        raise NotFound(f"No counter {number}", code="unknown_counter")
    return counter


def require_open(counter: models.Counter) -> None:
    """A counter on break or closed receives no call of any kind (call next, call a number, resume)."""
    if not counter.is_open:
        vi, en = ("tạm nghỉ", "on a break") if counter.closed_reason == "break" else ("đóng cửa", "closed")
        raise Conflict(f"Quầy {counter.number} đang {vi}; mở quầy trước khi gọi số.", code="counter_closed",
                       message_en=f"Counter {counter.number} is {en}; open it before calling.")


_T, _C, _CF = models.Ticket.__table__, models.Counter.__table__, models.counter_fields
# "Call next" runs on every press at every counter: its reads and writes are Core statements built once (the
# ORM's loading and unit of work cost more than the rest of the call); the other actions load and change
# their ticket with the ORM.
_CURRENT = (select(_T).where(_T.c.service_day == bindparam("day"), _T.c.counter_number == bindparam("number"),
                             _T.c.status.in_(("called", "serving")))
            .order_by(_T.c.called_at.desc()).limit(1))
_FINISH = update(_T).where(_T.c.id == bindparam("ticket_id")).values(status=bindparam("status"),
                                                                      finished_at=bindparam("finished_at"))
_CALLING_COUNTER = (select(_C.c.number, _C.c.name, _C.c.location, _C.c.is_open, _C.c.closed_reason,
                           _C.c.normal_since_priority, _C.c.appointment_streak, _CF.c.field_id)
                    .outerjoin(_CF, _CF.c.counter_number == _C.c.number)
                    .outerjoin(models.Field, models.Field.id == _CF.c.field_id)
                    .where(_C.c.number == bindparam("number")).order_by(models.Field.position))
_CLAIM = (update(_T).where(_T.c.id == bindparam("ticket_id"), _T.c.status.in_(WAITING))
          .values(status="called", counter_number=bindparam("counter"), called_at=bindparam("now"),
                  target_counter=None)
          .returning(*_T.c))
_SET_INTERLEAVE = (update(_C).where(_C.c.number == bindparam("counter"))
                   .values(normal_since_priority=bindparam("count"), appointment_streak=bindparam("streak")))


@dataclass(frozen=True)
class CallingCounter:
    """A counter as call_next reads it (one query, with the fields it serves in their order)."""

    number: int
    name: str
    location: str
    is_open: bool
    closed_reason: str | None
    normal_since_priority: int
    appointment_streak: int
    field_ids: tuple[str, ...]


def calling_counter(session: Session, number: int) -> CallingCounter:
    rows = session.connection().execute(_CALLING_COUNTER, {"number": number}).all()
    if not rows:
        raise NotFound(f"No counter {number}", code="unknown_counter")
    return CallingCounter(*rows[0][:7], field_ids=tuple(row.field_id for row in rows if row.field_id))


def current_ticket(session: Session, centre: Centre, counter_number: int) -> models.Ticket | None:
    return session.scalar(select(models.Ticket).from_statement(_CURRENT),
                          {"day": today(centre), "number": counter_number})


def record(session: Session, outbox, centre: Centre, ticket: models.Ticket, action: str, actor: str,
           counter: models.Counter | CallingCounter | None, **detail) -> None:
    kind = lifecycle.EVENT_KIND[action]
    events.write_ticket_event(session, ticket.id, kind, centre.now(), actor,
                              counter.number if counter else None, detail)
    events.ticket_changed(session, outbox, centre, ticket, kind, counter)


def apply(ticket: models.Ticket, action: str) -> None:
    try:
        ticket.status = lifecycle.next_status(ticket.status, action)
    except TransitionRefused as exc:
        raise Conflict(f"Ticket {ticket.number}: {exc}", code="transition_refused") from None


def finish_current(session, outbox, centre, counter, actor) -> None:
    """Calling the next visitor closes the one still at the desk, as staff expect. Read and written with
    Core statements: the ticket object is only read (views, events), it is not in the session."""
    row = session.connection().execute(_CURRENT, {"day": today(centre), "number": counter.number}).first()
    if row is not None:
        ticket = models.Ticket(**row._mapping)
        apply(ticket, "done")
        ticket.finished_at = centre.now()
        session.connection().execute(_FINISH, {"ticket_id": ticket.id, "status": ticket.status,
                                               "finished_at": ticket.finished_at})
        record(session, outbox, centre, ticket, "done", actor, counter, closed_by="call_next")


def call_next(centre: Centre, counter_number: int, actor: str) -> dict | None:
    with centre.db.transaction() as (session, outbox):
        counter = calling_counter(session, counter_number)
        require_open(counter)
        finish_current(session, outbox, centre, counter, actor)
        fields = frozenset(counter.field_ids)
        policy = replace(policy_of(centre), appointments_in_a_row=settings_of(centre.config).in_a_row)
        skipped: set[int] = set()
        deadline = time.monotonic() + CALL_RETRY_SECONDS
        while time.monotonic() < deadline:
            waiting = callable_heads(session, centre, fields, counter.number, exclude=skipped)
            chosen = ordering.choose_next(waiting, counter.number, fields, counter.normal_since_priority, policy,
                                          now=centre.now(), appointment_streak=counter.appointment_streak)
            if chosen is None:
                return None
            # Only while it is still waiting; RETURNING hands back the called ticket, so it is not read again.
            row = session.connection().execute(_CLAIM, {"ticket_id": chosen.ticket_id, "counter": counter.number,
                                                        "now": centre.now()}).first()
            if row is None:  # another counter took it a moment ago
                skipped.add(chosen.ticket_id)
                continue
            count = ordering.next_interleave_count(chosen, counter.normal_since_priority, policy)
            walk_ins = any(not ordering.is_appointment(c) for c in waiting if c.ticket_id != chosen.ticket_id)
            streak = ordering.next_appointment_streak(chosen, counter.appointment_streak, walk_ins, policy)
            if (count, streak) != (counter.normal_since_priority, counter.appointment_streak):
                session.connection().execute(_SET_INTERLEAVE, {"counter": counter.number, "count": count,
                                                               "streak": streak})
            ticket = models.Ticket(**row._mapping)
            record(session, outbox, centre, ticket, "call", actor, counter)
            return public_ticket(centre, ticket)
        raise Conflict("Hàng chờ đang thay đổi nhanh, xin bấm gọi lại.", code="busy",
                       message_en="The queue is changing too fast; please press again.")


def _ticket_at_counter(session, centre, counter: models.Counter, ticket_id: int | None) -> models.Ticket:
    if ticket_id is None:
        ticket = current_ticket(session, centre, counter.number)
        if ticket is None:
            raise Conflict(f"Counter {counter.number} has no ticket called or being served", code="no_current_ticket")
        return ticket
    ticket = session.get(models.Ticket, ticket_id)
    if ticket is None:
        raise NotFound(f"No ticket {ticket_id}", code="unknown_ticket")
    if ticket.counter_number == counter.number:
        return ticket
    if ticket.status not in WAITING:
        raise Conflict(f"Ticket {ticket.number} is handled by counter {ticket.counter_number}", code="other_counter")
    # A waiting ticket only if this counter could call it (the rule of ordering._eligible and of the console's
    # waiting list): sent to this counter, or in a field it serves and not sent to another.
    if ticket.target_counter != counter.number and (
            ticket.target_counter is not None or ticket.field_id not in {f.id for f in counter.fields}):
        raise Conflict(f"Quầy {counter.number} không phục vụ số {ticket.number}.", code="not_served_here",
                       message_en=f"Counter {counter.number} does not serve ticket {ticket.number}.")
    return ticket


def act(centre: Centre, counter_number: int, action: str, actor: str, ticket_id: int | None = None) -> dict:
    """recall, start, done, no_show, cancel or hold the counter's current ticket (or the one named)."""
    with centre.db.transaction() as (session, outbox):
        counter = load_counter(session, counter_number)
        ticket = _ticket_at_counter(session, centre, counter, ticket_id)
        apply(ticket, action)
        now = centre.now()
        if action == "recall":
            ticket.recall_count += 1
            ticket.called_at = now
        elif action == "start":
            ticket.started_at = now
        elif action in ("done", "no_show", "cancel"):
            ticket.finished_at = now
        record(session, outbox, centre, ticket, action, actor, counter)
        return public_ticket(centre, ticket)


def call_specific(centre: Centre, counter_number: int, number: str, actor: str) -> dict:
    """Call a given number (a visitor who came back after a no-show, say), out of the usual order."""
    parsed = parse_number(number)
    if parsed is None:
        raise Unprocessable(f"{number!r} is not a ticket number like A-025", code="invalid_number")
    with centre.db.transaction() as (session, outbox):
        counter = load_counter(session, counter_number)
        require_open(counter)
        # The desk's visitor is closed first (Core, see finish_current), so that the ticket read next is as
        # the transaction left it (calling the desk's own number is refused as calling a done ticket).
        finish_current(session, outbox, centre, counter, actor)
        ticket = session.scalar(select(models.Ticket).where(
            models.Ticket.service_day == today(centre), models.Ticket.prefix == parsed[0],
            models.Ticket.sequence == parsed[1]))
        if ticket is None:
            raise NotFound(f"No ticket {number} today", code="unknown_ticket")
        apply(ticket, "call")
        ticket.counter_number, ticket.called_at, ticket.target_counter = counter.number, centre.now(), None
        record(session, outbox, centre, ticket, "call", actor, counter, out_of_order=True)
        return public_ticket(centre, ticket)


def transfer(centre: Centre, counter_number: int, actor: str, field_id: str | None, to_counter: int | None,
             reason: str | None, ticket_id: int | None = None) -> dict:
    """Send a visitor to another field or counter: same number, same place in line (queued_at is kept)."""
    if not field_id and to_counter is None:
        raise Unprocessable("Say where to transfer: field_id or counter_number", code="missing_target")
    with centre.db.transaction() as (session, outbox):
        counter = load_counter(session, counter_number)
        ticket = _ticket_at_counter(session, centre, counter, ticket_id)
        target = None
        if to_counter is not None:
            target = load_counter(session, to_counter)
            if not target.is_open:
                raise Conflict(f"Counter {to_counter} is closed", code="counter_closed")
        if field_id:
            field = session.get(models.Field, field_id)
            if field is None or field.prefix is None:
                raise NotFound(f"No field {field_id!r} served here", code="unknown_field")
            if target is not None and field_id not in {f.id for f in target.fields}:
                raise Conflict(f"Counter {to_counter} does not serve {field_id}", code="field_not_served")
            ticket.field_id = field_id
        apply(ticket, "transfer")
        ticket.target_counter = target.number if target else None
        ticket.counter_number, ticket.called_at, ticket.started_at = None, None, None
        note = (reason or "")[:300]
        record(session, outbox, centre, ticket, "transfer", actor, counter,
               to_field=field_id, to_counter=to_counter, reason=note)
        if target is not None:  # the colleague there hears of it at once, with the reason (their room only)
            outbox.add("ticket_handed_over", {"ticket": public_ticket(centre, ticket),
                                              "from_counter": counter_brief(counter), "reason": note},
                       events.counter_room(target.number))
        return public_ticket(centre, ticket)


def held_tickets(session: Session, centre: Centre, counter_number: int) -> list[models.Ticket]:
    return list(session.scalars(select(models.Ticket).where(
        models.Ticket.service_day == today(centre), models.Ticket.counter_number == counter_number,
        models.Ticket.status == "held").order_by(models.Ticket.called_at, models.Ticket.id)))


def resume(centre: Centre, counter_number: int, actor: str, ticket_id: int | None = None) -> dict:
    """Bring back a held visitor (the one named, else the longest held) once the desk is free."""
    with centre.db.transaction() as (session, outbox):
        counter = load_counter(session, counter_number)
        require_open(counter)
        busy = current_ticket(session, centre, counter.number)
        if busy is not None:
            raise Conflict(f"Counter {counter.number} is serving {busy.number}; finish or hold it first",
                           code="counter_busy")
        if ticket_id is None:
            held = held_tickets(session, centre, counter.number)
            if not held:
                raise Conflict(f"Counter {counter.number} has no held ticket", code="no_held_ticket")
            ticket = held[0]
        else:
            ticket = _ticket_at_counter(session, centre, counter, ticket_id)
        apply(ticket, "resume")
        ticket.started_at = ticket.started_at or centre.now()
        record(session, outbox, centre, ticket, "resume", actor, counter)
        return public_ticket(centre, ticket)


CLOSED_REASONS = ("break", "closed")


def _release_tickets_sent_to(session, outbox, centre: Centre, counter: models.Counter, actor: str) -> None:
    """A counter closed for the day gives the visitors sent to it back to their field's queue, keeping their
    place (queued_at): nobody else could call them, and they would wait for a desk that is not coming back.
    A break keeps them: the same desk returns."""
    sent_here = session.scalars(select(models.Ticket).where(
        models.Ticket.service_day == today(centre), models.Ticket.target_counter == counter.number,
        models.Ticket.status.in_(WAITING)).order_by(models.Ticket.queued_at, models.Ticket.id)).all()
    for ticket in sent_here:
        apply(ticket, "transfer")
        ticket.target_counter = None
        record(session, outbox, centre, ticket, "transfer", actor, counter,
               to_field=ticket.field_id, to_counter=None, reason="counter_closed")


def set_counter_open(centre: Centre, counter_number: int, is_open: bool, actor: str,
                     reason: str | None = None) -> dict:
    """Open, or close for a break ("break") or for the day ("closed", the default)."""
    if not is_open and (reason or "closed") not in CLOSED_REASONS:
        raise Unprocessable(f"reason must be one of {', '.join(CLOSED_REASONS)}", code="invalid_reason")
    with centre.db.transaction() as (session, outbox):
        counter = load_counter(session, counter_number)
        counter.is_open = is_open
        counter.closed_reason = None if is_open else (reason or "closed")
        if counter.closed_reason == "closed":
            _release_tickets_sent_to(session, outbox, centre, counter, actor)
        # A break or a closing ends the staffing; reopening staffs it again if someone holds it.
        holder = session.get(models.CounterClaim, counter_number)
        if is_open and holder is not None:
            staffing.start(session, outbox, centre, counter_number, holder.username, quietly=True)
        elif not is_open:
            staffing.end(session, outbox, centre, counter_number, quietly=True)
        view = staffing.counter_view(counter, staffed=is_open and holder is not None)
        outbox.add("counter_changed", {"counter": view}, events.PUBLIC)
        return view
