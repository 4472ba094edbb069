"""What the admin pages show, read in one session each and returned loaded (the pages render column values
and the relationships loaded here, after the session has closed). Writes go through administration.py."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from queue_server import models
from queue_server.context import Centre
from queue_server.services import centre_settings


def _numbered_fields(db_session) -> list[models.Field]:
    return db_session.scalars(select(models.Field).where(models.Field.prefix.is_not(None))
                              .order_by(models.Field.position)).all()


def numbered_fields(centre: Centre) -> list[models.Field]:
    """The fields that issue tickets (they have a prefix), in the catalogue's order."""
    with centre.db.reading() as db_session:
        return _numbered_fields(db_session)


def counters(centre: Centre) -> dict:
    """Every counter with its fields, the fields it may serve, and who holds each counter now."""
    with centre.db.reading() as db_session:
        rows = db_session.scalars(select(models.Counter).order_by(models.Counter.number)
                                  .options(selectinload(models.Counter.fields))).all()
        claims = {c.counter_number: c.username for c in db_session.scalars(select(models.CounterClaim))}
        return {"counters": rows, "fields": _numbered_fields(db_session), "claims": claims}


def counter_numbers(centre: Centre) -> list[int]:
    with centre.db.reading() as db_session:
        return db_session.scalars(select(models.Counter.number).order_by(models.Counter.number)).all()


def catalogue(centre: Centre) -> list[models.Field]:
    """Every field with its procedures."""
    with centre.db.reading() as db_session:
        return db_session.scalars(select(models.Field).order_by(models.Field.position)
                                  .options(selectinload(models.Field.procedures))).all()


def procedure(centre: Centre, procedure_id: str) -> tuple[models.Procedure | None, list[models.Field]]:
    """The procedure (None when there is no such id) and every field it may belong to."""
    with centre.db.reading() as db_session:
        found = db_session.get(models.Procedure, procedure_id)
        return found, db_session.scalars(select(models.Field).order_by(models.Field.position)).all()


def opening_hours(centre: Centre) -> dict:
    """The opening hours as the admin last saved them ({"always", "periods"})."""
    with centre.db.reading() as db_session:
        return centre_settings.get_setting(db_session, "opening_hours")
