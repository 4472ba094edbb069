"""How good are the wait estimates? Simulated days at a ward centre, estimate against the actual wait.

Each simulated day: visitors arrive at random (a Poisson process whose rate peaks mid-morning), take a
ticket for one of several fields, and counters (some serving one field, some several, one priority
counter serving all) call them with the centre's own calling rule (rules/ordering.choose_next, interleaved
priority). Service times are log-normal per field with a few very long visits; a few visitors do not come
when called. Every ticket gets, when issued:

- the estimate and the people ahead (rules/forecast.py: the counters play the calling rule forward, with
  the robust per-field service time from five earlier days plus today's services so far and the work still
  in progress);
- the naive estimate the issue asks us to beat: people ahead × the average service time ÷ the counters
  serving the field;
- a fairer naive one with each field's own average service time.

Appointments (issue 18): in the fields that take them, some visitors book instead of walking in: the first
slot with room (30 minutes, half of each slot's counter time kept for walk-ins, rules/appointments.py)
starting within the hour after they would have come. They arrive around the slot (mostly a few minutes
early; a few late, beyond the 15-minute grace they are walk-ins; some never come), and their ticket queues
at the slot's start under the appointment rule (rules/ordering.py). For them the actual wait is from the
ticket to its call, and the punctuality is the call minus the slot's start.

The actual wait is the time from the ticket to its call. The people ahead told at issue are compared with
the visitors of the same field, already waiting then, who were actually called before it: the agreement is
the share of tickets for which the two are equal (later arrivals with priority and service times that
differ from the typical ones are what makes them differ). Run: `.venv/bin/python bench/estimate_simulation.py`
(optional: number of days, first seed; `--json PATH` writes the figures).
`test_simulated_days_beat_the_naive_estimate` in tests/queue_server/test_estimates.py runs a few days.
"""

from __future__ import annotations

import heapq
import math
import random
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from statistics import mean

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from queue_server.rules import appointments, estimates, forecast, ordering  # noqa: E402

DAY_MINUTES = 8 * 60  # 07:30-15:30 of arrivals; the counters then serve whoever is left
HISTORY_DAYS = 5
NO_SHOW_RATE = 0.03
OUTLIER_RATE = 0.03  # visits that take about four times as long (a complicated case)
PRIORITY_RATE = 0.10  # interleaved priority (elderly 60+, pregnant, ...)
URGENT_RATE = 0.02  # strict priority (aged 80+, severe disability)
POLICY = ordering.Policy(mode="interleaved", every_n_normal=3, strict_override=("elderly_80",),
                         appointments_in_a_row=2)
SLOT_MINUTES = 30
WALK_IN_SHARE = 0.5
BOOKING_RATE = 0.3  # of the visitors of a field taking appointments who book rather than walk in
APPOINTMENT_FIELDS = ("ho_tich", "dat_dai", "ho_kinh_doanh")
APPOINTMENT_NO_SHOW = 0.08
EARLY_MINUTES, LATE_MINUTES = 45, 15  # the check-in window around the slot's start (appointments: section)


@dataclass(frozen=True)
class FieldModel:
    median_minutes: float  # typical visit
    sigma: float  # log-normal spread
    per_hour: float  # arrivals per hour outside the peak
    default_minutes: float  # the centre's configured guess before it has history


FIELDS = {
    "ho_tich": FieldModel(7.0, 0.45, 9.0, 8.0),
    "chung_thuc": FieldModel(3.5, 0.40, 20.0, 4.0),
    "dat_dai": FieldModel(13.0, 0.55, 3.0, 15.0),
    "xay_dung": FieldModel(10.0, 0.50, 1.0, 8.0),
    "ho_kinh_doanh": FieldModel(11.0, 0.50, 3.0, 12.0),
    "bao_tro_xa_hoi": FieldModel(9.0, 0.50, 2.0, 8.0),
}
COUNTERS = {  # like config/demo: dedicated counters, two shared ones and a priority counter for all
    1: frozenset({"ho_tich"}), 2: frozenset({"ho_tich"}),
    3: frozenset({"chung_thuc"}), 4: frozenset({"chung_thuc"}),
    5: frozenset({"dat_dai", "xay_dung"}), 6: frozenset({"ho_kinh_doanh"}),
    7: frozenset({"bao_tro_xa_hoi"}), 8: frozenset(FIELDS),
}


def arrival_rate_factor(minute: float) -> float:
    """Mornings are busiest: 1.7× from 08:00 to 10:00, quieter after lunch."""
    if 30 <= minute < 150:
        return 1.7
    if minute < 240:
        return 1.1
    return 0.8


