"""Booking a time: the free slots of a day, booking, moving and cancelling through the manage link.

A booking holds one place of its slot for the procedure's field (rules/appointments.py computes how many the
slot has). Two bookings of the last place at once: on PostgreSQL the field's slot is locked for the
transaction (an advisory lock), on SQLite writers take turns already (db.py), so a slot is never overbooked.
"""

from __future__ import annotations

import hashlib
import secrets
import zlib
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, selectinload

from queue_server import models
from queue_server.appointment_config import AppointmentSettings, settings_of
from queue_server.context import Centre
from queue_server.errors import Conflict, NotFound, Unprocessable
from queue_server.rules import appointments as rules
from queue_server.services.service_times import service_minutes, today

HOLDING = ("booked", "checked_in", "late")  # statuses that hold their place in the slot
MAX_NAME = 100


def settings(centre: Centre) -> AppointmentSettings:
    found = settings_of(centre.config)
    if not found.enabled:
        raise NotFound("Trung tâm chưa nhận đặt lịch hẹn.", code="appointments_disabled",
                       message_en="This centre does not take appointments.")
    return found


def manage_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _procedure(centre: Centre, procedure_id: str):
    procedure = centre.config.procedure(procedure_id)
    field = centre.config.field(procedure.field_id) if procedure else None
    if procedure is None or field is None or not procedure.enabled or not field.enabled:
        raise NotFound(f"Unknown procedure {procedure_id!r}", code="unknown_procedure")
    if field.prefix is None:
        raise Conflict(f"Thủ tục \"{procedure.name_vi}\" không làm tại trung tâm.", code="redirect",
                       message_en=f"\"{procedure.name_en}\" is not handled at this centre.")
    return procedure, field


def closed_days(session: Session, start: date, end: date) -> dict[date, str]:
    rows = session.scalars(select(models.AppointmentClosedDay).where(
        models.AppointmentClosedDay.day >= start, models.AppointmentClosedDay.day <= end))
    return {row.day: row.reason for row in rows}


def closed_days_of(centre: Centre, start: date, end: date) -> dict[date, str]:
    """closed_days() in a session of its own, for the booking page."""
    with centre.db.reading() as session:
        return closed_days(session, start, end)


def capacity_per_slot(session: Session, centre: Centre, field_id: str, conf: AppointmentSettings) -> int:
    """The admin's figure for the field, else the computed one (rules/appointments.py)."""
    override = session.get(models.AppointmentCapacity, field_id)
    if override is not None:
        return override.per_slot
    counters = session.scalars(select(models.Counter).options(selectinload(models.Counter.fields))
                               .where(models.Counter.closed_reason.is_distinct_from("closed"))).all()
    shares = [1 / len(c.fields) for c in counters if any(f.id == field_id for f in c.fields)]
    return rules.slot_capacity(shares, conf.slot_minutes, service_minutes(session, centre, field_id),
                               conf.walk_in_share)


def _booked(session: Session, field_id: str, starts: list[datetime], ignore: int | None = None) -> dict:
    A = models.Appointment
    if not starts:
        return {}
    query = (select(A.slot_start, func.count()).where(A.field_id == field_id, A.status.in_(HOLDING),
                                                        A.slot_start.in_(starts)).group_by(A.slot_start))
    if ignore is not None:
        query = query.where(A.id != ignore)
    return {start: count for start, count in session.execute(query)}


def day_slots(session: Session, centre: Centre, field_id: str, day: date, conf: AppointmentSettings,
              ignore: int | None = None) -> list[rules.Slot]:
    """The day's slots still ahead with their capacity and bookings ([] on a closed day or past the horizon)."""
    first = today(centre)
    if not first <= day <= first + timedelta(days=conf.horizon_days) or closed_days(session, day, day):
        return []
    tz, now = centre.config.timezone, centre.now()
    starts = [s for s in rules.day_slots(day, centre.config.opening_hours, tz, conf.slot_minutes) if s > now]
    capacity = capacity_per_slot(session, centre, field_id, conf)
    booked = _booked(session, field_id, starts, ignore)
    return [rules.Slot(s, conf.slot_minutes, capacity, booked.get(s, 0)) for s in starts]


