"""Checking in a booking at a kiosk or the reception robot: the visitor gets a paper ticket, printed as usual.

On time (from `early_minutes` before the slot to `late_minutes` after its start) the ticket has the
appointment's own prefix (L-001) and marker (priority "appointment") and queues at the slot's start, so an
early visitor waits for the slot and the calling rule (rules/ordering.py) calls it soon after. Later than
that the visitor is a walk-in: an ordinary ticket of the field, queued now, and a message that says so.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select

from queue_server import models
from queue_server.context import Centre
from queue_server.errors import Conflict, NotFound, Unprocessable
from queue_server.rules import appointments as rules
from queue_server.rules.numbering import format_number
from queue_server.rules.ordering import APPOINTMENT
from queue_server.services import events, printing
from queue_server.services.appointments import _procedure, manage_hash, settings, view
from queue_server.services.issuing import allocate_sequence, check_open
from queue_server.services.queue_state import counter_rows, ticket_view, today, waiting_by_field, waiting_candidates


def find(session, text: str) -> models.Appointment | None:
    """By the code typed or said, or by the manage link's token (the QR scanned at the kiosk)."""
    A = models.Appointment
    token = (text or "").strip().rsplit("/", 1)[-1]
    found = session.scalar(select(A).where(A.manage_hash == manage_hash(token))) if token else None
    code = rules.normalise_code(text)
    if found is None and code:
        found = session.scalar(select(A).where(A.code == code))
    return found


def _message(outcome: str, slot_time: str, late_minutes: int) -> dict:
    if outcome == "late":
        return {"vi": f"Anh/chị đến muộn hơn {late_minutes} phút so với giờ hẹn {slot_time}, nên được xếp hàng "
                      "như khách đến trực tiếp. Xin cảm ơn anh/chị đã chờ.",
                "en": f"You arrived more than {late_minutes} minutes after your {slot_time} appointment, so you "
                      "queue as a walk-in visitor. Thank you for waiting."}
    return {"vi": f"Anh/chị có lịch hẹn lúc {slot_time}; số của anh/chị sẽ được gọi từ giờ hẹn.",
            "en": f"Your appointment is at {slot_time}; your number will be called from that time."}


def check_in(centre: Centre, text: str, kiosk_id: str | None, actor: str, base_url: str) -> dict:
    """→ {"ticket", "appointment", "outcome": "on_time"|"late", "message": {vi, en}}."""
    conf = settings(centre)
    config = centre.config
    with centre.db.transaction() as (session, outbox):
        appointment = find(session, text)
        if appointment is None:
            raise NotFound("Không tìm thấy mã lịch hẹn này; xin kiểm tra lại mã.", code="not_found",
                           message_en="This booking code was not found; please check it.")
        slot_time = appointment.slot_start.astimezone(config.timezone).strftime("%H:%M")
        slot_day = appointment.slot_start.astimezone(config.timezone).strftime("%d/%m/%Y")
        if appointment.status == "cancelled":
            raise Conflict("Lịch hẹn này đã được huỷ. Anh/chị có thể lấy số như khách đến trực tiếp.",
                           code="appointment_cancelled",
                           message_en="This appointment was cancelled. You may take a walk-in ticket.")
        if appointment.status in ("checked_in", "late"):
            ticket = session.get(models.Ticket, appointment.ticket_id) if appointment.ticket_id else None
            number = ticket.number if ticket else ""
            raise Conflict(f"Lịch hẹn này đã nhận số {number}.", code="already_checked_in", number=number,
                           message_en=f"This appointment already has ticket {number}.")
        decision = rules.check_in(appointment.slot_start, centre.now(), config.timezone, conf.early_minutes,
                                  conf.late_minutes)
        if decision.outcome == "wrong_day":
            raise Unprocessable(f"Lịch hẹn của anh/chị vào ngày {slot_day} lúc {slot_time}, không phải hôm nay.",
                                code="wrong_day", message_en=f"Your appointment is on {slot_day} at {slot_time}, "
                                                             "not today.")
        if decision.outcome == "too_early":
            opens = decision.from_time.astimezone(config.timezone).strftime("%H:%M")
            raise Unprocessable(f"Lịch hẹn của anh/chị lúc {slot_time}. Xin quay lại nhận số từ {opens}.",
                                code="too_early", from_time=opens,
                                message_en=f"Your appointment is at {slot_time}. Please check in from {opens}.")
        check_open(centre)
        procedure, field = _procedure(centre, appointment.procedure_id)
        on_time = decision.outcome == "on_time"
        now, day = centre.now(), today(centre)
        prefix = conf.ticket_prefix if on_time else field.prefix
        sequence = allocate_sequence(session, day, prefix)
        if not on_time and sequence > config.cap_for(field.id):
            raise Unprocessable(f"Anh/chị đến muộn và hôm nay đã hết số cho lĩnh vực {field.name_vi}.",
                                code="daily_cap_reached",
                                message_en=f"You arrived late and no more tickets are left today for {field.name_en}.")
        ticket = models.Ticket(
            service_day=day, prefix=prefix, sequence=sequence, number=format_number(prefix, sequence, config.digits),
            field_id=field.id, procedure_id=procedure.id, priority=APPOINTMENT if on_time else None,
            status="issued", kiosk_id=kiosk_id, issued_at=now,
            queued_at=appointment.slot_start if on_time else now, recall_count=0,
            track_token=secrets.token_urlsafe(16), language=appointment.language or "vi")
        session.add(ticket)
        session.flush()
        appointment.status = "checked_in" if on_time else "late"
        appointment.checked_in_at, appointment.ticket_id = now, ticket.id
        events.write_ticket_event(session, ticket.id, "issued", now, actor,
                                  detail={"kiosk_id": kiosk_id, "appointment": appointment.code,
                                          "outcome": decision.outcome})
        waiting = waiting_candidates(session, centre)
        ticket_data = ticket_view(session, centre, ticket, base_url, counter_rows(session, centre), waiting)
        ticket_data["appointment"] = {"code": appointment.code, "time": slot_time, "outcome": decision.outcome}
        if kiosk_id:
            printing.queue_print_job(session, outbox, centre, ticket, ticket_data, kiosk_id)
        events.ticket_changed(session, outbox, centre, ticket, "issued", waiting=waiting_by_field(waiting))
        return {"ticket": ticket_data, "appointment": view(centre, appointment), "outcome": decision.outcome,
                "message": _message(decision.outcome, slot_time, conf.late_minutes)}
