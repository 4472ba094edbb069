"""Reports for managers: a period's figures (JSON, CSV, XLSX) and the live dashboard."""

from flask import Response, jsonify, request

from queue_server.api import api
from queue_server.api.auth import require
from queue_server.context import current_centre as centre
from queue_server.services import report_export, reports
from queue_server.services.queue_state import today


def period():
    return reports.parse_period(request.args.get("start"), request.args.get("end"), today(centre()))


@api.get("/reports")
@require("manager")
def report():
    """Figures for ?start=YYYY-MM-DD&end=YYYY-MM-DD (default: today): totals, by field, procedure, counter,
    staff, hour and day; peak hours. A period without tickets answers has_data: false."""
    start, end = period()
    return jsonify(reports.build(centre(), start, end))


CSV = ("text/csv; charset=utf-8", "csv")
XLSX = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")


def download(body: bytes, kind: tuple[str, str], start, end, stem: str = "motcua-bao-cao") -> Response:
    """A report file for the period (kind: CSV or XLSX), named after it; never cached (it holds staff names)."""
    mimetype, extension = kind
    name = f"{stem}-{start.isoformat()}_{end.isoformat()}.{extension}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                      "Cache-Control": "no-store"})


@api.get("/reports/export.csv")
@require("manager")
def report_csv():
    """The same report as CSV (UTF-8 with BOM), one row per dimension and key."""
    start, end = period()
    return download(report_export.to_csv(reports.build(centre(), start, end)), CSV, start, end)


@api.get("/reports/export.xlsx")
@require("manager")
def report_xlsx():
    """The same report as an Excel workbook: a summary sheet and one sheet per dimension."""
    start, end = period()
    body = report_export.to_xlsx(reports.build(centre(), start, end), centre().config.name)
    return download(body, XLSX, start, end)


@api.get("/reports/live")
@require("manager")
def live_dashboard():
    """Now: waiting per field, longest current wait, counters open, served today against a week ago."""
    return jsonify(reports.live(centre()))
