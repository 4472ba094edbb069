"""The calling rule's promises, checked by hypothesis over random queues, categories, policies, counters,
transfers and call sequences (docs/architecture.md, "Who is called next"):

- the floor: a priority ticket is never called after a normal ticket of the same queue that queued after it;
  strict-override tickets go before everyone else of their queue;
- no starvation: a ticket waits at most for the tickets of its queue that queued before it, plus later
  strict-override tickets, plus (interleaved) one later priority ticket per counter and one for every N normal
  calls of that counter meanwhile, or (strict) the later priority tickets; and once arrivals stop, the
  counters call every ticket they serve.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from queue_server.rules import ordering
from queue_server.rules.forecast import NORMAL, PRIORITY, queue_of, rank
from queue_server.rules.ordering import Candidate, Policy

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
FIELDS = ("ho_tich", "chung_thuc")
CATEGORIES = (None, None, None, "elderly_60", "pregnant", "elderly_80", "disabled")

policies = st.builds(Policy, mode=st.sampled_from(("strict", "interleaved")), every_n_normal=st.integers(1, 4),
                     strict_override=st.sampled_from(((), ("elderly_80",), ("elderly_80", "disabled"))))
counter_sets = st.lists(st.frozensets(st.sampled_from(FIELDS), min_size=1), min_size=1, max_size=3)
operations = st.lists(st.one_of(
    st.tuples(st.just("issue"), st.sampled_from(FIELDS), st.sampled_from(CATEGORIES)),
    st.tuples(st.just("call"), st.integers(0, 2)),
    st.tuples(st.just("transfer"), st.integers(0, 2), st.sampled_from(FIELDS + (1, 2, 3)))), max_size=60)


@dataclass
class Stint:
    """One wait of one ticket in one queue: from entering it to being called."""

    ticket: Candidate
    normal_calls: dict[int, int] = field(default_factory=dict)  # per counter, while it waited
    jumpers: list[Candidate] = field(default_factory=list)  # later tickets of its queue called before it


@dataclass
class Day:
    policy: Policy
    counters: dict[int, frozenset[str]]
    waiting: dict[int, Stint] = field(default_factory=dict)
    counts: dict[int, int] = field(default_factory=dict)
    at_desk: dict[int, Candidate] = field(default_factory=dict)
    finished: list[Stint] = field(default_factory=list)
    next_id: int = 1

    def issue(self, field_id: str, category: str | None) -> None:
        ticket = Candidate(self.next_id, field_id, category, T0 + timedelta(minutes=self.next_id))
        self.waiting[ticket.ticket_id] = Stint(ticket)
        self.next_id += 1

    def call(self, number: int) -> Candidate | None:
        if number not in self.counters:
            return None
        pool = [s.ticket for s in self.waiting.values()]
        chosen = ordering.choose_next(pool, number, self.counters[number], self.counts.get(number, 0), self.policy)
        if chosen is None:
            return None
        self.check_floor(chosen, pool)
        stint = self.waiting.pop(chosen.ticket_id)
        for other in self.waiting.values():
            if queue_of(other.ticket) == queue_of(chosen) and ordering.place(other.ticket) < ordering.place(chosen):
                other.jumpers.append(chosen)
            if not chosen.priority:
                other.normal_calls[number] = other.normal_calls.get(number, 0) + 1
        self.counts[number] = ordering.next_interleave_count(chosen, self.counts.get(number, 0), self.policy)
        self.at_desk[number] = chosen
        self.finished.append(stint)
        return chosen

    def transfer(self, number: int, to) -> None:
        """The visitor at the desk goes back to waiting, same place in line: to a field, or to one counter."""
        ticket = self.at_desk.pop(number, None)
        if ticket is None:
            return
        if isinstance(to, str):
            moved = replace(ticket, field_id=to, target_counter=None)
        elif to in self.counters:
            moved = replace(ticket, target_counter=to)
        else:
            return
        self.waiting[moved.ticket_id] = Stint(moved)

    def check_floor(self, chosen: Candidate, pool: list[Candidate]) -> None:
        """Anyone of the chosen ticket's queue who queued before it and still waits is of a lower class: a
        normal ticket never passes a priority one (the floor), nobody passes someone of their own class."""
        for other in pool:
            if queue_of(other) == queue_of(chosen) and ordering.place(other) < ordering.place(chosen):
                assert rank(other, self.policy) > rank(chosen, self.policy), f"{chosen} called before {other}"

    def check_bound(self, stint: Stint) -> None:
        mine = rank(stint.ticket, self.policy)
        ranks = [rank(j, self.policy) for j in stint.jumpers]
        assert all(r < mine for r in ranks), (stint.ticket, stint.jumpers)  # nobody of one's own class or below
        if mine == NORMAL and self.policy.mode == "interleaved":
            allowed = sum(1 + stint.normal_calls.get(n, 0) // self.policy.every_n_normal for n in self.counters)
            assert ranks.count(PRIORITY) <= allowed, (stint.ticket, stint.jumpers, stint.normal_calls)

    def run(self, ops) -> None:
        for op in ops:
            if op[0] == "issue" and any(op[1] in fields for fields in self.counters.values()):
                self.issue(op[1], op[2])
            elif op[0] == "call":
                self.call(op[1] + 1)
            elif op[0] == "transfer":
                self.transfer(op[1] + 1, op[2])
        while any(self.call(n) is not None for n in list(self.counters)):  # arrivals stop: everyone is called
            pass


def served(day: Day, ticket: Candidate) -> bool:
    if ticket.target_counter is not None:
        return ticket.target_counter in day.counters
    return any(ticket.field_id in fields for fields in day.counters.values())


@settings(max_examples=400, deadline=None)
@given(policy=policies, fields=counter_sets, ops=operations)
def test_priority_never_waits_behind_a_younger_normal_ticket_and_nobody_starves(policy, fields, ops):
    day = Day(policy, {number: f for number, f in enumerate(fields, start=1)})
    day.run(ops)
    for stint in day.finished:
        day.check_bound(stint)
    assert [s.ticket for s in day.waiting.values() if served(day, s.ticket)] == []


def test_the_floor_holds_when_a_strict_override_ticket_was_just_called():
    """The issue's case, as the property test sees it: the counter's count is not reset by the urgent call."""
    policy = Policy("interleaved", 3, ("elderly_80", "disabled"))
    day = Day(policy, {1: frozenset(FIELDS)})
    for category in (None, None, "elderly_60", "disabled", None):
        day.issue("ho_tich", category)
    day.run([])
    assert [s.ticket.ticket_id for s in day.finished] == [4, 1, 2, 3, 5]
