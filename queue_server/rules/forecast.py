"""Playing the calling rule forward: whom the staffed counters will call, in order, if nobody else came.

A visitor's people ahead and wait estimate come from one replay of the real rule (ordering.choose_next,
each counter with its own interleave count): every staffed counter calls as soon as it is free (at once
when idle, after its current visitor's remaining minutes when busy), then spends the field's typical
minutes on that visitor, until the visitor asked about is called. So a priority ticket that arrived later
but will go first is counted, and a counter shared with other fields takes their visitors in their turn.

The queue is kept as one arrival-ordered line per (queue, rank): choose_next only ever takes the oldest of
a union of such lines, so each step looks at their heads, not at the whole queue.

Times are counted in whole millionths of a minute, so that a sum of service times is exact whatever its
order: `appended` (the ticket just issued, in O(desks)) then gives exactly what the replay gives.

Appointments (rules/ordering.py) wait in a line of their own, ordered by slot. Given `now`, the replay
judges them due as its clock passes their slot and keeps each desk's appointment streak, as the counters
do; without it every appointment counts as due.
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from queue_server.rules import ordering
from queue_server.rules.ordering import Candidate, Policy

URGENT, PRIORITY, NORMAL, APPOINTMENT = 0, 1, 2, 3  # the lines of a queue, in the calling rule's terms
UNITS = 1_000_000  # per minute: the replay's clock


def units(minutes: float) -> int:
    return round(minutes * UNITS)


@dataclass(frozen=True)
class Desk:
    """A staffed counter as the forecast sees it."""

    number: int
    fields: frozenset[str]
    normal_since_priority: int = 0
    free_in: float = 0.0  # minutes until its current visitor is done (0 when idle)


@dataclass(frozen=True)
class Forecast:
    people_ahead: int  # tickets of the same queue called before this one
    minutes: float | None  # until this one is called; None when no desk here would ever call it


def queue_of(candidate: Candidate) -> tuple:
    """The line a ticket waits in: its field's, or one counter's after a transfer to that counter."""
    if candidate.target_counter is not None:
        return "counter", candidate.target_counter
    return "field", candidate.field_id


def rank(candidate: Candidate, policy: Policy) -> int:
    if ordering.is_urgent(candidate, policy):
        return URGENT
    if ordering.is_appointment(candidate):
        return APPOINTMENT
    return PRIORITY if candidate.priority else NORMAL


def serves(desk: Desk, queue: tuple) -> bool:
    return queue == ("counter", desk.number) or (queue[0] == "field" and queue[1] in desk.fields)


def linked_desks(ticket: Candidate, desks: list[Desk]) -> list[Desk]:
    """The desks that serve the ticket's queue, and those sharing a field with them, and so on: no other
    desk's calls can change when or after whom this ticket is called."""
    linked = [d for d in desks if serves(d, queue_of(ticket))]
    fields = set().union(*(d.fields for d in linked)) if linked else set()
    while True:
        more = [d for d in desks if d not in linked and d.fields & fields]
        if not more:
            return linked
        linked += more
        fields |= set().union(*(d.fields for d in more))


class Lines:
    """The waiting tickets the desks serve, as arrival-ordered lines per (queue, rank), consumed from the
    front (a line that empties is dropped)."""

    def __init__(self, waiting: list[Candidate], desks: list[Desk], policy: Policy):
        served = {("counter", d.number) for d in desks} | {("field", f) for d in desks for f in d.fields}
        self.lines: dict[tuple, deque] = {}
        for c in sorted(waiting, key=ordering.place):  # one sort: each line is then in arrival order
            queue = queue_of(c)
            if queue in served:
                self.lines.setdefault((queue, rank(c, policy)), deque()).append(c)
        self.keys = {d.number: [(q, r) for q in [("counter", d.number)] + [("field", f) for f in d.fields]
                                for r in (URGENT, PRIORITY, NORMAL, APPOINTMENT)] for d in desks}

    def heads(self, desk: Desk) -> list[Candidate]:
        lines = self.lines
        return [lines[key][0] for key in self.keys[desk.number] if key in lines]

    def take(self, candidate: Candidate, policy: Policy) -> None:
        key = (queue_of(candidate), rank(candidate, policy))
        line = self.lines[key]
        line.popleft()
        if not line:
            del self.lines[key]


