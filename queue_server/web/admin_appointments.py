"""/admin/appointments: managers close days to bookings, set a field's bookings per slot (or leave the computed
figure), and read the appointment figures of a period (services/appointment_reports.py). Plain forms, as
the other admin pages (web/admin.py's guard, CSRF and messages)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, request

from queue_server.errors import Unprocessable
from queue_server.services import appointment_board, appointment_reports, reports
from queue_server.services.queue_state import today
from queue_server.web.admin import centre, done, page, render
from queue_server.web.admin_forms import checked, form_int

bp = Blueprint("admin_appointments", __name__, url_prefix="/admin/appointments")


def _day(name: str) -> date:
    try:
        return date.fromisoformat(request.form.get(name, "").strip())
    except ValueError:
        raise Unprocessable("Ngày phải có dạng 2026-12-31", code="invalid_date",
                            message_en="The day must look like 2026-12-31") from None


@bp.get("")
@page("manager")
def overview():
    start, end = reports.parse_period(request.args.get("start"), request.args.get("end"), today(centre()))
    return render("admin/appointments.html", state=appointment_board.admin_state(centre()),
                  report=appointment_reports.build(centre(), start, end))


@bp.post("/closed-days")
@page("manager")
def closed_day():
    appointment_board.set_closed_day(centre(), _day("day"), request.form.get("reason", ""), not checked("reopen"))
    return done("Đã lưu ngày nghỉ / Closed days saved", "admin_appointments.overview")


@bp.post("/capacity")
@page("manager")
def capacity():
    field_id = request.form.get("field_id", "")
    appointment_board.set_capacity(centre(), field_id, form_int("per_slot", required=False, what="Bookings per slot"))
    return done("Đã lưu số chỗ mỗi khung giờ / Bookings per slot saved", "admin_appointments.overview")
