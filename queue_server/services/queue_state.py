"""Reading the live queue: who waits, people ahead, wait estimates, and the public snapshot."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, bindparam, case, func, or_, select
from sqlalchemy.orm import Session

from queue_server import models
from queue_server.context import Centre
from queue_server.rules import estimates, ordering
from queue_server.rules.lifecycle import WAITING
from queue_server.rules.numbering import service_day

RECENT_SERVICES = 200  # per field, newest first, for the typical service time
RECENT_DAYS = 14
LAST_CALLS = 10
SERVICE_CACHE_SECONDS = 30.0  # recent service durations are re-read at least this often (other processes)


def policy_of(centre: Centre) -> ordering.Policy:
    p = centre.config.priority_policy
    return ordering.Policy(mode=p.mode, every_n_normal=p.every_n_normal, strict_override=p.strict_override)


def today(centre: Centre):
    return service_day(centre.now(), centre.config.timezone)


def candidate(ticket: models.Ticket) -> ordering.Candidate:
    return ordering.Candidate(ticket_id=ticket.id, field_id=ticket.field_id, priority=ticket.priority,
                              queued_at=ticket.queued_at, target_counter=ticket.target_counter)


def _heads_statement(excluding: bool):
    T = models.Ticket
    eligible = or_(T.target_counter == bindparam("counter"),
                   and_(T.target_counter.is_(None), T.field_id.in_(bindparam("fields", expanding=True))))
    ranked = (select(T.id, T.field_id, T.priority, T.queued_at, T.target_counter,
                     func.row_number().over(partition_by=(T.target_counter, T.priority),
                                            order_by=(T.queued_at, T.id)).label("place"))
              .where(T.service_day == bindparam("day"), T.status.in_(WAITING), eligible))
    if excluding:
        ranked = ranked.where(T.id.not_in(bindparam("exclude", expanding=True)))
    heads = ranked.subquery()
    return (select(heads.c.id, heads.c.field_id, heads.c.priority, heads.c.queued_at, heads.c.target_counter)
            .where(heads.c.place == 1))


_HEADS, _HEADS_EXCLUDING = _heads_statement(False), _heads_statement(True)  # built once: read on every call


def callable_heads(session: Session, centre: Centre, field_ids, counter_number: int,
                   exclude: set[int] | frozenset = frozenset()) -> list[ordering.Candidate]:
    """The tickets a counter could call now, reduced to the oldest of each (sent to this counter or not,
    priority category) group: ordering.choose_next always takes the oldest of a union of such groups, so
    it chooses the same ticket from these few rows as from the whole queue, which is never read."""
    params = {"counter": counter_number, "fields": list(field_ids), "day": today(centre)}
    if exclude:
        params["exclude"] = list(exclude)
    rows = session.connection().execute(_HEADS_EXCLUDING if exclude else _HEADS, params)
    return [ordering.Candidate(ticket_id=i, field_id=f, priority=p, queued_at=q, target_counter=c)
            for i, f, p, q, c in rows]


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
    field_ids: tuple[str, ...]


_C, _CF = models.Counter, models.counter_fields
# The hot reads are built once: executing a prebuilt statement skips building it and reuses its compiled
# form (only the bound values change), and the Core connection skips the ORM's execution layer.
_COUNTER_ROWS = (select(_C.number, _C.name, _C.location, _C.is_open, _CF.c.field_id)
                 .outerjoin(_CF, _CF.c.counter_number == _C.number)
                 .outerjoin(models.Field, models.Field.id == _CF.c.field_id)
                 .order_by(_C.number, models.Field.position))


def counter_rows(session: Session) -> list[CounterRow]:
    """Every counter with the fields it serves, in one query (read on every issue and call)."""
    counters: dict[int, CounterRow] = {}
    for number, name, location, is_open, field_id in session.connection().execute(_COUNTER_ROWS):
        row = counters.get(number) or CounterRow(number, name, location, is_open, ())
        counters[number] = CounterRow(number, name, location, is_open,
                                      row.field_ids + ((field_id,) if field_id else ()))
    return list(counters.values())


def _service_cache(centre: Centre) -> dict:
    """{(field_id, service_day): (read at, durations newest first)}, kept on the centre (one per app)."""
    return vars(centre).setdefault("_service_durations", {})


def forget_service_times(centre: Centre, field_id: str | None = None) -> None:
    """A service ended in this process: its field's durations are read again next time."""
    cache = _service_cache(centre)
    for key in [k for k in cache if field_id is None or k[0] == field_id]:
        cache.pop(key, None)


