"""Adapter from the queue server's print-job payload (a plain dict) to what the layout needs."""

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .errors import BadTicketData

PRIORITY_LABELS = {
    "elderly_60": "Ưu tiên: người cao tuổi",
    "elderly_80": "Ưu tiên: người cao tuổi",
    "disability": "Ưu tiên: người khuyết tật",
    "pregnant": "Ưu tiên: phụ nữ mang thai",
    "meritorious": "Ưu tiên: người có công",
    "small_child": "Ưu tiên: người bế con nhỏ",
}


def nfc(text: Any) -> str:
    # Vietnamese arrives both precomposed and decomposed (e.g. from macOS or some IMEs); the font
    # positions combining marks badly, so always print the precomposed form.
    return unicodedata.normalize("NFC", str(text)).strip() if text is not None else ""


def _vi(name: Any) -> str:
    """A name given as {"vi": ..., "en": ...} or as a plain string."""
    if isinstance(name, dict):
        return nfc(name.get("vi") or name.get("en") or "")
    return nfc(name)


@dataclass(frozen=True)
class Counter:
    number: int | None
    name: str
    location: str
    staffed: bool = True  # False: nobody is at it yet (printed "Tạm đóng")


@dataclass(frozen=True)
class TicketJob:
    job_id: int | str
    centre_name: str
    centre_address: str
    number: str
    field_name: str
    procedure_name: str
    priority: str | None
    counters: list[Counter] = field(default_factory=list)
    people_ahead: int | None = None
    eta_minutes: int | None = None
    issued_at: datetime | None = None
    track_url: str = ""

    @property
    def session(self) -> str:
        """Buổi: Sáng before 12:00, Chiều from 12:00, in the centre's local time as sent by the server."""
        return "Sáng" if self.issued_at and self.issued_at.hour < 12 else "Chiều"

    @property
    def priority_label(self) -> str | None:
        if not self.priority:
            return None
        return PRIORITY_LABELS.get(self.priority, "Ưu tiên")

    @classmethod
    def from_payload(cls, job: dict) -> "TicketJob":
        if not isinstance(job, dict) or not isinstance(job.get("ticket"), dict):
            raise BadTicketData("Lệnh in không có thông tin phiếu (thiếu 'ticket').")
        ticket = job["ticket"]
        number = nfc(ticket.get("number"))
        if not number:
            raise BadTicketData(f"Lệnh in {job.get('id')} không có số thứ tự.")
        centre = job.get("centre") or {}
        return cls(
            job_id=job.get("id"),
            centre_name=_vi(centre.get("name")),
            centre_address=_vi(centre.get("address")),
            number=number,
            field_name=_vi(ticket.get("field_name")),
            procedure_name=_vi(ticket.get("procedure_name")),
            priority=ticket.get("priority") or None,
            counters=[
                Counter(c.get("number"), _vi(c.get("name")), _vi(c.get("location")), c.get("staffed") is not False)
                for c in ticket.get("counters") or []
            ],
            people_ahead=_optional_int(ticket.get("people_ahead")),
            eta_minutes=_optional_int(ticket.get("eta_minutes")),
            issued_at=_parse_time(ticket.get("issued_at") or job.get("created_at")),
            track_url=(ticket.get("track_url") or "").strip(),
        )


def _optional_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BadTicketData(f"Giá trị không phải số: {value!r}") from None


def _parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        # Keep the server's offset (+07:00): the ticket shows the centre's wall-clock time.
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise BadTicketData(f"Thời gian không hợp lệ: {value!r}") from None
