"""How long a visitor will wait, from the centre's own recent history. Plain functions, no Flask or SQL.

The estimate itself is rules/forecast.py: the staffed counters play the calling rule forward. What it
rests on is here:

- typical service minutes per field (`robust_service_minutes`): an exponentially weighted mean of the
  field's most recent services over the last days, each clipped at 3× their median so that the one visitor
  who took an hour does not drag the figure, and pulled towards the configured default while there are
  few services to go on (with none, it is the default);
- the work still in progress at the counters (`residual_minutes`: the visitor being served has a few
  minutes left: the typical time less the time already spent, at least 30% of the typical time).

`estimate_wait_minutes` is the naive formula (people ahead × service time ÷ counters), kept for the
queue overview and for comparison: bench/estimate_simulation.py measures both against simulated days.
"""

from __future__ import annotations

import math
from statistics import median

CLIP_AT_MEDIAN_TIMES = 3.0
RECENCY_DECAY = 0.97  # weight of the n-th most recent service: 0.97**n (half weight after ~23 services)
PRIOR_WEIGHT = 4.0  # the configured default counts like this many services
MIN_RESIDUAL_SHARE = 0.3  # a service running over its typical time still has a little left


def typical_service_minutes(recent_durations_minutes: list[float], default_minutes: float,
                            minimum_samples: int = 3) -> float:
    """The plain median of recent services (the default below `minimum_samples`)."""
    if len(recent_durations_minutes) < minimum_samples:
        return default_minutes
    return median(recent_durations_minutes)


def estimate_wait_minutes(people_ahead: int, service_minutes: float, open_counters: int) -> int:
    """The naive estimate: people ahead × service minutes ÷ open counters, rounded up."""
    if people_ahead <= 0:
        return 0
    return math.ceil(people_ahead * service_minutes / max(1, open_counters))


def robust_service_minutes(durations_newest_first: list[float], default_minutes: float,
                           decay: float = RECENCY_DECAY, prior_weight: float = PRIOR_WEIGHT) -> float:
    """Typical minutes per visitor: a recency-weighted, outlier-clipped mean, shrunk towards the default.

    A mean, not a median: the queue moves at the counters' average pace, and service times are skewed
    (many quick visits, some long ones), so a median would promise shorter waits than people get.
    """
    samples = [d for d in durations_newest_first if d is not None and d > 0]
    if not samples:
        return default_minutes
    ceiling = CLIP_AT_MEDIAN_TIMES * median(samples)
    weighted, weights, weight = 0.0, 0.0, 1.0
    for duration in samples:
        weighted += weight * min(duration, ceiling)
        weights += weight
        weight *= decay
    return (weighted + prior_weight * default_minutes) / (weights + prior_weight)


def residual_minutes(typical_minutes: float, minutes_spent: float) -> float:
    """Minutes a counter's current visitor probably still needs: the typical time less the time already
    spent, at least MIN_RESIDUAL_SHARE of the typical time (a visit running over still has a little left)."""
    return max(typical_minutes - minutes_spent, MIN_RESIDUAL_SHARE * typical_minutes)


def rounded(minutes: float) -> int:
    """Minutes shown to a visitor: whole minutes, rounded up (a wait is never shown shorter than it is)."""
    return 0 if minutes <= 0 else math.ceil(minutes - 1e-9)