def free_slots(centre: Centre, procedure_id: str, day: date) -> dict:
    conf = settings(centre)
    procedure, field = _procedure(centre, procedure_id)
    with centre.db.reading() as session:
        slots = day_slots(session, centre, field.id, day, conf)
        closed = closed_days(session, day, day)
    first = today(centre)
    return {"procedure_id": procedure.id, "date": day.isoformat(), "slot_minutes": conf.slot_minutes,
            "closed": bool(closed), "closed_reason": next(iter(closed.values()), None),
            "first_date": first.isoformat(), "last_date": (first + timedelta(days=conf.horizon_days)).isoformat(),
            "slots": [{"start": s.start.isoformat(timespec="minutes"), "time": s.start.strftime("%H:%M"),
                       "free": s.free} for s in slots if s.free > 0]}


def parse_slot(centre: Centre, value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise Unprocessable("slot_start must be a date and time like 2026-12-07T08:00+07:00",
                         code="invalid_slot") from None
    return moment.replace(tzinfo=centre.config.timezone) if moment.tzinfo is None else moment


def _take_slot(session: Session, centre: Centre, field_id: str, slot_start: datetime, conf: AppointmentSettings,
               ignore: int | None = None) -> None:
    """Refuses a slot that is not one of the field's offered slots or has no place left."""
    if session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(f"{field_id}|{slot_start.isoformat()}".encode()) - 2**31
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    day = slot_start.astimezone(centre.config.timezone).date()
    slot = next((s for s in day_slots(session, centre, field_id, day, conf, ignore) if s.start == slot_start), None)
    if slot is None:
        raise Unprocessable("Giờ hẹn này không còn nhận đặt; xin chọn giờ khác.", code="slot_unavailable",
                            message_en="This time cannot be booked; please choose another.")
    if slot.free <= 0:
        raise Conflict("Giờ hẹn này vừa hết chỗ; xin chọn giờ khác.", code="slot_full",
                       message_en="This time has just been fully booked; please choose another.")


def _new_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(rules.CODE_ALPHABET) for _ in range(rules.CODE_LENGTH))
        if session.scalar(select(models.Appointment.id).where(models.Appointment.code == code)) is None:
            return code


def check_person(name, phone) -> tuple[str, str]:
    name = " ".join(str(name or "").split())
    if not name or len(name) > MAX_NAME:
        raise Unprocessable("Xin nhập họ tên (tối đa 100 ký tự).", code="invalid_name",
                            message_en="Please give a name (at most 100 characters).")
    digits = rules.normalise_phone(str(phone or ""))
    if digits is None:
        raise Unprocessable("Số điện thoại chưa đúng (ví dụ 0912345678).", code="invalid_phone",
                            message_en="The phone number is not valid (e.g. 0912345678).")
    return name, digits


def book(centre: Centre, procedure_id: str, slot_value: str, name: str, phone: str, base_url: str,
         language: str = "vi") -> dict:
    """A new booking → its view with the manage link (the link's token is shown this once only)."""
    conf = settings(centre)
    procedure, field = _procedure(centre, procedure_id)
    slot_start = parse_slot(centre, slot_value)
    now = centre.now()
    with centre.db.transaction() as (session, _):
        A = models.Appointment
        upcoming = session.scalar(select(func.count()).select_from(A).where(
            A.phone == phone, A.status == "booked", A.slot_start > now))
        if upcoming >= conf.max_active_per_phone:
            raise Conflict(f"Số điện thoại này đã có {upcoming} lịch hẹn sắp tới; xin huỷ bớt trước khi đặt thêm.",
                           code="too_many_bookings",
                           message_en=f"This phone number already holds {upcoming} upcoming appointments; "
                                      "cancel one before booking another.")
        _take_slot(session, centre, field.id, slot_start, conf)
        token = secrets.token_urlsafe(18)
        appointment = A(code=_new_code(session), manage_hash=manage_hash(token), procedure_id=procedure.id,
                        field_id=field.id, service_day=slot_start.astimezone(centre.config.timezone).date(),
                        slot_start=slot_start, slot_minutes=conf.slot_minutes, name=name, phone=phone,
                        language=language if language in ("vi", "en") else "vi", status="booked", created_at=now)
        session.add(appointment)
        session.flush()
        return view(centre, appointment, base_url, token)