def _recent_durations(session: Session, centre: Centre, field_ids: list[str]) -> dict[str, list[float]]:
    """Minutes of each field's last services over the recent days, newest first (one query)."""
    T = models.Ticket
    recent = (select(T.field_id, T.called_at, T.started_at, T.finished_at,
                     func.row_number().over(partition_by=T.field_id, order_by=T.finished_at.desc()).label("rank"))
              .where(T.service_day >= today(centre) - timedelta(days=RECENT_DAYS), T.field_id.in_(field_ids),
                     T.status == "done", T.finished_at.is_not(None))
              .subquery())
    rows = session.execute(select(recent.c.field_id, recent.c.called_at, recent.c.started_at, recent.c.finished_at)
                           .where(recent.c.rank <= RECENT_SERVICES)
                           .order_by(recent.c.field_id, recent.c.finished_at.desc())).all()
    durations: dict[str, list[float]] = {f: [] for f in field_ids}
    for field_id, called, started, finished in rows:
        if (started or called) is not None:
            durations[field_id].append((finished - (started or called)).total_seconds() / 60)
    return durations


def service_minutes_by_field(session: Session, centre: Centre, field_ids) -> dict[str, float]:
    """Typical minutes per visitor for each field, from its last services over the recent days.

    The durations are cached per field and day: a service that ends in this process forgets its field's
    entry (events.ticket_changed), and every entry is re-read after SERVICE_CACHE_SECONDS so that services
    ended by other server processes count too. The configured defaults are applied on every call, so an
    admin's change shows at once.
    """
    field_ids = sorted(set(field_ids))
    day, now = today(centre), time.monotonic()
    cache = _service_cache(centre)
    durations, missing = {}, []
    for f in field_ids:
        hit = cache.get((f, day))
        if hit is not None and now - hit[0] < SERVICE_CACHE_SECONDS:
            durations[f] = hit[1]
        else:
            missing.append(f)
    if missing:
        for f, values in _recent_durations(session, centre, missing).items():
            cache[(f, day)] = (now, values)
            durations[f] = values
    return {f: estimates.robust_service_minutes(durations[f], centre.config.service_minutes_for(f))
            for f in field_ids}


def service_minutes(session: Session, centre: Centre, field_id: str) -> float:
    """Typical minutes per visitor in this field (see rules/estimates.robust_service_minutes)."""
    return service_minutes_by_field(session, centre, [field_id])[field_id]


def open_counters_for(counters: list[CounterRow], field_id: str) -> list[CounterRow]:
    return [c for c in counters if c.is_open and field_id in c.field_ids]


@dataclass(frozen=True)
class WaitingGroup:
    """Today's waiting tickets of one field and priority, counted relative to one ticket."""

    field_id: str
    priority: str | None
    total: int  # waiting tickets in the group, the ticket asked about included if it is one of them
    older: int  # of those, how many queued before it ((queued_at, id) smaller)


_T = models.Ticket
_OLDER = or_(_T.queued_at < bindparam("queued_at"),
             and_(_T.queued_at == bindparam("queued_at"), _T.id < bindparam("ticket_id")))
_WAITING_GROUPS = (select(_T.field_id, _T.priority, func.count(), func.sum(case((_OLDER, 1), else_=0)))
                   .where(_T.service_day == bindparam("day"), _T.status.in_(WAITING))
                   .group_by(_T.field_id, _T.priority))


def waiting_groups(session: Session, centre: Centre, ticket: models.Ticket) -> list[WaitingGroup]:
    """One aggregate query instead of one row per waiting ticket: what people ahead, the wait estimate
    and the queue_changed counts need, at a cost that does not grow with the queue in Python."""
    rows = session.connection().execute(_WAITING_GROUPS, {"queued_at": ticket.queued_at, "ticket_id": ticket.id,
                                                          "day": today(centre)})
    return [WaitingGroup(f, p, total, older or 0) for f, p, total, older in rows]


