"""How long a visitor arriving now would wait, for every field at once (the city's nearest-queue list).

A newcomer's ticket is the newest normal ticket of its field: a desk never calls it while it has anyone else
to call (rules/forecast.appended says why). So it is called when the first desk serving its field runs out
of everyone else, and until then the replay is the same as without it: one replay of today's queue, noting
when each desk first has nobody left, answers for every field (the earliest of its desks). Appointments
count as due, as in `forecast.appended`, so the figure is the kiosk's own at the moment of issuing.
"""

from __future__ import annotations

import heapq

from queue_server.rules import forecast, ordering
from queue_server.rules.forecast import Desk, Lines, units
from queue_server.rules.ordering import Candidate, Policy


def idle_after(waiting: list[Candidate], desks: list[Desk], policy: Policy,
               service_minutes: dict[str, float]) -> dict[int, float]:
    """{desk number: minutes until it has called everyone it will call} (desks free at the same minute call
    in counter order, as in forecast._replay)."""
    lines = Lines(waiting, desks, policy)
    by_number = {d.number: d for d in desks}
    counts = {d.number: d.normal_since_priority for d in desks}
    streaks = {d.number: 0 for d in desks}
    durations = {field_id: units(m) for field_id, m in service_minutes.items()}
    free = [(units(d.free_in), d.number) for d in desks]
    heapq.heapify(free)
    idle: dict[int, float] = {}
    while free:
        at, number = free[0]
        heads = lines.heads(by_number[number])
        chosen = ordering.choose_next(heads, number, by_number[number].fields, counts[number], policy,
                                      appointment_streak=streaks[number])
        if chosen is None:
            heapq.heappop(free)
            idle[number] = at / forecast.UNITS
            continue
        lines.take(chosen, policy)
        counts[number] = ordering.next_interleave_count(chosen, counts[number], policy)
        walk_ins = any(not ordering.is_appointment(c) for c in heads)
        streaks[number] = ordering.next_appointment_streak(chosen, streaks[number], walk_ins, policy)
        heapq.heapreplace(free, (at + durations.get(chosen.field_id, 0), number))
    return idle


def newcomer_minutes(field_id: str, desks: list[Desk], idle: dict[int, float]) -> float | None:
    """Minutes until a normal ticket of `field_id` issued now is called; None when no staffed desk serves it."""
    times = [idle[d.number] for d in desks if field_id in d.fields and d.number in idle]
    return min(times) if times else None
