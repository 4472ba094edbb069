from flask import jsonify, request
from sqlalchemy import select

from queue_server import models
from queue_server.api import api
from queue_server.api.auth import current_principal, require
from queue_server.api.requests import base_url, json_body
from queue_server.context import current_centre as centre
from queue_server.errors import BadRequest, Forbidden, NotFound
from queue_server.rules.numbering import parse_number
from queue_server.services import issuing, printing, queue_state, rate_limits
from queue_server.web import limiter


def kiosk_for_request(requested: str | None) -> str | None:
    """A kiosk prints on its own printer; staff may name a configured kiosk to print a ticket there."""
    principal = current_principal()
    if principal.role == "kiosk":
        if requested not in (None, principal.name):
            raise Forbidden(f"This device is {principal.name!r}; it cannot issue for {requested!r}",
                            code="wrong_kiosk")
        return principal.name
    if requested is not None:
        device = centre().config.device(requested)
        if device is None or device.kind != "kiosk":
            raise NotFound(f"No kiosk {requested!r} in the centre's configuration", code="unknown_kiosk")
    return requested


@api.post("/tickets")
@require("kiosk", "staff", "manager")
def issue():
    """Issue a ticket: {"procedure_id", "priority": null|category, "kiosk_id": optional, "language": "vi"|"en"}
    → 201 {"ticket"}. The language is the visitor's: the paper ticket and the tracking page speak it."""
    principal = current_principal()
    rate_limits.check_ticket_issue(limiter.current(), centre().config, principal.name, principal.role)  # 429: too fast
    data = json_body()
    procedure_id = data["procedure_id"]
    priority = data.get("priority") or None  # "" from a form's empty choice: no priority
    kiosk_id = kiosk_for_request(data.get("kiosk_id"))
    language = data.get("language") or "vi"
    if language not in ("vi", "en"):
        raise BadRequest("language must be 'vi' or 'en'", code="invalid_language")
    ticket = issuing.issue_ticket(centre(), procedure_id, priority, kiosk_id, principal.name, base_url(),
                                  language=language)
    return jsonify({"ticket": ticket}), 201


@api.get("/tickets/lookup")
def lookup():
    """Where a number stands today. Public, so it says no more than status, position and wait."""
    number = request.args.get("number", "")
    parsed = parse_number(number)
    if parsed is None:
        raise BadRequest(f"{number!r} is not a ticket number like A-025", code="invalid_number")
    with centre().db.reading() as db_session:
        ticket = issuing.find_by_number(db_session, centre(), *parsed)
        if ticket is None:
            raise NotFound(f"Không có số {number} hôm nay / No ticket {number} today", code="not_found")
        view = queue_state.ticket_view(db_session, centre(), ticket, base_url())
    return jsonify({key: view[key] for key in ("number", "status", "people_ahead", "eta_minutes", "counters")}
                   | {"called_counter": view["counter_number"] if view["status"] in ("called", "serving") else None})


@api.get("/track/<token>")
def track(token: str):
    """The ticket behind a QR code's unguessable token: what the visitor's phone shows."""
    with centre().db.reading() as db_session:
        ticket = db_session.scalar(select(models.Ticket).where(models.Ticket.track_token == token))
        if ticket is None:
            raise NotFound("Không tìm thấy phiếu / Ticket not found", code="not_found")
        return jsonify({"ticket": queue_state.ticket_view(db_session, centre(), ticket, base_url())})


@api.get("/tickets/<int:ticket_id>")
@require("staff", "manager")
def get_ticket(ticket_id: int):
    """A ticket with its whole event history, for staff."""
    with centre().db.reading() as db_session:
        ticket = db_session.get(models.Ticket, ticket_id)
        if ticket is None:
            raise NotFound(f"No ticket {ticket_id}", code="unknown_ticket")
        view = queue_state.ticket_view(db_session, centre(), ticket, base_url())
        view["events"] = [{"kind": e.kind, "at": queue_state.local_iso(centre(), e.at), "counter_number": e.counter_number,
                           "actor": e.actor, "detail": e.detail} for e in ticket.events]
        return jsonify({"ticket": view})


@api.post("/tickets/<int:ticket_id>/reprint")
@require("staff", "manager")
def reprint(ticket_id: int):
    """Print a ticket again at a kiosk: {"kiosk_id"} → 201 {"job"}."""
    kiosk_id = kiosk_for_request(json_body()["kiosk_id"])
    job = printing.reprint(centre(), ticket_id, kiosk_id, base_url())
    return jsonify({"job": job}), 201
