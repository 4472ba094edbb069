"""The queue rules alone: ordering, lifecycle, numbering, opening hours, estimates."""

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from queue_server.centre_config import OpeningHours
from queue_server.rules import estimates, hours, lifecycle, numbering, ordering
from queue_server.rules.ordering import Candidate, Policy

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def ticket(i, field="ho_tich", priority=None, minutes=None, target=None):
    return Candidate(ticket_id=i, field_id=field, priority=priority,
                     queued_at=T0 + timedelta(minutes=i if minutes is None else minutes), target_counter=target)


def call_all(candidates, policy, fields=frozenset({"ho_tich"}), counter=1):
    order, waiting, count = [], list(candidates), 0
    while (chosen := ordering.choose_next(waiting, counter, fields, count, policy)) is not None:
        order.append(chosen.ticket_id)
        count = ordering.next_interleave_count(chosen, count, policy)
        waiting.remove(chosen)
    return order


def test_oldest_first_within_the_fields_a_counter_serves():
    waiting = [ticket(3), ticket(1), ticket(2, field="dat_dai"), ticket(4)]
    assert call_all(waiting, Policy()) == [1, 3, 4]


def test_strict_policy_serves_every_priority_ticket_first():
    waiting = [ticket(1), ticket(2), ticket(3, priority="elderly_60"), ticket(4, priority="pregnant")]
    assert call_all(waiting, Policy(mode="strict")) == [3, 4, 1, 2]


def test_interleaved_policy_serves_one_priority_after_every_n_normal():
    waiting = [ticket(i) for i in range(1, 8)] + [ticket(10, priority="elderly_60"), ticket(11, priority="pregnant")]
    assert call_all(waiting, Policy(mode="interleaved", every_n_normal=3)) == [1, 2, 3, 10, 4, 5, 6, 11, 7]


def test_strict_override_categories_always_go_first_under_interleaving():
    waiting = [ticket(1), ticket(2, priority="elderly_60"), ticket(3, priority="elderly_80")]
    policy = Policy(mode="interleaved", every_n_normal=3, strict_override=("elderly_80", "disabled"))
    assert call_all(waiting, policy) == [3, 1, 2]


def test_a_strict_override_call_neither_resets_the_count_nor_lets_a_younger_normal_ticket_pass():
    """Issue 13's demo morning: A-003 (aged 60+) waited behind A-001 and A-002; A-004 (disability) went first
    (fine), then A-005 (no priority, issued after A-003) must not be called before her."""
    policy = Policy(mode="interleaved", every_n_normal=3, strict_override=("elderly_80", "disabled"))
    waiting = [ticket(1), ticket(2), ticket(3, priority="elderly_60"), ticket(4, priority="disabled"), ticket(5)]
    assert call_all(waiting, policy) == [4, 1, 2, 3, 5]


def test_an_older_priority_ticket_goes_before_a_younger_normal_one_whatever_the_count():
    waiting = [ticket(1, priority="pregnant"), ticket(2), ticket(3)]
    assert call_all(waiting, Policy(mode="interleaved", every_n_normal=3)) == [1, 2, 3]


def test_priority_ticket_is_called_when_no_normal_ticket_waits():
    assert call_all([ticket(5, priority="pregnant")], Policy(every_n_normal=3)) == [5]


def test_ticket_transferred_to_a_counter_is_only_called_there_and_first():
    waiting = [ticket(1), ticket(2, field="dat_dai", minutes=30, target=2)]
    assert call_all(waiting, Policy(), counter=1) == [1]
    assert call_all(waiting, Policy(), counter=2) == [2, 1]


def test_transferred_ticket_keeps_its_place_by_first_queue_time():
    waiting = [ticket(5), ticket(6), ticket(7, minutes=1)]  # 7 was issued first, elsewhere, then transferred
    assert call_all(waiting, Policy()) == [7, 5, 6]


def test_people_ahead_counts_earlier_tickets_of_the_same_field_only():
    waiting = [ticket(1), ticket(2, field="dat_dai"), ticket(3), ticket(4)]
    assert ordering.people_ahead(waiting[3], waiting, Policy()) == 2
    assert ordering.people_ahead(waiting[0], waiting, Policy()) == 0


