"""The counter console shows today's appointments of its counter (checked in with their ticket, booked next),
names masked; the wall display never shows them; in Chromium with axe-core."""

import requests
from playwright.sync_api import expect

from test_console_page import sign_in, staff
from test_kiosk_checkin import book_next_slot, open_all_day
from test_kiosk_flows import server_with


def test_console_lists_checked_in_and_booked_next_masked(live_server_factory, tmp_path, new_page, assert_accessible):
    server = server_with(live_server_factory, tmp_path, open_all_day)
    staff(server, "canbo1")
    first, second = book_next_slot(server, "0911000001"), book_next_slot(server, "0911000002")
    checked = requests.post(f"{server.url}/api/v1/appointments/{first['code']}/check-in", json={}, timeout=10,
                            headers={"Authorization": f"Bearer {server.tokens['kiosk']}"})
    assert checked.status_code == 201, checked.text
    page = new_page()
    sign_in(page, server, "canbo1")  # holds counter 1 (hộ tịch: khai sinh)
    bookings = page.get_by_role("region", name="Lịch hẹn hôm nay")
    expect(bookings.locator("#bookings-in li")).to_contain_text(f"L-001 · {first['time']}")
    expect(bookings.locator("#bookings-in li")).to_contain_text("L. … Hà (••• 001)")
    expect(bookings.locator("#bookings-next li")).to_contain_text(f"{second['time']} L. … Hà (••• 002)")
    expect(bookings).not_to_contain_text("Lê Thu Hà")
    expect(bookings).not_to_contain_text("0911000001")
    expect(page.locator("#waiting-list li")).to_contain_text("L-001 Đăng ký khai sinh ★ lịch hẹn")
    assert_accessible(page)
    page.keyboard.press("n")  # nobody else waits: the appointment is called (its slot at most 30 min away)
    expect(page.locator("#current-number")).to_have_text("L-001")
    expect(page.locator("#current-priority")).to_have_text("Lịch hẹn")

    display = new_page(1920, 1080)
    display.goto(f"{server.url}/display/hall")
    expect(display.get_by_text("L-001").first).to_be_visible()
    shown = display.locator("body").inner_text()
    assert "Thu Hà" not in shown and "L. … Hà" not in shown and "0911000001" not in shown
