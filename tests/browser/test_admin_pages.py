"""Administration in real Chromium: an admin adds a counter and the open wall display and kiosk show it
without a reload or restart; every admin page passes axe-core."""

import re

import requests
from playwright.sync_api import expect

from live_server import cli


def sign_in_admin(page, server):
    cli(server.env, "staff", "create", "--username", "quanly", "--password", "mat-khau-dai",
        "--name", "Trần Thị Bình", "--role", "admin")
    page.goto(server.url + "/admin")
    expect(page).to_have_url(re.compile("/login"))
    page.get_by_label("Tên đăng nhập / Username").fill("quanly")
    page.get_by_label("Mật khẩu / Password").fill("mat-khau-dai")
    page.get_by_role("button", name="Đăng nhập / Sign in").click()
    expect(page.get_by_role("heading", name="Quản trị trung tâm / Centre administration")).to_be_visible()


def test_an_admin_adds_a_counter_and_the_display_and_kiosk_show_it(live_server, new_page, assert_accessible):
    display = new_page(1920, 1080)
    display.goto(live_server.url + "/display?sound=off")
    expect(display.locator("#counter-rows tr")).to_have_count(8)
    kiosk = new_page(1080, 1920)
    kiosk.goto(f"{live_server.url}/kiosk#token={live_server.tokens['kiosk']}")
    expect(kiosk.get_by_role("button", name=re.compile("Hộ tịch"))).to_be_visible()

    admin = new_page()
    sign_in_admin(admin, live_server)
    admin.get_by_role("link", name="Quầy / Counters").click()
    form = admin.locator("section[aria-labelledby='new-title']")
    form.get_by_label("Số quầy / Number").fill("9")
    form.get_by_label("Tên / Name").fill("Quầy 9 – Hộ tịch")
    form.get_by_label("Vị trí / Location").fill("Tầng 2, phòng 201")
    form.get_by_label("A · Hộ tịch").check()
    form.get_by_role("button", name="Thêm quầy / Add counter").click()
    expect(admin.get_by_role("status")).to_contain_text("Counter 9 saved")
    admin.get_by_role("button", name="Mở quầy 9 / Open counter 9").click()
    expect(admin.get_by_role("status")).to_contain_text("Counter 9 is open")

    # The wall display, open all along, shows the new counter (pushed, no reload).
    expect(display.locator("#counter-rows tr")).to_have_count(9)
    expect(display.locator("#counter-rows tr[data-counter='9']")).to_contain_text("Quầy 9")

    # The kiosk, open all along, sends a new visitor to it.
    kiosk.get_by_role("button", name=re.compile("Hộ tịch")).click()
    kiosk.get_by_role("button", name="Đăng ký khai sinh", exact=True).click()
    kiosk.get_by_role("button", name="Lấy số").click()
    expect(kiosk.locator("#ticket-counters")).to_contain_text("Quầy 9 – Hộ tịch (Tầng 2, phòng 201)")

    # The new counter calls that visitor; deleting it now is refused with a clear message, nothing lost.
    called = requests.post(live_server.url + "/api/v1/counters/9/call-next", json={},
                           headers={"Authorization": f"Bearer {live_server.tokens['staff']}"}, timeout=10)
    assert called.json()["ticket"]["number"] == "A-001"
    admin.get_by_role("button", name="Xóa quầy 9 / Delete counter 9").click()
    expect(admin.get_by_role("alert")).to_contain_text("cannot be deleted")
    expect(display.locator("#counter-rows tr[data-counter='9']")).to_contain_text("A-001")


def test_every_admin_page_is_accessible(live_server, new_page, assert_accessible):
    page = new_page()
    sign_in_admin(page, live_server)
    assert_accessible(page)
    for link in ("Quầy / Counters", "Cán bộ / Staff", "Lĩnh vực, thủ tục / Fields, procedures",
                 "Ưu tiên, giờ, giới hạn / Priority, hours, caps", "Thiết bị / Devices", "Nhật ký / Audit log"):
        page.get_by_role("navigation").get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    page.goto(live_server.url + "/admin/procedures/khai_sinh")
    expect(page.get_by_label("Tên tiếng Việt / Vietnamese name")).to_have_value("Đăng ký khai sinh")
    assert_accessible(page)
    # Register a device: its token is shown once.
    page.goto(live_server.url + "/admin/devices")
    page.get_by_label("Mã (chữ thường, không dấu) / Id").fill("kiosk-2")
    page.get_by_label("Tên / Name").fill("Kiosk tầng 2")
    page.get_by_role("button", name="Đăng ký / Register").click()
    expect(page.locator("#new-token")).to_be_visible()
    expect(page.locator("tr[data-device='kiosk-2']")).to_contain_text("Kiosk tầng 2")
    assert_accessible(page)
