"""What admins edit lives in the database; the YAML only seeds it, and an export writes it back.

Seeded once from the YAML: the settings (priority policy, opening hours, daily caps, the displays' notice line,
shown fields and sound) and the devices; the
catalogue and counters are seeded by services.catalogue. Every admin change bumps a version number; each
request reads it (in the one statement that also looks up the request's bearer token, web/request_hooks.py)
and compares it with the one its process has applied; when it moved, rebuilds `centre.config` from the
database. So services keep reading `centre.config.priority_policy`, `.opening_hours`, `.cap_for()`,
`.counters`, `.device()` ... and see an edit at once, in every server process, without a restart.
"""

from __future__ import annotations

import dataclasses
from datetime import time

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from queue_server import models
from queue_server.centre_config import (HOURS_PATTERN, WEEKDAYS, CentreConfig, Counter, Device, Field, OpeningHours,
                                        PriorityPolicy, Procedure)
from queue_server.config_writer import check, config_as_data
from queue_server.context import Centre
from queue_server.errors import Unprocessable

VERSION = "version"
DISPLAYS = "displays"  # {"notice": the centre's notice line, "by_id": {display id: {"notice", "fields", "sound"}}}


# --- opening hours as text ("07:00-11:30, 13:30-17:00") --------------------------------------------------

def parse_periods(text: str, day: str) -> list[str]:
    """'07:00-11:30, 13:30-17:00' → ['07:00-11:30', '13:30-17:00']; a clear error for anything else."""
    periods = []
    for part in [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]:
        match = HOURS_PATTERN.match(part.replace(" ", ""))
        if not match:
            raise Unprocessable(f"{day}: \"{part}\" không đúng dạng 07:00-11:30", code="invalid_hours",
                                message_en=f"{day}: \"{part}\" is not a period like 07:00-11:30")
        h1, m1, h2, m2 = map(int, match.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2, m2) <= (h1, m1) or (h2 == 24 and m2):
            raise Unprocessable(f"{day}: \"{part}\" is not a valid period", code="invalid_hours")
        periods.append(f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}")
    return sorted(periods)


def hours_to_setting(hours: OpeningHours) -> dict:
    if hours.always:
        return {"always": True, "periods": {}}
    return {"always": False, "periods": {day: [f"{s:%H:%M}-{'24:00' if e == time(23, 59, 59) else f'{e:%H:%M}'}"
                                               for s, e in hours.periods.get(day, ())] for day in WEEKDAYS}}


def hours_from_setting(value: dict) -> OpeningHours:
    if value.get("always"):
        return OpeningHours(always=True)
    periods = {}
    for day, spans in (value.get("periods") or {}).items():
        parsed = []
        for span in spans:
            h1, m1, h2, m2 = map(int, HOURS_PATTERN.match(span).groups())
            parsed.append((time(h1, m1), time(23, 59, 59) if h2 == 24 else time(h2, m2)))
        periods[day] = tuple(sorted(parsed))
    return OpeningHours(always=False, periods=periods)


# --- seeding and the live configuration ------------------------------------------------------------------

def seed(session: Session, config: CentreConfig) -> None:
    """Writes the YAML's settings and devices once; afterwards the database is the one to edit."""
    existing = {row.key for row in session.scalars(select(models.CentreSetting))}
    p = config.priority_policy
    defaults = {
        "priority_policy": {"mode": p.mode, "every_n_normal": p.every_n_normal,
                            "strict_override": list(p.strict_override)},
        "opening_hours": hours_to_setting(config.opening_hours),
        "numbering": {"daily_cap": config.daily_cap, "field_caps": dict(config.field_caps)},
        DISPLAYS: displays_to_setting(config),
        VERSION: {"n": 1},
    }
    for key, value in defaults.items():
        if key not in existing:
            session.add(models.CentreSetting(key=key, value=value))
    if session.scalar(select(models.DeviceRecord.id).limit(1)) is None:
        for position, d in enumerate(config.devices):
            session.add(models.DeviceRecord(id=d.id, kind=d.kind, name=d.name, printer=d.printer,
                                            print_via=d.print_via, position=position,
                                            counters=list(d.counters) if d.counters is not None else None))


def displays_to_setting(config: CentreConfig) -> dict:
    return {"notice": config.notice or "", "by_id": {
        d.id: display_setting(d.notice, d.fields, d.sound) for d in config.devices if d.kind == "display"}}


def display_setting(notice: str | None, fields, sound: bool) -> dict:
    """One display's own settings: notice None = the centre's notice, fields None = those of its counters."""
    return {"notice": notice, "fields": list(fields) if fields is not None else None, "sound": bool(sound)}


def bump_version(session: Session, actor: str | None, base: CentreConfig) -> None:
    """Called in the transaction of every admin change, with the centre's current config: the config the change
    makes goes through the YAML's checks (config_writer.check: refused with 422 and rolled back when it would
    not load from a file), then every process rebuilds its config on its next request."""
    check(build_config(session, base))
    row = session.get(models.CentreSetting, VERSION, with_for_update=True)
    row.value = {"n": int(row.value.get("n", 0)) + 1}
    row.updated_by = actor


