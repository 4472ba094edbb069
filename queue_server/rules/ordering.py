"""Who a counter calls next, and how many people are ahead of a waiting ticket (in arrival order).

Oldest first within each class. Priority categories follow the centre's policy: "strict" serves every
priority ticket first; "interleaved" serves one priority ticket after every N normal ones, except the
categories in strict_override (e.g. aged 80+, severe disability) who always go first. A transferred ticket
keeps the time it first queued, so a visitor sent to another desk does not start waiting again.

The floor: under every policy a priority ticket is never called after a normal ticket of the same queue
that queued after it (priority is at least arrival order). So when the oldest priority ticket is older than
the oldest normal one, it goes now, whatever the interleave count says. Strict-override calls sit outside
the interleave: they neither use nor reset the count, so an urgent visitor never costs a priority visitor
their slot. docs/architecture.md states the rule and the bound on waiting that follows.

Appointments (a checked-in booking: priority APPOINTMENT, queued at its slot's start) sit beside the
priority rule: once due (its slot has begun) an appointment goes before the counter's walk-ins, oldest slot
first, but a counter calls at most `appointments_in_a_row` of them in a row while a walk-in of its pool
waits; the next call is then a walk-in's. Strict-override visitors still go first. An appointment not yet
due waits for its slot unless nobody else the counter serves is waiting. Appointment calls neither use nor
reset the priority interleave count.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Candidate:
    ticket_id: int
    field_id: str
    priority: str | None
    queued_at: datetime
    target_counter: int | None = None


APPOINTMENT = "appointment"  # the priority marker of a checked-in appointment's ticket


@dataclass(frozen=True)
class Policy:
    mode: str = "interleaved"
    every_n_normal: int = 3
    strict_override: tuple[str, ...] = ()
    appointments_in_a_row: int = 2


def is_appointment(candidate: Candidate) -> bool:
    return candidate.priority == APPOINTMENT


def _eligible(candidate: Candidate, counter_number: int, counter_fields: frozenset[str]) -> bool:
    if candidate.target_counter is not None:
        return candidate.target_counter == counter_number
    return candidate.field_id in counter_fields


def place(candidate: Candidate) -> tuple[datetime, int]:
    """A ticket's place in arrival order (ties in queue time broken by the ticket's id)."""
    return candidate.queued_at, candidate.ticket_id


def _oldest(candidates: list[Candidate]) -> Candidate | None:
    return min(candidates, key=place, default=None)


def is_urgent(candidate: Candidate, policy: Policy) -> bool:
    return candidate.priority is not None and candidate.priority in policy.strict_override


def choose_next(candidates: list[Candidate], counter_number: int, counter_fields: frozenset[str],
                normal_since_priority: int, policy: Policy, now: datetime | None = None,
                appointment_streak: int = 0) -> Candidate | None:
    """The ticket this counter should call now, or None when nobody it serves is waiting. `now`: which
    appointments are due (None: all of them); `appointment_streak`: the counter's due appointments called
    in a row while walk-ins waited."""
    eligible = [c for c in candidates if _eligible(c, counter_number, counter_fields)]
    # A ticket sent to this very counter was already waiting for it: serve it before the general queue.
    targeted = [c for c in eligible if c.target_counter == counter_number]
    pool = targeted or eligible
    urgent = [c for c in pool if is_urgent(c, policy)]
    if urgent:
        return _oldest(urgent)
    booked = [c for c in pool if is_appointment(c)]
    if booked:
        pool = [c for c in pool if not is_appointment(c)]
        due = [c for c in booked if now is None or c.queued_at <= now]
        if due and (not pool or appointment_streak < policy.appointments_in_a_row):
            return _oldest(due)
        if not pool:
            return _oldest(booked)  # early, but nobody else is waiting for this counter
    first_priority = _oldest([c for c in pool if c.priority])
    first_normal = _oldest([c for c in pool if not c.priority])
    if first_priority is None or first_normal is None:
        return first_priority or first_normal
    if (policy.mode == "strict" or place(first_priority) < place(first_normal)  # the floor
            or normal_since_priority >= policy.every_n_normal):
        return first_priority
    return first_normal


def next_interleave_count(called: Candidate, normal_since_priority: int, policy: Policy) -> int:
    """The counter's count after this call: a normal call adds one, a priority call starts again, and a
    strict-override call leaves it as it was (it is not one of the interleaved slots)."""
    if is_urgent(called, policy) or is_appointment(called):
        return normal_since_priority
    return 0 if called.priority else normal_since_priority + 1


def next_appointment_streak(called: Candidate, streak: int, walk_ins_waiting: bool, policy: Policy) -> int:
    """The counter's streak after this call: an appointment called while walk-ins waited adds one, a walk-in's
    call starts again, and a strict-override call leaves it (it was no walk-in's turn either)."""
    if is_appointment(called):
        return streak + 1 if walk_ins_waiting else 0
    return streak if is_urgent(called, policy) else 0


def people_ahead(ticket: Candidate, waiting: list[Candidate], policy: Policy) -> int:
    """How many waiting tickets of the same field would be called before this one.

    Interleaved priority tickets are counted by arrival like everyone else: which slot they take depends
    on calls not yet made, so this is an estimate, never a promise.
    """
    same_field = [c for c in waiting if c.field_id == ticket.field_id and c.ticket_id != ticket.ticket_id]

    def rank(c: Candidate) -> int:
        if c.priority in policy.strict_override:
            return 0
        if c.priority and policy.mode == "strict":
            return 1
        return 2

    mine = rank(ticket)
    ahead = 0
    for other in same_field:
        earlier = (other.queued_at, other.ticket_id) < (ticket.queued_at, ticket.ticket_id)
        if rank(other) < mine or (rank(other) == mine and earlier):
            ahead += 1
    return ahead
