"""Wait estimates: the rules alone, then through the API on recent history."""

import importlib.util
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from queue_server import models
from queue_server.rules import estimates, ordering
from queue_server.rules.estimates import CounterLoad


@pytest.fixture
def app(make_app, busy_kiosk_config):
    """These tests issue a day's tickets at once from kiosk-1: faster than a kiosk's human pace."""
    return make_app(busy_kiosk_config)


T0 = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


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


def test_wait_hands_people_ahead_to_whichever_counter_frees_first():
    service = {"ho_tich": 8.0, "chung_thuc": 4.0}
    busy = [CounterLoad(frozenset({"ho_tich"}), "ho_tich", 2.0), CounterLoad(frozenset({"ho_tich"}), "ho_tich", 5.0)]
    # counters free in 6 and 3 minutes: nobody ahead → 3; one ahead takes that → 6; two ahead → 3 + 8 = 11
    assert estimates.wait_minutes(0, "ho_tich", service, busy, {}) == pytest.approx(3)
    assert estimates.wait_minutes(1, "ho_tich", service, busy, {"ho_tich": 1}) == pytest.approx(6)
    assert estimates.wait_minutes(2, "ho_tich", service, busy, {"ho_tich": 2}) == pytest.approx(11)
    overrun = [CounterLoad(frozenset({"ho_tich"}), "ho_tich", 30.0)]
    assert estimates.wait_minutes(0, "ho_tich", service, overrun, {}) == pytest.approx(0.3 * 8)
    one_idle = [busy[0], CounterLoad(frozenset({"ho_tich"}))]
    assert estimates.wait_minutes(0, "ho_tich", service, one_idle, {}) == 0


def test_before_any_counter_is_busy_the_work_is_spread_over_the_open_counters():
    idle = [CounterLoad(frozenset({"ho_tich"}))] * 3
    assert estimates.wait_minutes(0, "ho_tich", {"ho_tich": 8.0}, idle, {}) == 0
    assert estimates.wait_minutes(1, "ho_tich", {"ho_tich": 8.0}, idle, {"ho_tich": 1}) == pytest.approx(8 / 3)


def test_a_counter_shared_with_a_busier_field_counts_for_its_share_only():
    service = {"ho_tich": 8.0, "chung_thuc": 4.0}
    shared = CounterLoad(frozenset({"ho_tich", "chung_thuc"}), "chung_thuc", 4.0)  # just finishing
    dedicated = CounterLoad(frozenset({"ho_tich"}), "ho_tich", 0.0)  # 8 minutes left
    # 1 ahead + me in ho_tich (16 min of work) against 4 chung_thuc visitors (16 min): half the shared counter
    lanes = [shared, dedicated]
    assert estimates.wait_minutes(1, "ho_tich", service, lanes, {"ho_tich": 1, "chung_thuc": 4}) == pytest.approx(8)
    # alone in the shared counter's queues, it takes the one ahead at once and me 8 minutes later
    assert estimates.wait_minutes(1, "ho_tich", service, [shared], {"ho_tich": 1}) == pytest.approx(0.3 * 4 + 8)
    assert estimates.wait_minutes(1, "ho_tich", service, [shared], {"ho_tich": 1, "chung_thuc": 4}) == pytest.approx(0.3 * 4 + 16)


def test_the_next_free_lane_is_found_as_by_scanning_every_lane_to_the_last_bit():
    import random

    def scanned(people_ahead, lanes):  # the estimate's former loop: one min() over the lanes per person
        lanes = [list(lane) for lane in lanes]
        for _ in range(people_ahead):
            lane = min(lanes, key=lambda l: l[0])
            lane[0] += lane[1]
        return min(free for free, _pace in lanes)

    rng = random.Random(7)
    for _ in range(500):
        lanes = [(rng.choice([0.0, 1.2, 2.4, rng.uniform(0, 10)]), rng.choice([8.0, 4.0, rng.uniform(0.5, 40)]))
                 for _ in range(rng.randint(1, 6))]  # ties on purpose: idle counters, equal paces
        people_ahead = rng.randint(0, 300)
        assert estimates.turn_comes(people_ahead, lanes) == scanned(people_ahead, lanes)


def test_no_open_counter_still_gives_an_honest_figure():
    assert estimates.wait_minutes(3, "ho_tich", {"ho_tich": 8.0}, [], {"ho_tich": 3}) == 24


def candidate(i, priority=None, minutes=0):
    return ordering.Candidate(i, "ho_tich", priority, T0 + timedelta(minutes=minutes))


def test_people_ahead_follow_the_calling_order_of_the_priority_policy():
    policy = ordering.Policy(mode="interleaved", every_n_normal=3, strict_override=("elderly_80",))
    waiting = [candidate(i, minutes=i) for i in range(1, 6)] + [candidate(6, "pregnant", 6), candidate(7, "elderly_80", 7)]
    assert estimates.people_ahead_in_calling_order(waiting[6], waiting, policy) == 0  # strict: first
    assert estimates.people_ahead_in_calling_order(waiting[5], waiting, policy) == 4  # 80+, then 3 normal
    assert estimates.people_ahead_in_calling_order(waiting[4], waiting, policy) == 6  # the priority slot came first
    strict = ordering.Policy(mode="strict")
    assert estimates.people_ahead_in_calling_order(waiting[0], waiting, strict) == 2


