"""A visitor books an appointment on a phone-sized page, in Vietnamese and in English, then moves and
cancels it from the booking's own page; in Chromium, with axe-core."""

import re

from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


def test_book_on_a_phone_then_move_and_cancel(live_server, new_page, assert_accessible):
    page = new_page(**PHONE)
    page.goto(live_server.url + "/dat-lich")
    expect(page.get_by_role("heading", name="Đặt lịch hẹn")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Thủ tục").select_option("khai_sinh")
    days = page.get_by_label("Ngày hẹn")
    days.select_option(index=1)  # tomorrow: today's slots depend on the hour the test runs
    first_slot = page.locator(".slot").first
    expect(first_slot).to_contain_text("00:00")
    first_slot.click()
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    assert_accessible(page)
    page.get_by_role("button", name="Đặt lịch").click()

    expect(page.get_by_text("Đặt lịch thành công!")).to_be_visible()
    assert re.search(r"/lich-hen/[\w-]+\?new=1$", page.url)
    code = page.locator("#booking-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{6}", code)
    expect(page.get_by_role("img", name=re.compile("Mã QR"))).to_be_visible()
    expect(page.locator("#booking-when")).to_contain_text("00:00")
    expect(page.get_by_text("Nguyễn Thị Lan")).to_have_count(0)  # masked: "N. … Lan"
    expect(page.get_by_text("••• 678")).to_be_visible()
    assert_accessible(page)

    page.locator("#slots .slot", has_text="08:00").click()
    page.get_by_role("button", name="Đổi sang giờ này").click()
    expect(page.get_by_text("Đã đổi giờ hẹn.")).to_be_visible()
    expect(page.locator("#booking-when")).to_contain_text("08:00")

    page.get_by_role("button", name="Huỷ lịch hẹn").click()
    page.get_by_role("button", name="Xác nhận huỷ lịch hẹn").click()
    expect(page.locator("#booking-status")).to_have_text("Đã huỷ")
    page.reload()
    expect(page.locator("#booking-status")).to_have_text("Đã huỷ")
    expect(page.get_by_role("button", name="Đổi sang giờ này")).to_have_count(0)


def test_the_page_in_english_and_a_refused_booking_says_why(live_server, new_page, assert_accessible):
    page = new_page(**PHONE)
    page.goto(live_server.url + "/dat-lich")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Book an appointment")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_label("Procedure").select_option("khai_sinh")
    page.get_by_label("Day").select_option(index=1)
    page.locator(".slot").first.click()
    page.get_by_label("Full name").fill("Tran Van Minh")
    page.get_by_label("Phone number").fill("12345")
    page.get_by_role("button", name="Book").click()
    expect(page.get_by_role("alert")).to_contain_text("The phone number is not valid")
    assert_accessible(page)
    page.goto(live_server.url + "/lich-hen/no-such-link")
    expect(page.get_by_role("heading", name="Không tìm thấy lịch hẹn này.")).to_be_visible()
