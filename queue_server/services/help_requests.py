"""Help requests: a visitor at the reception robot (or a kiosk) asked for a person, and a staff member goes.

The robot raises one (`raise_request`) when a visitor taps "Gặp cán bộ" or asks for a person; every counter
console is told live and shows "Robot lễ tân — một công dân cần hỗ trợ, 10:42" with a tone; the first staff
member who presses "Tôi đến ngay" takes it (`acknowledge`) and the other consoles see it taken.

What is kept, and for how long: the device, the ticket number when the visitor gave one, the language, and
the visitor's last question cut to REASON_MAX characters with names, e-mails, dates, addresses and phone, ID
or record numbers masked as far as practical (services/personal_data.py). Rows older than KEEP_HOURS are
deleted whenever a new one is raised and by `purge`: the desk needs them for minutes, not for reports (the
audit log keeps that a device asked and who went, without the question).

Live events go to the public room (the console has no private room: `counter:<n>` rooms are joined without
proof), so they carry no visitor text: `help_requested` and `help_request_acknowledged` with the request's
id, device, status and times. Consoles then load the details with their session (`GET /help-requests`).
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from sqlalchemy import delete, or_, select

from queue_server import models
from queue_server.context import Centre
from queue_server.errors import Conflict, NotFound
from queue_server.rules.numbering import parse_number
from queue_server.services import audit, events, personal_data, rate_limits
from queue_server.services.queue_state import local_iso

REASON_MAX = 200          # characters of the visitor's last question kept for the staff member who goes
OPEN_MINUTES = 30         # an alert nobody took is shown this long (the visitor has surely moved on after)
TAKEN_MINUTES = 10        # a taken alert stays visible (greyed, "X đang đến") this long on the other consoles
REPEAT_MINUTES = 5        # the same device asking again while its alert is open: the same alert, no new tone
KEEP_HOURS = 24           # rows are deleted after this
RATE_LIMIT, RATE_WINDOW = 6, 600  # per device: new alerts per window (repeats count too)
LANGUAGES = ("vi", "en")


def clean_reason(text: str | None) -> str:
    """The visitor's question as staff will read it: one line, personal data masked, at most REASON_MAX."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = " ".join(text.split())
    text = personal_data.mask(text)
    return text if len(text) <= REASON_MAX else text[:REASON_MAX - 1].rstrip() + "…"


def device_name(centre: Centre, device_id: str) -> str:
    device = centre.config.device(device_id)
    return device.name if device and device.name else device_id


def public_view(centre: Centre, row: models.HelpRequest) -> dict:
    """What every listener may hear: no question, no ticket number, no staff name."""
    return {"id": row.id, "device_id": row.device_id, "device_name": device_name(centre, row.device_id),
            "status": row.status, "created_at": local_iso(centre, row.created_at),
            "time_local": row.created_at.astimezone(centre.config.timezone).strftime("%H:%M"),
            "acknowledged_at": local_iso(centre, row.acknowledged_at),
            "acknowledged_counter": row.acknowledged_counter}


def staff_view(centre: Centre, row: models.HelpRequest, names: dict[str, str]) -> dict:
    return {**public_view(centre, row), "ticket_number": row.ticket_number, "reason": row.reason,
            "language": row.language, "acknowledged_by": row.acknowledged_by,
            "acknowledged_by_name": names.get(row.acknowledged_by or "", row.acknowledged_by)}


def _staff_names(db_session, usernames) -> dict[str, str]:
    wanted = {u for u in usernames if u}
    if not wanted:
        return {}
    rows = db_session.execute(select(models.StaffUser.username, models.StaffUser.display_name)
                           .where(models.StaffUser.username.in_(wanted))).all()
    return {username: name or username for username, name in rows}


def _check_rate(limiter: rate_limits.RateLimits, device_id: str) -> None:
    decision = limiter.hit(f"help:{device_id}", RATE_LIMIT, RATE_WINDOW)
    if not decision.allowed:
        raise rate_limits.RateLimited(
            decision.retry_after,
            f"Thiết bị này đã gọi cán bộ nhiều lần. Xin chờ {decision.retry_after} giây hoặc đến bàn hướng dẫn.",
            f"This device has called staff many times. Please wait {decision.retry_after} seconds "
            f"or go to the information desk.")


