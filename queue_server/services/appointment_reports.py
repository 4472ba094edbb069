"""Appointment figures for a period (managers): volume, cancellations, check-ins, late arrivals, no-shows,
and punctuality: the first call of each on-time check-in minus its slot's start, in minutes."""

from __future__ import annotations

import statistics
from datetime import date, timedelta

from sqlalchemy import func, select

from queue_server import models
from queue_server.appointment_config import settings_of
from queue_server.context import Centre

ON_TIME_MINUTES = 10  # called at most this long after the slot's start counts as on time


def build(centre: Centre, start: date, end: date) -> dict:
    A, E = models.Appointment, models.TicketEvent
    late_after = timedelta(minutes=settings_of(centre.config).late_minutes)
    now = centre.now()
    with centre.db.reading() as session:
        rows = session.execute(select(A.status, A.slot_start).where(A.service_day >= start,
                                                                    A.service_day <= end)).all()
        first_calls = (select(E.ticket_id, func.min(E.at).label("at")).where(E.kind == "called")
                       .group_by(E.ticket_id).subquery())
        called = session.execute(
            select(A.slot_start, first_calls.c.at).join(first_calls, first_calls.c.ticket_id == A.ticket_id)
            .where(A.service_day >= start, A.service_day <= end, A.status == "checked_in")).all()
    count = {status: sum(1 for s, _ in rows if s == status) for status in ("booked", "cancelled", "checked_in", "late")}
    no_shows = sum(1 for s, slot in rows if s == "booked" and slot + late_after < now)
    due = no_shows + count["checked_in"] + count["late"]  # bookings whose time has passed, not cancelled
    minutes = sorted((at - slot).total_seconds() / 60 for slot, at in called)
    return {
        "start": start.isoformat(), "end": end.isoformat(), "booked": len(rows), "cancelled": count["cancelled"],
        "checked_in": count["checked_in"], "late": count["late"], "no_show": no_shows,
        "no_show_rate": round(no_shows / due, 3) if due else None,
        "punctuality": {
            "called": len(minutes),
            "median_minutes": round(statistics.median(minutes), 1) if minutes else None,
            "mean_minutes": round(statistics.fmean(minutes), 1) if minutes else None,
            "p90_minutes": round(minutes[min(len(minutes) - 1, int(0.9 * len(minutes)))], 1) if minutes else None,
            "within_10_minutes": round(sum(1 for m in minutes if m <= ON_TIME_MINUTES) / len(minutes), 3)
            if minutes else None,
        },
    }