def forecast(ticket: Candidate, waiting: list[Candidate], desks: list[Desk], policy: Policy,
             service_minutes: dict[str, float], now: datetime | None = None) -> Forecast:
    """When the desks reach `ticket` (one of `waiting`) and how many of its queue go before it.

    Desks free at the same minute call in counter order. When no desk would ever call it (none staffed for
    its queue), the people ahead are counted as one desk serving its queue alone would call them, and the
    minutes are None: there is no honest figure until someone sits down. `now`: when appointments are due.
    """
    linked = linked_desks(ticket, desks)
    if linked:
        return Forecast(*_replay(ticket, Lines(waiting, linked, policy), linked, policy, service_minutes, now))
    mine = queue_of(ticket)
    same_queue = [c for c in waiting if queue_of(c) == mine and c.ticket_id != ticket.ticket_id]
    if rank(ticket, policy) == NORMAL and all(ordering.place(c) < ordering.place(ticket) for c in same_queue):
        return Forecast(len(same_queue), None)  # a normal ticket behind everyone (just issued): no replay needed
    alone = Desk(ticket.target_counter if ticket.target_counter is not None else -1, frozenset((ticket.field_id,)))
    ahead, _minutes = _replay(ticket, Lines(same_queue + [ticket], [alone], policy), [alone], policy, {}, now)
    return Forecast(ahead, None)


def _replay(ticket: Candidate, lines: Lines, desks: list[Desk], policy: Policy,
            service_minutes: dict[str, float], now: datetime | None = None) -> tuple[int, float]:
    """Each desk, as it frees up, calls what choose_next picks from the heads of its lines, until one of
    them calls `ticket` (one of them serves its queue, so one does)."""
    mine = queue_of(ticket)
    counts = {d.number: d.normal_since_priority for d in desks}
    streaks = {d.number: 0 for d in desks}
    by_number = {d.number: d for d in desks}
    durations = {field_id: units(m) for field_id, m in service_minutes.items()}
    free = [(units(d.free_in), d.number) for d in desks]
    heapq.heapify(free)
    ahead = 0
    while True:
        at, number = free[0]
        desk = by_number[number]
        heads = lines.heads(desk)
        moment = None if now is None else now + timedelta(minutes=at / UNITS)
        chosen = ordering.choose_next(heads, number, desk.fields, counts[number], policy, now=moment,
                                      appointment_streak=streaks[number])
        if chosen is None:  # nobody this desk serves is left: it calls no one else
            heapq.heappop(free)
            continue
        if chosen.ticket_id == ticket.ticket_id:
            return ahead, at / UNITS
        lines.take(chosen, policy)
        ahead += queue_of(chosen) == mine
        counts[number] = ordering.next_interleave_count(chosen, counts[number], policy)
        walk_ins = any(not ordering.is_appointment(c) for c in heads)
        streaks[number] = ordering.next_appointment_streak(chosen, streaks[number], walk_ins, policy)
        heapq.heapreplace(free, (at + durations.get(chosen.field_id, 0), number))


def appended(ticket: Candidate, lines: dict[tuple[str, int | None], int], desks: list[Desk], policy: Policy,
             service_minutes: dict[str, float]) -> Forecast | None:
    """`forecast` of a normal ticket that has just joined the end of its field's queue, from the number of
    other waiting tickets per (field_id, target_counter) alone, without the queue; None when only the
    replay can tell (several desks that do not all serve exactly this one field, or tickets sent to one
    of them). tests/queue_server/test_flat_cost.py checks it against the replay over random queues.

    Why it is the replay's answer: the newest normal ticket is never chosen while its desk has anyone else
    to call (an older normal ticket is older; a priority one is older, so the floor puts it first). So it is
    called by the first desk serving its queue that runs out of other visitors, after everyone of its queue
    (people ahead: all of them), and until then the replay is the same as without it. Appointments whose
    slot has not begun are counted ahead as if due (the replay, given the moment, may call this one first).
    """
    if ticket.priority is not None or ticket.target_counter is not None:
        return None
    ahead = lines.get((ticket.field_id, None), 0)
    linked = linked_desks(ticket, desks)
    if not linked:
        return Forecast(ahead, None)  # as forecast(): no honest figure until someone sits down
    if len(linked) == 1:  # one desk: it calls everyone of its lines, in whatever order, then this one
        desk = linked[0]
        work = sum(n * units(service_minutes.get(field_id, 0.0)) for (field_id, target), n in lines.items()
                   if (target is None and field_id in desk.fields) or target == desk.number)
        return Forecast(ahead, (units(desk.free_in) + work) / UNITS)
    if any(d.fields != {ticket.field_id} for d in linked) or any(
            n and target in {d.number for d in linked} for (_f, target), n in lines.items()):
        return None
    # Identical desks of one field: each calls at its free time, then every `step`; this ticket takes the
    # (ahead + 1)-th of those moments (in time order; a tie goes to the lower counter, the minute is the same).
    step = units(service_minutes.get(ticket.field_id, 0.0))
    starts = [units(d.free_in) for d in linked]
    if step <= 0:  # no time per visitor: the first desk free calls them all at once
        return Forecast(ahead, min(starts) / UNITS)
    low, high = 0, max(starts) + (ahead + 1) * step  # called_by(high) >= ahead + 1
    while low < high:
        middle = (low + high) // 2
        if sum((middle - s) // step + 1 for s in starts if middle >= s) >= ahead + 1:
            high = middle
        else:
            low = middle + 1
    return Forecast(ahead, low / UNITS)
