"""Appointments, the pure part: which slots a day has and how many bookings each takes, what a check-in at a
given moment means, and the shapes of a booking code and a phone number.

Capacity: a slot of S minutes at a counter serving k fields gives the field S/k counter-minutes; the field's
counters (the plan: those configured for it and not closed) add up; at the procedure's typical service time
M that is (sum of S/k) / M visitors, of which `walk_in_share` is kept for walk-ins. An admin may set a
field's bookings per slot instead.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from queue_server.centre_config import WEEKDAYS, OpeningHours

CODE_ALPHABET = "ACDEFHJKLMNPQRTUVWXY34679"  # no 0/O, 1/I, 2/Z, 5/S, 8/B: read aloud and typed without doubt
CODE_LENGTH = 6
_PHONE = re.compile(r"^0\d{9,10}$")


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, in the centre's time zone
    minutes: int
    capacity: int
    booked: int = 0

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


def slot_capacity(counter_shares: list[float], slot_minutes: int, service_minutes: float,
                  walk_in_share: float) -> int:
    """Bookings one slot takes: counter_shares holds, for each counter of the field, 1/(fields it serves)."""
    if service_minutes <= 0:
        return 0
    visitors = sum(counter_shares) * slot_minutes / service_minutes
    return max(0, math.floor(visitors * (1 - walk_in_share) + 1e-9))


def day_slots(day: date, hours: OpeningHours, timezone: ZoneInfo, slot_minutes: int) -> list[datetime]:
    """The slot starts of a day: every slot wholly inside an opening period (a 24/7 centre: the whole day)."""
    midnight = datetime.combine(day, datetime.min.time(), tzinfo=timezone)
    if hours.always:
        spans = [(midnight, midnight + timedelta(days=1))]
    else:  # a period written "..-24:00" ends at 23:59:59: it still holds the day's last slot
        spans = [(datetime.combine(day, start, tzinfo=timezone),
                  datetime.combine(day, end, tzinfo=timezone) + timedelta(seconds=1 if end.second == 59 else 0))
                 for start, end in hours.periods.get(WEEKDAYS[day.weekday()], ())]
    starts = []
    step = timedelta(minutes=slot_minutes)
    for moment, closing in spans:
        while moment + step <= closing:
            starts.append(moment)
            moment += step
    return starts


def bookable_days(today: date, horizon_days: int, closed: set[date]) -> list[date]:
    return [today + timedelta(days=n) for n in range(horizon_days + 1) if today + timedelta(days=n) not in closed]


@dataclass(frozen=True)
class CheckIn:
    """What a check-in at `now` means: 'on_time' (queued at the slot: an early visitor waits for it), 'late'
    (beyond the grace: a walk-in), 'too_early' (come back at `from_time`), 'wrong_day'."""

    outcome: str
    from_time: datetime | None = None


def check_in(slot_start: datetime, now: datetime, timezone: ZoneInfo, early_minutes: int,
             late_minutes: int) -> CheckIn:
    if slot_start.astimezone(timezone).date() != now.astimezone(timezone).date():
        return CheckIn("wrong_day")
    opens = slot_start - timedelta(minutes=early_minutes)
    if now < opens:
        return CheckIn("too_early", opens)
    if now > slot_start + timedelta(minutes=late_minutes):
        return CheckIn("late")
    return CheckIn("on_time")


def normalise_code(text: str) -> str:
    """What a visitor typed or a scanner sent, as stored: capitals, no spaces or dashes."""
    return re.sub(r"[\s\-]", "", text or "").upper()


def normalise_phone(text: str) -> str | None:
    """A Vietnamese phone number as digits starting with 0 (+84 / 84 accepted); None when it is not one."""
    digits = re.sub(r"[\s.\-()]", "", text or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits if _PHONE.match(digits) else None


def mask_name(name: str | None) -> str:
    """What the counter sees of a name: the given name (the last word, how Vietnamese address people) and
    the family name's initial: 'Nguyễn Thị Lan' → 'N. … Lan'."""
    words = (name or "").split()
    if not words:
        return "—"
    if len(words) == 1:
        return words[0]
    return f"{words[0][0]}. … {words[-1]}"


def mask_phone(phone: str | None) -> str:
    """The last three digits only: enough to tell two visitors apart on the phone."""
    return f"••• {phone[-3:]}" if phone else "—"
