"""What the counter console needs beyond the counter actions: who holds which counter, taking a counter
(or taking it over), the held tickets, finding a ticket by number, and the kiosks' printer alerts."""

from flask import jsonify, request, session
from sqlalchemy import select

from queue_server import models
from queue_server.api import api
from queue_server.api.auth import current_principal, require
from queue_server.api.requests import json_body
from queue_server.context import current_centre as centre
from queue_server.errors import BadRequest, NotFound
from queue_server.rules.numbering import parse_number
from queue_server.services import counter_claims, counter_work, issuing, printing, queue_state, staffing


def session_key() -> str:
    """This browser session's claim key; a token caller's claims are keyed by its name."""
    return counter_claims.claim_key(current_principal(), session.get("claim_key"))


def printer_alerts(db_session) -> list[dict]:
    rows = db_session.scalars(select(models.DeviceStatus).where(models.DeviceStatus.printer_status != "online")
                              .order_by(models.DeviceStatus.device_id)).all()
    return [{"device_id": r.device_id, "printer_status": r.printer_status, "detail": r.detail,
             "updated_at": queue_state.local_iso(centre(), r.updated_at)} for r in rows]


@api.get("/console")
@require("staff", "manager")
def console_state():
    """The console's own state: its user, the counter it holds, every counter's holder, the held tickets, the
    printer alerts and the kiosks to reprint at."""
    principal = current_principal()
    key = session_key()
    with centre().db.reading() as db_session:
        claims = {c.counter_number: c for c in db_session.scalars(select(models.CounterClaim))}
        user = db_session.scalar(select(models.StaffUser).where(models.StaffUser.username == principal.name))
        assigned = [c.number for c in user.counters] if user else []
        mine = next((n for n, c in claims.items() if c.username == principal.name and c.session_key == key), None)
        counters = db_session.scalars(select(models.Counter).order_by(models.Counter.number)).all()
        staffed = {c.number for c in queue_state.counter_rows(db_session, centre()) if c.staffed}
        held = counter_work.held_tickets(db_session, centre(), mine) if mine else []
        return jsonify({
            "user": {"username": principal.name, "role": principal.role,
                     "display_name": user.display_name if user else principal.name},
            "claim": counter_claims.claim_id(key) if key else None,
            "counter_number": mine,
            "counters": [{"number": c.number, "name": c.name, "open": c.is_open, "closed_reason": c.closed_reason,
                          "staffed": c.number in staffed,
                          "holder": claims[c.number].username if c.number in claims else None,
                          "assigned": not assigned or c.number in assigned} for c in counters],
            "held": [queue_state.public_ticket(centre(), t) for t in held],
            "printer_alerts": printer_alerts(db_session),
            "kiosks": printing.reprint_kiosks(centre().config),
        })


@api.post("/console/claim")
@require("staff", "manager")
def claim_counter():
    """Take a counter: {"counter_number", "takeover": false}; 409 counter_taken when someone holds it."""
    data = json_body()
    number = data["counter_number"]
    result = counter_claims.claim(centre(), number, current_principal().name, session_key(),
                                  takeover=data.get("takeover", False))
    return jsonify(result)


@api.post("/console/release")
@require("staff", "manager")
def release_counter():
    """Leave the counter this session holds (the counter stays open or closed as it is)."""
    json_body()
    return jsonify({"released": counter_claims.release(centre(), current_principal().name, session_key())})


@api.post("/console/heartbeat")
@require("staff", "manager")
def heartbeat():
    """The console (or a call-button device) is still at its counter: sent every 30 s, it keeps the counter
    staffed (services/staffing.py) → {"counter_number", "staffed"}; a counter not heard from for
    `staffing.console_timeout_minutes` stops being staffed."""
    json_body()
    principal = current_principal()
    number = counter_claims.held_by(centre(), principal.name, session_key())
    staffed = number is not None and staffing.seen(centre(), number, principal.name)
    return jsonify({"counter_number": number, "staffed": staffed})


@api.get("/console/ticket")
@require("staff", "manager")
def find_ticket():
    """Today's ticket by number (?number=A-025), for reprinting: the staff view, with its kiosk."""
    number = request.args.get("number", "")
    parsed = parse_number(number)
    if parsed is None:
        raise BadRequest(f"{number!r} is not a ticket number like A-025", code="invalid_number")
    with centre().db.reading() as db_session:
        ticket = issuing.find_by_number(db_session, centre(), *parsed)
        if ticket is None:
            raise NotFound(f"Không có số {number} hôm nay / No ticket {number} today", code="unknown_ticket")
        return jsonify({"ticket": {**queue_state.public_ticket(centre(), ticket), "kiosk_id": ticket.kiosk_id}})


@api.get("/printer-alerts")
@require("staff", "manager")
def list_printer_alerts():
    """Kiosk printers that are not online (paper low or out, offline, unknown)."""
    with centre().db.reading() as db_session:
        return jsonify({"alerts": printer_alerts(db_session)})
