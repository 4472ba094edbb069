"""Issue 13 in Chromium: the kiosk, the printed-ticket screen, the wall and counter displays, the phone's
tracking page and the console word a counter nobody is at ("Tạm đóng", no wait promised), the same counter
once a staff member has signed in at it, and while that person is on a break; axe-core on each page."""

import re

import requests
from playwright.sync_api import expect

from live_server import cli, sign_in_form

WHERE_1 = "Quầy 1 – Hộ tịch (Tầng 1, bên trái)"


def issue(server):
    response = requests.post(server.url + "/api/v1/tickets", json={"procedure_id": "khai_sinh"}, timeout=10,
                             headers={"Authorization": f"Bearer {server.tokens['kiosk']}"})
    assert response.status_code == 201, response.text
    return response.json()["ticket"]


def open_birth_registration(kiosk):
    kiosk.get_by_role("button", name=re.compile("Hộ tịch")).click()
    kiosk.get_by_role("button", name="Đăng ký khai sinh", exact=True).click()
    return kiosk.locator("#procedure-details")


def test_an_unstaffed_a_staffed_and_an_on_break_counter_on_every_screen(live_server, new_page, assert_accessible):
    cli(live_server.env, "staff", "create", "--username", "canbo1", "--password", "mat-khau-dai", "--name", "Lan")
    wall = new_page(1920, 1080)
    wall.goto(live_server.url + "/display/hall")
    row_1 = wall.locator("#counter-rows tr[data-counter='1']")
    desk_screen = new_page(1280, 720)
    desk_screen.goto(live_server.url + "/display/counter/1")
    kiosk = new_page(1080, 1920)
    kiosk.goto(f"{live_server.url}/kiosk#token={live_server.tokens['kiosk']}")

    # 1. Nobody has signed in yet: every counter is open but unstaffed.
    expect(row_1).to_have_attribute("data-state", "unstaffed")
    expect(row_1.locator("td.number")).to_have_text("Tạm đóng")
    expect(desk_screen.locator("body")).to_have_attribute("data-state", "unstaffed")
    expect(desk_screen.get_by_text("Tạm đóng / Closed for now")).to_be_visible()
    assert_accessible(wall)
    details = open_birth_registration(kiosk)
    expect(details).to_contain_text(f"Nộp hồ sơ tại: {WHERE_1} – Tạm đóng")
    expect(details).to_contain_text("Hiện chưa có cán bộ tại quầy của lĩnh vực này")
    kiosk.get_by_role("button", name="Lấy số").click()
    expect(kiosk.locator("#ticket-counters")).to_contain_text(f"Quầy phục vụ: {WHERE_1} – Tạm đóng")
    expect(kiosk.locator("#ticket-wait")).to_have_text(
        "Không có ai chờ trước anh/chị. Các quầy chưa mở, thời gian chờ sẽ được báo khi cán bộ vào quầy.")
    expect(kiosk.locator("#ticket-wait")).not_to_contain_text("phút")
    assert_accessible(kiosk)
    first = requests.get(f"{live_server.url}/api/v1/queue", timeout=10).json()["waiting"][0]
    second = issue(live_server)
    track = requests.get(f"{live_server.url}/api/v1/tickets/lookup?number={second['number']}", timeout=10).json()
    assert track["eta_minutes"] is None and track["people_ahead"] == 1
    phone = new_page(390, 844)
    phone.goto(second["track_url"])
    expect(phone.locator("#track-wait")).to_have_text("Các quầy chưa mở")
    expect(phone.locator("#track-counters")).to_contain_text("Quầy 1 – Hộ tịch – Tạm đóng")
    assert_accessible(phone)

    # 2. A staff member signs in at counter 1: every screen follows, live.
    console = new_page()
    console.goto(live_server.url + "/counter")
    sign_in_form(console, "canbo1")
    expect(console.locator("#counter-state")).to_have_text("Đang mở", timeout=15000)
    assert_accessible(console)
    expect(row_1).to_have_attribute("data-state", "idle")
    expect(row_1.locator("td.number")).to_have_text("—")
    expect(desk_screen.get_by_text("Xin chờ / Please wait")).to_be_visible()
    expect(phone.locator("#track-wait")).to_have_text("khoảng 8 phút")  # after the first visitor, at counter 1
    expect(phone.locator("#track-counters")).to_have_text("Quầy 1 – Hộ tịch")
    kiosk.get_by_role("button", name="⌂ Về trang đầu").click()
    details = open_birth_registration(kiosk)
    expect(details).to_contain_text(f"Nộp hồ sơ tại: {WHERE_1}")
    expect(details).not_to_contain_text("Tạm đóng")
    kiosk.get_by_role("button", name="Lấy số").click()
    expect(kiosk.locator("#ticket-counters")).to_have_text(f"Quầy phục vụ: {WHERE_1}")
    expect(kiosk.locator("#ticket-wait")).to_have_text("Có 2 người chờ trước anh/chị, khoảng 16 phút.")
    assert_accessible(kiosk)
    console.keyboard.press("n")
    expect(console.locator("#current-number")).to_have_text(first["number"])
    expect(row_1.locator("td.number")).to_have_text(first["number"])

    console.keyboard.press("d")  # done
    expect(row_1.locator("td.number")).to_have_text("—")

    # 3. The same person takes a break: the counter is no longer staffed.
    console.get_by_role("button", name="Tạm nghỉ (P)").click()
    expect(console.locator("#counter-state")).to_have_text("Tạm nghỉ")
    assert_accessible(console)
    expect(row_1.locator("td.number")).to_have_text("Tạm nghỉ")
    expect(desk_screen.get_by_text("Tạm nghỉ / On break")).to_be_visible()
    expect(phone.locator("#track-wait")).to_have_text("Các quầy chưa mở")
    expect(phone.locator("#track-counters")).to_contain_text("Quầy 2 – Hộ tịch – Tạm đóng")
    assert_accessible(phone)
    kiosk.get_by_role("button", name="⌂ Về trang đầu").click()
    details = open_birth_registration(kiosk)
    expect(details).to_contain_text("Quầy 2 – Hộ tịch (Tầng 1, bên trái) – Tạm đóng")
    expect(details).not_to_contain_text("Quầy 1 – Hộ tịch")
    assert_accessible(wall)
