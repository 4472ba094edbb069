"""A manager opens /admin/reports in Chromium: live dashboard, the day's report with charts, tables, exports."""

import re

import requests
from playwright.sync_api import expect

from live_server import cli, sign_in_form, take_counter


def test_manager_sees_the_live_dashboard_and_todays_report(live_server, new_page, assert_accessible):
    def api(method, path, role, **kwargs):
        return requests.request(method, live_server.url + "/api/v1" + path, timeout=10,
                                headers={"Authorization": f"Bearer {live_server.tokens[role]}"}, **kwargs)

    for procedure in ("khai_sinh", "khai_sinh", "chung_thuc_ban_sao"):
        api("POST", "/tickets", "kiosk", json={"procedure_id": procedure})
    take_counter(live_server, 1)
    api("POST", "/counters/1/call-next", "staff")
    api("POST", "/counters/1/done", "staff")
    cli(live_server.env, "staff", "create", "--username", "quanly1", "--password", "mat-khau-dai",
        "--name", "Trần Thị Bình", "--role", "manager")

    page = new_page(1280, 900)
    page.goto(live_server.url + "/admin/reports")
    expect(page).to_have_url(re.compile("/login"))
    sign_in_form(page, "quanly1")
    expect(page).to_have_url(re.compile("/admin/reports"))
    expect(page.locator("#live-cards")).to_contain_text("Đang chờ / Waiting now")
    expect(page.locator("#live-fields tbody tr").first).to_contain_text("Hộ tịch")
    expect(page.locator("#report-cards")).to_contain_text("Phiếu đã cấp / Issued")
    expect(page.locator("#table-field")).to_contain_text("Chứng thực")
    assert page.evaluate("() => Chart.getChart('chart-hours').data.datasets[0].data.reduce((a, b) => a + b, 0)") == 3
    assert_accessible(page)

    api("POST", "/tickets", "kiosk", json={"procedure_id": "ket_hon"})  # the dashboard follows live
    expect(page.locator("#live-cards .card").first).to_contain_text("3")

    href = page.locator("#export-xlsx").get_attribute("href")
    download = page.request.get(live_server.url + href)
    assert download.ok and download.body()[:2] == b"PK"  # a zip: the XLSX workbook

    page.locator("#period-start").fill("2026-01-10")
    page.locator("#period-end").fill("2026-01-01")
    page.get_by_role("button", name="Xem / Show").click()
    expect(page.locator("#report-message")).to_contain_text("swap the dates")
    page.locator("#period-end").fill("2026-01-12")
    page.get_by_role("button", name="Xem / Show").click()
    expect(page.locator("#report-message")).to_have_text("Không có phiếu nào trong kỳ này / No tickets in this period")


def test_staff_may_not_open_reports(live_server, new_page):
    cli(live_server.env, "staff", "create", "--username", "canbo2", "--password", "mat-khau-dai", "--name", "An")
    page = new_page()
    page.goto(live_server.url + "/login?next=/admin/reports")
    sign_in_form(page, "canbo2")
    expect(page.locator("main")).to_contain_text("Reports are for managers")
