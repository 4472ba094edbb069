"""/admin/reports: the managers' report page (a period's figures, charts, tables, exports) and the live
dashboard. The page draws everything from /api/v1/reports* with the manager's session."""

from flask import Blueprint, current_app, render_template, request, session

from queue_server.api.auth import csrf_token, require
from queue_server.context import current_centre
from queue_server.services import reports
from queue_server.services.queue_state import today

bp = Blueprint("reports", __name__)



@bp.get("/admin/reports")
@require("manager", page=True, refusal=("Trang báo cáo dành cho quản lý", "Reports are for managers"))
def report_page():
    centre = current_centre()
    day = today(centre).isoformat()
    page_data = {"today": day, "start": request.args.get("start") or day, "end": request.args.get("end") or "",
                 "target_wait_minutes": reports.settings_of(centre).target_wait_minutes}
    response = current_app.make_response(render_template(
        "reports/index.html", centre=centre.config, user=session["user"], role=session["role"],
        csrf=csrf_token(), page_data=page_data))
    response.headers["Cache-Control"] = "no-store"
    return response
