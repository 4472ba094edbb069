"""A report as CSV (UTF-8 with a byte-order mark, so Excel shows Vietnamese right) or as an Excel workbook.

Names in a report come from admins and staff (a staff member's display name, a counter's name), so a cell
that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab or CR first: OWASP's CSV injection list)
is written as text: with a leading apostrophe in the CSV, as a text cell marked "quote prefix" in the
workbook. Figures are numbers and stay numbers, negative ones included.
"""

from __future__ import annotations

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

SHEETS = (("field", "Lĩnh vực"), ("procedure", "Thủ tục"), ("counter", "Quầy"), ("staff", "Cán bộ"),
          ("hour", "Theo giờ"), ("day", "Theo ngày"))
DIMENSION_NAMES = {"total": "Tổng", **dict(SHEETS)}
COLUMNS = (
    ("Phiếu đã cấp / Issued", lambda r: r["issued"]),
    ("Đã phục vụ / Served", lambda r: r["served"]),
    ("Vắng mặt / No-show", lambda r: r["no_show"]),
    ("Đã hủy / Cancelled", lambda r: r["cancelled"]),
    ("Chờ TB (phút) / Wait mean (min)", lambda r: r["wait"]["mean"]),
    ("Chờ trung vị / Wait median", lambda r: r["wait"]["median"]),
    ("Chờ P90 / Wait p90", lambda r: r["wait"]["p90"]),
    ("Phục vụ TB (phút) / Service mean (min)", lambda r: r["service"]["mean"]),
    ("Phục vụ trung vị / Service median", lambda r: r["service"]["median"]),
    ("Phục vụ P90 / Service p90", lambda r: r["service"]["p90"]),
    ("Trong thời gian chờ mục tiêu (%) / Within target wait (%)", lambda r: _percent(r["within_target"])),
    ("Lượt đánh giá / Ratings", lambda r: r["ratings"]),
    ("Hài lòng (%) / Satisfied (%)", lambda r: _percent(r["satisfaction_rate"])),
)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def is_formula_like(value) -> bool:
    """A text a spreadsheet would evaluate; a number written as text ("-1.5") is left to read as a number."""
    return isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value)


def csv_cell(value):
    return "'" + value if is_formula_like(value) else value


def _percent(share):
    return None if share is None else round(share * 100, 1)


def _rows(report: dict):
    if report["total"]:
        yield "total", report["total"]
    for dim, _name in SHEETS:
        for row in report["by"][dim]:
            yield dim, row


def to_csv(report: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    rows = [["Từ ngày / From", report["period"]["start"], "Đến ngày / To", report["period"]["end"],
             "Thời gian chờ mục tiêu (phút) / Target wait (min)", report["target_wait_minutes"]],
            ["Nhóm / Dimension", "Mã / Key", "Tên / Name"] + [name for name, _ in COLUMNS]]
    rows += [[DIMENSION_NAMES[dim], row["key"], row["label"]["vi"]]
             + ["" if (v := get(row)) is None else v for _, get in COLUMNS] for dim, row in _rows(report)]
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _write_table(sheet, header: list[str], rows: list[list]) -> None:
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, title in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(str(title)) // 2 + 6))
    sheet.freeze_panes = sheet.cell(row=sheet.max_row - len(rows) + 1, column=1)


def to_xlsx(report: dict, centre_name: str) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "Tổng quan"
    summary.append([centre_name])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append(["Từ ngày / From", report["period"]["start"]])
    summary.append(["Đến ngày / To", report["period"]["end"]])
    summary.append(["Thời gian chờ mục tiêu (phút) / Target wait (min)", report["target_wait_minutes"]])
    summary.append(["Giờ cao điểm / Peak hours", ", ".join(f"{p['label']} ({p['issued']})" for p in report["peak_hours"])])
    summary.append([])
    total = report["total"]
    _write_table(summary, ["Chỉ số / Figure", "Giá trị / Value"],
                 [[name, get(total)] for name, get in COLUMNS] if total else [["Không có dữ liệu / No data", None]])
    summary.column_dimensions["A"].width = 55
    summary.column_dimensions["B"].width = 30
    for dim, title in SHEETS:
        sheet = book.create_sheet(title)
        _write_table(sheet, ["Mã / Key", "Tên / Name"] + [name for name, _ in COLUMNS],
                     [[row["key"], row["label"]["vi"]] + [get(row) for _, get in COLUMNS] for row in report["by"][dim]])
    _as_text(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _as_text(book: Workbook) -> None:
    """Every formula-like text as a text cell: openpyxl stores a string starting with "=" as a formula, and
    Excel would evaluate the others when the cell is edited without the quote prefix."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if is_formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
