"""The hot reads of issuing and calling ask the database for a few rows (the oldest ticket of each group,
counts by field and priority) instead of the whole queue. They must give the answers the rules give on the
whole queue, on SQLite and PostgreSQL, with ties in queue time, transfers to a counter and priorities."""

import random
from datetime import timedelta

from sqlalchemy import select

from queue_server import models
from queue_server.rules import forecast, ordering
from queue_server.services import issuing, queue_state
from tests_support import staff_counter

PROCEDURES = ("khai_sinh", "chung_thuc_ban_sao", "cap_gcn_lan_dau", "thanh_lap_hkd")


def shuffled_queue(centre, rng: random.Random, size: int = 120) -> list[models.Ticket]:
    categories = [None, None, None] + [c.id for c in centre.config.priority_categories]
    for _ in range(size):
        issuing.issue_ticket(centre, rng.choice(PROCEDURES), rng.choice(categories), None, "test", "http://test")
    counters = [c.number for c in centre.config.counters]
    with centre.db.transaction() as (session, _):
        tickets = session.scalars(select(models.Ticket)).all()
        for t in tickets:
            t.queued_at -= timedelta(seconds=rng.randint(0, 40))  # out of id order, with ties
            if rng.random() < 0.1:
                t.target_counter = rng.choice(counters)
            if rng.random() < 0.1:
                t.status = "called"
    return tickets


def test_a_counter_calls_the_ticket_the_rule_picks_from_the_whole_queue(centre):
    rng = random.Random(11)
    tickets = shuffled_queue(centre, rng)
    policy = queue_state.policy_of(centre)
    waiting = [queue_state.candidate(t) for t in tickets if t.status == "issued"]
    compared = 0
    with centre.db.reading() as session:
        for counter in centre.config.counters:
            fields = frozenset(counter.field_ids)
            for skipped in (set(), {c.ticket_id for c in waiting if rng.random() < 0.5}):
                pool = [c for c in waiting if c.ticket_id not in skipped]
                heads = queue_state.callable_heads(session, centre, fields, counter.number, skipped)
                assert len(heads) < len(pool)
                for since in range(5):
                    expected = ordering.choose_next(pool, counter.number, fields, since, policy)
                    chosen = ordering.choose_next(heads, counter.number, fields, since, policy)
                    assert (chosen and chosen.ticket_id) == (expected and expected.ticket_id)
                    compared += expected is not None
    assert compared > 20


def test_people_ahead_from_the_database_match_the_rule_played_on_the_whole_queue(centre):
    """position_of reads five columns of the waiting tickets and the staffed counters; the same calling rule
    replayed on the whole queue as the ORM loads it (forecast over ordering.choose_next) gives the same
    people ahead, with shared counters, transfers to a counter, interleave counts and priorities."""
    rng = random.Random(12)
    tickets = shuffled_queue(centre, rng)
    for number in (1, 3, 5, 8):
        staff_counter(centre, number)
    with centre.db.transaction() as (session, _):
        for counter in session.scalars(select(models.Counter)):
            counter.normal_since_priority = rng.randint(0, 4)
    policy = queue_state.policy_of(centre)
    waiting = [queue_state.candidate(t) for t in tickets if t.status == "issued"]
    minutes = {f.id: centre.config.service_minutes_for(f.id) for f in centre.config.fields}  # no history yet
    with centre.db.reading() as session:
        desks = [forecast.Desk(c.number, frozenset(f.id for f in c.fields), c.normal_since_priority)
                 for c in session.scalars(select(models.Counter)) if c.number in (1, 3, 5, 8)]
        for ticket in rng.sample([t for t in tickets if t.status == "issued"], 30):
            ahead, _eta = queue_state.position_of(session, centre, ticket)
            expected = forecast.forecast(queue_state.candidate(ticket), waiting, desks, policy, minutes)
            assert ahead == expected.people_ahead
        counts = queue_state.waiting_by_field(queue_state.waiting_candidates(session, centre))
    for field_id in {t.field_id for t in tickets}:
        assert counts.get(field_id, 0) == sum(1 for c in waiting if c.field_id == field_id)
