"""Opening hours: is the centre open now, and when does it open next (in its own time zone)?"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from queue_server.centre_config import WEEKDAYS, OpeningHours


def is_open(hours: OpeningHours, moment: datetime, timezone: ZoneInfo) -> bool:
    if hours.always:
        return True
    local = moment.astimezone(timezone)
    spans = hours.periods.get(WEEKDAYS[local.weekday()], ())
    return any(start <= local.time() < end for start, end in spans)


def next_opening(hours: OpeningHours, moment: datetime, timezone: ZoneInfo) -> datetime | None:
    """The next moment the centre opens after `moment`; None when always open or never open."""
    if hours.always:
        return None
    local = moment.astimezone(timezone)
    for offset in range(8):
        day = (local + timedelta(days=offset)).date()
        for start, _end in hours.periods.get(WEEKDAYS[day.weekday()], ()):
            opening = datetime.combine(day, start, tzinfo=timezone)
            if opening > local:
                return opening
    return None


def describe_next_opening(opening: datetime | None, moment: datetime, timezone: ZoneInfo) -> dict:
    """Visitor-readable words, Vietnamese and English, for when the centre opens again."""
    if opening is None:
        return {"vi": "Trung tâm hiện không nhận hồ sơ.", "en": "The centre is not taking visitors."}
    local_now = moment.astimezone(timezone)
    clock = opening.strftime("%H:%M")
    if opening.date() == local_now.date():
        return {"vi": f"Trung tâm mở cửa lại lúc {clock} hôm nay.", "en": f"The centre opens again at {clock} today."}
    day_vi = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"][opening.weekday()]
    day_en = opening.strftime("%A")
    date_text = opening.strftime("%d/%m/%Y")
    return {"vi": f"Trung tâm mở cửa lúc {clock} {day_vi}, ngày {date_text}.",
            "en": f"The centre opens at {clock} on {day_en} {date_text}."}
