"""The centre's configuration as plain data: read once at start-up from YAML (config_reader.py), validated
(config_schema.py), then passed down.

A wrong file stops the server with a message naming the file, the key and what is wrong, so a centre never
half-starts with a typo in its counters or opening hours.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PREFIX_PATTERN = re.compile(r"^[A-Z]{1,2}$")
HOURS_PATTERN = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


class ConfigError(Exception):
    """A configuration file is wrong; the message names the file, the key and the problem."""

    def __init__(self, path: Path | str, key: str, problem: str):
        super().__init__(f"{path}: {key}: {problem}")
        self.path, self.key, self.problem = str(path), key, problem


def nfc(text: str) -> str:
    """Vietnamese can be typed precomposed or with combining marks; store one form so search and sort agree."""
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Procedure:
    id: str
    field_id: str
    name_vi: str
    name_en: str
    code: str | None = None
    documents: tuple[str, ...] = ()
    fee_text: str = ""
    fee_amount_vnd: int | None = None
    processing_text: str = ""
    processing_working_days: int | None = None
    # English for visitors who switch the kiosk to English ("" or (): shown in Vietnamese, marked as such)
    documents_en: tuple[str, ...] = ()
    fee_text_en: str = ""
    processing_text_en: str = ""
    synonyms: tuple[str, ...] = ()
    redirect: str | None = None
    person_must_attend: bool = False
    enabled: bool = True  # false: kept (an export writes it back) but not offered


@dataclass(frozen=True)
class Field:
    id: str
    prefix: str | None  # None: the centre does not serve it (e.g. residence, sent to the commune police)
    name_vi: str
    name_en: str
    procedures: tuple[Procedure, ...] = ()
    enabled: bool = True


@dataclass(frozen=True)
class Counter:
    number: int
    name: str
    location: str
    field_ids: tuple[str, ...]
    name_en: str = ""      # for English-speaking visitors ("": the Vietnamese, marked as such)
    location_en: str = ""


@dataclass(frozen=True)
class PriorityCategory:
    id: str
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class PriorityPolicy:
    mode: str = "interleaved"  # "strict" or "interleaved"
    every_n_normal: int = 3
    strict_override: tuple[str, ...] = ()


@dataclass(frozen=True)
class KioskSettings:
    """How a kiosk page behaves (centre-wide `kiosk:` section, each key overridable on a kiosk device)."""

    confirmation_seconds: int = 30  # the confirmation screen returns to the start by itself after this
    no_paper_confirmation_seconds: int = 90  # ... when the paper ticket could not be printed (time to photograph it)
    idle_seconds: int = 60  # any other screen untouched this long returns to the start; 0: never
    # "Anh/chị còn dùng máy không?" shows this long before that reset (so at 45 s by default); 0: no question
    idle_question_seconds: int = 15
    large_text: bool = False  # start every visit in large-text mode
    # in a city: a wait here longer than this points to nearby centres with a shorter one (kiosk-nearby.js); 0: never
    nearby_wait_minutes: int = 30

    def view(self) -> dict:
        return {"confirmation_seconds": self.confirmation_seconds,
                "no_paper_confirmation_seconds": self.no_paper_confirmation_seconds,
                "idle_seconds": self.idle_seconds, "idle_question_seconds": self.idle_question_seconds,
                "large_text": self.large_text, "nearby_wait_minutes": self.nearby_wait_minutes}


@dataclass(frozen=True)
class Device:
    id: str
    kind: str  # "kiosk" or "display"
    name: str
    printer: str | None = None
    print_via: str | None = None  # a robot prints on the printer of the kiosk it stands by
    counters: tuple[int, ...] | None = None  # displays: None means every counter
    fields: tuple[str, ...] | None = None  # displays: waiting counts shown; None: the fields of its counters
    notice: str | None = None  # displays: scrolling notice line; None: the centre's notice
    sound: bool = True  # displays: whether this display announces calls aloud
    kiosk: KioskSettings | None = None  # kiosks: the centre's kiosk settings with this device's overrides

    @property
    def printing_kiosk(self) -> str:
        return self.print_via or self.id


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` attempts in any `window_seconds` (a sliding window)."""

    limit: int
    window_seconds: int


# SecuritySettings' limits and their keys in `security.rate_limits`, and its whole-number keys (the reader and
# the export both use them)
RATE_LIMIT_KEYS = {"ticket_limit": "ticket_issue", "kiosk_ticket_limit": "kiosk_issue", "login_limit": "login",
                   "login_failure_limit": "login_failures", "login_address_limit": "login_per_address",
                   "assistant_limit": "assistant", "voice_limit": "voice", "queue_read_limit": "queue_reads"}
SECURITY_SIZES = ("assistant_max_chars", "speech_max_chars", "connections_per_address", "max_request_kb")


