"""How long a visitor will wait: people ahead × typical service time ÷ counters serving the field.

The typical service time is the median of the field's recent services (robust to the one visitor who
took an hour), or the centre's configured default before it has any history.
"""

import math
from statistics import median


def typical_service_minutes(recent_durations_minutes: list[float], default_minutes: float,
                            minimum_samples: int = 3) -> float:
    if len(recent_durations_minutes) < minimum_samples:
        return default_minutes
    return median(recent_durations_minutes)


def estimate_wait_minutes(people_ahead: int, service_minutes: float, open_counters: int) -> int:
    if people_ahead <= 0:
        return 0
    return math.ceil(people_ahead * service_minutes / max(1, open_counters))
