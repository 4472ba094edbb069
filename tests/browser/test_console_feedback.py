"""The counter console at 1366×768 tells staff what happened in words, next to what they did: statuses as
sentences (never "done" or "no_show"), a refusal red and a success green beside the form that caused it,
buttons that cannot apply greyed out, alerts raised before the console opened shown at once, and Enter in
the transfer dialog transferring even from a list. axe-core with the feedback shown."""

import re

import requests
from playwright.sync_api import expect

from live_server import cli
from test_console_page import issue, sign_in, staff

def console(new_page, server):
    staff(server, "canbo1")
    page = new_page(1366, 768)
    sign_in(page, server, "canbo1")
    return page


def in_viewport(page, selector):
    return page.evaluate("""(s) => { const r = document.querySelector(s).getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }""", selector)


def colour(page, selector):
    return page.evaluate("(s) => getComputedStyle(document.querySelector(s)).color", selector)


def test_statuses_are_said_in_words_in_both_languages(live_server, new_page):
    issue(live_server), issue(live_server)
    page = console(new_page, live_server)
    feedback = page.locator("#counter-message")
    page.keyboard.press("n")
    expect(feedback).to_have_text("A-001: đã gọi")
    page.keyboard.press("d")
    expect(feedback).to_have_text("A-001: đã phục vụ xong")
    page.keyboard.press("n")
    expect(feedback).to_have_text("A-002: đã gọi")  # as a person would: see who is called, then mark them
    page.keyboard.press("v")
    expect(feedback).to_have_text("A-002: vắng mặt khi gọi")

    page.get_by_role("link", name="English").click()
    expect(page.locator("#counter-state")).to_have_text("Open")
    page.locator("#call-number").fill("A-002")
    page.keyboard.press("Enter")
    expect(page.locator("#counter-message")).to_have_text("A-002: called")
    page.keyboard.press("d")
    expect(page.locator("#counter-message")).to_have_text("A-002: served, finished")


def test_feedback_shows_beside_the_action_coloured_and_announced(live_server, new_page, assert_accessible):
    issue(live_server)
    page = console(new_page, live_server)
    page.keyboard.press("n")
    expect(page.locator("#counter-message")).to_have_text("A-001: đã gọi")
    expect(page.locator("#counter-message")).to_have_class(re.compile(r"\bok\b"))
    success = colour(page, "#counter-message")
    # The reprint form is far down at 1366×768: its answer is beside it, not in a line scrolled away.
    page.locator("#reprint-number").scroll_into_view_if_needed()
    page.locator("#reprint-number").fill("Z-999")
    page.get_by_role("button", name="In lại", exact=True).click()
    expect(page.locator("#reprint-message")).to_have_text("Không tìm thấy số này hôm nay")
    expect(page.locator("#reprint-message")).to_have_class(re.compile(r"\berror\b"))
    assert in_viewport(page, "#reprint-message")
    assert colour(page, "#reprint-message") != success  # a refusal does not look like a success
    for slot in ("#counter-message", "#reprint-message", "#dossier-message", "#claim-message"):
        expect(page.locator(slot)).to_have_attribute("role", "status")  # read out by screen readers
    page.keyboard.press("p")  # on break: a refused call says why, beside the buttons
    page.keyboard.press("n")
    expect(page.locator("#counter-message")).to_contain_text("Quầy đang đóng hoặc tạm nghỉ")
    expect(page.locator("#counter-message")).to_have_class(re.compile(r"\berror\b"))
    assert in_viewport(page, "#counter-message")
    assert_accessible(page)


def test_buttons_that_cannot_apply_are_greyed_out(live_server, new_page):
    issue(live_server)
    page = console(new_page, live_server)
    button = lambda name: page.get_by_role("button", name=name)  # noqa: E731
    for name in ("Gọi lại (R)", "Bắt đầu (S)", "Xong (D)", "Vắng mặt (V)", "Chuyển (T)", "Tạm giữ (H)",
                 "Tiếp tục (U)", "Mở quầy (O)"):
        expect(button(name)).to_be_disabled()  # nobody at the desk, the counter already open
    expect(button("Gọi số tiếp (N)")).to_be_enabled()
    button("Gọi số tiếp (N)").click()
    expect(page.locator("#current-number")).to_have_text("A-001")
    for name in ("Gọi lại (R)", "Bắt đầu (S)", "Xong (D)", "Vắng mặt (V)", "Chuyển (T)", "Tạm giữ (H)"):
        expect(button(name)).to_be_enabled()
    button("Bắt đầu (S)").click()
    expect(page.locator("#current-status")).to_have_text("Đang phục vụ")
    for name in ("Gọi lại (R)", "Bắt đầu (S)", "Vắng mặt (V)", "Tiếp tục (U)"):
        expect(button(name)).to_be_disabled()
    button("Tạm giữ (H)").click()
    expect(button("Tiếp tục (U)")).to_be_enabled()  # someone on hold and the desk free
    button("Tạm nghỉ (P)").click()
    expect(button("Gọi số tiếp (N)")).to_be_disabled()
    expect(button("Mở quầy (O)")).to_be_enabled()


def test_alerts_raised_before_the_console_opened_show_at_once(live_server, new_page):
    robot = cli(live_server.env, "token", "create", "--role", "kiosk", "--name", "robot-1").strip().splitlines()[-1]
    raised = requests.post(live_server.url + "/api/v1/help-requests", json={"reason": "gặp cán bộ"}, timeout=10,
                           headers={"Authorization": f"Bearer {robot}"})
    assert raised.status_code == 201, raised.text
    page = console(new_page, live_server)
    # Before, the list was first loaded by the 30-second refresh: the default 10 s wait fails there.
    expect(page.locator("#help-list li")).to_have_count(1)
    expect(page.locator("#help-list")).to_contain_text("Robot lễ tân")


def test_enter_in_the_transfer_dialog_transfers_even_from_a_list(live_server, new_page):
    issue(live_server)
    page = console(new_page, live_server)
    page.keyboard.press("n")
    expect(page.locator("#current-number")).to_have_text("A-001")
    page.keyboard.press("t")
    expect(page.locator("#transfer-field")).to_be_focused()
    page.keyboard.type("B")
    expect(page.locator("#transfer-field")).to_have_value("chung_thuc")
    page.keyboard.press("Enter")  # on the field list: transfer, not open the list
    expect(page.locator("#transfer-dialog")).to_be_hidden()
    expect(page.locator("#counter-message")).to_have_text("Đã chuyển A-001")
    waiting = requests.get(live_server.url + "/api/v1/queue", timeout=10).json()["waiting"]
    assert [(t["number"], t["field_id"]) for t in waiting] == [("A-001", "chung_thuc")]


def test_keys_pressed_quickly_are_carried_out_in_the_order_pressed(live_server, new_page):
    issue(live_server)
    page = console(new_page, live_server)
    expect(page.locator("#counter-state")).to_have_text("Đang mở")
    # A slow network holds the break back; sent at once, the call would overtake it and call A-001 to a
    # counter going on break.
    page.evaluate("""() => { const send = window.fetch;
        window.fetch = (url, options) => String(url).endsWith("/close")
            ? new Promise((wait) => setTimeout(wait, 700)).then(() => send(url, options)) : send(url, options); }""")
    page.keyboard.press("p")
    page.keyboard.press("n")
    expect(page.locator("#counter-message")).to_contain_text("Quầy đang đóng hoặc tạm nghỉ")
    waiting = requests.get(live_server.url + "/api/v1/queue", timeout=10).json()["waiting"]
    assert [t["number"] for t in waiting] == ["A-001"]  # still waiting, nobody called to a closed desk
