"""Reading the live queue: who waits, people ahead, wait estimates, and the public snapshot."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, exists, select
from sqlalchemy.orm import Session

from queue_server import models
from queue_server.context import Centre
from queue_server.rules import estimates, forecast, ordering
from queue_server.rules.lifecycle import WAITING
from queue_server.services.service_times import service_minutes_by_field, today
from queue_server.services.waiting_lines import by_field, callable_heads, line_counts  # noqa: F401 (callable_heads: re-exported)

LAST_CALLS = 10


def policy_of(centre: Centre) -> ordering.Policy:
    p = centre.config.priority_policy
    return ordering.Policy(mode=p.mode, every_n_normal=p.every_n_normal, strict_override=p.strict_override)


def candidate(ticket: models.Ticket) -> ordering.Candidate:
    return ordering.Candidate(ticket_id=ticket.id, field_id=ticket.field_id, priority=ticket.priority,
                              queued_at=ticket.queued_at, target_counter=ticket.target_counter)


def waiting_tickets(session: Session, centre: Centre) -> list[models.Ticket]:
    return list(session.scalars(
        select(models.Ticket).where(models.Ticket.service_day == today(centre), models.Ticket.status.in_(WAITING))
        .order_by(models.Ticket.queued_at, models.Ticket.id)))


@dataclass(frozen=True)
class CounterRow:
    number: int
    name: str
    location: str
    is_open: bool
    staffed: bool  # someone holds it, not on a break, console seen (services/staffing.py)
    normal_since_priority: int
    field_ids: tuple[str, ...]


def fresh_since(centre: Centre) -> datetime:
    """A counter's console seen after this moment is still there (services/staffing.py)."""
    return centre.now() - timedelta(minutes=centre.config.console_timeout_minutes)


_P = models.StaffedPeriod.__table__
# Staffed: an open period of the counter whose console was seen since `fresh_since` (services/staffing.py).
_STAFFED = exists(select(_P.c.id).where(_P.c.counter_number == models.Counter.number, _P.c.ended_at.is_(None),
                                        _P.c.seen_at >= bindparam("fresh_since")))
_C, _CF = models.Counter, models.counter_fields
# The hot reads are built once: executing a prebuilt statement skips building it and reuses its compiled
# form (only the bound values change), and the Core connection skips the ORM's execution layer.
_COUNTER_ROWS = (select(_C.number, _C.name, _C.location, _C.is_open,
                        and_(_C.is_open, _STAFFED).label("staffed"),
                        _C.normal_since_priority, _CF.c.field_id)
                 .outerjoin(_CF, _CF.c.counter_number == _C.number)
                 .outerjoin(models.Field, models.Field.id == _CF.c.field_id)
                 .order_by(_C.number, models.Field.position))


def counter_rows(session: Session, centre: Centre) -> list[CounterRow]:
    """Every counter with the fields it serves and whether it is staffed, in one query (read on every issue
    and call)."""
    counters: dict[int, CounterRow] = {}
    rows = session.connection().execute(_COUNTER_ROWS, {"fresh_since": fresh_since(centre)})
    for number, name, location, is_open, staffed, since, field_id in rows:
        row = counters.get(number) or CounterRow(number, name, location, is_open, bool(staffed), since or 0, ())
        counters[number] = replace(row, field_ids=row.field_ids + ((field_id,) if field_id else ()))
    return list(counters.values())


def serving_counters(counters: list[CounterRow], ticket) -> list[CounterRow]:
    """The counters that serve a ticket: the staffed ones that do, or, while none of them is staffed, those
    that do and are not closed (each entry then says "staffed": false). A ticket sent to one counter has
    that counter."""
    serving = [c for c in counters if (c.number == ticket.target_counter if ticket.target_counter
                                       else ticket.field_id in c.field_ids)]
    return [c for c in serving if c.staffed] or [c for c in serving if c.is_open] or serving


_T = models.Ticket
_WAITING_CANDIDATES = (select(_T.id, _T.field_id, _T.priority, _T.queued_at, _T.target_counter)
                       .where(_T.service_day == bindparam("day"), _T.status.in_(WAITING)))
_BUSY_AT = select(_T.counter_number, _T.field_id, _T.called_at).where(  # the visitors at these counters now
    _T.service_day == bindparam("day"), _T.status.in_(("called", "serving")),
    _T.counter_number.in_(bindparam("numbers", expanding=True)))


def waiting_candidates(session: Session, centre: Centre) -> list[ordering.Candidate]:
    """Today's waiting tickets, as the calling rule sees them (five columns, no ORM objects)."""
    return [ordering.Candidate(*row) for row in session.connection().execute(_WAITING_CANDIDATES,
                                                                             {"day": today(centre)})]


