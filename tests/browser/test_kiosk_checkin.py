"""Checking in an appointment at the kiosk in Chromium: a barcode scanner typing the QR's link like a keyboard
from the start screen, and a visitor typing the code on the on-screen keys; axe-core on the dialog."""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import requests
from playwright.sync_api import expect

from test_kiosk_flows import server_with

ALL_DAY = {day: ["00:00-24:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def midday_zone() -> str:
    """A timezone where it is about noon now: the centre's day then never runs out of slots during a test,
    whatever the hour the suite runs at (in Hà Nội's zone it would after 23:30)."""
    offset = 12 - datetime.now(timezone.utc).hour  # hours east of UTC: -11 … +12
    return "Etc/UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"  # POSIX zone names count the other way


def open_all_day(data):
    data["centre"]["opening_hours"] = ALL_DAY
    data["centre"]["timezone"] = midday_zone()
    data["appointments"]["early_minutes"] = 240  # the next slot of the day is at most 30 minutes away


def book_next_slot(server, phone: str) -> dict:
    zone = requests.get(f"{server.url}/api/v1/catalogue", timeout=10).json()["centre"]["timezone"]
    today = datetime.now(ZoneInfo(zone)).date().isoformat()
    slots = requests.get(f"{server.url}/api/v1/appointments/slots",
                         params={"procedure_id": "khai_sinh", "date": today}, timeout=10).json()["slots"]
    assert slots, f"no slot left today in {zone}"
    response = requests.post(f"{server.url}/api/v1/appointments", timeout=10, json={
        "procedure_id": "khai_sinh", "slot_start": slots[0]["start"], "name": "Lê Thu Hà", "phone": phone})
    assert response.status_code == 201, response.text
    return response.json()["appointment"]


def test_scanner_and_on_screen_keys_check_in(live_server_factory, tmp_path, new_page, assert_accessible):
    server = server_with(live_server_factory, tmp_path, open_all_day)
    scanned, typed = book_next_slot(server, "0911000001"), book_next_slot(server, "0911000002")
    page = new_page(1280, 1024)
    page.goto(f"{server.url}/kiosk#token={server.tokens['kiosk']}")
    expect(page.get_by_role("button", name="Tôi có lịch hẹn")).to_be_visible()

    # the scanner reads the QR (the manage link) and types it, then Enter, with nothing opened first
    page.keyboard.type(scanned["manage_url"], delay=2)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("#checkin-number")).to_have_text("L-001")
    expect(dialog).to_contain_text("Anh/chị có lịch hẹn lúc")
    assert_accessible(page)
    dialog.get_by_role("button", name="Xong").click()
    expect(dialog).to_be_hidden()

    # the visitor types the code on the on-screen keys (in English this time)
    page.get_by_role("button", name="English").click()
    page.get_by_role("button", name="I have an appointment").click()
    keys = page.locator("#checkin-keys")
    for character in typed["code"]:
        keys.get_by_role("button", name=character, exact=True).click()
    expect(page.get_by_label("Scan your appointment's QR code")).to_have_value(typed["code"])
    assert_accessible(page)
    page.get_by_role("button", name="Get my ticket").click()
    expect(page.locator("#checkin-number")).to_have_text("L-002")
    expect(page.locator("#checkin-message")).to_contain_text("Your appointment is at")

    # the same code again: a clear refusal, no second ticket
    page.get_by_role("button", name="Done").click()
    page.get_by_role("button", name="I have an appointment").click()
    page.get_by_label("Scan your appointment's QR code").fill(typed["code"])
    page.get_by_role("button", name="Get my ticket").click()
    expect(page.locator("#checkin-status")).to_contain_text("already has ticket L-002")
    jobs = requests.get(f"{server.url}/api/v1/print-jobs", timeout=10,
                        headers={"Authorization": f"Bearer {server.tokens['kiosk']}"}).json()["jobs"]
    assert sorted(job["ticket"]["number"] for job in jobs) == ["L-001", "L-002"]  # printed as usual
