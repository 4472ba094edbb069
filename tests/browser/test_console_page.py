"""The counter console in real Chromium: a whole morning's moves with the keyboard alone, two browsers on
one counter, and axe-core on the console."""

import re

import requests
from playwright.sync_api import expect

from live_server import cli


def issue(server, procedure="khai_sinh"):
    response = requests.post(server.url + "/api/v1/tickets", json={"procedure_id": procedure},
                             headers={"Authorization": f"Bearer {server.tokens['kiosk']}"}, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()["ticket"]


def sign_in(page, server, username, password="mat-khau-dai"):
    """Types the sign-in form and presses Enter: no mouse."""
    page.goto(server.url + "/counter")
    expect(page).to_have_url(re.compile("/login"))
    page.get_by_label("Tên đăng nhập / Username").fill(username)
    page.get_by_label("Mật khẩu / Password").fill(password)
    page.keyboard.press("Enter")
    expect(page.locator("#counter-state")).to_have_text(re.compile("Đang mở|Open|Held|phụ trách"))


def events_of(server, ticket_id):
    response = requests.get(f"{server.url}/api/v1/tickets/{ticket_id}",
                            headers={"Authorization": f"Bearer {server.tokens['admin']}"}, timeout=10)
    return [e["kind"] for e in response.json()["ticket"]["events"]]


def test_a_staff_member_works_with_the_keyboard_only(live_server, new_page, assert_accessible):
    cli(live_server.env, "staff", "create", "--username", "canbo1", "--password", "mat-khau-dai",
        "--name", "Nguyễn Văn An")
    first, second, third = issue(live_server), issue(live_server), issue(live_server)
    page = new_page()
    sign_in(page, live_server, "canbo1")
    expect(page.locator("#counter-state")).to_have_text("Đang mở / Open")
    expect(page.locator("#waiting-list li")).to_have_count(3)
    expect(page.locator("#visitor-signal")).to_be_visible()  # visitors wait for an idle counter
    assert_accessible(page)

    page.keyboard.press("n")  # call next
    expect(page.locator("#current-number")).to_have_text(first["number"])
    expect(page.locator("#current-procedure")).to_contain_text("Đăng ký khai sinh")
    expect(page.locator("#current-waited")).to_contain_text("phút")
    expect(page.locator("#visitor-signal")).to_be_hidden()

    page.keyboard.press("t")  # transfer: field by typing its prefix, a reason, Enter
    expect(page.locator("#transfer-dialog")).to_be_visible()
    expect(page.locator("#transfer-field")).to_be_focused()
    page.keyboard.type("B")
    expect(page.locator("#transfer-field")).to_have_value("chung_thuc")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#transfer-reason")).to_be_focused()
    page.keyboard.type("Cần chứng thực trước")
    assert_accessible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#transfer-dialog")).to_be_hidden()
    expect(page.locator("#current-number")).to_have_text("—")
    expect(page.locator("#waiting-list li")).to_have_count(2)

    page.keyboard.press("n")
    expect(page.locator("#current-number")).to_have_text(second["number"])
    page.keyboard.press("v")  # no-show
    expect(page.locator("#current-number")).to_have_text("—")

    page.keyboard.press("n")
    expect(page.locator("#current-number")).to_have_text(third["number"])
    page.keyboard.press("s")  # start
    expect(page.locator("#current-status")).to_contain_text("Serving")
    page.keyboard.press("h")  # hold, then resume
    expect(page.locator("#held-list li")).to_have_count(1)
    page.keyboard.press("u")
    expect(page.locator("#current-number")).to_have_text(third["number"])
    page.keyboard.press("d")  # done
    expect(page.locator("#current-number")).to_have_text("—")

    page.keyboard.press("g")  # call a number: the visitor who missed their call came back
    expect(page.locator("#call-number")).to_be_focused()
    page.keyboard.type(second["number"])
    page.keyboard.press("Enter")
    expect(page.locator("#current-number")).to_have_text(second["number"])
    page.keyboard.press("d")
    expect(page.locator("#current-number")).to_have_text("—")

    page.keyboard.press("p")  # break: the counter stops calling
    expect(page.locator("#counter-state")).to_have_text("Tạm nghỉ / On break")
    page.keyboard.press("n")
    expect(page.locator("#counter-message")).to_contain_text("closed")
    page.keyboard.press("o")
    expect(page.locator("#counter-state")).to_have_text("Đang mở / Open")

    assert events_of(live_server, first["id"]) == ["issued", "called", "transferred"]
    assert events_of(live_server, second["id"]) == ["issued", "called", "marked_no_show", "called", "completed"]
    assert events_of(live_server, third["id"]) == ["issued", "called", "started", "held", "resumed", "completed"]
    waiting = requests.get(live_server.url + "/api/v1/queue", timeout=10).json()["waiting"]
    assert [(t["number"], t["field_id"]) for t in waiting] == [(first["number"], "chung_thuc")]


def test_two_browsers_on_the_same_counter(live_server, new_page, assert_accessible):
    for username in ("canbo1", "canbo2"):
        cli(live_server.env, "staff", "create", "--username", username, "--password", "mat-khau-dai",
            "--name", username)
    issue(live_server)
    first = new_page()
    sign_in(first, live_server, "canbo1")
    expect(first.locator("#counter-state")).to_have_text("Đang mở / Open")

    second = new_page()
    sign_in(second, live_server, "canbo2")
    expect(second.locator("#counter-message")).to_contain_text("canbo1")
    takeover = second.get_by_role("button", name="Tiếp quản quầy / Take over")
    expect(takeover).to_be_visible()
    assert_accessible(second)
    second.keyboard.press("n")  # not theirs yet: refused, nothing called
    expect(second.locator("#counter-message")).to_contain_text("Take a counter first")
    takeover.click()
    expect(second.locator("#counter-state")).to_have_text("Đang mở / Open")
    expect(first.locator("#counter-message")).to_contain_text("taken over")

    first.keyboard.press("n")  # the first browser is refused with the holder's name
    expect(first.locator("#counter-message")).to_contain_text("canbo2")
    second.keyboard.press("n")
    expect(second.locator("#current-number")).to_have_text("A-001")
    expect(first.locator("#current-number")).to_have_text("—")


def test_printer_alert_reaches_the_console_and_a_ticket_is_reprinted(live_server, new_page):
    cli(live_server.env, "staff", "create", "--username", "canbo1", "--password", "mat-khau-dai", "--name", "An")
    ticket = issue(live_server)
    page = new_page()
    sign_in(page, live_server, "canbo1")
    expect(page.locator("#printer-alerts")).to_contain_text("All fine")
    requests.post(live_server.url + "/api/v1/devices/me/status", json={"printer_status": "paper_out", "detail": ""},
                  headers={"Authorization": f"Bearer {live_server.tokens['kiosk']}"}, timeout=10)
    expect(page.locator("#printer-alerts")).to_contain_text("kiosk-1: Hết giấy / Paper out")
    page.get_by_label("Số / Number").fill(ticket["number"])
    page.get_by_role("button", name="In lại / Reprint").click()
    expect(page.locator("#counter-message")).to_contain_text("Reprinting " + ticket["number"])
    jobs = requests.get(live_server.url + "/api/v1/print-jobs",
                        headers={"Authorization": f"Bearer {live_server.tokens['kiosk']}"}, timeout=10).json()["jobs"]
    assert [j["kind"] for j in jobs] == ["ticket", "reprint"]