def waiting_by_field(waiting: list[ordering.Candidate]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in waiting:
        counts[c.field_id] = counts.get(c.field_id, 0) + 1
    return counts


def staffed_desks(session: Session, centre: Centre, counters: list[CounterRow],
                  minutes: dict[str, float]) -> list[forecast.Desk]:
    """The staffed counters, each free at once or after its current visitor's remaining minutes."""
    staffed = [c for c in counters if c.staffed]
    busy = {number: (field_id, called_at) for number, field_id, called_at in session.connection().execute(
        _BUSY_AT, {"day": today(centre), "numbers": [c.number for c in staffed]})} if staffed else {}
    now, desks = centre.now(), []
    for c in staffed:
        free_in = 0.0
        if c.number in busy:
            field_id, called_at = busy[c.number]
            spent = (now - called_at).total_seconds() / 60 if called_at else 0.0
            free_in = estimates.residual_minutes(minutes.get(field_id, centre.config.service_minutes_for(field_id)),
                                                 spent)
        desks.append(forecast.Desk(c.number, frozenset(c.field_ids), c.normal_since_priority, free_in))
    return desks


def position_of(session: Session, centre: Centre, ticket: models.Ticket,
                counters: list[CounterRow] | None = None,
                waiting: list[ordering.Candidate] | None = None) -> tuple[int, int | None]:
    """(people ahead, estimated wait in minutes) for a waiting ticket; (0, 0) once it has been called.

    Both come from playing the calling rule forward over today's queue and the staffed counters
    (rules/forecast.py). The minutes are None while no staffed counter serves the ticket: the counters
    are not open yet, and no figure would be honest. `waiting`: waiting_candidates, when the caller has
    them already.
    """
    if ticket.status not in WAITING:
        return 0, 0
    counters = counter_rows(session, centre) if counters is None else counters
    waiting = waiting_candidates(session, centre) if waiting is None else waiting
    fields = {c.field_id for c in waiting} | {f for c in counters if c.staffed for f in c.field_ids}
    minutes = service_minutes_by_field(session, centre, fields)
    desks = staffed_desks(session, centre, counters, minutes)
    outlook = forecast.forecast(candidate(ticket), waiting, desks, policy_of(centre), minutes, now=centre.now())
    eta = None if outlook.minutes is None else estimates.rounded(outlook.minutes)
    return outlook.people_ahead, eta


def issued_position(session: Session, centre: Centre, ticket: models.Ticket, counters: list[CounterRow],
                    lines: dict[tuple[str, int | None], int]) -> tuple[int, int | None] | None:
    """position_of for a ticket just issued (the newest), from the counts per line (`lines`, itself
    included) instead of the whole queue (forecast.appended); None when only the replay can tell."""
    others = dict(lines)
    others[(ticket.field_id, ticket.target_counter)] -= 1
    fields = {f for (f, _t), n in lines.items() if n} | {f for c in counters if c.staffed for f in c.field_ids}
    minutes = service_minutes_by_field(session, centre, fields)
    desks = staffed_desks(session, centre, counters, minutes)
    outlook = forecast.appended(candidate(ticket), others, desks, policy_of(centre), minutes)
    if outlook is None:
        return None
    return outlook.people_ahead, None if outlook.minutes is None else estimates.rounded(outlook.minutes)


def local_iso(centre: Centre, moment) -> str | None:
    return moment.astimezone(centre.config.timezone).isoformat(timespec="seconds") if moment else None


def counter_brief(counter) -> dict:
    return {"number": counter.number, "name": counter.name, "location": counter.location}


def counter_entry(counter: CounterRow) -> dict:
    """A counter as tickets, /queue and /catalogue list it: whether someone is at it now included."""
    return {**counter_brief(counter), "staffed": counter.staffed}


def public_ticket(centre: Centre, ticket: models.Ticket) -> dict:
    """What anyone may see of a ticket: it carries no personal data."""
    return {
        "id": ticket.id, "number": ticket.number, "status": ticket.status, "field_id": ticket.field_id,
        "procedure_id": ticket.procedure_id, "priority": ticket.priority,
        "counter_number": ticket.counter_number, "target_counter": ticket.target_counter,
        "issued_at": local_iso(centre, ticket.issued_at), "called_at": local_iso(centre, ticket.called_at),
        "recall_count": ticket.recall_count, "language": ticket.language or "vi",
    }


def priority_name(centre: Centre, category_id: str | None) -> dict | None:
    """A priority category's name in both languages; None when the config no longer has it (printed "Ưu tiên")."""
    if category_id == ordering.APPOINTMENT:  # a checked-in appointment's marker (services/appointment_checkin.py)
        return {"vi": "Lịch hẹn", "en": "Appointment"}
    category = next((c for c in centre.config.priority_categories if c.id == category_id), None)
    return {"vi": category.name_vi, "en": category.name_en} if category else None


def ticket_view(session: Session, centre: Centre, ticket: models.Ticket, base_url: str,
                counters: list[CounterRow] | None = None,
                waiting: list[ordering.Candidate] | None = None,
                position: tuple[int, int | None] | None = None) -> dict:
    """The whole ticket, as its holder sees it on the kiosk screen and on paper (`position`: people ahead
    and wait, when the caller has them already)."""
    counters = counter_rows(session, centre) if counters is None else counters
    ahead, eta = position or position_of(session, centre, ticket, counters, waiting)
    # Names from the live config; the database for a procedure or field no longer in it.
    field = centre.config.field(ticket.field_id) or session.get(models.Field, ticket.field_id)
    procedure = centre.config.procedure(ticket.procedure_id) or session.get(models.Procedure, ticket.procedure_id)
    return {
        **public_ticket(centre, ticket),
        "field_name": {"vi": field.name_vi, "en": field.name_en},
        "procedure_name": {"vi": procedure.name_vi, "en": procedure.name_en},
        "priority_name": priority_name(centre, ticket.priority),
        "counters": [counter_entry(c) for c in serving_counters(counters, ticket)],
        "people_ahead": ahead,
        "eta_minutes": eta,
        "track_url": f"{base_url.rstrip('/')}/t/{ticket.track_token}",
        "track_token": ticket.track_token,
    }


def snapshot(centre: Centre) -> dict:
    """Everything a display, a counter page or a kiosk needs to draw the queue from nothing."""
    with centre.db.reading() as session:
        day = today(centre)
        waiting = waiting_tickets(session, centre)
        counters = counter_rows(session, centre)
        fields = session.scalars(select(models.Field).where(models.Field.enabled, models.Field.prefix.is_not(None))
                                 .order_by(models.Field.position)).all()
        active = session.scalars(select(models.Ticket).where(
            models.Ticket.service_day == day, models.Ticket.status.in_(("called", "serving")))).all()
        at_counter = {t.counter_number: t for t in active}
        recent = session.execute(
            select(models.TicketEvent, models.Ticket).join(models.Ticket)
            .where(models.TicketEvent.kind.in_(("called", "recalled")),
                   models.TicketEvent.at >= centre.now() - timedelta(hours=24), models.Ticket.service_day == day)
            .order_by(models.TicketEvent.id.desc()).limit(LAST_CALLS)).all()
        field_rows = []
        minutes_by_field = service_minutes_by_field(session, centre, [f.id for f in fields]) if fields else {}
        for f in fields:
            in_field = [t for t in waiting if t.field_id == f.id]
            minutes = minutes_by_field[f.id]
            serving = [c for c in counters if f.id in c.field_ids]
            staffed = sum(1 for c in serving if c.staffed)
            field_rows.append({
                "id": f.id, "prefix": f.prefix, "name": {"vi": f.name_vi, "en": f.name_en},
                "waiting": len(in_field), "waiting_priority": sum(1 for t in in_field if t.priority),
                # the overview's rough figure; None while nobody staffs a counter of the field
                "eta_minutes": estimates.estimate_wait_minutes(len(in_field), minutes, staffed) if staffed else None,
                "open_counters": sum(1 for c in serving if c.is_open), "staffed_counters": staffed,
            })
        return {
            "service_day": day.isoformat(),
            "generated_at": local_iso(centre, centre.now()),
            "fields": field_rows,
            "counters": [{**counter_entry(c), "field_ids": list(c.field_ids), "open": c.is_open,
                          "serving": public_ticket(centre, at_counter[c.number]) if c.number in at_counter else None}
                         for c in counters],
            "last_calls": [{"number": t.number, "counter_number": e.counter_number, "kind": e.kind,
                            "at": local_iso(centre, e.at), "ticket_id": t.id, "field_id": t.field_id}
                           for e, t in recent],
            "waiting": [public_ticket(centre, t) for t in waiting],
        }


def field_counts(centre: Centre, session: Session, waiting: dict[str, int] | None = None) -> list[dict]:
    """The small summary sent with every queue_changed event: the waiting tickets of each field, in the
    order of centre.config (the fields as the database has them). `waiting`: the counts, when the caller
    has them already (waiting_by_field); otherwise the few rows of waiting_counts."""
    if waiting is None:
        waiting = by_field(line_counts(session, centre))
    return [{"id": f.id, "waiting": waiting.get(f.id, 0)} for f in centre.config.fields if f.prefix is not None]