def test_people_ahead_of_a_normal_ticket_includes_strict_priority_tickets():
    waiting = [ticket(1), ticket(2), ticket(3, priority="disabled")]
    policy = Policy(strict_override=("disabled",))
    assert ordering.people_ahead(waiting[1], waiting, policy) == 2
    assert ordering.people_ahead(waiting[2], waiting, policy) == 0


@pytest.mark.parametrize("status, action, result", [
    ("issued", "call", "called"), ("called", "recall", "called"), ("called", "start", "serving"),
    ("serving", "done", "done"), ("called", "no_show", "no_show"), ("serving", "transfer", "transferred"),
    ("transferred", "call", "called"), ("issued", "cancel", "cancelled"), ("no_show", "call", "called"),
])
def test_allowed_transitions(status, action, result):
    assert lifecycle.next_status(status, action) == result


@pytest.mark.parametrize("status, action", [
    ("issued", "start"), ("issued", "done"), ("done", "call"), ("cancelled", "recall"), ("serving", "no_show"),
    ("done", "transfer"), ("issued", "recall"),
])
def test_refused_transitions_say_why(status, action):
    with pytest.raises(lifecycle.TransitionRefused, match="cannot"):
        lifecycle.next_status(status, action)


def test_numbers_are_prefix_and_zero_padded_sequence():
    assert numbering.format_number("A", 25, 3) == "A-025"
    assert numbering.format_number("B", 1001, 4) == "B-1001"


@pytest.mark.parametrize("typed, parsed", [
    ("A-025", ("A", 25)), ("a025", ("A", 25)), ("A 25", ("A", 25)), (" b.7 ", ("B", 7)), ("A–101", ("A", 101)),
])
def test_numbers_are_read_the_way_visitors_type_them(typed, parsed):
    assert numbering.parse_number(typed) == parsed


@pytest.mark.parametrize("typed", ["", "25", "hello", "A-", "ABC-1"])
def test_non_numbers_are_not_read(typed):
    assert numbering.parse_number(typed) is None


def test_service_day_is_the_centres_local_day():
    late_evening_utc = datetime(2026, 11, 22, 18, 30, tzinfo=timezone.utc)  # 01:30 on the 23rd in Hà Nội
    assert numbering.service_day(late_evening_utc, HANOI).isoformat() == "2026-11-23"


WEEKDAY_HOURS = OpeningHours(periods={day: ((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0)))
                                      for day in ("mon", "tue", "wed", "thu", "fri")})


@pytest.mark.parametrize("local, is_open", [
    ("2026-11-23T07:00", True), ("2026-11-23T06:59", False), ("2026-11-23T12:00", False),
    ("2026-11-23T16:59", True), ("2026-11-23T17:00", False), ("2026-11-22T09:00", False),
])
def test_opening_hours_in_local_time(local, is_open):
    moment = datetime.fromisoformat(local).replace(tzinfo=HANOI)
    assert hours.is_open(WEEKDAY_HOURS, moment, HANOI) is is_open


def test_next_opening_after_lunch_and_over_the_weekend():
    lunch = datetime(2026, 11, 23, 12, 0, tzinfo=HANOI)
    assert hours.next_opening(WEEKDAY_HOURS, lunch, HANOI) == datetime(2026, 11, 23, 13, 30, tzinfo=HANOI)
    friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=HANOI)
    opening = hours.next_opening(WEEKDAY_HOURS, friday_evening, HANOI)
    assert opening == datetime(2026, 11, 30, 7, 0, tzinfo=HANOI)
    words = hours.describe_next_opening(opening, friday_evening, HANOI)
    assert words["vi"] == "Trung tâm mở cửa lúc 07:00 thứ Hai, ngày 30/11/2026."
    assert "Monday" in words["en"]


def test_always_open_centre_has_no_next_opening():
    assert hours.is_open(OpeningHours(always=True), T0, HANOI)
    assert hours.next_opening(OpeningHours(always=True), T0, HANOI) is None


def test_wait_estimate_uses_median_service_time_and_open_counters():
    minutes = estimates.typical_service_minutes([5, 6, 7, 60], default_minutes=10)
    assert minutes == 6.5  # the one hour-long visit does not drag the estimate
    assert estimates.estimate_wait_minutes(4, minutes, 2) == 13
    assert estimates.typical_service_minutes([5], default_minutes=10) == 10  # too little history yet
    assert estimates.estimate_wait_minutes(0, 8, 1) == 0
    assert estimates.estimate_wait_minutes(3, 8, 0) == 24  # no counter open: still an honest figure