def draw_service(rng: random.Random, model: FieldModel, day_factor: float = 1.0) -> float:
    minutes = rng.lognormvariate(math.log(model.median_minutes * day_factor), model.sigma)
    if rng.random() < OUTLIER_RATE:
        minutes *= 4
    return minutes


def history(rng: random.Random) -> dict[str, list[float]]:
    """Service minutes of the earlier days, newest first (each day a little faster or slower)."""
    past: dict[str, list[float]] = {f: [] for f in FIELDS}
    for _day in range(HISTORY_DAYS):
        factor = rng.uniform(0.9, 1.1)
        for fid, model in FIELDS.items():
            count = int(model.per_hour * 8 * 1.1)
            past[fid] = [draw_service(rng, model, factor) for _ in range(count)] + past[fid]
    return past


@dataclass
class Visitor:
    candidate: ordering.Candidate
    arrived: float
    estimate: float
    naive: float
    naive_by_field: float
    people_ahead: int = 0
    actually_ahead: int = 0
    called: float | None = None
    call_order: int = 0
    slot: float | None = None  # an appointment's slot start (minutes), when it checked in on time


@dataclass
class CounterState:
    number: int
    fields: frozenset[str]
    normal_since_priority: int = 0
    appointment_streak: int = 0
    busy_field: str | None = None
    busy_since: float = 0.0


@dataclass
class Day:
    rng: random.Random
    past: dict[str, list[float]]
    today: dict[str, list[float]] = field(default_factory=lambda: {f: [] for f in FIELDS})
    waiting: dict[int, Visitor] = field(default_factory=dict)
    done: list[Visitor] = field(default_factory=list)
    sums: dict[str, tuple[float, int]] = field(default_factory=dict)

    def __post_init__(self):
        self.sums = {f: (sum(self.past[f]), len(self.past[f])) for f in FIELDS}

    def service_by_field(self) -> dict[str, float]:
        """As the server reads it: the field's last 200 services of the recent days, newest first."""
        return {f: estimates.robust_service_minutes(self.today[f][:200] + self.past[f][:200 - len(self.today[f][:200])],
                                                    m.default_minutes)
                for f, m in FIELDS.items()}

    def record(self, field_id: str, minutes: float) -> None:
        self.today[field_id].insert(0, minutes)
        self.sums[field_id] = (self.sums[field_id][0] + minutes, self.sums[field_id][1] + 1)

    def naive_means(self) -> tuple[float, dict[str, float]]:
        """Plain averages of every service seen: the centre's, and each field's."""
        total = sum(s for s, _n in self.sums.values()) / sum(n for _s, n in self.sums.values())
        return total, {f: s / n for f, (s, n) in self.sums.items()}


T0 = datetime(2026, 11, 23, 0, 30, tzinfo=timezone.utc)


