"""What staff see of today's appointments: at the counter, who is booked next and who has checked in (name
masked to what the counter needs to greet them); for managers, closed days and capacity per field."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from queue_server import models
from queue_server.context import Centre
from queue_server.errors import NotFound, Unprocessable
from queue_server.rules import appointments as rules
from queue_server.services.appointments import HOLDING, capacity_per_slot, settings
from queue_server.services.service_times import today

UPCOMING = 8  # bookings listed ahead of the counter


def counter_board(centre: Centre, counter_number: int) -> dict:
    """Today's bookings for the fields of one counter: {"booked_next": [...], "checked_in": [...]}, each
    {code, time, procedure, name (masked), phone (last digits), status, ticket_number}."""
    with centre.db.reading() as session:
        counter = session.scalar(select(models.Counter).options(selectinload(models.Counter.fields))
                                 .where(models.Counter.number == counter_number))
        if counter is None:
            raise NotFound(f"No counter {counter_number}", code="unknown_counter")
        A = models.Appointment
        rows = session.execute(
            select(A, models.Ticket).outerjoin(models.Ticket, models.Ticket.id == A.ticket_id)
            .where(A.service_day == today(centre), A.status.in_(HOLDING),
                   A.field_id.in_([f.id for f in counter.fields]))
            .order_by(A.slot_start, A.id)).all()
    now, tz = centre.now(), centre.config.timezone

    def entry(appointment, ticket) -> dict:
        procedure = centre.config.procedure(appointment.procedure_id)
        return {"code": appointment.code, "time": appointment.slot_start.astimezone(tz).strftime("%H:%M"),
                "procedure": {"vi": procedure.name_vi, "en": procedure.name_en} if procedure else None,
                "name": rules.mask_name(appointment.name), "phone": rules.mask_phone(appointment.phone),
                "status": appointment.status, "ticket_number": ticket.number if ticket else None,
                "ticket_status": ticket.status if ticket else None}

    late_after = timedelta(minutes=settings(centre).late_minutes)
    booked = [entry(a, t) for a, t in rows if a.status == "booked" and a.slot_start + late_after >= now]
    checked = [entry(a, t) for a, t in rows if a.status != "booked" and t is not None
               and t.status in ("issued", "transferred", "held", "called", "serving")]
    return {"counter_number": counter_number, "booked_next": booked[:UPCOMING], "checked_in": checked}


def admin_state(centre: Centre) -> dict:
    conf = settings(centre)
    with centre.db.reading() as session:
        days = session.scalars(select(models.AppointmentClosedDay).where(
            models.AppointmentClosedDay.day >= today(centre)).order_by(models.AppointmentClosedDay.day)).all()
        overrides = {c.field_id: c.per_slot for c in session.scalars(select(models.AppointmentCapacity))}
        fields = [f for f in centre.config.fields if f.prefix and f.enabled]
        capacity = {f.id: capacity_per_slot(session, centre, f.id, conf) for f in fields}
    return {"settings": conf, "closed_days": [{"day": d.day.isoformat(), "reason": d.reason} for d in days],
            "fields": [{"id": f.id, "name": f.name_vi, "per_slot": capacity[f.id],
                        "override": overrides.get(f.id)} for f in fields]}


def set_closed_day(centre: Centre, day: date, reason: str, closed: bool) -> None:
    with centre.db.transaction() as (session, _):
        row = session.get(models.AppointmentClosedDay, day)
        if closed and row is None:
            session.add(models.AppointmentClosedDay(day=day, reason=reason.strip()[:200]))
        elif not closed and row is not None:
            session.delete(row)


def set_capacity(centre: Centre, field_id: str, per_slot: int | None) -> None:
    """A field's bookings per slot; None goes back to the computed figure."""
    if centre.config.field(field_id) is None:
        raise NotFound(f"No field {field_id!r}", code="unknown_field")
    if per_slot is not None and not 0 <= per_slot <= 100:
        raise Unprocessable("Số chỗ mỗi khung giờ phải từ 0 đến 100", code="invalid_capacity",
                            message_en="Bookings per slot must be from 0 to 100")
    with centre.db.transaction() as (session, _):
        row = session.get(models.AppointmentCapacity, field_id)
        if per_slot is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(models.AppointmentCapacity(field_id=field_id, per_slot=per_slot))
        else:
            row.per_slot = per_slot
