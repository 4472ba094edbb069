"""A manager closes a day to bookings and sets a field's bookings per slot on /admin/appointments, and the
booking page follows; in Chromium, with axe-core."""

from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect

from test_admin_pages import sign_in_admin


def test_a_manager_closes_a_day_and_the_booking_page_follows(live_server, new_page, assert_accessible):
    admin = new_page()
    sign_in_admin(admin, live_server)
    admin.get_by_role("link", name="Lịch hẹn / Appointments").click()
    expect(admin.get_by_role("heading", name="Lịch hẹn / Appointments")).to_be_visible()
    assert_accessible(admin)
    tomorrow = (datetime.now(timezone(timedelta(hours=7))) + timedelta(days=1)).date()
    admin.get_by_label("Ngày / Day").fill(tomorrow.isoformat())
    admin.get_by_label("Lý do / Reason").fill("Tập huấn nghiệp vụ")
    admin.get_by_role("button", name="Không nhận đặt lịch ngày này / Close this day").click()
    expect(admin.locator("#closed-days")).to_contain_text(f"{tomorrow.isoformat()} Tập huấn nghiệp vụ")
    admin.get_by_label("Hộ tịch: số chỗ / bookings per slot").fill("1")
    admin.locator("form:has(#per-slot-ho_tich)").get_by_role("button", name="Lưu / Save").click()
    expect(admin.get_by_role("status")).to_contain_text("Bookings per slot saved")
    assert_accessible(admin)

    phone = new_page(390, 844)
    phone.goto(live_server.url + "/dat-lich")
    days = phone.get_by_label("Ngày hẹn").locator("option")
    expect(days.first).to_have_attribute("value", (tomorrow - timedelta(days=1)).isoformat())
    assert tomorrow.isoformat() not in [days.nth(i).get_attribute("value") for i in range(days.count())]
    phone.get_by_label("Thủ tục").select_option("khai_sinh")
    phone.get_by_label("Ngày hẹn").select_option(index=1)  # the day after tomorrow
    expect(phone.locator(".slot").first).to_contain_text("còn 1 chỗ")
