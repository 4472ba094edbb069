"""Reading a centre's YAML (centre.yaml and its catalogue) into the data classes of centre_config.py, with the
checks of config_checks.py against config_schema.py. Every message names the file, the key as written and
what is wrong."""

from __future__ import annotations

import dataclasses
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from queue_server import appointment_config, facilities, local_facts
from queue_server.centre_config import (DEFAULT_SCALE, HOURS_PATTERN, PREFIX_PATTERN, WEEKDAYS, CentreConfig,
                                         ConfigError, Counter, Device, Field, KioskSettings, Level, OpeningHours,
                                         PriorityCategory, PriorityPolicy, Procedure, RATE_LIMIT_KEYS, RateLimit,
                                         SECURITY_SIZES, Scale, SecuritySettings, nfc)
from queue_server.config_checks import YamlChecker


# The kiosk settings that are whole numbers: (allowed, how a message says what is allowed)
KIOSK_NUMBERS = {
    "confirmation_seconds": (lambda v: 3 <= v <= 3600, "a whole number of seconds from 3 to 3600"),
    "no_paper_confirmation_seconds": (lambda v: 3 <= v <= 3600, "a whole number of seconds from 3 to 3600"),
    "idle_seconds": (lambda v: v == 0 or 30 <= v <= 3600, "0 (never) or a whole number of seconds from 30 to 3600"),
    "idle_question_seconds": (lambda v: 0 <= v <= 600,
                              "0 (reset without asking) or a whole number of seconds up to 600"),
    "nearby_wait_minutes": (lambda v: 0 <= v <= 600, "0 (never) or a whole number of minutes up to 600"),
}


def read_centre(location: str | Path) -> CentreConfig:
    """Load a centre from a folder (holding centre.yaml) or from one YAML file."""
    path = Path(location)
    if path.is_dir():
        path = path / "centre.yaml"
    if not path.is_file():
        raise ConfigError(path, "(file)", "no such configuration file")
    return _read(_Reader(path))


def read_centre_data(data: dict, source: str | Path) -> CentreConfig:
    """A centre from YAML data in memory (the admins' edits, config_writer.py), with the same checks as a file;
    `source` is the file it stands for."""
    return _read(_Reader(Path(source), data))


def _read(reader: _Reader) -> CentreConfig:
    try:
        return reader.centre()
    except ConfigError:
        raise
    except Exception as exc:  # a check this reader lacks: still the file and a message, never a traceback
        raise ConfigError(reader.reading, "(file)",
                          f"cannot be read ({type(exc).__name__}: {exc}); check the types of its values") from exc