def get_setting(session: Session, key: str) -> dict:
    row = session.get(models.CentreSetting, key)
    return dict(row.value) if row else {}


def put_setting(session: Session, centre: Centre, key: str, value: dict, actor: str) -> None:
    row = session.get(models.CentreSetting, key) or models.CentreSetting(key=key)
    row.value, row.updated_at, row.updated_by = value, centre.now(), actor
    session.add(row)
    bump_version(session, actor, centre.config)


def _device(row: models.DeviceRecord, base: CentreConfig, displays: dict) -> Device:
    """The registry's device with its display settings (the "displays" setting, edited on /admin/displays)."""
    edited = {"kind": row.kind, "name": row.name, "printer": row.printer, "print_via": row.print_via,
              "counters": tuple(row.counters) if row.counters is not None else None}
    own = displays.get(row.id) if row.kind == "display" else None
    if own is not None:
        edited.update(notice=own.get("notice"), sound=bool(own.get("sound", True)),
                      fields=tuple(own["fields"]) if own.get("fields") is not None else None)
    known = base.device(row.id)
    return dataclasses.replace(known, **edited) if known is not None else Device(id=row.id, **edited)


def build_config(session: Session, base: CentreConfig) -> CentreConfig:
    settings = {row.key: row.value for row in session.scalars(select(models.CentreSetting))}
    fields = session.scalars(select(models.Field).order_by(models.Field.position)
                             .options(selectinload(models.Field.procedures))).all()
    counters = session.scalars(select(models.Counter).order_by(models.Counter.number)
                               .options(selectinload(models.Counter.fields))).all()
    devices = session.scalars(select(models.DeviceRecord).order_by(models.DeviceRecord.position,
                                                                   models.DeviceRecord.id)).all()
    policy = settings.get("priority_policy") or {}
    numbering = settings.get("numbering") or {}
    displays = settings.get(DISPLAYS) or {}
    return dataclasses.replace(
        base,
        notice=displays.get("notice", base.notice) or "",
        fields=tuple(Field(id=f.id, prefix=f.prefix, name_vi=f.name_vi, name_en=f.name_en, procedures=tuple(
            Procedure(id=p.id, field_id=f.id, name_vi=p.name_vi, name_en=p.name_en, code=p.code,
                      documents=tuple(p.documents or ()), fee_text=p.fee_text or "", fee_amount_vnd=p.fee_amount_vnd,
                      processing_text=p.processing_text or "", processing_working_days=p.processing_working_days,
                      documents_en=tuple(p.documents_en or ()), fee_text_en=p.fee_text_en or "",
                      processing_text_en=p.processing_text_en or "", synonyms=tuple(p.synonyms or ()), redirect=p.redirect, person_must_attend=p.person_must_attend,
                      enabled=p.enabled)
            for p in f.procedures), enabled=f.enabled) for f in fields),
        counters=tuple(Counter(number=c.number, name=c.name, location=c.location,
                               field_ids=tuple(f.id for f in c.fields), name_en=c.name_en or "",
                               location_en=c.location_en or "") for c in counters),
        devices=tuple(_device(d, base, displays.get("by_id") or {}) for d in devices),
        priority_policy=PriorityPolicy(mode=policy.get("mode", base.priority_policy.mode),
                                       every_n_normal=int(policy.get("every_n_normal", base.priority_policy.every_n_normal)),
                                       strict_override=tuple(policy.get("strict_override", ()))),
        opening_hours=hours_from_setting(settings["opening_hours"]) if "opening_hours" in settings
        else base.opening_hours,
        daily_cap=int(numbering.get("daily_cap", base.daily_cap)),
        field_caps={k: int(v) for k, v in (numbering.get("field_caps") or {}).items()},
    )


def version_of(value) -> int:
    """The version number in the value of the "version" setting ({"n": 7}); 0 when there is none."""
    return int(value.get("n", 0)) if isinstance(value, dict) else 0


def is_current(centre: Centre, version: int) -> bool:
    """Whether this process has applied `version` (read by the caller, e.g. with the request's token)."""
    return centre.config_version == version


def refresh(centre: Centre, force: bool = False, version: int | None = None) -> bool:
    """Rebuilds centre.config when an admin changed something since this process last looked.

    `version`: the version number the caller has just read (request_hooks reads it in the same statement as
    the request's token); when this process has applied it already, no query is made at all."""
    if not force and version is not None and is_current(centre, version):
        return False
    with centre.db.reading() as session:
        row = session.get(models.CentreSetting, VERSION)
        version = version_of(row.value) if row else 0
        if not force and centre.config_version == version:
            return False
        centre.replace_config(build_config(session, centre.config), version)
    return True


# --- export ----------------------------------------------------------------------------------------------

def export_yaml(centre: Centre) -> str:
    """The centre as one YAML file that `load_centre_config` reads back (catalogue inline)."""
    refresh(centre)
    config = centre.config
    header = (f"# Exported from the MotCua database of {config.name}.\n"
              "# Load it with MOTCUA_CONFIG=<this file> on an empty database to set up the same centre.\n")
    return header + yaml.safe_dump(config_as_data(config), allow_unicode=True, sort_keys=False, width=120)
