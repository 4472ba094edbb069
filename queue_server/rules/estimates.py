"""How long a visitor will wait, from the centre's own recent history. Plain functions, no Flask or SQL.

The estimate (`wait_minutes`) hands the people ahead, in calling order, to the counters serving the field
as each frees up, and reports when this visitor's turn comes. It rests on:

- typical service minutes per field (`robust_service_minutes`): an exponentially weighted mean of the
  field's most recent services over the last days, each clipped at 3× their median so that the one visitor
  who took an hour does not drag the figure, and pulled towards the configured default while there are
  few services to go on (with none, it is the default);
- people ahead (`people_ahead_in_calling_order`): the queue is called in the centre's priority order
  (strict or interleaved), so a priority ticket that arrived later can still go first;
- the work still in progress at the counters (the visitor being served has a few minutes left: the
  typical time less the time already spent, at least 30% of the typical time);
- the counters open for the field, a counter that also serves other fields counting for the share of its
  time the field's waiting work claims.

`estimate_wait_minutes` is the naive formula (people ahead × service time ÷ counters), kept for
comparison: bench/estimate_simulation.py measures both against simulated days.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, replace
from statistics import median

from queue_server.rules import ordering

CLIP_AT_MEDIAN_TIMES = 3.0
RECENCY_DECAY = 0.97  # weight of the n-th most recent service: 0.97**n (half weight after ~23 services)
PRIOR_WEIGHT = 4.0  # the configured default counts like this many services
MIN_RESIDUAL_SHARE = 0.3  # a service running over its typical time still has a little left


def typical_service_minutes(recent_durations_minutes: list[float], default_minutes: float,
                            minimum_samples: int = 3) -> float:
    """The plain median of recent services (the default below `minimum_samples`)."""
    if len(recent_durations_minutes) < minimum_samples:
        return default_minutes
    return median(recent_durations_minutes)


def estimate_wait_minutes(people_ahead: int, service_minutes: float, open_counters: int) -> int:
    """The naive estimate: people ahead × service minutes ÷ open counters, rounded up."""
    if people_ahead <= 0:
        return 0
    return math.ceil(people_ahead * service_minutes / max(1, open_counters))


def robust_service_minutes(durations_newest_first: list[float], default_minutes: float,
                           decay: float = RECENCY_DECAY, prior_weight: float = PRIOR_WEIGHT) -> float:
    """Typical minutes per visitor: a recency-weighted, outlier-clipped mean, shrunk towards the default.

    A mean, not a median: the queue moves at the counters' average pace, and service times are skewed
    (many quick visits, some long ones), so a median would promise shorter waits than people get.
    """
    samples = [d for d in durations_newest_first if d is not None and d > 0]
    if not samples:
        return default_minutes
    ceiling = CLIP_AT_MEDIAN_TIMES * median(samples)
    weighted, weights, weight = 0.0, 0.0, 1.0
    for duration in samples:
        weighted += weight * min(duration, ceiling)
        weights += weight
        weight *= decay
    return (weighted + prior_weight * default_minutes) / (weights + prior_weight)


@dataclass(frozen=True)
class CounterLoad:
    """An open counter as the estimate sees it: its fields and, when busy, what it is doing."""

    fields: frozenset[str]
    busy_field: str | None = None  # field of the visitor being served now; None when idle
    busy_minutes: float = 0.0  # minutes since that visitor was called


def field_shares(counter: CounterLoad, waiting_work: dict[str, float]) -> dict[str, float]:
    """The share of a counter's time each of its fields can expect: in proportion to the waiting work."""
    work = {f: waiting_work.get(f, 0.0) for f in counter.fields}
    total = sum(work.values())
    if total <= 0:
        return {f: 1.0 / len(counter.fields) for f in counter.fields}
    return {f: w / total for f, w in work.items()}


def residual_minutes(counter: CounterLoad, service_by_field: dict[str, float]) -> float:
    """Minutes the counter's current visitor probably still needs (0 when idle)."""
    if counter.busy_field is None:
        return 0.0
    typical = service_by_field.get(counter.busy_field, 0.0)
    return max(typical - counter.busy_minutes, MIN_RESIDUAL_SHARE * typical)


def wait_minutes(people_ahead: int, field_id: str, service_by_field: dict[str, float],
                 counters: list[CounterLoad], waiting_by_field: dict[str, int]) -> float:
    """Expected minutes until this visitor is called (see the module's docstring).

    The people ahead, then this visitor, go to whichever serving counter frees up first: a busy counter
    after its current visitor's remaining minutes, an idle one at once; a counter shared with other fields
    takes a visitor of this field only as often as its share of the waiting work allows. When no serving
    counter is busy yet (staff have not started calling, or are all away), the work ahead is spread evenly
    over the open counters instead of promising an immediate call.
    """
    minutes = service_by_field[field_id]
    waiting_work = {f: n * service_by_field.get(f, minutes) for f, n in waiting_by_field.items()}
    waiting_work[field_id] = max(waiting_work.get(field_id, 0.0), (people_ahead + 1) * minutes)
    lanes = []  # (minutes until the counter is free, minutes it takes per visitor of this field, share)
    for counter in counters:
        if field_id in counter.fields:
            share = field_shares(counter, waiting_work)[field_id]
            lanes.append((residual_minutes(counter, service_by_field), minutes / max(share, 0.05), share))
    if not lanes:  # no counter open: one counter's pace is still an honest figure
        return people_ahead * minutes
    if not any(counter.busy_field for counter in counters if field_id in counter.fields):
        return people_ahead * minutes / sum(share for _free, _pace, share in lanes)
    return turn_comes(people_ahead, [(free, pace) for free, pace, _share in lanes])