def waiting_by_field(groups: list[WaitingGroup]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for g in groups:
        counts[g.field_id] = counts.get(g.field_id, 0) + g.total
    return counts


_BUSY_AT = select(_T.counter_number, _T.field_id, _T.called_at).where(  # the visitors at these counters now
    _T.service_day == bindparam("day"), _T.status.in_(("called", "serving")),
    _T.counter_number.in_(bindparam("numbers", expanding=True)))


def position_of(session: Session, centre: Centre, ticket: models.Ticket,
                counters: list[CounterRow] | None = None,
                groups: list[WaitingGroup] | None = None) -> tuple[int, int]:
    """(people ahead, estimated wait in minutes) for a waiting ticket; (0, 0) once it has been called.

    People ahead are counted in the order the counters will call them (priority policy included); the
    wait is rules/estimates.wait_minutes: recent service times, work in progress, counter shares.
    `groups`: waiting_groups for this ticket, when the caller has them already.
    """
    if ticket.status not in WAITING:
        return 0, 0
    counters = counter_rows(session) if counters is None else counters
    groups = waiting_groups(session, centre, ticket) if groups is None else groups
    serving = open_counters_for(counters, ticket.field_id)
    related = {ticket.field_id} | {f for c in serving for f in c.field_ids}
    policy = policy_of(centre)
    mine = estimates.calling_rank(ticket.priority, policy)
    older, others = [0, 0, 0], [0, 0, 0]
    for g in groups:
        if g.field_id == ticket.field_id:
            rank = estimates.calling_rank(g.priority, policy)
            others[rank] += g.total - (g.priority == ticket.priority)  # less the ticket itself
            older[rank] += g.older
    ahead = estimates.people_ahead_from_counts(mine, older, others, policy)
    by_field = {f: n for f, n in waiting_by_field(groups).items() if f in related}
    by_field[ticket.field_id] = by_field.get(ticket.field_id, 1) - 1  # the others of its field
    busy = {number: (field_id, called_at) for number, field_id, called_at in session.connection().execute(
        _BUSY_AT, {"day": today(centre), "numbers": [c.number for c in serving]})} if serving else {}
    now = centre.now()
    loads = [estimates.CounterLoad(frozenset(c.field_ids), busy[c.number][0] if c.number in busy else None,
                                   (now - busy[c.number][1]).total_seconds() / 60
                                   if c.number in busy and busy[c.number][1] else 0.0) for c in serving]
    minutes = estimates.wait_minutes(ahead, ticket.field_id, service_minutes_by_field(session, centre, related),
                                     loads, by_field)
    return ahead, estimates.rounded(minutes)


def local_iso(centre: Centre, moment) -> str | None:
    return moment.astimezone(centre.config.timezone).isoformat(timespec="seconds") if moment else None


def counter_brief(counter) -> dict:
    return {"number": counter.number, "name": counter.name, "location": counter.location}


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
    category = next((c for c in centre.config.priority_categories if c.id == category_id), None)
    return {"vi": category.name_vi, "en": category.name_en} if category else None


def ticket_view(session: Session, centre: Centre, ticket: models.Ticket, base_url: str,
                counters: list[CounterRow] | None = None,
                groups: list[WaitingGroup] | None = None) -> dict:
    """The whole ticket, as its holder sees it on the kiosk screen and on paper."""
    counters = counter_rows(session) if counters is None else counters
    serving = [c for c in counters if (c.number == ticket.target_counter if ticket.target_counter
                                       else ticket.field_id in c.field_ids)]
    ahead, eta = position_of(session, centre, ticket, counters, groups)
    # Names from the live config; the database for a procedure or field no longer in it.
    field = centre.config.field(ticket.field_id) or session.get(models.Field, ticket.field_id)
    procedure = centre.config.procedure(ticket.procedure_id) or session.get(models.Procedure, ticket.procedure_id)
    return {
        **public_ticket(centre, ticket),
        "field_name": {"vi": field.name_vi, "en": field.name_en},
        "procedure_name": {"vi": procedure.name_vi, "en": procedure.name_en},
        "priority_name": priority_name(centre, ticket.priority),
        "counters": [counter_brief(c) for c in serving],
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
        counters = counter_rows(session)
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
            open_count = len(open_counters_for(counters, f.id))
            field_rows.append({
                "id": f.id, "prefix": f.prefix, "name": {"vi": f.name_vi, "en": f.name_en},
                "waiting": len(in_field), "waiting_priority": sum(1 for t in in_field if t.priority),
                "eta_minutes": estimates.estimate_wait_minutes(len(in_field), minutes, open_count),
                "open_counters": open_count,
            })
        return {
            "service_day": day.isoformat(),
            "generated_at": local_iso(centre, centre.now()),
            "fields": field_rows,
            "counters": [{**counter_brief(c), "field_ids": list(c.field_ids), "open": c.is_open,
                          "serving": public_ticket(centre, at_counter[c.number]) if c.number in at_counter else None}
                         for c in counters],
            "last_calls": [{"number": t.number, "counter_number": e.counter_number, "kind": e.kind,
                            "at": local_iso(centre, e.at), "ticket_id": t.id, "field_id": t.field_id}
                           for e, t in recent],
            "waiting": [public_ticket(centre, t) for t in waiting],
        }


_WAITING_BY_FIELD = (select(_T.field_id, func.count()).where(_T.service_day == bindparam("day"), _T.status.in_(WAITING))
                     .group_by(_T.field_id))


def field_counts(centre: Centre, session: Session, waiting: dict[str, int] | None = None) -> list[dict]:
    """The small summary sent with every queue_changed event: the waiting tickets of each field, in the
    order of centre.config (the fields as the database has them). `waiting`: the counts, when the caller
    has them already (waiting_by_field); otherwise one GROUP BY on the (service_day, status) index."""
    if waiting is None:
        waiting = dict(session.connection().execute(_WAITING_BY_FIELD, {"day": today(centre)}).all())
    return [{"id": f.id, "waiting": waiting.get(f.id, 0)} for f in centre.config.fields if f.prefix is not None]
