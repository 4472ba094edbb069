"""The ticket just issued is told its people ahead and wait from counts per line (rules/forecast.appended),
not from a replay of the whole queue: over random queues, desks, service times and policies the short way
must give exactly what the replay gives (so the two can never drift apart), whenever it answers."""

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from queue_server.rules import forecast
from queue_server.rules.forecast import Desk
from queue_server.rules.ordering import Candidate, Policy

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
FIELDS = ("ho_tich", "chung_thuc", "dat_dai")
CATEGORIES = (None, None, None, None, "elderly_60", "elderly_80")

policies = st.builds(Policy, mode=st.sampled_from(("strict", "interleaved")), every_n_normal=st.integers(1, 4),
                     strict_override=st.sampled_from(((), ("elderly_80",))))
tickets = st.lists(st.tuples(st.sampled_from(FIELDS), st.sampled_from(CATEGORIES),
                             st.one_of(st.none(), st.none(), st.integers(1, 4)), st.integers(0, 30)), max_size=40)
desk_sets = st.lists(st.tuples(st.integers(1, 4), st.frozensets(st.sampled_from(FIELDS), min_size=1),
                               st.integers(0, 4), st.sampled_from((0.0, 0.0, 1.5, 3.25, 7.0, 11.1))),
                     max_size=4, unique_by=lambda d: d[0])
minutes = st.fixed_dictionaries({f: st.sampled_from((0.0, 2.5, 4.0, 7.3, 8.0, 15.0, 1 / 3)) for f in FIELDS})


def replayed_and_counted(specs, desk_specs, field_id, policy, service_minutes):
    waiting = [Candidate(i, f, p, T0 + timedelta(seconds=s), t) for i, (f, p, t, s) in enumerate(specs, 1)]
    desks = [Desk(n, fields, since, free) for n, fields, since, free in desk_specs]
    new = Candidate(len(specs) + 1, field_id, None, T0 + timedelta(seconds=31))  # the newest of all
    lines: dict = {}
    for c in waiting:
        lines[(c.field_id, c.target_counter)] = lines.get((c.field_id, c.target_counter), 0) + 1
    full = forecast.forecast(new, waiting + [new], desks, policy, service_minutes)
    return full, forecast.appended(new, lines, desks, policy, service_minutes)


@settings(max_examples=800, deadline=None)
@given(tickets, desk_sets, st.sampled_from(FIELDS), policies, minutes)
def test_counts_give_what_the_replay_gives(specs, desk_specs, field_id, policy, service_minutes):
    full, short = replayed_and_counted(specs, desk_specs, field_id, policy, service_minutes)
    if short is not None:
        assert short == full


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CATEGORIES), st.integers(0, 30)), max_size=60),
       st.lists(st.tuples(st.integers(1, 6), st.sampled_from((0.0, 0.5, 2.0, 4.0))), min_size=1, max_size=5,
                unique_by=lambda d: d[0]), policies, minutes)
def test_desks_of_one_field_always_answer_by_counting(specs, desk_specs, policy, service_minutes):
    """The common case (one desk, or several desks of one field, a priority visitor or two among them) is
    answered by counting, and exactly: that is what keeps the issue's cost flat."""
    one_field = [("ho_tich", p, None, s) for p, s in specs]
    desks = [(n, frozenset({"ho_tich"}), 0, free) for n, free in desk_specs]
    full, short = replayed_and_counted(one_field, desks, "ho_tich", policy, service_minutes)
    assert short == full
    assert short.people_ahead == len(specs)


def test_a_ticket_nobody_serves_yet_has_its_queue_ahead_and_no_minutes():
    full, short = replayed_and_counted([("ho_tich", None, None, 1), ("dat_dai", None, None, 2)],
                                       [(5, frozenset({"dat_dai"}), 0, 0.0)], "ho_tich", Policy(), {})
    assert short == full == forecast.Forecast(1, None)


# --- the database side (SQLite and PostgreSQL): the counts the triggers keep, and the issue's answer ------