class _Reader(YamlChecker):
    """Reads one centre file (and its catalogue file) into CentreConfig."""

    # --- the sections -----------------------------------------------------------------------------------

    def centre(self) -> CentreConfig:
        top = self.mapping(self.data, "", "")
        centre = self.mapping(self.required(top, "centre", ""), "centre", "centre")
        timezone_name = centre.get("timezone", "Asia/Ho_Chi_Minh")
        try:
            timezone = ZoneInfo(timezone_name)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            self.fail("centre.timezone", f"unknown time zone {timezone_name!r}")
        name = nfc(self.required(centre, "name", "centre"))
        local = local_facts.read(top.get("local"), self.fail)
        fields = self.catalogue(top, local)
        field_ids = {f.id for f in fields}
        counters = self.counters(top, field_ids)
        priority = self.mapping(top.get("priority"), "priority", "priority")
        categories = self.priority_categories(priority)
        numbering = self.mapping(top.get("numbering"), "numbering", "numbering")
        service = self.mapping(top.get("service_minutes"), "service_minutes", "service_minutes")
        announcement = self.mapping(top.get("announcement"), "announcement", "announcement")
        tracking = self.mapping(top.get("tracking"), "tracking", "tracking")
        kiosk = self.kiosk_settings(self.mapping(top.get("kiosk"), "kiosk", "kiosk"), KioskSettings(), "kiosk")
        appointment_config.parse(self.mapping(top.get("appointments"), "appointments", "appointments"), self.fail,
                                 {f.prefix for f in fields if f.prefix}, self.mapping)
        digits = numbering.get("digits", 3)
        if not isinstance(digits, int) or not 2 <= digits <= 5:
            self.fail("numbering.digits", "must be a whole number from 2 to 5")
        if numbering.get("reset", "daily") != "daily":
            self.fail("numbering.reset", "only 'daily' is supported")
        daily_cap = self.positive_int(numbering.get("daily_cap", 10**digits - 1), "numbering.daily_cap")
        if daily_cap > 10**digits - 1:
            self.fail("numbering.daily_cap", f"{daily_cap} does not fit in {digits} digits")
        field_caps = {}
        for field_id, cap in (numbering.get("field_caps") or {}).items():
            if field_id not in field_ids:
                self.fail(f"numbering.field_caps.{field_id}", "no such field in the catalogue")
            field_caps[field_id] = min(self.positive_int(cap, f"numbering.field_caps.{field_id}"), daily_cap)
        by_field = {}
        for field_id, minutes in (service.get("by_field") or {}).items():
            if field_id not in field_ids:
                self.fail(f"service_minutes.by_field.{field_id}", "no such field in the catalogue")
            by_field[field_id] = float(self.positive_number(minutes, f"service_minutes.by_field.{field_id}"))
        template = announcement.get("template", CentreConfig.announcement_template)
        if not isinstance(template, str) or "{number}" not in template or "{counter}" not in template:
            self.fail("announcement.template", "must contain {number} and {counter}")
        reading = announcement.get("reading", "words")
        if reading not in ("words", "digits"):
            self.fail("announcement.reading", "must be 'words' or 'digits'")
        return CentreConfig(
            source=str(self.path),
            name=name,
            name_en=nfc(centre.get("name_en") or name),
            address=nfc(centre.get("address") or ""),
            lat=self.coordinate(centre.get("lat"), "centre.lat", 90),
            lon=self.coordinate(centre.get("lon"), "centre.lon", 180),
            timezone=timezone,
            opening_hours=self.opening_hours(centre.get("opening_hours", "24/7")),
            fields=fields,
            counters=counters,
            priority_categories=categories,
            priority_policy=self.priority_policy(priority, {c.id for c in categories}),
            devices=self.devices(top, {c.number for c in counters}, field_ids, kiosk),
            digits=digits,
            daily_cap=daily_cap,
            field_caps=field_caps,
            default_service_minutes=float(self.positive_number(service.get("default", 8), "service_minutes.default")),
            service_minutes_by_field=by_field,
            announcement_template=nfc(template),
            announcement_repeat=self.positive_int(announcement.get("repeat", 2), "announcement.repeat"),
            announcement_reading=reading,
            highlight_seconds=self.positive_int(announcement.get("highlight_seconds", 20), "announcement.highlight_seconds"),
            security=self.security(top),
            console_timeout_minutes=float(self.positive_number(
                self.mapping(top.get("staffing"), "staffing", "staffing").get("console_timeout_minutes", 2),
                "staffing.console_timeout_minutes")),
            public_base_url=tracking.get("public_base_url"),
            notice=nfc(str(centre.get("notice") or "")),
            kiosk=kiosk,
            satisfaction=self.satisfaction(top),
            target_wait_minutes=self.target_wait_minutes(top),
            local=local,
            facilities=facilities.read(top.get("facilities"), self.fail),
        )

    def coordinate(self, value, key: str, limit: float) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not -limit <= value <= limit:
            self.fail(key, f"must be a number of degrees between -{limit} and {limit}")
        return float(value)

    def satisfaction(self, top: dict) -> Scale:
        """The rating scale (services/ratings.py): levels best first, which count as satisfied."""
        raw = self.mapping(top.get("satisfaction"), "satisfaction", "satisfaction")
        levels = []
        for key, level in self.items(raw.get("levels"), "satisfaction.levels", "satisfaction.levels[]"):
            if not isinstance(level.get("value"), int) or not level.get("vi"):
                self.fail(key, "each level needs a whole-number value and a vi label")
            levels.append(Level(level["value"], nfc(str(level["vi"])), nfc(str(level.get("en") or level["vi"]))))
        if not raw:
            return DEFAULT_SCALE
        levels = levels or list(DEFAULT_SCALE.levels)
        if len({l.value for l in levels}) != len(levels) or len(levels) < 2:
            self.fail("satisfaction.levels", "needs at least two levels with different values")
        satisfied_from = raw.get("satisfied_from", sorted(l.value for l in levels)[len(levels) // 2])
        if not isinstance(satisfied_from, int):
            self.fail("satisfaction.satisfied_from", "must be a whole number")
        tablet_minutes = raw.get("tablet_minutes", 15)
        if not isinstance(tablet_minutes, int) or tablet_minutes < 1:
            self.fail("satisfaction.tablet_minutes", "must be a whole number of at least 1")
        return Scale(tuple(levels), satisfied_from, tablet_minutes)

    def target_wait_minutes(self, top: dict) -> int:
        """`reports: {target_wait_minutes: 20}` (services/reports.py)."""
        target = self.mapping(top.get("reports"), "reports", "reports").get("target_wait_minutes", 20)
        if not isinstance(target, int) or isinstance(target, bool) or target < 1:
            self.fail("reports.target_wait_minutes", "must be a whole number of at least 1")
        return target

    def kiosk_settings(self, raw: dict, base: KioskSettings, key: str) -> KioskSettings:
        """The `kiosk:` section, or the same keys on a kiosk device (overriding the centre's)."""
        values = {}
        for name, (allowed, wanted) in KIOSK_NUMBERS.items():
            if name in raw:
                value = raw[name]
                if not isinstance(value, int) or isinstance(value, bool) or not allowed(value):
                    self.fail(f"{key}.{name}", f"must be {wanted}, got {value!r}")
                values[name] = value
        if "large_text" in raw:
            if not isinstance(raw["large_text"], bool):
                self.fail(f"{key}.large_text", "expected true or false")
            values["large_text"] = raw["large_text"]
        return dataclasses.replace(base, **values)

    def opening_hours(self, value) -> OpeningHours:
        if value == "24/7":
            return OpeningHours(always=True)
        if not isinstance(value, dict):
            self.fail("centre.opening_hours", "expected \"24/7\" or a mapping of weekdays (mon..sun) to periods")
        periods = {}
        for day, spans in value.items():
            key = f"centre.opening_hours.{day}"
            if day not in WEEKDAYS:
                self.fail(key, f"unknown weekday; use {', '.join(WEEKDAYS)}")
            if not isinstance(spans, list):
                self.fail(key, "expected a list of periods like \"07:00-11:30\"")
            parsed = []
            for span in spans:
                match = HOURS_PATTERN.match(str(span))
                if not match:
                    self.fail(key, f"{span!r} is not a period like \"07:00-11:30\"")
                h1, m1, h2, m2 = map(int, match.groups())
                if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
                    self.fail(key, f"{span!r} is not a valid time of day")
                start, end = time(h1, m1), (time(23, 59, 59) if h2 == 24 else time(h2, m2))
                if end <= start:
                    self.fail(key, f"{span!r} ends before it starts")
                parsed.append((start, end, span))
            parsed.sort()
            for (_, earlier_end, earlier), (start, _, span) in zip(parsed, parsed[1:]):
                if start < earlier_end:
                    self.fail(key, f"{span!r} overlaps {earlier!r}")
            periods[day] = tuple((start, end) for start, end, _ in parsed)
        return OpeningHours(always=False, periods=periods)

    def catalogue(self, top: dict, local: dict[str, str]) -> tuple[Field, ...]:
        reference = top.get("catalogue")
        if reference is None:
            self.fail("catalogue", "is missing; name the catalogue file (catalogue.yaml) or list the fields")
        if isinstance(reference, str):
            path = (self.path.parent / reference).resolve()
            if not path.is_file():
                self.fail("catalogue", f"file {reference!r} not found next to {self.path.name}")
            self.reading = path
            key, raw_fields = "fields", self.required(self.mapping(self._load(path), "", "catalogue file", path),
                                                      "fields", "", path)
        else:
            key, path, raw_fields = "catalogue", self.path, reference
        # the centre's own facts (`local:`) where a shared catalogue names them: local_facts.py
        raw_fields = local_facts.filled(raw_fields, local, key, lambda k, problem: self.fail(k, problem, path),
                                        self.path.name)
        fields, seen_fields, seen_procedures = [], set(), set()
        for fkey, raw in self.items(raw_fields, key, "field", path):
            fid = self.required(raw, "id", fkey, path)
            if fid in seen_fields:
                self.fail(f"{fkey}.id", f"field {fid!r} appears twice", path)
            seen_fields.add(fid)
            prefix = raw.get("ticket_prefix")
            if prefix is not None and not PREFIX_PATTERN.match(prefix):
                self.fail(f"{fkey}.ticket_prefix", f"{prefix!r} must be one or two capital letters", path)
            procedures = []
            for pkey, p in self.items(raw.get("procedures"), f"{fkey}.procedures", "procedure", path):
                pid, name_vi = self.required(p, "id", pkey, path), self.required(p, "vi", pkey, path)
                if pid in seen_procedures:
                    self.fail(f"{pkey}.id", f"procedure {pid!r} appears twice", path)
                seen_procedures.add(pid)
                fee = self.mapping(p.get("fee"), f"{pkey}.fee", "procedure.fee", path)
                processing = self.mapping(p.get("processing_time"), f"{pkey}.processing_time",
                                          "procedure.processing_time", path)
                procedures.append(Procedure(
                    id=pid, field_id=fid, name_vi=nfc(name_vi), name_en=nfc(p.get("en") or name_vi),
                    code=p.get("code"), documents=self.texts(p.get("documents"), f"{pkey}.documents", path),
                    documents_en=self.texts(p.get("documents_en"), f"{pkey}.documents_en", path),
                    fee_text=nfc(fee.get("text") or ""), fee_text_en=nfc(fee.get("text_en") or ""),
                    fee_amount_vnd=self.count_or_none(fee.get("amount_vnd"), f"{pkey}.fee.amount_vnd", path),
                    processing_text=nfc(processing.get("text") or ""),
                    processing_text_en=nfc(processing.get("text_en") or ""),
                    processing_working_days=self.count_or_none(processing.get("working_days"),
                                                               f"{pkey}.processing_time.working_days", path),
                    synonyms=self.texts(p.get("synonyms"), f"{pkey}.synonyms", path),
                    redirect=nfc(p["redirect"]) if p.get("redirect") else (
                        "Công an cấp xã / VNeID" if prefix is None else None),
                    person_must_attend=bool(p.get("person_must_attend")),
                    enabled=p.get("enabled", True) is not False,
                ))
            fields.append(Field(id=fid, prefix=prefix, name_vi=nfc(raw.get("vi") or fid),
                                name_en=nfc(raw.get("en") or raw.get("vi") or fid), procedures=tuple(procedures),
                                enabled=raw.get("enabled", True) is not False))
        if not fields:
            self.fail(key, "has no fields", path)
        self.reading = self.path
        return tuple(fields)

    def counters(self, top: dict, field_ids: set[str]) -> tuple[Counter, ...]:
        counters, numbers = [], set()
        for key, raw in self.items(self.required(top, "counters", ""), "counters", "counters[]"):
            number = self.positive_int(raw.get("number"), f"{key}.number")
            if number in numbers:
                self.fail(f"{key}.number", f"counter {number} appears twice")
            numbers.add(number)
            served = raw.get("fields")
            if not served:
                self.fail(f"{key}.fields", "list the ids of the fields this counter serves")
            for fid in served:
                if not isinstance(fid, str) or fid not in field_ids:
                    self.fail(f"{key}.fields", f"no field {fid!r} in the catalogue")
            counters.append(Counter(number=number, name=nfc(str(raw.get("name") or f"Quầy {number}")),
                                    location=nfc(str(raw.get("location") or "")), field_ids=tuple(served),
                                    name_en=nfc(str(raw.get("name_en") or "")),
                                    location_en=nfc(str(raw.get("location_en") or ""))))
        return tuple(counters)

    def priority_categories(self, priority: dict) -> tuple[PriorityCategory, ...]:
        categories = []
        for key, raw in self.items(priority.get("categories"), "priority.categories", "priority.categories[]"):
            cid, name_vi = self.required(raw, "id", key), self.required(raw, "vi", key)
            if any(c.id == cid for c in categories):
                self.fail(f"{key}.id", f"priority category {cid!r} appears twice")
            categories.append(PriorityCategory(id=cid, name_vi=nfc(name_vi), name_en=nfc(raw.get("en") or name_vi)))
        return tuple(categories)

    def priority_policy(self, priority: dict, category_ids: set[str]) -> PriorityPolicy:
        policy = self.mapping(priority.get("policy"), "priority.policy", "priority.policy")
        mode = policy.get("mode", "interleaved")
        if mode not in ("strict", "interleaved"):
            self.fail("priority.policy.mode", "must be 'strict' or 'interleaved'")
        every = self.positive_int(policy.get("every_n_normal", 3), "priority.policy.every_n_normal")
        override = tuple(policy.get("strict_override") or ())
        for category in override:
            if not isinstance(category, str) or category not in category_ids:
                self.fail("priority.policy.strict_override", f"no priority category {category!r}")
        return PriorityPolicy(mode=mode, every_n_normal=every, strict_override=override)

    def security(self, top: dict) -> SecuritySettings:
        raw = self.mapping(top.get("security"), "security", "security")
        defaults = SecuritySettings()
        limits = self.mapping(raw.get("rate_limits"), "security.rate_limits", "security.rate_limits")
        devices = limits.get("devices") or {}
        return SecuritySettings(
            session_hours=self.positive_number(raw.get("session_hours", defaults.session_hours),
                                               "security.session_hours"),
            idle_minutes=self.positive_int(raw.get("idle_minutes", defaults.idle_minutes), "security.idle_minutes"),
            device_ticket_limits={str(name): self.rate_limit(rule, None, f"security.rate_limits.devices.{name}")
                                  for name, rule in devices.items()},
            **{name: self.rate_limit(limits.get(key), getattr(defaults, name), f"security.rate_limits.{key}")
               for name, key in RATE_LIMIT_KEYS.items()},
            **{key: self.positive_int(raw.get(key, getattr(defaults, key)), f"security.{key}") for key in SECURITY_SIZES},
            retention_days=self.days_or_forever(raw.get("retention_days", defaults.retention_days),
                                                "security.retention_days"),
            audit_retention_days=self.days_or_forever(raw.get("audit_retention_days", defaults.audit_retention_days),
                                                      "security.audit_retention_days"),
        )

    def rate_limit(self, raw, default: RateLimit | None, key: str) -> RateLimit:
        if raw is None and default is not None:
            return default
        if not isinstance(raw, dict) or set(raw) - {"limit", "window_seconds"}:
            self.fail(key, "expected {limit: N, window_seconds: S}")
        return RateLimit(limit=self.positive_int(raw.get("limit", getattr(default, "limit", None)), f"{key}.limit"),
                         window_seconds=self.positive_int(raw.get("window_seconds", getattr(default, "window_seconds", 60)),
                                                          f"{key}.window_seconds"))

    def days_or_forever(self, value, key: str) -> int | None:
        if value is None or value == "forever":
            return None
        return self.positive_int(value, key)

    def devices(self, top: dict, counter_numbers: set[int], field_ids: set[str] = frozenset(),
                kiosk: KioskSettings = KioskSettings()) -> tuple[Device, ...]:
        devices = self.mapping(top.get("devices"), "devices", "devices")
        result, keys = [], {}
        for kind, plural in (("kiosk", "kiosks"), ("display", "displays")):
            for key, raw in self.items(devices.get(plural), f"devices.{plural}", f"devices.{plural}[]"):
                device_id = self.required(raw, "id", key)
                if device_id in keys:
                    self.fail(f"{key}.id", f"device {device_id!r} appears twice (also {keys[device_id]})")
                keys[device_id] = key
                counters = raw.get("counters", "all")
                if counters != "all":
                    if not isinstance(counters, list) or any(not isinstance(c, int) or isinstance(c, bool)
                                                             or c not in counter_numbers for c in counters):
                        self.fail(f"{key}.counters", "expected \"all\" or a list of configured counter numbers")
                    counters = tuple(counters)
                else:
                    counters = None
                shown_fields = raw.get("fields")
                if shown_fields is not None:
                    if any(not isinstance(f, str) or f not in field_ids for f in shown_fields):
                        self.fail(f"{key}.fields", "expected a list of field ids from the catalogue")
                    shown_fields = tuple(shown_fields)
                notice = raw.get("notice")
                result.append(Device(id=device_id, kind=kind, name=nfc(str(raw.get("name") or device_id)),
                                     printer=raw.get("printer"), print_via=raw.get("print_via"),
                                     counters=counters, fields=shown_fields,
                                     notice=nfc(notice) if notice is not None else None,
                                     sound=raw.get("sound", True) is not False,
                                     kiosk=self.kiosk_settings(raw, kiosk, key) if kind == "kiosk" else None))
        for device in result:
            if device.print_via and not any(d.id == device.print_via and d.kind == "kiosk" for d in result):
                self.fail(f"{keys[device.id]}.print_via", f"no kiosk {device.print_via!r}")
        return tuple(result)