def simulate_day(seed: int) -> list[Visitor]:
    rng = random.Random(seed)
    day = Day(rng=rng, past=history(rng))
    day_factor = rng.uniform(0.9, 1.1)
    counters = {n: CounterState(n, fields) for n, fields in COUNTERS.items()}
    events: list[tuple[float, int, str, int]] = []  # (minute, order, kind, counter or ticket)
    order = 0

    # Arrivals: a Poisson process with a time-varying rate, by thinning.
    total_rate = sum(m.per_hour for m in FIELDS.values()) / 60
    peak = 1.7 * total_rate
    minute, ticket_id, arrivals = 0.0, 0, []
    while True:
        minute += rng.expovariate(peak)
        if minute >= DAY_MINUTES:
            break
        if rng.random() < total_rate * arrival_rate_factor(minute) / peak:
            fid = rng.choices(list(FIELDS), weights=[m.per_hour for m in FIELDS.values()])[0]
            roll = rng.random()
            priority = "elderly_80" if roll < URGENT_RATE else ("elderly_60" if roll < URGENT_RATE + PRIORITY_RATE else None)
            ticket_id += 1
            arrivals.append((minute, ticket_id, fid, priority, None))
    arrivals = book_some(rng, arrivals)
    for minute, tid, fid, priority, _slot in arrivals:
        order += 1
        heapq.heappush(events, (minute, order, "arrive", tid))
    pending = {tid: (fid, priority, slot) for _m, tid, fid, priority, slot in arrivals}

    def at(minute_: float) -> datetime:
        return T0 + timedelta(minutes=minute_)

    def try_call(counter: CounterState, now: float) -> None:
        nonlocal order
        if counter.busy_field is not None:
            return
        pool = [v.candidate for v in day.waiting.values()]
        chosen = ordering.choose_next(pool, counter.number, counter.fields, counter.normal_since_priority, POLICY,
                                      now=at(now), appointment_streak=counter.appointment_streak)
        if chosen is None:
            return
        walk_ins = any(not ordering.is_appointment(c) and c is not chosen and c.field_id in counter.fields
                       and c.target_counter is None for c in pool)
        counter.appointment_streak = ordering.next_appointment_streak(chosen, counter.appointment_streak, walk_ins,
                                                                      POLICY)
        visitor = day.waiting.pop(chosen.ticket_id)
        visitor.called, visitor.call_order = now, len(day.done)
        day.done.append(visitor)
        counter.normal_since_priority = ordering.next_interleave_count(chosen, counter.normal_since_priority, POLICY)
        counter.busy_field, counter.busy_since = chosen.field_id, now
        if rng.random() < NO_SHOW_RATE:
            duration = 1.5  # called twice, nobody came
        else:
            duration = draw_service(rng, FIELDS[chosen.field_id], day_factor)
            day.record(chosen.field_id, duration)
        order += 1
        heapq.heappush(events, (now + duration, order, "free", counter.number))

    while events:
        now, _order, kind, ident = heapq.heappop(events)
        if kind == "arrive":
            fid, priority, slot = pending.pop(ident)
            if slot is not None and now > slot + LATE_MINUTES:
                slot = None  # late beyond the grace: a walk-in
            candidate = (ordering.Candidate(ident, fid, ordering.APPOINTMENT, at(slot)) if slot is not None
                         else ordering.Candidate(ident, fid, priority, at(now)))
            waiting = [v.candidate for v in day.waiting.values()]
            service = day.service_by_field()
            desks = [forecast.Desk(c.number, c.fields, c.normal_since_priority,
                                   estimates.residual_minutes(service[c.busy_field], now - c.busy_since)
                                   if c.busy_field else 0.0) for c in counters.values()]
            outlook = forecast.forecast(candidate, waiting + [candidate], desks, POLICY, service, now=at(now))
            estimate = outlook.minutes
            simple_ahead = ordering.people_ahead(candidate, waiting, POLICY)
            overall, per_field = day.naive_means()
            serving = sum(1 for fields in COUNTERS.values() if fid in fields)
            day.waiting[ident] = Visitor(candidate, now, estimate, simple_ahead * overall / serving,
                                         simple_ahead * per_field[fid] / serving, outlook.people_ahead, slot=slot)
            for counter in counters.values():
                try_call(counter, now)
        else:
            counter = counters[ident]
            counter.busy_field = None
            try_call(counter, now)
    return day.done


def book_some(rng: random.Random, arrivals: list[tuple]) -> list[tuple]:
    """Some visitors of the fields taking appointments book instead: the first slot with room starting within
    the hour after they would have come; they then come around it (or not at all)."""
    shares = {f: [1 / len(fields) for fields in COUNTERS.values() if f in fields] for f in APPOINTMENT_FIELDS}
    room = {f: appointments.slot_capacity(shares[f], SLOT_MINUTES, FIELDS[f].median_minutes, WALK_IN_SHARE)
            for f in APPOINTMENT_FIELDS}
    taken: dict[tuple[str, float], int] = {}
    result = []
    for minute, tid, fid, priority, _slot in arrivals:
        if fid in room and priority is None and rng.random() < BOOKING_RATE:
            wished = minute + rng.uniform(0, 60)
            slot = next((s for s in range(0, DAY_MINUTES, SLOT_MINUTES)
                         if s >= wished and taken.get((fid, s), 0) < room[fid]), None)
            if slot is not None:
                taken[(fid, slot)] = taken.get((fid, slot), 0) + 1
                if rng.random() < APPOINTMENT_NO_SHOW:
                    continue
                come = slot + rng.gauss(-8, 7)  # mostly a little early, some late
                result.append((max(come, slot - EARLY_MINUTES, 0.0), tid, fid, None, float(slot)))
                continue
        result.append((minute, tid, fid, priority, None))
    return sorted(result)


def actually_ahead(visitor: Visitor, day: list[Visitor]) -> int:
    """Visitors of the same field, waiting when it arrived, who were called before it."""
    return sum(1 for u in day if u.candidate.field_id == visitor.candidate.field_id and u.arrived < visitor.arrived
               and u.call_order < visitor.call_order and u.called >= visitor.arrived and u is not visitor)


