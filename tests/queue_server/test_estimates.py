"""Wait estimates: the rules alone, then through the API on recent history."""

import importlib.util
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from queue_server import models
from queue_server.rules import estimates, ordering
from queue_server.rules import forecast
from queue_server.rules.forecast import Desk, Forecast
from tests_support import heartbeat, staff_counter


@pytest.fixture
def app(make_app, busy_kiosk_config):
    """These tests issue a day's tickets at once from kiosk-1: faster than a kiosk's human pace."""
    return make_app(busy_kiosk_config)


T0 = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
POLICY = ordering.Policy(mode="interleaved", every_n_normal=3, strict_override=("elderly_80",))


def test_robust_service_minutes_is_the_default_without_history():
    assert estimates.robust_service_minutes([], default_minutes=8) == 8


def test_robust_service_minutes_clips_an_hour_long_visit_and_leans_on_the_default_when_history_is_thin():
    many = [6.0] * 60
    assert estimates.robust_service_minutes(many, 8) == pytest.approx(6.25, abs=0.01)  # ~28 services + 4 × default
    with_outlier = [60.0] + [6.0] * 59
    # clipped at 3 × median = 18 minutes: the hour-long visit adds 12 minutes over ~32 weights, not 54
    assert estimates.robust_service_minutes(with_outlier, 8) == pytest.approx(6.62, abs=0.01)
    assert estimates.robust_service_minutes([4.0], 8) == pytest.approx((4 + 4 * 8) / 5)


def test_recent_services_weigh_more_than_old_ones():
    faster_lately = [4.0] * 30 + [10.0] * 100  # newest first
    assert estimates.robust_service_minutes(faster_lately, 8) == pytest.approx(6.52, abs=0.01)  # plain mean: 8.6


def waiting_line(*specs, field="ho_tich"):
    """Tickets queued a minute apart: each spec a priority category or None."""
    return [ordering.Candidate(i, field, p, T0 + timedelta(minutes=i)) for i, p in enumerate(specs, start=1)]


HO_TICH = frozenset({"ho_tich"})
SERVICE = {"ho_tich": 8.0, "chung_thuc": 4.0}


def test_wait_hands_people_ahead_to_whichever_counter_frees_first():
    busy = [Desk(1, HO_TICH, free_in=6.0), Desk(2, HO_TICH, free_in=3.0)]
    waiting = waiting_line(None, None, None)
    # counters free in 6 and 3 minutes: nobody ahead → 3; one ahead takes that → 6; two ahead → 3 + 8 = 11
    assert [forecast.forecast(t, waiting, busy, POLICY, SERVICE) for t in waiting] == [
        Forecast(0, 3.0), Forecast(1, 6.0), Forecast(2, 11.0)]


def test_a_counter_shared_with_another_field_takes_its_visitors_in_their_turn():
    shared = Desk(8, frozenset({"ho_tich", "chung_thuc"}))
    older_chung_thuc = waiting_line(None, None, field="chung_thuc")
    mine = ordering.Candidate(9, "ho_tich", None, T0 + timedelta(minutes=9))
    waiting = older_chung_thuc + [mine]
    assert forecast.forecast(mine, waiting, [shared], POLICY, SERVICE) == Forecast(0, 8.0)  # two × 4 minutes first


def test_people_ahead_follow_the_calling_order_of_the_priority_policy():
    policy = ordering.Policy(mode="interleaved", every_n_normal=3, strict_override=("elderly_80",))
    waiting = waiting_line(None, None, None, None, None, "pregnant", "elderly_80")
    desk = [Desk(1, HO_TICH)]
    ahead = [forecast.forecast(t, waiting, desk, policy, SERVICE).people_ahead for t in waiting]
    assert ahead == [1, 2, 3, 5, 6, 4, 0]  # 80+ first, three normal, the priority slot, then the rest
    strict = [forecast.forecast(t, waiting, desk, ordering.Policy(mode="strict"), SERVICE).people_ahead
              for t in waiting]
    assert strict == [2, 3, 4, 5, 6, 0, 1]


