"""The city's account opens /city in Chromium (issue 17): sign-in and back, every centre's row, alerts in words,
the compared reports' download, the page following the centres live, and axe-core on it."""

import re

import requests
from playwright.sync_api import expect

from city_support import write_city
from live_server import cli, sign_in_form


def token(server, centre: str, role: str, name: str) -> dict:
    made = cli(server.env, "--centre", centre, "token", "create", "--role", role, "--name", name)
    return {"Authorization": "Bearer " + made.strip().splitlines()[-1]}


def test_the_city_sees_every_centre_and_its_alerts(live_server_factory, tmp_path, new_page, assert_accessible):
    server = live_server_factory(config_path=write_city(tmp_path / "city", alert_wait_minutes=10))
    cli(server.env, "staff", "create", "--username", "thanhpho", "--password", "mat-khau-dai",
        "--name", "Văn phòng Thành phố", "--role", "city")
    kiosk = token(server, "hoan-kiem", "kiosk", "kiosk-1")
    for _ in range(2):
        issued = requests.post(server.url + "/c/hoan-kiem/api/v1/tickets", json={"procedure_id": "khai_sinh"},
                               headers=kiosk, timeout=10)
        assert issued.status_code == 201, issued.text

    page = new_page(1366, 900)
    page.goto(server.url + "/city")
    expect(page).to_have_url(re.compile(r"/login\?next=/city"))
    sign_in_form(page, "thanhpho")
    expect(page).to_have_url(re.compile(r"/city$"))
    rows = page.locator("#city-table tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("#city-table tr[data-centre='ba-dinh'] th")).to_contain_text("phường Ba Đình")
    alerted = page.locator("#city-table tr[data-centre='hoan-kiem']")
    expect(alerted).to_contain_text("Cảnh báo / Alert")
    expect(alerted.locator("td").nth(1)).to_have_text("2")
    expect(page.locator("#city-alerts li[data-centre='hoan-kiem']")).to_contain_text(
        "2 người đang chờ nhưng chưa quầy nào có cán bộ")
    expect(page.locator("#city-cards")).to_contain_text("Trung tâm có cảnh báo / Centres with alerts")
    expect(page.locator("#city-status")).to_contain_text("Cập nhật lúc")
    assert_accessible(page)

    href = page.locator("#city-xlsx").get_attribute("href")
    download = page.request.get(server.url + href)
    assert download.ok and download.body()[:2] == b"PK"  # a zip: the XLSX workbook

    # Tây Hồ's visitor arrives: the next poll shows it, alert and all
    requests.post(server.url + "/api/v1/centres/tay-ho/tickets", json={"procedure_id": "khai_sinh"},
                  headers=token(server, "tay-ho", "kiosk", "kiosk-1"), timeout=10).raise_for_status()
    expect(page.locator("#city-alerts li[data-centre='tay-ho']")).to_contain_text("1 người đang chờ", timeout=15000)


def test_a_centre_admin_is_refused_the_city(live_server_factory, tmp_path, new_page):
    server = live_server_factory(config_path=write_city(tmp_path / "city"))
    cli(server.env, "staff", "create", "--username", "quanly", "--password", "mat-khau-dai", "--name", "Quản trị",
        "--role", "admin")
    page = new_page()
    page.goto(server.url + "/login?next=/city")
    sign_in_form(page, "quanly")
    expect(page.locator("main")).to_contain_text("This is for the city's accounts")
