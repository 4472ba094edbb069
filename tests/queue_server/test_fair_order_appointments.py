"""The appointment part of the calling rule, checked by hypothesis beside the priority rule (test_fair_order.py;
docs/architecture.md, "Who is called next"):

- on time: once its slot has begun, the oldest due appointment a counter serves is called by that counter
  within two calls (not counting strict-override visitors): the next call, or the one after a walk-in's turn;
- walk-ins never wait unboundedly: while a walk-in of its pool waits, a counter calls at most
  `appointments_in_a_row` appointments in a row; the walk-ins' own order (the priority rule) is unchanged;
- an early appointment waits for its slot while anyone else the counter serves is waiting;
- once arrivals stop, every ticket is called.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from queue_server.rules import ordering
from queue_server.rules.ordering import APPOINTMENT, Candidate, Policy

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
FIELDS = ("ho_tich", "chung_thuc")
CATEGORIES = (None, None, None, "elderly_60", "elderly_80")

policies = st.builds(Policy, mode=st.sampled_from(("strict", "interleaved")), every_n_normal=st.integers(1, 4),
                     strict_override=st.sampled_from(((), ("elderly_80",))),
                     appointments_in_a_row=st.integers(1, 3))
counter_sets = st.lists(st.frozensets(st.sampled_from(FIELDS), min_size=1), min_size=1, max_size=3)
operations = st.lists(st.one_of(
    st.tuples(st.just("walk_in"), st.sampled_from(FIELDS), st.sampled_from(CATEGORIES)),
    st.tuples(st.just("check_in"), st.sampled_from(FIELDS), st.integers(-20, 60)),  # slot: minutes from now
    st.tuples(st.just("wait"), st.integers(1, 15)),
    st.tuples(st.just("call"), st.integers(0, 2))), max_size=80)


@dataclass
class Day:
    policy: Policy
    counters: dict[int, frozenset[str]]
    now: datetime = T0
    waiting: dict[int, Candidate] = field(default_factory=dict)
    streaks: dict[int, int] = field(default_factory=dict)
    counts: dict[int, int] = field(default_factory=dict)
    watch: dict[int, tuple[int, int]] = field(default_factory=dict)  # counter → (appointment, calls since due)
    next_id: int = 1

    def add(self, field_id: str, priority, queued_at: datetime) -> None:
        self.waiting[self.next_id] = Candidate(self.next_id, field_id, priority, queued_at)
        self.next_id += 1

    def pool(self, number: int) -> list[Candidate]:
        return [c for c in self.waiting.values() if c.field_id in self.counters[number]]

    def call(self, number: int) -> Candidate | None:
        if number not in self.counters:
            return None
        pool, policy = self.pool(number), self.policy
        streak = self.streaks.get(number, 0)
        chosen = ordering.choose_next(pool, number, self.counters[number], self.counts.get(number, 0), policy,
                                      now=self.now, appointment_streak=streak)
        if chosen is None:
            assert pool == []
            return None
        urgent = [c for c in pool if ordering.is_urgent(c, policy)]
        walk_ins = [c for c in pool if not ordering.is_appointment(c)]
        due = [c for c in pool if ordering.is_appointment(c) and c.queued_at <= self.now]
        if urgent:
            assert ordering.is_urgent(chosen, policy)
        elif ordering.is_appointment(chosen):
            # never a third (appointments_in_a_row + 1) appointment in a row while a walk-in waits
            assert not walk_ins or streak < policy.appointments_in_a_row, (streak, chosen)
            # early ones only when nobody else waits; the oldest slot first
            assert chosen in due or not walk_ins
            assert chosen == min(due or [c for c in pool if ordering.is_appointment(c)], key=ordering.place)
        else:
            # a walk-in passes a due appointment only on the walk-ins' turn
            assert not due or streak >= policy.appointments_in_a_row, (streak, due, chosen)
            same = [c for c in walk_ins if c != chosen]
            expected = ordering.choose_next(walk_ins, number, self.counters[number], self.counts.get(number, 0),
                                            replace(policy))
            assert chosen == expected and chosen not in same  # the walk-ins' own order is untouched
        if not urgent:
            self.check_on_time(number, due, chosen)
        self.streaks[number] = ordering.next_appointment_streak(
            chosen, streak, any(c != chosen for c in walk_ins), policy)
        assert self.streaks[number] <= policy.appointments_in_a_row
        self.counts[number] = ordering.next_interleave_count(chosen, self.counts.get(number, 0), policy)
        del self.waiting[chosen.ticket_id]
        return chosen

    def check_on_time(self, number: int, due: list[Candidate], chosen: Candidate) -> None:
        """The oldest due appointment this counter serves is called within two of its (non-urgent) calls."""
        oldest = min(due, key=ordering.place, default=None)
        watched, calls = self.watch.get(number, (None, 0))
        if oldest is None or chosen == oldest:
            self.watch.pop(number, None)
            return
        calls = calls + 1 if watched == oldest.ticket_id else 1
        assert calls < 2, f"due appointment {oldest} passed over twice at counter {number}"
        self.watch[number] = (oldest.ticket_id, calls)

    def run(self, ops) -> None:
        for op in ops:
            if op[0] == "walk_in":
                self.add(op[1], op[2], self.now)
            elif op[0] == "check_in":
                self.add(op[1], APPOINTMENT, self.now + timedelta(minutes=op[2]))
            elif op[0] == "wait":
                self.now += timedelta(minutes=op[1])
            else:
                self.call(op[1] + 1)
        self.now += timedelta(hours=2)  # arrivals stop, every slot has begun
        while any(self.call(n) is not None for n in list(self.counters)):
            pass


@settings(max_examples=400, deadline=None)
@given(policy=policies, fields=counter_sets, ops=operations)
def test_appointments_are_called_on_time_and_walk_ins_never_starve(policy, fields, ops):
    day = Day(policy, {number: f for number, f in enumerate(fields, start=1)})
    day.run(ops)
    served = set().union(*day.counters.values())
    assert [c for c in day.waiting.values() if c.field_id in served] == []


def test_a_due_appointment_goes_first_then_a_walk_in_gets_its_turn():
    day = Day(Policy(appointments_in_a_row=2), {1: frozenset(FIELDS)})
    for _ in range(3):
        day.add("ho_tich", None, T0)  # walk-ins 1-3, there since 09:00
    for minutes in (0, 5, 10):
        day.add("ho_tich", APPOINTMENT, T0 + timedelta(minutes=minutes))  # appointments 4-6
    day.add("ho_tich", APPOINTMENT, T0 + timedelta(minutes=90))  # 7: early, its slot is at 10:30
    day.now = T0 + timedelta(minutes=10)
    order = [day.call(1).ticket_id for _ in range(6)]
    assert order == [4, 5, 1, 6, 2, 3]  # two appointments, a walk-in, the third one, then the walk-ins
    assert day.call(1).ticket_id == 7  # nobody else waits: the early one need not stand idle
