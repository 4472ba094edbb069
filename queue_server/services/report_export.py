"""A report as CSV (UTF-8 with a byte-order mark, so Excel shows Vietnamese right) or as an Excel workbook."""

from __future__ import annotations

import csv
import io

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
    writer.writerow(["Từ ngày / From", report["period"]["start"], "Đến ngày / To", report["period"]["end"],
                     "Thời gian chờ mục tiêu (phút) / Target wait (min)", report["target_wait_minutes"]])
    writer.writerow(["Nhóm / Dimension", "Mã / Key", "Tên / Name"] + [name for name, _ in COLUMNS])
    for dim, row in _rows(report):
        writer.writerow([DIMENSION_NAMES[dim], row["key"], row["label"]["vi"]]
                        + ["" if (v := get(row)) is None else v for _, get in COLUMNS])
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
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
