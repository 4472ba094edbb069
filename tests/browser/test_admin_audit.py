"""The audit log page as a manager reads it: the print agent's heartbeats (the same printer status every 30 s)
are not written, status changes are; times in the centre's local time; actions in words, not codes."""

import re

import requests
from playwright.sync_api import expect

from queue_server.services.audit_words import ACTION_WORDS
from test_admin_pages import sign_in_admin


def report(server, status):
    response = requests.post(server.url + "/api/v1/devices/me/status", json={"printer_status": status, "detail": ""},
                             headers={"Authorization": f"Bearer {server.tokens['kiosk']}"}, timeout=10)
    assert response.ok, response.text


def test_heartbeats_stay_out_and_entries_read_as_words_in_local_time(live_server, new_page, assert_accessible):
    for status in ("online", "online", "online", "paper_out", "paper_out", "online", "online"):
        report(live_server, status)
    requests.post(live_server.url + "/api/v1/tickets", json={"procedure_id": "khai_sinh"}, timeout=10,
                  headers={"Authorization": f"Bearer {live_server.tokens['kiosk']}"}).raise_for_status()
    page = new_page(1366, 768)
    sign_in_admin(page, live_server)
    page.goto(live_server.url + "/admin/audit")
    table = page.locator("#audit-table")
    expect(table.locator("tr[data-action='api.report_status']")).to_have_count(3)  # unknown→online→paper out→online
    printer_row = table.locator("tr[data-action='api.report_status']").first
    expect(printer_row).to_contain_text("Máy in đổi trạng thái / Printer status changed")
    expect(table.locator("tr[data-action='api.issue']")).to_contain_text("Cấp số thứ tự / Issued a ticket")
    expect(table.locator("tr[data-action='staff.login']")).to_contain_text("Đăng nhập / Signed in")
    when = table.locator("tbody tr").first.locator("td").first.inner_text()
    assert re.fullmatch(r"\d\d:\d\d:\d\d \d\d/\d\d/\d{4}", when), when  # no "2026-12-05T10:42:03+07:00"
    cells = table.locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert not [c for c in cells if re.search(r"\b(api|admin|staff)\.[a-z_]+", c)], cells
    assert_accessible(page)


def test_every_audited_action_has_words(app):
    from queue_server.web.audit_log import NOT_AUDITED
    audited = {r.endpoint for r in app.url_map.iter_rules() if set(r.methods) & {"POST", "PUT", "PATCH", "DELETE"}}
    assert sorted(audited - NOT_AUDITED - set(ACTION_WORDS)) == []
