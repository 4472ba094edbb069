"""Simulated days at the demo centre with appointments (bench/estimate_simulation.py): booked visitors who
check in are called on time, walk-ins still are, and the estimate keeps beating the naive one."""

import importlib.util
import sys
from pathlib import Path


def simulation():
    path = Path(__file__).resolve().parents[2] / "bench" / "estimate_simulation.py"
    spec = importlib.util.spec_from_file_location("estimate_simulation_appointments", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_appointments_are_called_on_time_in_simulated_days():
    days = simulation()
    result = days.run(days=3, first_seed=201)
    booked = result["appointments"]
    assert booked["tickets"] > 40
    assert booked["within_10_minutes"] >= 0.9 and booked["p90_called_after_slot"] <= 10
    assert result["mae_estimate"] < result["mae_naive"]
    days.BOOKING_RATE = 0  # the same days with everyone walking in
    walk_ins_only = [v.called - v.arrived for seed in range(201, 204) for v in days.simulate_day(seed)]
    # walk-ins are not starved: they wait about as long as when nobody books, the longest wait not much longer
    assert booked["walk_in_mean_wait"] < 1.5 * sum(walk_ins_only) / len(walk_ins_only)
    assert booked["walk_in_max_wait"] < 1.5 * max(walk_ins_only)
