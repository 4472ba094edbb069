"""Fields, procedures and counters: seeded from the centre's YAML into the database, read by everyone."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from queue_server import models
from queue_server.centre_config import CentreConfig
from queue_server.context import Centre
from queue_server.rules import hours
from queue_server.services import queue_state
from queue_server.services.queue_state import today


def seed_from_config(session: Session, config: CentreConfig) -> bool:
    """Loads the catalogue and counters when the database has none; later edits happen in the database."""
    if session.scalar(select(models.Field.id).limit(1)) is not None:
        return False
    fields = {}
    for position, f in enumerate(config.fields):
        fields[f.id] = models.Field(id=f.id, prefix=f.prefix, name_vi=f.name_vi, name_en=f.name_en,
                                    enabled=f.enabled, position=position)
        session.add(fields[f.id])
        for p_position, p in enumerate(f.procedures):
            session.add(models.Procedure(
                id=p.id, field_id=f.id, code=p.code, name_vi=p.name_vi, name_en=p.name_en,
                documents=list(p.documents), fee_text=p.fee_text, fee_amount_vnd=p.fee_amount_vnd,
                processing_text=p.processing_text, processing_working_days=p.processing_working_days,
                documents_en=list(p.documents_en), fee_text_en=p.fee_text_en, processing_text_en=p.processing_text_en,
                synonyms=list(p.synonyms), redirect=p.redirect, person_must_attend=p.person_must_attend,
                enabled=p.enabled, position=p_position))
    for c in config.counters:
        session.add(models.Counter(number=c.number, name=c.name, location=c.location, is_open=True,
                                   name_en=c.name_en, location_en=c.location_en,
                                   fields=[fields[fid] for fid in c.field_ids]))
    return True


def refresh_redirects(session: Session, config: CentreConfig) -> int:
    """Where a procedure handled elsewhere sends its visitors is the YAML's alone (no admin page edits it):
    a database seeded before is brought to the YAML's words at start, e.g. a city ward seeded when the shared
    catalogue still named another ward's police instead of its `local:` one (docs/city.md). Returns how many
    changed."""
    wanted = {p.id: p.redirect for f in config.fields for p in f.procedures if p.redirect}
    changed = 0
    for row in session.scalars(select(models.Procedure).where(models.Procedure.redirect.is_not(None))):
        if wanted.get(row.id) not in (None, row.redirect):
            row.redirect, changed = wanted[row.id], changed + 1
    return changed


def counter_view(counter: models.Counter) -> dict:
    return {"number": counter.number, "name": counter.name, "location": counter.location,
            "name_en": counter.name_en or "", "location_en": counter.location_en or "",
            "field_ids": [f.id for f in counter.fields], "open": counter.is_open}


def procedure_view(p: models.Procedure) -> dict:
    return {
        "id": p.id, "field_id": p.field_id, "code": p.code,
        "name": {"vi": p.name_vi, "en": p.name_en},
        "documents": list(p.documents or []), "documents_en": list(p.documents_en or []),
        "fee": {"text": p.fee_text, "text_en": p.fee_text_en or "", "amount_vnd": p.fee_amount_vnd},
        "processing_time": {"text": p.processing_text, "text_en": p.processing_text_en or "",
                            "working_days": p.processing_working_days},
        "synonyms": list(p.synonyms or []),
        "redirect": p.redirect,
        "person_must_attend": p.person_must_attend,
    }


def opening_hours_view(centre: Centre) -> dict:
    config, now = centre.config, centre.now()
    opening = hours.next_opening(config.opening_hours, now, config.timezone)
    periods = {} if config.opening_hours.always else {
        day: [[s.strftime("%H:%M"), e.strftime("%H:%M")] for s, e in config.opening_hours.periods.get(day, ())]
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    return {
        "always_open": config.opening_hours.always,
        "opening_hours": periods,
        "open_now": hours.is_open(config.opening_hours, now, config.timezone),
        "next_opening": opening.isoformat() if opening else None,
        "next_opening_text": hours.describe_next_opening(opening, now, config.timezone),
    }


POPULAR = 6


def popular_procedures(session, centre: Centre, fields) -> list[str]:
    """The kiosk's first screen: the procedures most asked for today, topped up (early in the day) with those
    visitors call by the most everyday names, which are the ones they ask for most. Issuable ones only."""
    issuable = [p for f in fields if f.prefix for p in f.procedures if p.enabled]
    ids = {p.id for p in issuable}
    counts = session.execute(
        select(models.Ticket.procedure_id, func.count()).where(models.Ticket.service_day == today(centre))
        .group_by(models.Ticket.procedure_id).order_by(func.count().desc(), models.Ticket.procedure_id)).all()
    chosen = [pid for pid, _ in counts if pid in ids][:POPULAR]
    for p in sorted(issuable, key=lambda p: -len(p.synonyms or [])):
        if len(chosen) >= POPULAR:
            break
        if p.id not in chosen:
            chosen.append(p.id)
    return chosen


def catalogue_view(centre: Centre) -> dict:
    config = centre.config
    with centre.db.reading() as session:
        fields = session.scalars(
            select(models.Field).where(models.Field.enabled).order_by(models.Field.position)
            .options(selectinload(models.Field.procedures))).all()
        counters = session.scalars(
            select(models.Counter).order_by(models.Counter.number).options(selectinload(models.Counter.fields))).all()
        staffed = {c.number for c in queue_state.counter_rows(session, centre) if c.staffed}
        return {
            "centre": {"name": config.name, "name_en": config.name_en, "address": config.address,
                       "timezone": config.timezone.key, **opening_hours_view(centre),
                       "facilities": {k: dict(v) for k, v in config.facilities.items()}},
            "fields": [{"id": f.id, "prefix": f.prefix, "name": {"vi": f.name_vi, "en": f.name_en},
                        "redirect": f.prefix is None} for f in fields],
            "procedures": [procedure_view(p) for f in fields for p in f.procedures if p.enabled],
            "popular": popular_procedures(session, centre, fields),
            "counters": [{**counter_view(c), "staffed": c.number in staffed} for c in counters],
            "priority_categories": [{"id": c.id, "name": {"vi": c.name_vi, "en": c.name_en}}
                                    for c in config.priority_categories],
        }
