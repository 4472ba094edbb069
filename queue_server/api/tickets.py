from flask import jsonify, request

from queue_server.api import api
from queue_server.api.auth import current_principal, require
from queue_server.api.requests import base_url, json_body
from queue_server.context import current_centre as centre
from queue_server.errors import BadRequest, Forbidden, NotFound
from queue_server.services import issuing, printing, rate_limits, ticket_views
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
    return jsonify(ticket_views.lookup(centre(), request.args.get("number", ""), base_url()))


@api.get("/track/<token>")
def track(token: str):
    """The ticket behind a QR code's unguessable token: what the visitor's phone shows."""
    return jsonify({"ticket": ticket_views.tracked(centre(), token, base_url())})


@api.get("/tickets/<int:ticket_id>")
@require("staff", "manager")
def get_ticket(ticket_id: int):
    """A ticket with its whole event history, for staff."""
    return jsonify({"ticket": ticket_views.with_history(centre(), ticket_id, base_url())})


@api.post("/tickets/<int:ticket_id>/reprint")
@require("staff", "manager")
def reprint(ticket_id: int):
    """Print a ticket again at a kiosk: {"kiosk_id"} → 201 {"job"}."""
    kiosk_id = kiosk_for_request(json_body()["kiosk_id"])
    job = printing.reprint(centre(), ticket_id, kiosk_id, base_url())
    return jsonify({"job": job}), 201
