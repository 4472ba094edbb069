"""The nearest short queue in Chromium, on the city demo (issue 17): a visitor's phone finds where the wait is
short for their procedure, from the phone's position or a chosen ward; a kiosk whose own wait is long points
to nearby centres serving the same procedure with a shorter one."""

import re
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect
from test_tracking_page import assert_fits_the_screen

from live_server import cli

CITY = Path(__file__).resolve().parents[2] / "config" / "city-demo"
HO_GUOM = {"latitude": 21.0290, "longitude": 105.8520}  # a visitor by the lake, in Hoàn Kiếm


def token(server, centre_id, *args):
    env = {**server.env, "MOTCUA_CENTRE": centre_id}
    return cli(env, "token", "create", *args).strip().splitlines()[-1]


def city_at_work(live_server_factory):
    """The city demo with people at work: Hoàn Kiếm's civil-status desk has 6 waiting (about 48 minutes), the
    same desk at Ba Đình and Cửa Nam nobody; elsewhere nobody is at a desk yet."""
    server = live_server_factory(config_path=CITY)
    staff = {c: token(server, c, "--role", "staff", "--name", f"canbo-{c}", "--counter", "1")
             for c in ("hoan-kiem", "ba-dinh", "cua-nam")}
    for _ in range(6):
        answer = requests.post(f"{server.url}/api/v1/centres/hoan-kiem/tickets", json={"procedure_id": "khai_sinh"},
                               headers={"Authorization": f"Bearer {staff['hoan-kiem']}"}, timeout=10)
        assert answer.status_code == 201, answer.text
    return server


@pytest.fixture
def city(live_server_factory):
    return city_at_work(live_server_factory)


def phone(browser, **options):
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="vi-VN", bypass_csp=True, **options)
    context.set_default_timeout(10000)
    return context, context.new_page()


def test_a_phone_finds_the_short_queue_nearby(city, browser, assert_accessible):
    context, page = phone(browser, geolocation=HO_GUOM, permissions=["geolocation"])
    try:
        page.goto(city.url + "/gan-day")
        expect(page.get_by_role("heading", name="Nơi chờ ngắn gần anh/chị")).to_be_visible()
        page.get_by_label("Tìm thủ tục").fill("khai sinh cho be")  # typed without diacritics
        page.get_by_role("button", name=re.compile("^Đăng ký khai sinh")).first.click()
        expect(page.locator("#procedure-name")).to_have_text("Thủ tục: Đăng ký khai sinh")
        page.get_by_role("button", name="Dùng vị trí hiện tại").click()
        expect(page.locator("#place-status")).to_have_text("Đã dùng vị trí hiện tại của anh/chị.")
        results = page.locator("#results > li")
        expect(results).to_have_count(7)
        first, second = results.nth(0), results.nth(1)
        expect(first.locator("h3")).to_have_text("Trung tâm Phục vụ hành chính công phường Hoàn Kiếm")
        expect(first).to_contain_text("Đang mở cửa · cách 0,2 km")
        expect(first.locator(".nearby-wait")).to_have_text(re.compile(r"^Chờ khoảng (4\d|5\d) phút$"))
        expect(first).to_contain_text("6 người đang chờ")
        expect(second.locator("h3")).to_contain_text("Cửa Nam")
        expect(second.locator(".nearby-wait")).to_have_text("Không phải chờ")
        expect(second.get_by_role("link", name="Đặt lịch hẹn")).to_have_attribute("href", "/c/cua-nam/dat-lich")
        expect(results.nth(3).locator(".nearby-wait")).to_have_text("Chưa có quầy nào đang phục vụ")
        assert_accessible(page)
        assert_fits_the_screen(page)

        page.get_by_role("button", name="English").click()
        expect(first.locator("h3")).to_have_text("Hoan Kiem Ward Public Administration Service Centre")
        expect(second.locator(".nearby-wait")).to_have_text("No wait")
        expect(first).to_contain_text("Open now · 0.2 km away")
        assert_accessible(page)
        page.get_by_role("button", name="Tiếng Việt").click()

        # land (sổ đỏ): the centres without a land desk come last, saying so
        page.get_by_role("button", name="Chọn thủ tục khác").click()
        page.get_by_label("Tìm thủ tục").fill("sổ đỏ")
        page.get_by_role("button", name=re.compile("cấp Giấy chứng nhận lần đầu")).first.click()
        expect(results.nth(0).locator("h3")).to_contain_text("Hoàn Kiếm")
        expect(results.nth(6)).to_contain_text("Nơi này không giải quyết thủ tục này.")
        expect(page.locator("#results li.not-served")).to_have_count(3)
        assert_accessible(page)
    finally:
        context.close()


def test_without_the_position_the_visitor_chooses_a_ward(city, browser, assert_accessible):
    context, page = phone(browser)  # no permission: the position is refused
    try:
        page.goto(city.url + "/gan-day")
        page.get_by_role("button", name="Dùng vị trí hiện tại").click()
        expect(page.locator("#place-status")).to_have_text(re.compile("Xin chọn phường, xã"))
        page.get_by_label("Hoặc chọn phường, xã của anh/chị").select_option("tay-ho")
        results = page.locator("#results > li")
        expect(results).to_have_count(7)
        expect(results.nth(0).locator("h3")).to_contain_text("Tây Hồ")
        expect(results.nth(0)).to_contain_text("cách 0 km")
        expect(results.nth(0).locator(".nearby-wait")).to_have_text("Chưa có quầy nào đang phục vụ")
        assert_accessible(page)
        assert_fits_the_screen(page)
    finally:
        context.close()


def test_a_kiosk_with_a_long_wait_points_to_nearby_centres(city, new_page, assert_accessible):
    kiosk = token(city, "hoan-kiem", "--role", "kiosk", "--name", "kiosk-1")
    page = new_page(1080, 1920)
    page.goto(f"{city.url}/c/hoan-kiem/kiosk#token={kiosk}")
    page.get_by_role("button", name="Hộ tịch", exact=True).click()
    page.get_by_role("button", name="Đăng ký khai sinh", exact=True).click()
    note = page.locator("#nearby-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text(re.compile(r"Ở đây hiện phải chờ khoảng (4\d|5\d) phút"))
    items = note.locator("li")
    expect(items).to_have_count(2)  # Cửa Nam and Ba Đình; the others have nobody at a desk
    expect(items.nth(0)).to_have_text(re.compile(r"^Trung tâm .* phường Cửa Nam gần đây: không phải chờ, cách 1(,\d)? km$"))
    expect(items.nth(1)).to_contain_text("phường Ba Đình gần đây: không phải chờ, cách 1,")
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    expect(items.nth(0)).to_contain_text("Cua Nam Ward Public Administration Service Centre, nearby: no wait")
    page.get_by_role("button", name="Tiếng Việt").click()
    # another procedure of the same queue: the same long wait; certification (nobody waits there) says nothing
    page.locator("#home-button").click()
    page.get_by_role("button", name="Hộ tịch", exact=True).click()
    page.get_by_role("button", name="Đăng ký khai tử", exact=True).click()
    expect(note).to_be_visible()  # the same queue (civil status): still long
    page.locator("#confirm-back").click()
    page.locator("#home-button").click()
    page.get_by_role("button", name="Chứng thực", exact=True).click()
    page.locator("#procedure-tiles button").first.click()
    expect(page.locator("#confirm-title")).not_to_be_empty()
    page.wait_for_timeout(500)
    expect(note).to_be_hidden()
