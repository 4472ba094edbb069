"""Appointments: free slots, booking, the manage link (move, cancel) and check-in (kiosk or robot).

Booking and the manage link are public (the booking page and the national portal's connector use them),
limited per phone number and per address (appointments.per_phone, per_address). Their requests are not
written to the audit log: the body is a visitor's name and phone, the manage path holds the link's secret.
"""

from datetime import date

from flask import g, jsonify, request

from queue_server.api import api
from queue_server.api.auth import current_principal, require
from queue_server.api.requests import base_url, json_body
from queue_server.api.tickets import kiosk_for_request
from queue_server.context import current_centre
from queue_server.errors import BadRequest
from queue_server.web import audit_log, limiter
from queue_server.services import (audit, appointment_board, appointment_checkin, appointment_reports, appointments,
                                     rate_limits)


def centre():
    return current_centre()


def _limit(phone: str | None) -> None:
    conf = appointments.settings(centre())
    rate_limits.check(limiter.current(), f"appointments-address:{request.remote_addr or '?'}", conf.per_address,
                      "Quá nhiều lượt đặt lịch từ địa chỉ này. Xin chờ {minutes} phút rồi thử lại.",
                      "Too many bookings from this address. Please wait {minutes} minutes and try again.")
    if phone:
        rate_limits.check(limiter.current(), f"appointments-phone:{phone}", conf.per_phone,
                          "Số điện thoại này đã đặt hoặc đổi lịch quá nhiều lần. Xin chờ {minutes} phút.",
                          "Too many bookings or changes for this phone number. Please wait {minutes} minutes.")


@api.get("/appointments/slots")
def appointment_slots():
    """?procedure_id=&date=YYYY-MM-DD → {"slots": [{start, time, free}], ...}. Public."""
    procedure_id = request.args.get("procedure_id", "")
    try:
        day = date.fromisoformat(request.args.get("date", ""))
    except ValueError:
        raise BadRequest("date must be a day like 2026-12-07", code="invalid_date") from None
    return jsonify(appointments.free_slots(centre(), procedure_id, day))


@api.post("/appointments")
def book_appointment():
    """{procedure_id, slot_start, name, phone, language?} → 201 {"appointment": {code, slot_start,
    procedure_id, manage_url, ...}}. Public, limited."""
    data = json_body()
    procedure_id, slot_start = data["procedure_id"], data["slot_start"]  # the document requires them
    name, phone = appointments.check_person(data["name"], data["phone"])
    _limit(phone)
    language = data.get("language") or "vi"
    booked = appointments.book(centre(), procedure_id, slot_start, name, phone, base_url(), language)
    return jsonify({"appointment": booked}), 201


@api.get("/appointments/manage/<token>")
def get_appointment(token: str):
    return jsonify({"appointment": appointments.get_by_token(centre(), token)})


@api.delete("/appointments/manage/<token>")
def cancel_appointment(token: str):
    """Cancel through the manage link → 200 {"appointment": {..., "status": "cancelled"}}."""
    return jsonify({"appointment": appointments.cancel(centre(), token)})


@api.patch("/appointments/manage/<token>")
def move_appointment(token: str):
    """Move through the manage link: {slot_start} → 200 {"appointment"}. Limited like booking."""
    slot_start = json_body()["slot_start"]
    _limit(appointments.phone_of(centre(), token))
    return jsonify({"appointment": appointments.move(centre(), token, slot_start)})


@api.post("/appointments/<code>/check-in")
@require("kiosk", "staff", "manager")
def check_in_appointment(code: str):
    """At a kiosk or the reception robot (a kiosk-role device token such as robot-1's): `code` is the
    booking code, or the manage link's token as its QR code gives it. {"kiosk_id"?} → 201 {"ticket",
    "appointment", "outcome": "on_time"|"late", "message": {vi, en}}."""
    principal = current_principal()
    kiosk_id = kiosk_for_request(json_body().get("kiosk_id"))
    result = appointment_checkin.check_in(centre(), code, kiosk_id, principal.name, base_url())
    # Audited under the booking's code: a scanned QR puts the manage link's token in the path.
    g.not_audited = True
    audit.write(centre(), principal.name, principal.role, request.endpoint,
                f"/api/v1/appointments/{result['appointment']['code']}/check-in", 201,
                address=audit_log.address(), ticket=result["ticket"]["number"])
    return jsonify(result), 201


@api.get("/appointments/counter/<int:number>")
@require("staff", "manager")
def counter_appointments(number: int):
    """For the counter console: today's bookings of the counter's fields → {"booked_next": [...],
    "checked_in": [...]}, names masked (family-name initial and given name), phone's last three digits."""
    return jsonify(appointment_board.counter_board(centre(), number))


@api.get("/reports/appointments")
@require("manager")
def appointment_report():
    """?start=&end= (as /reports) → volume, cancelled, checked_in, late, no_show, no_show_rate, punctuality
    (first call minus slot start, minutes: median, mean, p90, share within 10 minutes)."""
    from queue_server.api.reports import period
    return jsonify(appointment_reports.build(centre(), *period()))
