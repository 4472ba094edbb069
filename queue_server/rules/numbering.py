"""Ticket numbers: a prefix per field and a zero-padded daily sequence ("A-025")."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

NUMBER_PATTERN = re.compile(r"^\s*([A-Za-z]{1,2})\s*[-–.\s]?\s*(\d{1,5})\s*$")


def format_number(prefix: str, sequence: int, digits: int) -> str:
    return f"{prefix}-{sequence:0{digits}d}"


def parse_number(text: str) -> tuple[str, int] | None:
    """Read a number the way visitors type it: "A-025", "a025", "A 25", "a.25". None when it is not one."""
    match = NUMBER_PATTERN.match(text or "")
    if not match:
        return None
    return match.group(1).upper(), int(match.group(2))


def service_day(moment: datetime, timezone: ZoneInfo) -> date:
    """Numbering restarts every local day: the day is the centre's, not the server's or UTC's."""
    return moment.astimezone(timezone).date()
