from flask import g, jsonify, request

from queue_server.api import api
from queue_server.api.auth import current_principal, require
from queue_server.api.requests import base_url, json_body
from queue_server.context import current_centre as centre
from queue_server.errors import BadRequest
from queue_server.services import printing
from queue_server.settings import PROJECT_ROOT


@api.get("/devices/me")
@require("kiosk", "display")
def whoami():
    """The calling device as configured, with the printer URI its print agent should use."""
    principal = current_principal()
    device = centre().config.device(principal.name)
    view = {"id": principal.name, "kind": device.kind if device else principal.role,
            "name": device.name if device else principal.name, "configured": device is not None,
            "printer_uri": printing.printer_uri(centre(), principal.name, PROJECT_ROOT)}
    if principal.role == "kiosk":  # the kiosk page: its settings and the state of the printer it prints on
        view["kiosk"] = centre().config.kiosk_settings(principal.name).view()
        view["printer"] = printing.device_status(centre(), device.printing_kiosk if device else principal.name)
    return jsonify(view)


@api.post("/devices/me/status")
@require("kiosk")
def report_status():
    """The print agent reports its printer: {"printer_status", "detail"}."""
    data = json_body()
    reported = data["printer_status"]
    # The agent repeats its status every 30 s (~2,900 times a day): only a change goes to the audit log.
    g.not_audited = printing.device_status(centre(), current_principal().name)["printer_status"] == reported
    status = printing.report_status(centre(), current_principal().name, reported, data.get("detail", ""))
    return jsonify({"status": status})


@api.get("/print-jobs")
@require("kiosk")
def list_jobs():
    """This kiosk's jobs not yet printed, oldest first."""
    if request.args.get("status", "pending") != "pending":
        raise BadRequest("only status=pending can be listed", code="invalid_query")
    return jsonify({"jobs": printing.pending_jobs(centre(), current_principal().name, base_url())})


@api.post("/print-jobs/<int:job_id>/ack")
@require("kiosk")
def ack_job(job_id: int):
    """{"status": "printed"} or {"status": "failed", "error"}; a failed job stays pending for a retry."""
    data = json_body()
    job = printing.acknowledge(centre(), current_principal().name, job_id,
                               data["status"], data.get("error"), base_url())
    return jsonify({"job": job})
