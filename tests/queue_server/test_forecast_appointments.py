"""The wait estimate with appointments (rules/forecast.py): an early appointment is expected from its slot, and
the walk-ins behind it count it as ahead once it is due."""

from datetime import datetime, timedelta, timezone

from queue_server.rules import forecast
from queue_server.rules.ordering import APPOINTMENT, Candidate, Policy

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
DESK = [forecast.Desk(1, frozenset({"ho_tich"}))]
MINUTES = {"ho_tich": 10.0}


def test_an_early_appointment_is_expected_at_its_slot_and_counted_ahead_of_later_walk_ins():
    first, second, third = (Candidate(n, "ho_tich", None, T0 - timedelta(minutes=10 - n)) for n in (1, 2, 3))
    booked = Candidate(4, "ho_tich", APPOINTMENT, T0 + timedelta(minutes=20))  # checked in, slot in 20 minutes
    waiting = [first, second, third, booked]
    policy = Policy()
    mine = forecast.forecast(booked, waiting, DESK, policy, MINUTES, now=T0)
    assert (mine.people_ahead, mine.minutes) == (2, 20.0)  # two walk-ins, then its slot has begun
    behind = forecast.forecast(third, waiting, DESK, policy, MINUTES, now=T0)
    assert (behind.people_ahead, behind.minutes) == (3, 30.0)
    # without the moment every appointment counts as due: the estimate would promise it at once
    assert forecast.forecast(booked, waiting, DESK, policy, MINUTES).minutes == 0.0