@dataclass(frozen=True)
class SecuritySettings:
    """The `security:` section: staff sessions, rate limits and how long tickets are kept (docs/security.md)."""

    session_hours: float = 12  # a staff sign-in lasts at most this long (one working day)
    idle_minutes: int = 60  # ... and ends after this long without a request
    # Per device (kiosk token, staff account, script) and window; generous so load tests from one token pass:
    # a centre sets a realistic figure per kiosk under `rate_limits.devices`.
    ticket_limit: RateLimit = RateLimit(3000, 60)
    # Each kiosk-role token not listed under `devices`: a burst of a few tickets, then about one every 3 s.
    kiosk_ticket_limit: RateLimit = RateLimit(5, 15)
    device_ticket_limits: dict[str, RateLimit] = field(default_factory=dict)
    login_limit: RateLimit = RateLimit(20, 300)  # per IP address + username
    # Wrong passwords per address + username (per browser for one that signed in as that user before)
    login_failure_limit: RateLimit = RateLimit(5, 900)
    # Sign-ins per address whatever the name (each costs a password hash), except from a browser known for the name
    login_address_limit: RateLimit = RateLimit(20, 300)
    assistant_limit: RateLimit = RateLimit(20, 60)  # robot messages per address
    voice_limit: RateLimit = RateLimit(30, 60)  # speech rendered anew (not from the cache) per address
    queue_read_limit: RateLimit = RateLimit(120, 60)  # anonymous loads of GET /api/v1/queue per address
    assistant_max_chars: int = 500  # a visitor's message to the robot is cut here
    speech_max_chars: int = 300  # one chunk of the robot's answer spoken at a time
    connections_per_address: int = 100  # live (Socket.IO) connections held at once by one address
    max_request_kb: int = 1024  # larger request bodies are refused with 413
    retention_days: int | None = 365  # tickets (and their events, ratings, print jobs) older are purged
    audit_retention_days: int | None = 730  # audit log entries older are purged

    def ticket_limit_for(self, device: str, role: str | None = None) -> RateLimit:
        default = self.kiosk_ticket_limit if role == "kiosk" else self.ticket_limit
        return self.device_ticket_limits.get(device, default)


@dataclass(frozen=True)
class OpeningHours:
    """Opening periods per weekday, in the centre's local time. Always open when `always` is set."""

    always: bool = False
    periods: dict[str, tuple[tuple[time, time], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Level:
    value: int
    vi: str
    en: str


@dataclass(frozen=True)
class Scale:
    """The `satisfaction:` section: the rating levels, best first, and which count as satisfied."""

    levels: tuple[Level, ...]
    satisfied_from: int
    tablet_minutes: int = 15

    def as_json(self) -> dict:
        return {"levels": [{"value": l.value, "vi": l.vi, "en": l.en} for l in self.levels],
                "satisfied_from": self.satisfied_from}

    def label(self, value: int) -> dict:
        level = next((l for l in self.levels if l.value == value), None)
        return {"vi": level.vi, "en": level.en} if level else {"vi": str(value), "en": str(value)}


DEFAULT_SCALE = Scale(levels=(Level(3, "Rất hài lòng", "Very satisfied"), Level(2, "Hài lòng", "Satisfied"),
                              Level(1, "Không hài lòng", "Not satisfied")), satisfied_from=2)


@dataclass(frozen=True)
class CentreConfig:
    source: str
    name: str
    name_en: str
    address: str
    timezone: ZoneInfo
    opening_hours: OpeningHours
    fields: tuple[Field, ...]
    counters: tuple[Counter, ...]
    priority_categories: tuple[PriorityCategory, ...]
    priority_policy: PriorityPolicy
    devices: tuple[Device, ...]
    digits: int = 3
    daily_cap: int = 999
    field_caps: dict[str, int] = field(default_factory=dict)
    default_service_minutes: float = 8.0
    service_minutes_by_field: dict[str, float] = field(default_factory=dict)
    announcement_template: str = "Xin mời công dân có số thứ tự {number}, đến quầy số {counter}"
    announcement_repeat: int = 2
    announcement_reading: str = "words"
    highlight_seconds: int = 20
    security: SecuritySettings = field(default_factory=SecuritySettings)  # the `security:` section
    # staffing.console_timeout_minutes: a counter whose console has not been seen this long is not staffed
    console_timeout_minutes: float = 2.0
    public_base_url: str | None = None
    notice: str = ""  # the displays' scrolling notice line (centre.notice)
    kiosk: KioskSettings = field(default_factory=KioskSettings)  # the `kiosk:` section
    satisfaction: Scale = DEFAULT_SCALE  # the `satisfaction:` section (services/ratings.py)
    target_wait_minutes: int = 20  # reports.target_wait_minutes: the wait a visitor should not pass
    lat: float | None = None  # centre.lat / centre.lon: where the centre is (the city's nearest queue)
    lon: float | None = None
    local: dict[str, str] = field(default_factory=dict)  # `local:`: its own facts in a shared catalogue
    facilities: dict[str, dict[str, str]] = field(default_factory=dict)  # `facilities:` (facilities.py)

    def kiosk_settings(self, device_id: str | None) -> KioskSettings:
        """A kiosk's settings: its own overrides, else the centre's."""
        device = self.device(device_id) if device_id else None
        return device.kiosk if device is not None and device.kiosk is not None else self.kiosk

    def procedure(self, procedure_id: str) -> Procedure | None:
        return self._procedures_by_id.get(procedure_id)

    def field(self, field_id: str) -> Field | None:
        return next((f for f in self.fields if f.id == field_id), None)

    def device(self, device_id: str) -> Device | None:
        return next((d for d in self.devices if d.id == device_id), None)

    def cap_for(self, field_id: str) -> int:
        return self.field_caps.get(field_id, self.daily_cap)

    def service_minutes_for(self, field_id: str) -> float:
        return self.service_minutes_by_field.get(field_id, self.default_service_minutes)

    @functools.cached_property  # read on every ticket issued; a changed config is a new object
    def _procedures_by_id(self) -> dict[str, Procedure]:
        return {p.id: p for f in self.fields for p in f.procedures}


def load_centre_config(location: str | Path) -> CentreConfig:
    """Load a centre from a folder (holding centre.yaml) or from one YAML file (config_reader.py)."""
    from queue_server.config_reader import read_centre  # it imports this module's data classes

    return read_centre(location)
