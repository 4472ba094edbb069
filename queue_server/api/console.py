"""What the counter console needs beyond the counter actions: who holds which counter, taking a counter
(or taking it over), the held tickets, finding a ticket by number, and the kiosks' printer alerts."""

from flask import jsonify, request, session

from queue_server.api import api
from queue_server.api.auth import current_principal, require
from queue_server.api.requests import json_body
from queue_server.context import current_centre as centre
from queue_server.services import console_view, counter_claims, staffing, ticket_views


def session_key() -> str:
    """This browser session's claim key; a token caller's claims are keyed by its name."""
    return counter_claims.claim_key(current_principal(), session.get("claim_key"))


@api.get("/console")
@require("staff", "manager")
def console_state():
    """The console's own state: its user, the counter it holds, every counter's holder, the held tickets, the
    printer alerts and the kiosks to reprint at."""
    principal = current_principal()
    return jsonify(console_view.snapshot(centre(), principal.name, principal.role, session_key()))


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
    return jsonify({"ticket": ticket_views.for_staff(centre(), request.args.get("number", ""))})


@api.get("/printer-alerts")
@require("staff", "manager")
def list_printer_alerts():
    """Kiosk printers that are not online (paper low or out, offline, unknown)."""
    return jsonify({"alerts": console_view.printer_alerts(centre())})
