"""The tracking page of a ticket whose wait is long tells the visitor, as information, that nearby centres
serving the same procedure wait less now, and that they keep their number here (issue 17); the link opens
the nearby page on their procedure, measured from their centre. A short wait says nothing."""

import re
from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import expect
from test_nearby import city_at_work, phone, token
from test_tracking_page import assert_fits_the_screen


@pytest.fixture
def city(live_server_factory):
    """Hoàn Kiếm's civil-status desk has 6 waiting (about 48 minutes), Ba Đình's and Cửa Nam's nobody."""
    return city_at_work(live_server_factory)


def ticket_at(server, centre_id: str) -> str:
    """A kiosk-1 ticket for a birth registration at the centre; the path its QR code opens."""
    kiosk = token(server, centre_id, "--role", "kiosk", "--name", "kiosk-1")
    issued = requests.post(f"{server.url}/api/v1/centres/{centre_id}/tickets", json={"procedure_id": "khai_sinh"},
                           headers={"Authorization": f"Bearer {kiosk}"}, timeout=10)
    assert issued.status_code == 201, issued.text
    return urlsplit(issued.json()["ticket"]["track_url"]).path


def test_a_long_wait_tells_of_shorter_waits_nearby_and_that_the_place_is_kept(city, browser, assert_accessible):
    long_wait = ticket_at(city, "hoan-kiem")
    context, page = phone(browser)
    try:
        page.goto(city.url + long_wait)
        expect(page.locator("#track-wait")).to_have_text(re.compile(r"^khoảng (4\d|5\d) phút$"))  # 6 ahead
        note = page.locator("#track-nearby")
        expect(note.get_by_role("heading", name="Để anh/chị biết: gần đây có nơi chờ ngắn hơn")).to_be_visible()
        items = note.locator("li")
        expect(items).to_have_count(2)  # Cửa Nam and Ba Đình have a free desk; the others nobody at one
        expect(items.nth(0)).to_have_text(re.compile(
            r"^Trung tâm Phục vụ hành chính công phường Cửa Nam: không phải chờ, cách 1(,\d)? km$"))
        expect(items.nth(1)).to_contain_text("phường Ba Đình: không phải chờ, cách 1,")
        expect(note).to_contain_text("Anh/chị vẫn giữ nguyên số thứ tự của mình tại đây.")
        link = note.get_by_role("link", name="Xem các trung tâm gần đây và thời gian chờ")
        expect(link).to_have_attribute("href", "/c/hoan-kiem/gan-day?procedure_id=khai_sinh&from=hoan-kiem&lang=vi")
        assert_accessible(page)
        assert_fits_the_screen(page)

        page.get_by_role("button", name="English").click()
        expect(note.get_by_role("heading")).to_have_text("For your information: shorter waits nearby")
        expect(items.nth(0)).to_have_text(re.compile(
            r"^Cua Nam Ward Public Administration Service Centre: no wait, 1(\.\d)? km away$"))
        expect(note).to_contain_text("You keep your number here.")
        assert_accessible(page)
        page.get_by_role("button", name="Tiếng Việt").click()

        link.click()  # the nearby page, on the procedure, measured from Hoàn Kiếm
        expect(page.locator("#procedure-name")).to_have_text("Thủ tục: Đăng ký khai sinh")
        expect(page.locator("#place-status")).to_have_text(
            "Tính khoảng cách từ: Trung tâm Phục vụ hành chính công phường Hoàn Kiếm.")
        expect(page.locator("#results > li").first).to_contain_text("phường Hoàn KiếmĐang mở cửa · cách 0 km")
        expect(page.locator("#results h3")).to_have_count(7)
        expect(page.locator("#results h3").nth(1)).to_contain_text("Cửa Nam")  # nearest of the others
        assert_accessible(page)

        page.goto(city.url + ticket_at(city, "cua-nam"))  # Cửa Nam: nobody ahead, nothing to tell
        expect(page.locator("#track-wait")).to_have_text(re.compile(r"^(Sắp đến lượt|khoảng \d phút)$"))
        page.wait_for_timeout(500)
        expect(page.locator("#track-nearby")).to_be_hidden()
    finally:
        context.close()
