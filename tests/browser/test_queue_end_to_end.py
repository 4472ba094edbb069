"""A visitor takes a ticket at the kiosk, staff call it at the counter, the wall display shows it."""

import re

from playwright.sync_api import expect

from live_server import cli, sign_in_form


def test_kiosk_issues_counter_calls_display_shows(live_server, new_page, assert_accessible):
    display = new_page(1920, 1080)
    display.goto(live_server.url + "/display/hall")
    expect(display.locator("#counter-rows tr")).to_have_count(8)
    assert_accessible(display)

    kiosk = new_page(1080, 1920)
    kiosk.goto(f"{live_server.url}/kiosk#token={live_server.tokens['kiosk']}")
    kiosk.get_by_role("button", name=re.compile("Hộ tịch")).click()
    kiosk.get_by_role("button", name="Đăng ký khai sinh", exact=True).click()
    expect(kiosk.get_by_text("Giấy tờ cần mang")).to_be_visible()
    assert_accessible(kiosk)
    kiosk.get_by_role("button", name="Lấy số").click()
    expect(kiosk.locator("#ticket-number")).to_have_text("A-001")
    expect(kiosk.locator("#ticket-counters")).to_contain_text("Quầy 1 – Hộ tịch (Tầng 1, bên trái)")
    expect(kiosk.locator("#ticket-qr")).to_have_attribute("src", re.compile(r"^/qr\.svg\?data=http"))
    assert_accessible(kiosk)
    expect(display.locator("#waiting-fields")).to_contain_text("Hộ tịch: 1")

    cli(live_server.env, "staff", "create", "--username", "canbo1", "--password", "mat-khau-dai",
        "--name", "Nguyễn Văn An")
    counter = new_page()
    counter.goto(live_server.url + "/counter")
    expect(counter).to_have_url(re.compile("/login"))
    assert_accessible(counter)
    sign_in_form(counter, "canbo1")
    expect(counter.locator("#waiting-list li")).to_have_count(1)
    assert_accessible(counter)
    counter.get_by_role("button", name=re.compile("Gọi số tiếp")).click()
    expect(counter.locator("#current-number")).to_have_text("A-001")

    row = display.locator("#counter-rows tr[data-counter='1']")
    expect(row).to_contain_text("A-001")
    expect(row).to_have_class("fresh")
    expect(display.locator("#last-calls")).to_contain_text("A-001 → Quầy 1")
    expect(display.locator("#waiting-fields")).to_contain_text("Hộ tịch: 0")


def test_kiosk_in_english_and_a_priority_ticket(live_server, new_page):
    kiosk = new_page(1920, 1080)
    kiosk.goto(f"{live_server.url}/kiosk#token={live_server.tokens['kiosk']}")
    kiosk.get_by_role("button", name="English").click()
    kiosk.locator("#field-tiles").get_by_role("button", name=re.compile("Certification")).click()
    kiosk.get_by_role("button", name=re.compile("^Certification of copies from originals")).click()
    kiosk.get_by_role("button", name="Aged 80 and over").click()
    kiosk.get_by_role("button", name="Take a ticket").click()
    expect(kiosk.locator("#ticket-number")).to_have_text("B-001")
    expect(kiosk.locator("#ticket-wait")).to_contain_text("Nobody is waiting ahead of you")
    lookup = kiosk.request.get(live_server.url + "/api/v1/queue").json()
    assert lookup["waiting"][0]["priority"] == "elderly_80"


def test_kiosk_without_its_device_token_says_so(live_server, new_page):
    kiosk = new_page()
    kiosk.goto(live_server.url + "/kiosk")
    expect(kiosk.locator("#kiosk-notice")).to_contain_text("chưa được đăng ký")