def test_a_priority_ticket_is_never_counted_behind_a_younger_normal_one():
    waiting = waiting_line("elderly_60", None, None, None, None)
    assert forecast.forecast(waiting[0], waiting, [Desk(1, HO_TICH, normal_since_priority=0)], POLICY,
                             SERVICE).people_ahead == 0


def test_with_no_staffed_counter_the_people_ahead_are_counted_and_no_minutes_promised():
    waiting = waiting_line(None, None, "pregnant")
    other_field = [Desk(3, frozenset({"chung_thuc"}))]
    for desks in ([], other_field):
        assert forecast.forecast(waiting[1], waiting, desks, POLICY, SERVICE) == Forecast(1, None)


def test_the_forecast_replays_choose_next_call_by_call():
    """The line-head replay against choose_next over the whole queue, one call at a time, on random queues
    with shared counters, transfers to a counter and random interleave counts."""
    import random

    rng = random.Random(5)
    categories = [None, None, None, "elderly_60", "pregnant", "elderly_80"]
    for _ in range(400):
        waiting = [ordering.Candidate(i, rng.choice(("ho_tich", "chung_thuc")), rng.choice(categories),
                                      T0 + timedelta(minutes=rng.randint(0, 8)), rng.choice((None, None, 3)))
                   for i in range(rng.randint(1, 20))]
        policy = ordering.Policy(rng.choice(("strict", "interleaved")), rng.randint(1, 4),
                                 rng.choice(((), ("elderly_80",))))
        desks = [Desk(n, frozenset(rng.sample(("ho_tich", "chung_thuc"), rng.randint(1, 2))), rng.randint(0, 5),
                      rng.choice((0.0, 2.0, 5.0))) for n in (1, 2, 3)[:rng.randint(1, 3)]]
        ticket = rng.choice(waiting)
        assert forecast.forecast(ticket, waiting, desks, policy, SERVICE) == replayed(ticket, waiting, desks,
                                                                                      policy)


def replayed(ticket, waiting, desks, policy):
    """The reference: each free desk asks choose_next about the whole remaining queue."""
    pool, counts = list(waiting), {d.number: d.normal_since_priority for d in desks}
    free, ahead = {d.number: d.free_in for d in desks}, 0
    while free:
        number = min(free, key=lambda n: (free[n], n))
        desk = next(d for d in desks if d.number == number)
        chosen = ordering.choose_next(pool, number, desk.fields, counts[number], policy)
        if chosen is None:
            del free[number]
            continue
        if chosen == ticket:
            return Forecast(ahead, free[number])
        pool.remove(chosen)
        ahead += forecast.queue_of(chosen) == forecast.queue_of(ticket)
        counts[number] = ordering.next_interleave_count(chosen, counts[number], policy)
        free[number] += SERVICE[chosen.field_id]
    alone = forecast.forecast(ticket, waiting, [Desk(ticket.target_counter or -1, frozenset({ticket.field_id}))],
                              policy, {})
    return Forecast(alone.people_ahead, None)


def test_shown_minutes_round_up():
    assert estimates.rounded(0) == 0 and estimates.rounded(2.01) == 3 and estimates.rounded(3.0) == 3


# --- through the API ---------------------------------------------------------------------------------------

def issue(client, auth, procedure="khai_sinh"):
    return client.post("/api/v1/tickets", json={"procedure_id": procedure}, headers=auth("kiosk")).get_json()["ticket"]


def serve(client, desk, counter, minutes, clock):
    client.post(f"/api/v1/counters/{counter}/call-next", headers=desk)
    client.post(f"/api/v1/counters/{counter}/start", headers=desk)
    clock.moment += timedelta(minutes=minutes)
    heartbeat(client, desk)
    client.post(f"/api/v1/counters/{counter}/done", headers=desk)