def summarise(visitors: list[Visitor]) -> dict:
    def mae(key) -> float:
        return mean(abs(key(v) - (v.called - v.arrived)) for v in visitors)

    return {
        "tickets": len(visitors),
        "mean_wait": mean(v.called - v.arrived for v in visitors),
        "mae_estimate": mae(lambda v: v.estimate),
        "mae_naive": mae(lambda v: v.naive),
        "mae_naive_by_field": mae(lambda v: v.naive_by_field),
        "bias_estimate": mean(v.estimate - (v.called - v.arrived) for v in visitors),
        "bias_naive": mean(v.naive - (v.called - v.arrived) for v in visitors),
        "people_ahead_agreement": mean(v.actually_ahead == v.people_ahead for v in visitors),
    }


def summarise_appointments(visitors: list[Visitor]) -> dict:
    """The appointments that checked in on time: their estimate's error, and the call minus the slot."""
    booked = [v for v in visitors if v.slot is not None]
    walk_ins = [v for v in visitors if v.slot is None]
    if not booked:
        return {"tickets": 0}
    late = sorted(v.called - v.slot for v in booked)
    return {
        "tickets": len(booked),
        "mae_estimate": mean(abs(v.estimate - (v.called - v.arrived)) for v in booked),
        "bias_estimate": mean(v.estimate - (v.called - v.arrived) for v in booked),
        "median_called_after_slot": late[len(late) // 2],
        "p90_called_after_slot": late[int(0.9 * (len(late) - 1))],
        "within_10_minutes": mean(m <= 10 for m in late),
        "walk_in_mean_wait": mean(v.called - v.arrived for v in walk_ins),
        "walk_in_max_wait": max(v.called - v.arrived for v in walk_ins),
    }


def run(days: int = 20, first_seed: int = 1) -> dict:
    visitors: list[Visitor] = []
    per_field: dict[str, list[Visitor]] = {}
    for seed in range(first_seed, first_seed + days):
        day = simulate_day(seed)
        for visitor in day:
            visitor.actually_ahead = actually_ahead(visitor, day)
            visitors.append(visitor)
            per_field.setdefault(visitor.candidate.field_id, []).append(visitor)
    return {"days": days, **summarise(visitors),
            "by_field": {f: summarise(vs) for f, vs in sorted(per_field.items())},
            "appointments": summarise_appointments(visitors)}


def main(argv: list[str]) -> None:
    json_path = None
    if "--json" in argv:  # `--json PATH`: the figures for bench/run_all.py
        at = argv.index("--json")
        json_path = argv[at + 1]
        argv = argv[:at] + argv[at + 2:]
    days = int(argv[1]) if len(argv) > 1 else 20
    first_seed = int(argv[2]) if len(argv) > 2 else 1
    result = run(days, first_seed)
    if json_path:
        import json
        Path(json_path).write_text(json.dumps({k: v for k, v in result.items()}, indent=2) + "\n")
    print(f"Simulated {result['days']} days, {result['tickets']} tickets, mean actual wait "
          f"{result['mean_wait']:.1f} min")
    print(f"{'':16} {'tickets':>8} {'wait':>6} {'MAE estimate':>13} {'MAE naive':>10} {'MAE naive/field':>16}")
    rows = [("all fields", result)] + list(result["by_field"].items())
    for name, r in rows:
        print(f"{name:16} {r['tickets']:>8} {r['mean_wait']:>6.1f} {r['mae_estimate']:>13.2f} "
              f"{r['mae_naive']:>10.2f} {r['mae_naive_by_field']:>16.2f}")
    print(f"bias (estimate − actual): estimate {result['bias_estimate']:+.2f} min, naive {result['bias_naive']:+.2f} min")
    print(f"people ahead told at issue = people of the field actually called before: "
          f"{result['people_ahead_agreement'] * 100:.1f}% of tickets")
    a = result["appointments"]
    if a["tickets"]:
        print(f"appointments: {a['tickets']} checked in on time; estimate MAE {a['mae_estimate']:.2f} min "
              f"(bias {a['bias_estimate']:+.2f}); called after the slot: median {a['median_called_after_slot']:.1f} "
              f"min, 90% {a['p90_called_after_slot']:.1f} min, {a['within_10_minutes'] * 100:.0f}% within 10 min; "
              f"walk-ins' wait mean {a['walk_in_mean_wait']:.1f} min, longest {a['walk_in_max_wait']:.0f} min")
    better = result["mae_estimate"] < result["mae_naive"]
    print(f"estimate beats naive: {'yes' if better else 'NO'} "
          f"({(1 - result['mae_estimate'] / result['mae_naive']) * 100:.0f}% lower mean absolute error)")


if __name__ == "__main__":
    main(sys.argv)
