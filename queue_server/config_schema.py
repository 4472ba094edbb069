"""What a centre's YAML files may hold: every key of every section and its type, and how a message names a
wrong value or a misspelt key. queue_server/centre_config.py reads the files against it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

KIOSK_KEYS = ("confirmation_seconds", "no_paper_confirmation_seconds", "idle_seconds", "idle_question_seconds",
              "large_text", "nearby_wait_minutes")


@dataclass(frozen=True)
class Kind:
    """The YAML types a key may hold, named as a message says them."""

    name: str
    types: tuple[type, ...] | None  # None: any

    def accepts(self, value) -> bool:
        # YAML's true and false are Python ints as well: only a key that takes true/false takes them
        return self.types is None or (isinstance(value, self.types)
                                      and (bool in self.types or not isinstance(value, bool)))


TEXT = Kind("text", (str,))
LABEL = Kind("text", (str, int, float))  # a name or a place: a number is taken as text ("location: 2")
WHOLE = Kind("a whole number", (int,))
NUMBER = Kind("a number", (int, float))
FLAG = Kind("true or false", (bool,))
MAPPING = Kind("a mapping of keys", (dict,))
LIST = Kind("a list", (list,))
RANGED = Kind("", None)  # any type here: the reader checks type and range in one message
KIOSK_SCHEMA = {name: RANGED for name in KIOSK_KEYS}

# Every key a section may hold, and its type (null, or nothing after the colon, passes: the reader takes it
# as not set or refuses it). A key not listed stops the server, so a misspelt one is never silently ignored.
# "[]": each item of a list.
SCHEMA: dict[str, dict[str, Kind]] = {
    "": {"centre": MAPPING, "catalogue": Kind("a catalogue file name or a list of fields", (str, list)),
         "numbering": MAPPING, "service_minutes": MAPPING, "priority": MAPPING, "counters": LIST,
         "kiosk": MAPPING, "devices": MAPPING, "announcement": MAPPING, "tracking": MAPPING, "security": MAPPING,
         "staffing": MAPPING, "satisfaction": MAPPING, "reports": MAPPING,  # these two are read by services/ratings.py, reports.py
         "appointments": MAPPING,  # appointment_config.py
         "local": MAPPING,  # the centre's own facts named in a shared catalogue (local_facts.py)
         "facilities": MAPPING},  # toilets, parking, wifi... as the robot tells them (facilities.py)
    "centre": {"name": TEXT, "name_en": TEXT, "address": TEXT, "timezone": TEXT, "notice": LABEL,
               "lat": NUMBER, "lon": NUMBER,  # where it is: the city's nearest-queue list (issue 17)
               "opening_hours": Kind('"24/7" or a mapping of weekdays (mon..sun) to periods', (str, dict))},
    "numbering": {"digits": WHOLE, "reset": TEXT, "daily_cap": WHOLE,
                  "field_caps": Kind("a mapping of field ids to daily caps (dat_dai: 200)", (dict,))},
    "service_minutes": {"default": NUMBER,
                        "by_field": Kind("a mapping of field ids to minutes (dat_dai: 15)", (dict,))},
    "priority": {"categories": LIST, "policy": MAPPING},
    "priority.categories[]": {"id": TEXT, "vi": TEXT, "en": TEXT},
    "priority.policy": {"mode": TEXT, "every_n_normal": WHOLE, "strict_override": LIST},
    "counters[]": {"number": WHOLE, "name": LABEL, "location": LABEL, "name_en": LABEL, "location_en": LABEL,
                   "fields": LIST},
    "kiosk": KIOSK_SCHEMA,
    "devices": {"kiosks": LIST, "displays": LIST},
    "devices.kiosks[]": {"id": TEXT, "name": LABEL, "printer": TEXT, "print_via": TEXT, **KIOSK_SCHEMA},
    "devices.displays[]": {"id": TEXT, "name": LABEL, "fields": LIST, "notice": TEXT, "sound": FLAG,
                           "counters": Kind('"all" or a list of counter numbers', (str, list))},
    "announcement": {"template": TEXT, "repeat": WHOLE, "reading": TEXT, "highlight_seconds": WHOLE},
    "tracking": {"public_base_url": TEXT},
    "security": {"session_hours": NUMBER, "idle_minutes": WHOLE, "rate_limits": MAPPING,
                 "retention_days": Kind('a whole number of days or "forever"', (int, str)),
                 "audit_retention_days": Kind('a whole number of days or "forever"', (int, str)),
                 "assistant_max_chars": WHOLE, "speech_max_chars": WHOLE, "connections_per_address": WHOLE,
                 "max_request_kb": WHOLE},
    "security.rate_limits": {"ticket_issue": MAPPING, "kiosk_issue": MAPPING, "login": MAPPING,
                             "login_failures": MAPPING, "login_per_address": MAPPING, "assistant": MAPPING,
                             "voice": MAPPING, "queue_reads": MAPPING,
                             "devices": Kind("a mapping of device or account names to limits", (dict,))},
    "staffing": {"console_timeout_minutes": NUMBER},
    "satisfaction": {"levels": LIST, "satisfied_from": WHOLE, "tablet_minutes": WHOLE},
    "satisfaction.levels[]": {"value": WHOLE, "vi": LABEL, "en": LABEL},
    "reports": {"target_wait_minutes": WHOLE},
    "appointments": {"enabled": FLAG, "walk_in_share": RANGED, "slot_minutes": RANGED, "horizon_days": RANGED,
                     "early_minutes": RANGED, "late_minutes": RANGED, "ticket_prefix": TEXT,
                     "max_active_per_phone": RANGED, "per_phone": MAPPING, "per_address": MAPPING,
                     "in_a_row": RANGED, "retention_days": RANGED},
    "appointments.per_phone": {"limit": RANGED, "window_seconds": RANGED},
    "appointments.per_address": {"limit": RANGED, "window_seconds": RANGED},
    # The catalogue: catalogue.yaml (or the file `catalogue:` names), or a list of fields in place of the name.
    "catalogue file": {"fields": LIST},
    "field": {"id": TEXT, "vi": TEXT, "en": TEXT, "ticket_prefix": TEXT, "procedures": LIST, "enabled": FLAG},
    "procedure": {"id": TEXT, "code": TEXT, "vi": TEXT, "en": TEXT, "processing_time": MAPPING, "fee": MAPPING,
                  "documents": LIST, "documents_en": LIST, "synonyms": LIST, "redirect": TEXT, "person_must_attend": FLAG,
                  "online": FLAG, "enabled": FLAG},
    "procedure.fee": {"text": TEXT, "text_en": TEXT, "amount_vnd": WHOLE, "per_page_vnd": WHOLE, "per_page_from_3_vnd": WHOLE,
                      "cap_per_copy_vnd": WHOLE, "province_example": TEXT},
    "procedure.processing_time": {"text": TEXT, "text_en": TEXT, "working_days": WHOLE, "max_working_days": WHOLE,
                                  "calendar_days": WHOLE},
}


def describe(value) -> str:
    """What a YAML value is, for a message: 'a list', 'text ('abc')', 'a whole number (5)'."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    kind = {bool: "true/false", int: "a whole number", float: "a number", str: "text"}.get(type(value),
                                                                                        type(value).__name__)
    shown = repr(value)
    return f"{kind} ({shown if len(shown) <= 40 else shown[:37] + '...'})"


def unknown_key(name, allowed) -> str:
    """The problem for a key the section does not have: the closest valid key, and all of them."""
    close = difflib.get_close_matches(str(name), list(allowed), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown key; {hint}valid keys: {', '.join(allowed)}"
