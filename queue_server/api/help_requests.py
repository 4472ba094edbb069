"""Help requests: the reception robot (or a kiosk) calls a staff member; a console takes it ("Tôi đến ngay")."""

from flask import jsonify, request

from queue_server.api import api
from queue_server.api.auth import current_principal, require
from queue_server.api.requests import json_body
from queue_server.context import current_centre as centre
from queue_server.services import help_requests
from queue_server.web import limiter


@api.post("/help-requests")
@require("kiosk")
def raise_help_request():
    """A visitor at this device needs a person: {"ticket_number"?, "reason"?, "language"?} → 201
    {"help_request"} (200 with "repeated": true when this device's alert is still open)."""
    data = json_body()
    principal = current_principal()
    view, created = help_requests.raise_request(
        limiter.current(), centre(), principal.name, data.get("ticket_number"), data.get("reason"),
        data.get("language"), role=principal.role, address=request.remote_addr)
    return jsonify({"help_request": view, "repeated": not created}), 201 if created else 200


@api.get("/help-requests")
@require("staff", "manager")
def list_help_requests():
    """Open alerts (last 30 minutes) and those just taken, oldest first, with the visitor's question."""
    return jsonify({"help_requests": help_requests.current(centre())})


@api.post("/help-requests/<int:request_id>/acknowledge")
@require("staff", "manager")
def acknowledge_help_request(request_id: int):
    """'Tôi đến ngay': {"counter_number"?} → {"help_request"}; 409 already_acknowledged if someone else went."""
    data = json_body()
    view = help_requests.acknowledge(centre(), request_id, current_principal().name,
                                     data.get("counter_number"))
    return jsonify({"help_request": view})


@api.get("/help-requests/<int:request_id>/status")
def help_request_status(request_id: int):
    """For the robot's screen: {"id", "status": open|acknowledged, "acknowledged_at"}; nothing else."""
    return jsonify(help_requests.status(centre(), request_id))