def test_yesterdays_services_set_todays_estimate(client, auth, centre, clock):
    clock.set("2026-11-20T09:00:00+07:00")  # the Friday before
    desk = staff_counter(centre, 1)  # counter 1 alone is staffed
    for _ in range(12):
        issue(client, auth)
    for _ in range(12):
        serve(client, desk, 1, 4, clock)  # four minutes each, not the configured eight
    clock.set("2026-11-23T09:00:00+07:00")
    heartbeat(client, desk)
    issue(client, auth)
    ticket = issue(client, auth)
    assert ticket["people_ahead"] == 1
    # Twelve 4-minute services (recency weights sum to 10.2) against the default 8 weighted 4: 5.13 → 6
    assert estimates.robust_service_minutes([4.0] * 12, 8) == pytest.approx(5.13, abs=0.01)
    assert ticket["eta_minutes"] == 6


def test_a_visitor_being_served_counts_in_the_wait(client, auth, centre, clock):
    desk = staff_counter(centre, 1)
    issue(client, auth)
    client.post("/api/v1/counters/1/call-next", headers=desk)
    clock.moment += timedelta(minutes=1)
    heartbeat(client, desk)
    assert issue(client, auth)["eta_minutes"] == 7  # 8 configured − 1 already spent at counter 1


def test_without_history_each_field_uses_its_configured_default(client, auth, centre, clock):
    # config/demo: service_minutes default 8, by_field chung_thuc 4 and dat_dai 15; no service recorded yet
    desks = {n: staff_counter(centre, n) for n in (1, 3, 5)}  # one staffed counter per field
    assert [issue(client, auth, "chung_thuc_ban_sao")["eta_minutes"] for _ in range(3)] == [0, 4, 8]  # 0, 1, 2 × 4
    assert [issue(client, auth, "cap_gcn_lan_dau")["eta_minutes"] for _ in range(2)] == [0, 15]
    assert [issue(client, auth)["eta_minutes"] for _ in range(2)] == [0, 8]  # ho_tich has no entry: the default
    client.post("/api/v1/counters/3/call-next", headers=desks[3])
    clock.moment += timedelta(minutes=1)
    heartbeat(client, *desks.values())
    # counter 3 frees in 4 − 1 = 3 minutes, then two visitors ahead at 4 minutes each: 3 + 4 + 4
    assert issue(client, auth, "chung_thuc_ban_sao")["eta_minutes"] == 11


def test_with_no_counter_staffed_the_ticket_says_so_instead_of_a_wait(client, auth, centre, clock):
    first = issue(client, auth)
    assert first["eta_minutes"] is None and first["people_ahead"] == 0
    assert {c["number"] for c in first["counters"]} == {1, 2, 8}  # those that serve it, none staffed yet
    assert all(c["staffed"] is False for c in first["counters"])
    desk = staff_counter(centre, 2)
    second = issue(client, auth)
    assert [(c["number"], c["staffed"]) for c in second["counters"]] == [(2, True)]
    assert second["people_ahead"] == 1 and second["eta_minutes"] == 8
    clock.moment += timedelta(minutes=3)  # the console at counter 2 went quiet (a closed laptop)
    third = issue(client, auth)
    assert third["eta_minutes"] is None and all(c["staffed"] is False for c in third["counters"])
    heartbeat(client, desk)
    assert issue(client, auth)["counters"] == [{"number": 2, "name": "Quầy 2 – Hộ tịch",
                                               "location": "Tầng 1, bên trái", "staffed": True}]


def test_simulated_days_beat_the_naive_estimate():
    path = Path(__file__).resolve().parents[2] / "bench" / "estimate_simulation.py"
    spec = importlib.util.spec_from_file_location("estimate_simulation", path)
    simulation = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = simulation  # dataclasses look their module up
    spec.loader.exec_module(simulation)
    result = simulation.run(days=4, first_seed=101)
    assert result["tickets"] > 800
    assert result["mae_estimate"] < result["mae_naive"]
    assert result["mae_estimate"] < result["mae_naive_by_field"]
    assert abs(result["bias_estimate"]) < abs(result["bias_naive"])