def test_people_ahead_agree_with_replaying_the_calling_rule_call_by_call():
    """The linear count (run on every ticket issued) against choose_next replayed one call at a time."""
    import random

    rng = random.Random(5)
    categories = [None, None, None, "elderly_60", "pregnant", "elderly_80"]
    for _ in range(1500):
        waiting = [ordering.Candidate(i, rng.choice(("ho_tich", "chung_thuc")), rng.choice(categories),
                                      T0 + timedelta(minutes=rng.randint(0, 8)), rng.choice((None, None, 3)))
                   for i in range(rng.randint(1, 20))]
        policy = ordering.Policy(rng.choice(("strict", "interleaved")), rng.randint(1, 4),
                                 rng.choice(((), ("elderly_80",))))
        ticket, since = rng.choice(waiting), rng.randint(0, 5)
        assert estimates.people_ahead_in_calling_order(ticket, waiting, policy, since) == \
            estimates._replayed_people_ahead(ticket, waiting, policy, since), (ticket, waiting, policy, since)
    many = [candidate(i, "pregnant" if i % 7 == 0 else None, minutes=i) for i in range(1, 3001)]
    policy = ordering.Policy(mode="interleaved", every_n_normal=3)
    assert estimates.people_ahead_in_calling_order(many[-1], many, policy) == 2999  # linear: 3,000 is instant


def test_shown_minutes_round_up():
    assert estimates.rounded(0) == 0 and estimates.rounded(2.01) == 3 and estimates.rounded(3.0) == 3


# --- through the API ---------------------------------------------------------------------------------------

def issue(client, auth, procedure="khai_sinh"):
    return client.post("/api/v1/tickets", json={"procedure_id": procedure}, headers=auth("kiosk")).get_json()["ticket"]


def serve(client, auth, counter, minutes, clock):
    client.post(f"/api/v1/counters/{counter}/call-next", headers=auth("staff"))
    client.post(f"/api/v1/counters/{counter}/start", headers=auth("staff"))
    clock.moment += timedelta(minutes=minutes)
    client.post(f"/api/v1/counters/{counter}/done", headers=auth("staff"))


def test_yesterdays_services_set_todays_estimate(client, auth, clock):
    clock.set("2026-11-20T09:00:00+07:00")  # the Friday before
    for _ in range(12):
        issue(client, auth)
    for _ in range(12):
        serve(client, auth, 1, 4, clock)  # four minutes each, not the configured eight
    clock.set("2026-11-23T09:00:00+07:00")
    for counter in (2, 8):
        client.post(f"/api/v1/counters/{counter}/close", headers=auth("staff"))
    issue(client, auth)
    ticket = issue(client, auth)
    assert ticket["people_ahead"] == 1
    # Twelve 4-minute services (recency weights sum to 10.2) against the default 8 weighted 4: 5.13 → 6
    assert estimates.robust_service_minutes([4.0] * 12, 8) == pytest.approx(5.13, abs=0.01)
    assert ticket["eta_minutes"] == 6


def test_a_visitor_being_served_counts_in_the_wait(client, auth, clock):
    for counter in (2, 8):
        client.post(f"/api/v1/counters/{counter}/close", headers=auth("staff"))
    issue(client, auth)
    client.post("/api/v1/counters/1/call-next", headers=auth("staff"))
    clock.moment += timedelta(minutes=3)
    assert issue(client, auth)["eta_minutes"] == 5  # 8 configured − 3 already spent at counter 1


def test_without_history_each_field_uses_its_configured_default(client, auth, clock):
    # config/demo: service_minutes default 8, by_field chung_thuc 4 and dat_dai 15; no service recorded yet
    for counter in (2, 4, 8):
        client.post(f"/api/v1/counters/{counter}/close", headers=auth("staff"))  # one counter per field
    assert [issue(client, auth, "chung_thuc_ban_sao")["eta_minutes"] for _ in range(3)] == [0, 4, 8]  # 0, 1, 2 × 4
    assert [issue(client, auth, "cap_gcn_lan_dau")["eta_minutes"] for _ in range(2)] == [0, 15]
    assert [issue(client, auth)["eta_minutes"] for _ in range(2)] == [0, 8]  # ho_tich has no entry: the default
    client.post("/api/v1/counters/3/call-next", headers=auth("staff"))
    clock.moment += timedelta(minutes=1)
    # counter 3 frees in 4 − 1 = 3 minutes, then two visitors ahead at 4 minutes each: 3 + 4 + 4
    assert issue(client, auth, "chung_thuc_ban_sao")["eta_minutes"] == 11


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