def turn_comes(people_ahead: int, lanes: list[tuple[float, float]]) -> float:
    """Minutes until a lane is free for this visitor, once the people ahead have each taken the lane that
    frees up first (the first such lane on a tie). lanes: (minutes until free, minutes per visitor).

    A heap of (free at, lane index) picks the same lane as scanning them all, and adds the same floats in
    the same order, in log(lanes) steps per person instead of one per lane."""
    heap = [(free, i) for i, (free, _pace) in enumerate(lanes)]
    heapq.heapify(heap)
    for _ in range(people_ahead):
        free, i = heap[0]
        heapq.heapreplace(heap, (free + lanes[i][1], i))
    return heap[0][0]


URGENT, PRIORITY, NORMAL = 0, 1, 2  # the three queues of the calling rule


def calling_rank(priority: str | None, policy: ordering.Policy) -> int:
    """Which of the three queues a ticket waits in: urgent (strict override), other priority, normal."""
    return URGENT if priority in policy.strict_override else (PRIORITY if priority else NORMAL)


def people_ahead_in_calling_order(ticket: ordering.Candidate, waiting: list[ordering.Candidate],
                                  policy: ordering.Policy, normal_since_priority: int = 0) -> int:
    """How many of the field's waiting tickets the counters would call before this one, if nobody else
    came: the calling rule (ordering.choose_next) is replayed, so interleaved priority tickets take their
    real slots. `_replayed_people_ahead` is the step-by-step replay, kept as the reference the tests
    compare against.
    """
    my_key = (ticket.queued_at, ticket.ticket_id)
    before, others = [0, 0, 0], [0, 0, 0]
    for c in waiting:
        if c.field_id == ticket.field_id and c.ticket_id != ticket.ticket_id:
            rank = calling_rank(c.priority, policy)
            others[rank] += 1
            before[rank] += (c.queued_at, c.ticket_id) < my_key
    return people_ahead_from_counts(calling_rank(ticket.priority, policy), before, others, policy,
                                    normal_since_priority)


def people_ahead_from_counts(mine: int, before: list[int], others: list[int], policy: ordering.Policy,
                             normal_since_priority: int = 0) -> int:
    """people_ahead_in_calling_order from counts alone, so the database can count instead of listing.

    `others[r]` is how many other tickets of the field wait in queue r (URGENT, PRIORITY, NORMAL) and
    `before[r]` how many of those are older than this ticket: within a queue the oldest goes first, so
    only how many, never which, decides the answer. The replay walks the counts in calling order:
    linear in the people ahead.
    """
    if mine == URGENT:
        return before[URGENT]
    ahead = others[URGENT]
    count = 0 if others[URGENT] else normal_since_priority
    priority_before = before[PRIORITY] if mine == PRIORITY else others[PRIORITY]
    normal_before = before[NORMAL] if mine == NORMAL else others[NORMAL]
    # The pools still waiting when it is this ticket's class's turn: p priority, n normal tickets.
    p = others[PRIORITY] + (mine == PRIORITY)
    n = others[NORMAL] + (mine == NORMAL)
    taken_p = taken_n = 0
    while True:
        p_left, n_left = p - taken_p, n - taken_n
        if p_left and (policy.mode == "strict" or not n_left or count >= policy.every_n_normal):
            if mine == PRIORITY and taken_p == priority_before:
                return ahead
            taken_p += 1
            count = 0
        else:
            if mine == NORMAL and taken_n == normal_before:
                return ahead
            taken_n += 1
            count += 1
        ahead += 1


def _replayed_people_ahead(ticket: ordering.Candidate, waiting: list[ordering.Candidate],
                           policy: ordering.Policy, normal_since_priority: int = 0) -> int:
    """The same answer, one choose_next call per ticket ahead (quadratic): the reference for tests."""
    pool = [replace(c, target_counter=None) for c in waiting
            if c.field_id == ticket.field_id and c.ticket_id != ticket.ticket_id]
    pool.append(replace(ticket, target_counter=None))
    fields = frozenset((ticket.field_id,))
    count = normal_since_priority
    for ahead in range(len(pool)):
        chosen = ordering.choose_next(pool, 0, fields, count, policy)
        if chosen is None or chosen.ticket_id == ticket.ticket_id:
            return ahead
        count = ordering.next_interleave_count(chosen, count)
        pool.remove(chosen)
    return len(pool)


def rounded(minutes: float) -> int:
    """Minutes shown to a visitor: whole minutes, rounded up (a wait is never shown shorter than it is)."""
    return 0 if minutes <= 0 else math.ceil(minutes - 1e-9)

