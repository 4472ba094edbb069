"""Adapter from the queue server's print-job payload (a plain dict) to what the layout needs."""

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .errors import BadTicketData
from .wording import words_for


def nfc(text: Any) -> str:
    # Vietnamese arrives both precomposed and decomposed (e.g. from macOS or some IMEs); the font
    # positions combining marks badly, so always print the precomposed form.
    return unicodedata.normalize("NFC", str(text)).strip() if text is not None else ""


def _in(name: Any, language: str) -> str:
    """A name given as {"vi": ..., "en": ...} (in `language`, else the other) or as a plain string."""
    if isinstance(name, dict):
        other = "vi" if language == "en" else "en"
        return nfc(name.get(language) or name.get(other) or "")
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
    language: str = "vi"      # the visitor's language at the kiosk: the whole ticket is printed in it
    priority_name: str = ""   # the category's name as the centre's config gives it

    @property
    def words(self) -> dict:
        return words_for(self.language)

    @property
    def session(self) -> str:
        """Buổi: Sáng before 12:00, Chiều from 12:00, in the centre's local time as sent by the server."""
        return self.words["morning" if self.issued_at and self.issued_at.hour < 12 else "afternoon"]

    @property
    def priority_label(self) -> str | None:
        """"Ưu tiên: Người khuyết tật": every category by its own name ("Ưu tiên" alone if it has none)."""
        if not self.priority:
            return None
        if self.priority == "appointment":  # a checked-in booking: "Lịch hẹn", not a priority category
            return self.priority_name or "Lịch hẹn"
        word = self.words["priority"]
        return f"{word}: {self.priority_name}" if self.priority_name else word

    @classmethod
    def from_payload(cls, job: dict) -> "TicketJob":
        if not isinstance(job, dict) or not isinstance(job.get("ticket"), dict):
            raise BadTicketData("Lệnh in không có thông tin phiếu (thiếu 'ticket').")
        ticket = job["ticket"]
        number = nfc(ticket.get("number"))
        if not number:
            raise BadTicketData(f"Lệnh in {job.get('id')} không có số thứ tự.")
        centre = job.get("centre") or {}
        language = "en" if ticket.get("language") == "en" else "vi"
        centre_name = centre.get("name_en") if language == "en" and centre.get("name_en") else centre.get("name")
        return cls(
            job_id=job.get("id"),
            centre_name=_in(centre_name, language),
            centre_address=_in(centre.get("address"), language),
            number=number,
            field_name=_in(ticket.get("field_name"), language),
            procedure_name=_in(ticket.get("procedure_name"), language),
            priority=ticket.get("priority") or None,
            counters=[
                Counter(c.get("number"), _in(_english_or(c, "name", language), language),
                        _in(_english_or(c, "location", language), language), c.get("staffed") is not False)
                for c in ticket.get("counters") or []
            ],
            people_ahead=_optional_int(ticket.get("people_ahead")),
            eta_minutes=_optional_int(ticket.get("eta_minutes")),
            issued_at=_parse_time(ticket.get("issued_at") or job.get("created_at")),
            track_url=(ticket.get("track_url") or "").strip(),
            language=language,
            priority_name=_in(ticket.get("priority_name"), language),
        )


def _english_or(counter: dict, key: str, language: str) -> Any:
    """A counter's `key_en` on an English ticket when the centre wrote one, else its Vietnamese `key`."""
    return counter.get(f"{key}_en") if language == "en" and counter.get(f"{key}_en") else counter.get(key)


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
