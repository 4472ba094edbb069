"""Typical minutes per visitor of each field, from the centre's recent services (cached per field and day)."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import bindparam, select, text, union_all
from sqlalchemy.orm import Session

from queue_server import models
from queue_server.context import Centre
from queue_server.rules import estimates
from queue_server.rules.numbering import service_day

RECENT_SERVICES = 200  # per field, newest first, for the typical service time
RECENT_DAYS = 14
SERVICE_CACHE_SECONDS = 30.0  # recent service durations are re-read at least this often (other processes)


def today(centre: Centre):
    return service_day(centre.now(), centre.config.timezone)


def _service_cache(centre: Centre) -> dict:
    """{(field_id, service_day): (read at, durations newest first)}, kept on the centre."""
    return centre.service_durations


def forget_service_times(centre: Centre, field_id: str | None = None) -> None:
    """A service ended in this process: its field's durations are read again next time."""
    cache = _service_cache(centre)
    for key in [k for k in cache if field_id is None or k[0] == field_id]:
        cache.pop(key, None)


_DONE = text("tickets.status = 'done'")  # as the partial index ix_tickets_done_field spells it


def _last_services(i: int):
    """One field's last services, newest first: a backward walk of its range of ix_tickets_done_field."""
    T = models.Ticket
    return (select(T.field_id, T.called_at, T.started_at, T.finished_at)
            .where(_DONE, T.field_id == bindparam(f"field_{i}"), T.finished_at.is_not(None),
                   T.service_day >= bindparam("since"))
            .order_by(T.finished_at.desc()).limit(RECENT_SERVICES).subquery().select())


def _recent_durations(session: Session, centre: Centre, field_ids: list[str]) -> dict[str, list[float]]:
    """Minutes of each field's last services over the recent days, newest first (one query, whose cost does
    not grow with the day's queue or with the centre's history)."""
    params = {"since": today(centre) - timedelta(days=RECENT_DAYS), **{f"field_{i}": f for i, f in enumerate(field_ids)}}
    statement = union_all(*(_last_services(i) for i in range(len(field_ids))))
    durations: dict[str, list[float]] = {f: [] for f in field_ids}
    for field_id, called, started, finished in session.execute(statement, params):
        if (started or called) is not None:
            durations[field_id].append((finished - (started or called)).total_seconds() / 60)
    return durations


def service_minutes_by_field(session: Session, centre: Centre, field_ids) -> dict[str, float]:
    """Typical minutes per visitor for each field, from its last services over the recent days.

    The durations are cached per field and day: a service that ends in this process forgets its field's
    entry (events.ticket_changed), and every entry is re-read after SERVICE_CACHE_SECONDS so that services
    ended by other server processes count too. The configured defaults are applied on every call, so an
    admin's change shows at once.
    """
    field_ids = sorted(set(field_ids))
    day, now = today(centre), time.monotonic()
    cache = _service_cache(centre)
    durations, missing = {}, []
    for f in field_ids:
        hit = cache.get((f, day))
        if hit is not None and now - hit[0] < SERVICE_CACHE_SECONDS:
            durations[f] = hit[1]
        else:
            missing.append(f)
    if missing:
        for f, values in _recent_durations(session, centre, missing).items():
            cache[(f, day)] = (now, values)
            durations[f] = values
    return {f: estimates.robust_service_minutes(durations[f], centre.config.service_minutes_for(f))
            for f in field_ids}


def service_minutes(session: Session, centre: Centre, field_id: str) -> float:
    """Typical minutes per visitor in this field (see rules/estimates.robust_service_minutes)."""
    return service_minutes_by_field(session, centre, [field_id])[field_id]
