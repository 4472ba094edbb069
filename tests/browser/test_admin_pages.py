"""Administration in real Chromium: an admin adds a counter and the open wall display, kiosk and counter
console show it without a reload or restart; an admin edits what the displays show (notice line, fields,
sound) and the open displays follow at once; every admin page passes axe-core."""

import re

import requests
from playwright.sync_api import expect

from live_server import cli, sign_in_form, take_counter


def sign_in_admin(page, server):
    cli(server.env, "staff", "create", "--username", "quanly", "--password", "mat-khau-dai",
        "--name", "Trần Thị Bình", "--role", "admin")
    page.goto(server.url + "/admin")
    expect(page).to_have_url(re.compile("/login"))
    sign_in_form(page, "quanly")
    expect(page.get_by_role("heading", name="Quản trị trung tâm / Centre administration")).to_be_visible()


def test_an_admin_adds_a_counter_and_the_display_and_kiosk_show_it(live_server, new_page, assert_accessible):
    display = new_page(1920, 1080)
    display.goto(live_server.url + "/display?sound=off")
    expect(display.locator("#counter-rows tr")).to_have_count(8)
    kiosk = new_page(1080, 1920)
    kiosk.goto(f"{live_server.url}/kiosk#token={live_server.tokens['kiosk']}")
    expect(kiosk.get_by_role("button", name=re.compile("Hộ tịch"))).to_be_visible()

    cli(live_server.env, "staff", "create", "--username", "canbo1", "--password", "mat-khau-dai", "--name", "An")
    console = new_page()
    console.goto(live_server.url + "/login?next=/counter")
    sign_in_form(console, "canbo1")
    expect(console.locator("#counter-select option")).to_have_count(8)

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
    # So does the counter console's picker.
    expect(console.locator("#counter-select option")).to_have_count(9)
    expect(console.locator("#counter-select option[value='9']")).to_have_text("Quầy 9 – Hộ tịch")

    # Someone sits down at it; the kiosk, open all along, sends a new visitor to it.
    at_9 = take_counter(live_server, 9)
    kiosk.get_by_role("button", name=re.compile("Hộ tịch")).click()
    kiosk.get_by_role("button", name="Đăng ký khai sinh", exact=True).click()
    kiosk.get_by_role("button", name="Lấy số").click()
    expect(kiosk.locator("#ticket-counters")).to_contain_text("Quầy 9 – Hộ tịch (Tầng 2, phòng 201)")

    # The new counter calls that visitor; deleting it now is refused with a clear message, nothing lost.
    called = requests.post(live_server.url + "/api/v1/counters/9/call-next", json={}, headers=at_9, timeout=10)
    assert called.json()["ticket"]["number"] == "A-001"
    admin.get_by_role("button", name="Xóa quầy 9 / Delete counter 9").click()
    expect(admin.get_by_role("alert")).to_contain_text("cannot be deleted")
    expect(display.locator("#counter-rows tr[data-counter='9']")).to_contain_text("A-001")


def test_every_admin_page_is_accessible(live_server, new_page, assert_accessible):
    page = new_page()
    sign_in_admin(page, live_server)
    assert_accessible(page)
    for link in ("Quầy / Counters", "Cán bộ / Staff", "Lĩnh vực, thủ tục / Fields, procedures",
                 "Ưu tiên, giờ, giới hạn / Priority, hours, caps", "Thiết bị / Devices", "Màn hình / Displays",
                 "Nhật ký / Audit log"):
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


def announcements(page) -> int:
    state = page.evaluate("window.motcuaAudioQueue ? window.motcuaAudioQueue.state() : null")
    return 0 if state is None else len(state["log"]) + len(state["pending"]) + (1 if state["current"] else 0)


