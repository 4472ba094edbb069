"""The tracking page on a phone (390×844) speaks the ticket's language, not the phone's, with a switch; after
service it shows only what still applies (the one counter that served, no wait, no call sound); and it says
honestly what alerts work where (a locked phone or an iPhone cannot be made to vibrate)."""

import requests
from playwright.sync_api import expect

from live_server import take_counter


def api(server, method, path, role, **kwargs):
    response = requests.request(method, f"{server.url}/api/v1{path}", timeout=10,
                                headers={"Authorization": f"Bearer {server.tokens[role]}"}, **kwargs)
    assert response.ok, response.text
    return response.json()


def issue(server, language):
    return api(server, "POST", "/tickets", "kiosk", json={"procedure_id": "khai_sinh", "language": language})["ticket"]


def test_the_page_speaks_the_tickets_language_with_a_switch(live_server, new_page, assert_accessible):
    vietnamese = issue(live_server, "vi")
    english_phone = new_page(390, 844, locale="en-GB")
    english_phone.goto(f"{live_server.url}/t/{vietnamese['track_token']}")
    expect(english_phone.locator("#track-status")).to_have_text("Đang chờ")  # a Vietnamese ticket, an English phone
    expect(english_phone.locator("html")).to_have_attribute("lang", "vi")
    english_phone.get_by_role("button", name="English").click()  # the visitor's own choice is kept
    expect(english_phone.locator("#track-status")).to_have_text("Waiting")
    english_phone.reload()
    expect(english_phone.locator("#track-status")).to_have_text("Waiting")

    english = issue(live_server, "en")
    phone = new_page(390, 844, locale="vi-VN")
    phone.goto(f"{live_server.url}/t/{english['track_token']}")
    expect(phone.locator("#track-status")).to_have_text("Waiting")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.locator("#track-counters-label")).to_have_text("Counters")
    expect(phone.locator("#track-centre")).to_have_text("Ba Dinh Ward Public Administration Service Centre")
    assert_accessible(phone)


def test_after_service_only_what_still_applies(live_server, new_page, assert_accessible):
    mine = issue(live_server, "en")
    phone = new_page(390, 844)
    phone.goto(f"{live_server.url}/t/{mine['track_token']}")
    expect(phone.locator("#track-counters")).to_contain_text("Quầy 1")
    expect(phone.locator("#track-counters")).to_contain_text("Quầy 2")  # waiting: the counters that serve it
    expect(phone.get_by_text("Turn on the call sound")).to_be_visible()
    take_counter(live_server, 2)  # staff work at the counter they hold
    api(live_server, "POST", "/counters/2/call-next", "staff")
    expect(phone.locator("#track-status")).to_have_text("It is your turn!")
    expect(phone.get_by_text("People ahead of you")).to_be_hidden()
    expect(phone.get_by_text("Estimated wait")).to_be_hidden()
    api(live_server, "POST", "/counters/2/done", "staff")
    expect(phone.locator("#track-status")).to_have_text("Service finished")
    expect(phone.locator("#track-counters-label")).to_have_text("Served at")
    expect(phone.locator("#track-counters")).to_have_text("Quầy 2 – Hộ tịch (Tầng 1, bên trái)")  # the one that served
    expect(phone.get_by_text("People ahead of you")).to_be_hidden()
    expect(phone.get_by_text("Estimated wait")).to_be_hidden()
    expect(phone.get_by_role("button", name="Turn on the call sound")).to_be_hidden()
    expect(phone.get_by_role("heading", name="Were you satisfied with the service?")).to_be_visible()
    assert_accessible(phone)


def test_the_page_says_which_phones_can_be_alerted(live_server, new_page):
    mine = issue(live_server, "vi")
    phone = new_page(390, 844)
    phone.goto(f"{live_server.url}/t/{mine['track_token']}")
    hint = phone.locator("#track-hint")
    expect(hint).to_contain_text("iPhone không rung")
    expect(hint).to_contain_text("khóa màn hình")
    expect(hint).not_to_contain_text("ra ngoài một lát")  # no promise it cannot keep
    phone.get_by_role("button", name="English").click()
    expect(hint).to_contain_text("iPhones do not vibrate")
    expect(hint).to_contain_text("a locked phone cannot be told")
