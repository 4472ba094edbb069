"""/dat-lich: booking an appointment from a phone; /lich-hen/<token>: the booking's own page (the manage
link), with its code and QR code, to move or cancel it. Vietnamese first, English with ?lang=en.

The pages hold no personal data beyond the masked name and phone; the manage page's QR code (of its own
address) is drawn here, inline, so the link's token is never sent anywhere else.
"""

import base64
import io
from datetime import timedelta

import qrcode
import qrcode.image.svg
from flask import Blueprint, current_app, render_template, request

from queue_server.api.requests import base_url
from queue_server.context import current_centre
from queue_server.appointment_config import settings_of
from queue_server.errors import ApiError
from queue_server.services import appointments
from queue_server.services.service_times import today

bp = Blueprint("booking", __name__)

WEEKDAYS = {"vi": ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"],
            "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]}
WORDS = {
    "vi": {"title": "Đặt lịch hẹn", "other": "English", "other_lang": "en", "procedure": "Thủ tục",
           "choose": "— Chọn thủ tục —", "day": "Ngày hẹn", "slots": "Giờ hẹn còn trống",
           "pick_procedure": "Xin chọn thủ tục để xem giờ còn trống.", "loading": "Đang tải giờ hẹn…",
           "none": "Ngày này đã hết giờ hẹn. Xin chọn ngày khác.", "free": "còn {n} chỗ",
           "name": "Họ và tên", "phone": "Số điện thoại", "book": "Đặt lịch",
           "privacy": "Họ tên và số điện thoại chỉ dùng cho lịch hẹn này và được xoá sau {days} ngày.",
           "walk_in": "Anh/chị vẫn có thể đến lấy số trực tiếp tại kiosk như thường lệ.",
           "choose_slot": "Xin chọn một giờ hẹn.", "failed": "Chưa đặt được lịch. Xin thử lại.",
           "yours": "Lịch hẹn của anh/chị", "code": "Mã lịch hẹn", "when": "Thời gian", "status": "Trạng thái",
           "booked_ok": "Đặt lịch thành công!", "bring": "Khi đến trung tâm, quét mã QR này hoặc nhập mã lịch hẹn "
           "tại kiosk để nhận số. Xin đến trước giờ hẹn từ 5 đến {early} phút.",
           "keep": "Xin lưu lại trang này (đường dẫn riêng của anh/chị) để đổi hoặc huỷ lịch.",
           "qr": "Mã QR của lịch hẹn", "move": "Đổi giờ hẹn", "move_button": "Đổi sang giờ này",
           "cancel": "Huỷ lịch hẹn", "cancel_confirm": "Xác nhận huỷ lịch hẹn", "moved": "Đã đổi giờ hẹn.",
           "cancelled": "Lịch hẹn đã được huỷ.", "not_found": "Không tìm thấy lịch hẹn này.",
           "not_found_text": "Đường dẫn này không đúng hoặc đã hết hạn. Xin đặt lịch mới.",
           "new": "Đặt lịch mới", "closed": "Trung tâm chưa nhận đặt lịch hẹn.",
           "status_booked": "Đã đặt", "status_cancelled": "Đã huỷ", "status_checked_in": "Đã nhận số",
           "status_late": "Đã nhận số (đến muộn)", "minutes": "phút"},
    "en": {"title": "Book an appointment", "other": "Tiếng Việt", "other_lang": "vi", "procedure": "Procedure",
           "choose": "— Choose a procedure —", "day": "Day", "slots": "Free times",
           "pick_procedure": "Choose a procedure to see the free times.", "loading": "Loading times…",
           "none": "No free times left on this day. Please choose another day.", "free": "{n} left",
           "name": "Full name", "phone": "Phone number", "book": "Book",
           "privacy": "Your name and phone number are used for this appointment only and deleted after {days} days.",
           "walk_in": "You can still come and take a ticket at the kiosk as usual.",
           "choose_slot": "Please choose a time.", "failed": "The booking did not go through. Please try again.",
           "yours": "Your appointment", "code": "Booking code", "when": "Time", "status": "Status",
           "booked_ok": "Your appointment is booked!", "bring": "At the centre, scan this QR code or type the "
           "booking code at the kiosk to get your ticket. Please arrive 5 to {early} minutes early.",
           "keep": "Keep this page (your own link) to move or cancel the appointment.",
           "qr": "The appointment's QR code", "move": "Move the appointment", "move_button": "Move to this time",
           "cancel": "Cancel the appointment", "cancel_confirm": "Yes, cancel it", "moved": "The appointment was moved.",
           "cancelled": "The appointment is cancelled.", "not_found": "Appointment not found",
           "not_found_text": "This link is wrong or has expired. Please book again.",
           "new": "Book again", "closed": "This centre does not take appointments yet.",
           "status_booked": "Booked", "status_cancelled": "Cancelled", "status_checked_in": "Checked in",
           "status_late": "Checked in (late)", "minutes": "minutes"},
}


def _language() -> str:
    return "en" if request.args.get("lang") == "en" else "vi"


def _days(centre, conf, lang: str) -> list[dict]:
    first = today(centre)
    closed = appointments.closed_days_of(centre, first, first + timedelta(days=conf.horizon_days))
    days = [first + timedelta(days=n) for n in range(conf.horizon_days + 1)]
    return [{"value": d.isoformat(), "label": f"{WEEKDAYS[lang][d.weekday()]} {d:%d/%m/%Y}"}
            for d in days if d not in closed]


def _page(template: str, status: int = 200, **values):
    response = current_app.make_response((render_template(template, **values), status))
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the manage link's token never leaks to another site
    return response


@bp.get("/dat-lich")
def book():
    centre, lang = current_centre(), _language()
    conf = settings_of(centre.config)
    words = WORDS[lang]
    if not conf.enabled:
        return _page("booking/closed.html", 404, centre=centre.config, t=words, lang=lang)
    fields = [f for f in centre.config.fields if f.prefix and f.enabled and any(p.enabled for p in f.procedures)]
    page_data = {"lang": lang, "words": words}
    return _page("booking/book.html", centre=centre.config, t=words, lang=lang, fields=fields,
                 days=_days(centre, conf, lang), retention=conf.retention_days, page_data=page_data)


def qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@bp.get("/lich-hen/<token>")
def manage(token: str):
    centre, lang = current_centre(), _language()
    words = WORDS[lang]
    try:
        booking = appointments.get_by_token(centre, token)
    except ApiError:
        return _page("booking/missing.html", 404, centre=centre.config, t=words, lang=lang)
    conf = settings_of(centre.config)
    link = appointments.manage_url(base_url(), token)
    page_data = {"lang": lang, "words": words, "token": token, "procedure_id": booking["procedure_id"],
                 "status": booking["status"]}
    return _page("booking/manage.html", centre=centre.config, t=words, lang=lang, booking=booking,
                 qr=qr_data_uri(link), days=_days(centre, conf, lang), early=conf.early_minutes,
                 fresh=request.args.get("new") == "1", page_data=page_data)