def test_an_admin_edits_what_the_displays_show_and_the_open_displays_follow(live_server, new_page,
                                                                          assert_accessible):
    hall = new_page(1920, 1080)
    hall.goto(live_server.url + "/display/hall?sound=off")
    expect(hall.locator("#notice-text")).to_contain_text("Vui lòng giữ phiếu")
    floor = new_page(1920, 1080)
    floor.goto(live_server.url + "/display/floor-2")
    expect(floor.locator("#notice-text")).to_contain_text("Tầng 2 – Quầy 7")
    expect(floor.locator("#waiting-fields li")).to_have_count(4)  # the fields of counter 7
    floor.evaluate("window.loadedOnce = true")
    requests.post(live_server.url + "/api/v1/tickets", json={"procedure_id": "tro_cap_xa_hoi"}, timeout=10,
                  headers={"Authorization": f"Bearer {live_server.tokens['kiosk']}"})
    staff = take_counter(live_server, 7)
    requests.post(live_server.url + "/api/v1/counters/7/call-next", json={}, headers=staff, timeout=10)
    expect(floor.locator("#counter-rows tr[data-counter='7'] td.number")).to_have_text("F-001")
    floor.wait_for_function("window.motcuaAudioQueue.state().log.length + window.motcuaAudioQueue.state()"
                            ".pending.length > 0 || window.motcuaAudioQueue.state().current !== null")

    admin = new_page()
    sign_in_admin(admin, live_server)
    admin.get_by_role("navigation").get_by_role("link", name="Màn hình / Displays").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Màn hình / Displays")
    assert_accessible(admin)

    # The centre's notice: the hall (no notice of its own) shows it at once; floor-2 keeps its own.
    admin.get_by_label("Thông báo (để trống: không có) / Notice (empty: none)").fill("Chiều nay làm việc đến 17:30")
    admin.get_by_role("button", name="Lưu thông báo chung / Save centre notice").click()
    expect(admin.get_by_role("status")).to_contain_text("Centre notice saved")
    expect(hall.locator("#notice-text")).to_have_text("Chiều nay làm việc đến 17:30")
    expect(floor.locator("#notice-text")).to_contain_text("Tầng 2 – Quầy 7")

    # floor-2: the centre's notice, waiting counts of Hộ tịch and Chứng thực only, and silent.
    card = admin.locator("#display-floor-2")
    card.get_by_label("Thông báo chung / The centre notice").check()
    card.get_by_label("A · Hộ tịch").check()
    card.get_by_label("B · Chứng thực").check()
    card.get_by_label("Đọc số bằng loa (floor-2) / Announce calls aloud (floor-2)").uncheck()
    card.get_by_role("button", name="Lưu màn hình floor-2 / Save display floor-2").click()
    expect(admin.get_by_role("status")).to_contain_text("Display floor-2 saved")
    expect(floor.locator("#notice-text")).to_have_text("Chiều nay làm việc đến 17:30")
    expect(floor.locator("#waiting-fields li")).to_have_count(2)
    expect(floor.locator("#waiting-fields")).to_contain_text("Hộ tịch")
    expect(floor.locator("body")).to_have_attribute("data-sound", "off")
    before = announcements(floor)
    requests.post(live_server.url + "/api/v1/counters/7/recall", json={}, headers=staff, timeout=10)
    expect(floor.locator("#last-calls li.recalled")).to_contain_text("F-001")
    assert announcements(floor) == before  # shown, not announced: the display is silent now
    assert floor.evaluate("window.loadedOnce") is True  # the same page all along, never reloaded

    # Saved in the database: a display opened later, and the admin page itself, show the same.
    later = new_page(1920, 1080)
    later.goto(live_server.url + "/display/floor-2")
    expect(later.locator("#notice-text")).to_have_text("Chiều nay làm việc đến 17:30")
    expect(later.locator("#waiting-fields li")).to_have_count(2)
    admin.reload()
    expect(admin.locator("#display-floor-2").get_by_label("A · Hộ tịch")).to_be_checked()
    assert_accessible(admin)