def raise_request(limiter: rate_limits.RateLimits, centre: Centre, device_id: str, ticket_number=None, reason=None,
                  language=None, role: str = "kiosk", address: str | None = None) -> tuple[dict, bool]:
    """Raise (or repeat) a device's help request → (the public view, created?); `address`: the caller's, for the
    audit log."""
    parsed = parse_number(ticket_number.strip()) if ticket_number else None
    ticket_number = f"{parsed[0]}-{parsed[1]:03d}" if parsed else None  # not a number: the alert still goes
    if ticket_number and len(ticket_number) > 16:
        ticket_number = None
    language = language if language in LANGUAGES else "vi"
    reason = clean_reason(reason)
    _check_rate(limiter, device_id)
    now = centre.now()
    with centre.db.transaction() as (db_session, outbox):
        db_session.execute(delete(models.HelpRequest)
                        .where(models.HelpRequest.created_at < now - timedelta(hours=KEEP_HOURS)))
        repeat = db_session.scalar(select(models.HelpRequest).where(
            models.HelpRequest.device_id == device_id, models.HelpRequest.status == "open",
            models.HelpRequest.created_at >= now - timedelta(minutes=REPEAT_MINUTES))
            .order_by(models.HelpRequest.id.desc()).limit(1))
        if repeat is not None:
            if ticket_number and not repeat.ticket_number:
                repeat.ticket_number = ticket_number
            if reason and not repeat.reason:
                repeat.reason = reason
            db_session.flush()
            return public_view(centre, repeat), False
        row = models.HelpRequest(device_id=device_id, ticket_number=ticket_number, reason=reason,
                                 language=language, status="open", created_at=now)
        db_session.add(row)
        db_session.flush()
        view = public_view(centre, row)
        outbox.add("help_requested", {"help_request": view}, events.PUBLIC)
    audit.write(centre, device_id, role, "help_request.raised", f"/api/v1/help-requests/{view['id']}", 201,
                address=address, device_id=device_id, ticket_number=ticket_number, language=language)
    return view, True


def acknowledge(centre: Centre, request_id: int, username: str, counter_number: int | None = None) -> dict:
    """The first staff member to press 'Tôi đến ngay' takes the request; a second is told who went."""
    with centre.db.transaction() as (db_session, outbox):
        row = db_session.get(models.HelpRequest, request_id)
        if row is None:
            raise NotFound("Không có yêu cầu hỗ trợ này", code="unknown_help_request", message_en="No such help request")
        if row.status == "acknowledged":
            if row.acknowledged_by == username:
                return staff_view(centre, row, _staff_names(db_session, [username]))
            name = _staff_names(db_session, [row.acknowledged_by]).get(row.acknowledged_by, row.acknowledged_by)
            raise Conflict(f"{name} đã nhận hỗ trợ công dân này", message_en=f"{name} is already on the way",
                           code="already_acknowledged", acknowledged_by=row.acknowledged_by,
                           acknowledged_by_name=name)
        row.status, row.acknowledged_at = "acknowledged", centre.now()
        row.acknowledged_by, row.acknowledged_counter = username, counter_number
        db_session.flush()
        outbox.add("help_request_acknowledged", {"help_request": public_view(centre, row)}, events.PUBLIC)
        return staff_view(centre, row, _staff_names(db_session, [username]))


def current(centre: Centre) -> list[dict]:
    """For the consoles: open alerts of the last OPEN_MINUTES, and those taken in the last TAKEN_MINUTES."""
    now = centre.now()
    with centre.db.reading() as db_session:
        rows = db_session.scalars(select(models.HelpRequest).where(or_(
            (models.HelpRequest.status == "open")
            & (models.HelpRequest.created_at >= now - timedelta(minutes=OPEN_MINUTES)),
            (models.HelpRequest.status == "acknowledged")
            & (models.HelpRequest.acknowledged_at >= now - timedelta(minutes=TAKEN_MINUTES))))
            .order_by(models.HelpRequest.id)).all()
        names = _staff_names(db_session, [r.acknowledged_by for r in rows])
        return [staff_view(centre, r, names) for r in rows]


def status(centre: Centre, request_id: int) -> dict:
    """For the robot's screen (public): whether someone is coming. Nothing else."""
    with centre.db.reading() as db_session:
        row = db_session.get(models.HelpRequest, request_id)
        if row is None:
            raise NotFound("Không có yêu cầu hỗ trợ này", code="unknown_help_request", message_en="No such help request")
        return {"id": row.id, "status": row.status, "acknowledged_at": local_iso(centre, row.acknowledged_at)}