PROCEDURES = ("khai_sinh", "chung_thuc_ban_sao", "cap_gcn_lan_dau", "thanh_lap_hkd")


def counted_by_hand(centre) -> dict:
    from sqlalchemy import select

    from queue_server import models
    from queue_server.services.service_times import today

    counts: dict = {}
    with centre.db.reading() as session:
        for t in session.scalars(select(models.Ticket).where(models.Ticket.service_day == today(centre),
                                                             models.Ticket.status.in_(("issued", "transferred")))):
            counts[(t.field_id, t.target_counter)] = counts.get((t.field_id, t.target_counter), 0) + 1
    return counts


def test_the_counts_per_line_follow_every_change_of_the_queue(centre):
    """Issue, call, call a number, transfer to a field or a counter, no-show, cancel, hold, resume, and a
    change written by hand: waiting_counts (kept by triggers) is always what counting the tickets gives."""
    import random

    from sqlalchemy import select

    from queue_server import models
    from queue_server.errors import ApiError
    from queue_server.services import counter_work, issuing, waiting_lines
    from tests_support import staff_counter

    rng = random.Random(17)
    for number in (1, 2, 3, 5, 8):
        staff_counter(centre, number)
    categories = [None, None, None] + [c.id for c in centre.config.priority_categories]
    for step in range(160):
        number = rng.choice((1, 2, 3, 5, 8))
        move = rng.choice(("issue", "issue", "issue", "call", "call", "transfer", "no_show", "cancel", "hold",
                           "resume"))
        try:
            if move == "issue":
                issuing.issue_ticket(centre, rng.choice(PROCEDURES), rng.choice(categories), None, "t", "http://t")
            elif move == "call":
                counter_work.call_next(centre, number, "t")
            elif move == "transfer":
                to_counter = rng.choice((None, 2, 5))
                counter_work.transfer(centre, number, "t", None if to_counter else "chung_thuc", to_counter, None)
            elif move == "resume":
                counter_work.resume(centre, number, "t")
            else:
                counter_work.act(centre, number, move, "t")
        except ApiError:
            pass  # nobody at that counter, nothing held: the move did not apply
        if step % 40 == 39:  # a change by hand, as an admin's script might do: the triggers see it too
            with centre.db.transaction() as (session, _outbox):
                ticket = session.scalars(select(models.Ticket).order_by(models.Ticket.id.desc())).first()
                ticket.status = "issued" if ticket.status != "issued" else "cancelled"
        if step % 20 == 0:
            with centre.db.reading() as session:
                assert waiting_lines.line_counts(session, centre) == counted_by_hand(centre)
    with centre.db.reading() as session:
        assert waiting_lines.line_counts(session, centre) == counted_by_hand(centre)
        assert sum(waiting_lines.line_counts(session, centre).values()) > 10


def test_a_ticket_is_told_at_issue_what_the_replay_of_the_whole_queue_says(centre, clock):
    """The issue answers by counting (forecast.appended) where it can; right after, the replay over the
    whole queue (position_of) gives the same people ahead and wait, with one, two or more staffed desks."""
    import random
    from datetime import timedelta

    from queue_server import models
    from queue_server.services import counter_work, issuing, queue_state
    from tests_support import staff_counter

    rng = random.Random(5)
    for number in (1, 2, 3, 5):
        staff_counter(centre, number)
    categories = [None] * 8 + [c.id for c in centre.config.priority_categories]
    compared = 0
    for step in range(80):
        clock.moment += timedelta(seconds=rng.randint(5, 90))
        if rng.random() < 0.3:
            counter_work.call_next(centre, rng.choice((1, 2, 3, 5)), "t")
            continue
        view = issuing.issue_ticket(centre, rng.choice(PROCEDURES), rng.choice(categories), None, "t", "http://t")
        with centre.db.reading() as session:
            ticket = session.get(models.Ticket, view["id"])
            assert (view["people_ahead"], view["eta_minutes"]) == queue_state.position_of(session, centre, ticket)
        compared += 1
    assert compared > 40