def test_a_display_opened_with_its_token_is_seen_and_carries_on_once_it_is_revoked(live_server, new_page,
                                                                                  assert_accessible):
    token = cli(live_server.env, "token", "create", "--role", "display", "--name", "hall").strip().splitlines()[-1]
    hall = new_page(1920, 1080)
    hall.goto(f"{live_server.url}/display/hall?sound=off#token={token}")
    expect(hall.locator("#counter-rows tr")).to_have_count(8)
    assert hall.url == live_server.url + "/display/hall?sound=off"  # kept in the browser, not in the address bar
    expect(hall.locator("#device-notice")).to_be_hidden()

    admin = new_page()
    sign_in_admin(admin, live_server)
    admin.goto(live_server.url + "/admin/devices")
    last_seen = {d: admin.locator(f"tr[data-device='{d}'] td").nth(3) for d in ("hall", "floor-2")}
    expect(last_seen["hall"]).to_have_text(re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d"))
    expect(last_seen["floor-2"]).to_have_text("—")  # never opened with a token

    admin.get_by_role("button", name="Thu hồi mã / Revoke hall").click()
    expect(admin.get_by_role("status")).to_contain_text("Revoked 1 token(s) of hall")
    # The open display notices at once, tells staff discreetly and keeps showing the calls.
    expect(hall.locator("#device-notice")).to_be_visible()
    expect(hall.locator("#device-notice")).to_have_text("Mã thiết bị không hợp lệ hoặc đã thu hồi / Device token not valid")
    requests.post(live_server.url + "/api/v1/tickets", json={"procedure_id": "khai_sinh"}, timeout=10,
                  headers={"Authorization": f"Bearer {live_server.tokens['kiosk']}"})
    staff = take_counter(live_server, 1)
    requests.post(live_server.url + "/api/v1/counters/1/call-next", json={}, headers=staff, timeout=10)
    expect(hall.locator("#counter-rows tr[data-counter='1'] td.number")).to_have_text("A-001")
    assert_accessible(hall)

    # Reloaded, it still holds the revoked token: the server refuses the connection, the page connects without.
    hall.reload()
    expect(hall.locator("#device-notice")).to_be_visible()
    expect(hall.locator("#counter-rows tr[data-counter='1'] td.number")).to_have_text("A-001")
    requests.post(live_server.url + "/api/v1/counters/1/recall", json={}, headers=staff, timeout=10)
    expect(hall.locator("#last-calls li.recalled")).to_contain_text("A-001")

    # A wrong token on a counter's screen: the same line, and the screen works.
    counter = new_page(1280, 720)
    counter.goto(f"{live_server.url}/display/counter/1#token=not-a-token")
    expect(counter.locator("#counter-number")).to_have_text("A-001")
    expect(counter.locator("#device-notice")).to_be_visible()
    assert_accessible(counter)


def test_the_open_console_redraws_its_kiosk_list_when_an_admin_registers_a_kiosk(live_server, new_page):
    cli(live_server.env, "staff", "create", "--username", "canbo1", "--password", "mat-khau-dai", "--name", "An")
    console = new_page()
    console.goto(live_server.url + "/login?next=/counter")
    sign_in_form(console, "canbo1")
    kiosks = console.locator("#reprint-kiosk option")
    expect(kiosks).to_have_count(1)  # kiosk-1 (the robot prints through it)
    console.evaluate("window.loadedOnce = true")

    admin = new_page()
    sign_in_admin(admin, live_server)
    admin.goto(live_server.url + "/admin/devices")
    admin.get_by_label("Mã (chữ thường, không dấu) / Id").fill("kiosk-2")
    admin.get_by_label("Tên / Name").fill("Kiosk tầng 2")
    admin.get_by_role("button", name="Đăng ký / Register").click()
    expect(admin.locator("#new-token")).to_be_visible()

    expect(kiosks).to_have_count(2)
    expect(console.locator("#reprint-kiosk option[value='kiosk-2']")).to_have_text("Kiosk tầng 2")
    expect(console.locator("#reprint-kiosk")).to_have_value("kiosk-1")  # the choice is kept
    assert console.evaluate("window.loadedOnce") is True
