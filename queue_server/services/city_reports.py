"""The reports of issue 7 compared across a city's centres (issue 17): each centre's report for the same
period (services/reports.py, on its own tables), written side by side with a centre column.

CSV: one section per dimension (the totals first, then field, procedure, counter, staff, hour, day), each
with a row per centre and key, so a spreadsheet's filter on the first columns compares the centres.
XLSX: a "So sánh" sheet with one row per centre (its totals), then one sheet per dimension with the centre
column first. Names are made safe for spreadsheets as in the single-centre export (report_export.py).
"""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from queue_server.context import City
from queue_server.services import reports
from queue_server.services.report_export import COLUMNS, DIMENSION_NAMES, SHEETS, _as_text, _write_table, csv_cell

CENTRE_HEADER = ["Mã trung tâm / Centre id", "Trung tâm / Centre"]


def build(city: City, start: date, end: date) -> list[tuple[object, dict]]:
    """[(centre, its report for the period)] in the city's order."""
    return [(centre, reports.build(centre, start, end)) for centre in city]


def _figures(row: dict | None) -> list:
    return [get(row) if row else None for _, get in COLUMNS]


def _dimension_rows(built, dim: str):
    for centre, report in built:
        rows = ([report["total"]] if report["total"] else []) if dim == "total" else report["by"][dim]
        for row in rows:
            yield centre, row


def to_csv(city: City, built, start: date, end: date) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    rows = [[city.name, "Từ ngày / From", start.isoformat(), "Đến ngày / To", end.isoformat()],
            CENTRE_HEADER + ["Nhóm / Dimension", "Mã / Key", "Tên / Name"] + [name for name, _ in COLUMNS]]
    for dim in ("total", *(d for d, _ in SHEETS)):
        rows += [[centre.id, centre.config.name, DIMENSION_NAMES[dim], row["key"], row["label"]["vi"]]
                 + ["" if (v := get(row)) is None else v for _, get in COLUMNS]
                 for centre, row in _dimension_rows(built, dim)]
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(city: City, built, start: date, end: date) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "So sánh"
    summary.append([f"{city.name}: so sánh các trung tâm / comparing the centres"])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append(["Từ ngày / From", start.isoformat(), "Đến ngày / To", end.isoformat()])
    summary.append([])
    _write_table(summary, CENTRE_HEADER + ["Thời gian chờ mục tiêu (phút) / Target wait (min)"]
                 + [name for name, _ in COLUMNS],
                 [[centre.id, centre.config.name, report["target_wait_minutes"]] + _figures(report["total"])
                  for centre, report in built])
    summary.column_dimensions["B"].width = 50
    for dim, title in SHEETS:
        sheet = book.create_sheet(title)
        _write_table(sheet, CENTRE_HEADER + ["Mã / Key", "Tên / Name"] + [name for name, _ in COLUMNS],
                     [[centre.id, centre.config.name, row["key"], row["label"]["vi"]] + _figures(row)
                      for centre, row in _dimension_rows(built, dim)])
    _as_text(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
