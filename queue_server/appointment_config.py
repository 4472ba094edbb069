"""The `appointments:` section of centre.yaml: how bookings are offered and checked in (docs/administration.md).

Read twice with the same code: by config_reader.py at start-up (a wrong value stops the server with the key
and the problem) and by the services, through `settings_of`, from the same file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from queue_server.centre_config import PREFIX_PATTERN, ConfigError, RateLimit


@dataclass(frozen=True)
class AppointmentSettings:
    enabled: bool = True
    walk_in_share: float = 0.5  # of each slot's counter time kept for visitors without a booking
    slot_minutes: int = 30
    horizon_days: int = 14  # bookings open this many days ahead (today is day 0)
    early_minutes: int = 45  # check-in accepted this long before the slot (the ticket then waits for it)
    late_minutes: int = 15  # later than this after the slot's start: served as a walk-in
    ticket_prefix: str = "L"  # the number on an appointment's ticket: L-001 ("Lịch hẹn")
    max_active_per_phone: int = 2  # upcoming bookings one phone number may hold at once
    per_phone: RateLimit = RateLimit(5, 86400)  # bookings and moves per phone number
    per_address: RateLimit = RateLimit(10, 3600)  # bookings and moves per source address
    in_a_row: int = 2  # due appointments a counter calls in a row while walk-ins wait (rules/ordering.py)
    retention_days: int = 30  # name and phone are cleared this long after the slot


DEFAULTS = AppointmentSettings()
_WHOLE = {"slot_minutes": (5, 240), "horizon_days": (0, 90), "early_minutes": (0, 240), "late_minutes": (0, 120),
          "max_active_per_phone": (1, 50), "in_a_row": (1, 10), "retention_days": (1, 3650)}


def parse(raw: dict, fail, field_prefixes: set | frozenset = frozenset(), mapping=None) -> AppointmentSettings:
    """`raw`: the section (its keys checked against config_schema.py); `fail(key, problem)` raises; `mapping`:
    the reader's check of a nested mapping's keys. The values' ranges and meaning are checked here."""
    values: dict = {}
    if "enabled" in raw and raw["enabled"] is not None:
        values["enabled"] = bool(raw["enabled"])
    share = raw.get("walk_in_share")
    if share is not None:
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 0.95:
            fail("appointments.walk_in_share", f"must be a share from 0 to 0.95 (0.4: 40 % kept for walk-ins), got {share!r}")
        values["walk_in_share"] = float(share)
    for name, (low, high) in _WHOLE.items():
        value = raw.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            fail(f"appointments.{name}", f"must be a whole number from {low} to {high}, got {value!r}")
        values[name] = value
    prefix = raw.get("ticket_prefix")
    if prefix is not None:
        if not isinstance(prefix, str) or not PREFIX_PATTERN.match(prefix):
            fail("appointments.ticket_prefix", f"{prefix!r} must be one or two capital letters")
        if prefix in field_prefixes:
            fail("appointments.ticket_prefix", f"{prefix!r} is already a field's ticket prefix; choose another")
        values["ticket_prefix"] = prefix
    for name in ("per_phone", "per_address"):
        rule = raw.get(name)
        if rule is None:
            continue
        if mapping is not None:
            mapping(rule, f"appointments.{name}", f"appointments.{name}")
        elif not isinstance(rule, dict):
            fail(f"appointments.{name}", "expected a mapping of limit and window_seconds")
        limit, window = rule.get("limit"), rule.get("window_seconds")
        for key, value in (("limit", limit), ("window_seconds", window)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                fail(f"appointments.{name}.{key}", f"must be a whole number of at least 1, got {value!r}")
        values[name] = RateLimit(limit, window)
    return AppointmentSettings(**values)


@lru_cache(maxsize=16)
def _from_file(source: str, prefixes: frozenset) -> AppointmentSettings:
    import yaml

    def fail(key, problem):
        raise ConfigError(source, key, problem)

    with open(source, encoding="utf-8") as f:
        section = (yaml.safe_load(f) or {}).get("appointments") or {}
    if not isinstance(section, dict):
        fail("appointments", "expected a mapping")
    return parse(section, fail, prefixes)


def settings_of(config) -> AppointmentSettings:
    """The centre's appointment settings (the defaults for a configuration that is not a file)."""
    if not Path(config.source).is_file():
        return DEFAULTS
    return _from_file(config.source, frozenset(f.prefix for f in config.fields if f.prefix))
