"""The city's API (issue 17), for the `city` role alone (a centre's admin is not the city): every centre's
live figures, and the reports compared across centres. Served only at paths that name no centre (the
city's own, where its accounts sign in); /c/<id>/api/v1/city/... answers 404."""

from flask import jsonify, request

from queue_server.api import api
from queue_server.api.auth import require
from queue_server.api.reports import CSV, XLSX, download
from queue_server.context import CENTRE_KEY, current_city
from queue_server.errors import NotFound
from queue_server.services import city_overview, city_reports, reports
from queue_server.services.access import CITY
from queue_server.services.queue_state import today

REFUSAL = ("Trang này dành cho tài khoản thành phố", "This is for the city's accounts")


def city_of_request():
    city = current_city()
    if request.environ.get(CENTRE_KEY) is not None:  # /c/<id>/...: a centre's path
        raise NotFound("Số liệu thành phố không thuộc một trung tâm", code="not_found",
                       message_en="The city's figures belong to no centre")
    return city


@api.get("/city/overview")
@require(CITY, admins=False, refusal=REFUSAL)
def city_overview_now():
    """Every centre now: waiting, staffed counters, longest wait, share within target, satisfaction today,
    a new visitor's estimated wait, and alerts (services/city_overview.py)."""
    return jsonify(city_overview.overview(city_of_request()))


def _period(city):
    args = request.args
    return reports.parse_period(args.get("from") or args.get("start"), args.get("to") or args.get("end"),
                                today(city.default))


STEM = "motcua-thanh-pho-bao-cao"  # the file's name, before the period


@api.get("/city/reports/export.csv")
@require(CITY, admins=False, refusal=REFUSAL)
def city_report_csv():
    """Every centre's report for ?from=YYYY-MM-DD&to=YYYY-MM-DD (default today), with a centre column."""
    city = city_of_request()
    start, end = _period(city)
    body = city_reports.to_csv(city, city_reports.build(city, start, end), start, end)
    return download(body, CSV, start, end, STEM)


@api.get("/city/reports/export.xlsx")
@require(CITY, admins=False, refusal=REFUSAL)
def city_report_xlsx():
    """The same as an Excel workbook: a comparison sheet, then one sheet per dimension."""
    city = city_of_request()
    start, end = _period(city)
    body = city_reports.to_xlsx(city, city_reports.build(city, start, end), start, end)
    return download(body, XLSX, start, end, STEM)