def manage_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/lich-hen/{token}"


def view(centre: Centre, appointment: models.Appointment, base_url: str | None = None,
         token: str | None = None) -> dict:
    """What the booking's holder sees: the code, the time, the procedure; name and phone masked."""
    procedure = centre.config.procedure(appointment.procedure_id)
    slot = appointment.slot_start.astimezone(centre.config.timezone)
    result = {"code": appointment.code, "slot_start": slot.isoformat(timespec="minutes"),
              "procedure_id": appointment.procedure_id,
              "procedure_name": {"vi": procedure.name_vi, "en": procedure.name_en} if procedure else None,
              "date": slot.date().isoformat(), "time": slot.strftime("%H:%M"), "slot_minutes": appointment.slot_minutes,
              "status": appointment.status, "name": rules.mask_name(appointment.name),
              "phone": rules.mask_phone(appointment.phone)}
    if token is not None and base_url is not None:
        result["manage_url"] = manage_url(base_url, token)
    return result


def _by_token(session: Session, token: str, lock: bool = False) -> models.Appointment:
    query = select(models.Appointment).where(models.Appointment.manage_hash == manage_hash(token or ""))
    appointment = session.scalar(query.with_for_update() if lock else query)
    if appointment is None:
        raise NotFound("Không tìm thấy lịch hẹn này.", code="not_found", message_en="This appointment was not found.")
    return appointment


def _changeable(centre: Centre, appointment: models.Appointment) -> None:
    if appointment.status != "booked":
        words = {"cancelled": ("đã huỷ", "was cancelled"), "checked_in": ("đã nhận số", "is checked in"),
                 "late": ("đã nhận số", "is checked in")}.get(appointment.status, ("đã qua", "is over"))
        raise Conflict(f"Lịch hẹn này {words[0]}.", code=f"appointment_{appointment.status}",
                       message_en=f"This appointment {words[1]}.")
    if appointment.slot_start <= centre.now():
        raise Conflict("Giờ hẹn đã bắt đầu; không đổi hay huỷ được nữa.", code="appointment_started",
                       message_en="The appointment has started; it can no longer be moved or cancelled.")


def get_by_token(centre: Centre, token: str) -> dict:
    with centre.db.reading() as session:
        return view(centre, _by_token(session, token))


def cancel(centre: Centre, token: str) -> dict:
    with centre.db.transaction() as (session, _):
        appointment = _by_token(session, token, lock=True)
        _changeable(centre, appointment)
        appointment.status, appointment.cancelled_at = "cancelled", centre.now()
        return view(centre, appointment)


def move(centre: Centre, token: str, slot_value: str) -> dict:
    conf = settings(centre)
    slot_start = parse_slot(centre, slot_value)
    with centre.db.transaction() as (session, _):
        appointment = _by_token(session, token, lock=True)
        _changeable(centre, appointment)
        _take_slot(session, centre, appointment.field_id, slot_start, conf, ignore=appointment.id)
        appointment.slot_start = slot_start
        appointment.service_day = slot_start.astimezone(centre.config.timezone).date()
        appointment.slot_minutes = conf.slot_minutes
        return view(centre, appointment)


def phone_of(centre: Centre, token: str) -> str | None:
    """The booking's phone (for the per-phone limit on moves)."""
    with centre.db.reading() as session:
        return _by_token(session, token).phone

