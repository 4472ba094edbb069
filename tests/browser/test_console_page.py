"""The counter console in real Chromium: a whole morning's moves with the keyboard alone (sign-in included),
two browsers on one counter, English and Vietnamese, the dossier code, the signal of a new visitor, break and
close as the wall display shows them, printer alerts and reprint; axe-core on the console."""

import re

import requests
from playwright.sync_api import expect

from live_server import cli, sign_in_form, take_counter


def issue(server, procedure="khai_sinh"):
    response = requests.post(server.url + "/api/v1/tickets", json={"procedure_id": procedure},
                             headers={"Authorization": f"Bearer {server.tokens['kiosk']}"}, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()["ticket"]


def sign_in(page, server, username, password="mat-khau-dai"):
    """Types the sign-in form and presses Enter: no mouse (the username box has the focus)."""
    page.goto(server.url + "/counter")
    expect(page).to_have_url(re.compile("/login"))
    expect(page.get_by_label("Tên đăng nhập / Username")).to_be_focused()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    # The console takes the counter by itself (a busy machine may need a few seconds).
    expect(page.locator("#counter-state")).to_have_text(re.compile("Đang mở|Open|Held|phụ trách|Tạm nghỉ|On break"),
                                                        timeout=15000)


def staff(server, *usernames):
    for username in usernames:
        cli(server.env, "staff", "create", "--username", username, "--password", "mat-khau-dai", "--name", username)


def events_of(server, ticket_id):
    response = requests.get(f"{server.url}/api/v1/tickets/{ticket_id}",
                            headers={"Authorization": f"Bearer {server.tokens['admin']}"}, timeout=10)
    return [e["kind"] for e in response.json()["ticket"]["events"]]


def test_a_staff_member_works_with_the_keyboard_only(live_server, new_page, assert_accessible):
    cli(live_server.env, "staff", "create", "--username", "canbo1", "--password", "mat-khau-dai",
        "--name", "Nguyễn Văn An")
    first, second, third = issue(live_server), issue(live_server), issue(live_server)
    page = new_page()
    sign_in(page, live_server, "canbo1")
    expect(page.locator("#counter-state")).to_have_text("Đang mở")
    expect(page.locator("#waiting-list li")).to_have_count(3)
    expect(page.locator("#visitor-signal")).to_be_visible()  # visitors wait for an idle counter
    assert_accessible(page)

    page.keyboard.press("n")  # call next
    expect(page.locator("#current-number")).to_have_text(first["number"])
    expect(page.locator("#current-procedure")).to_contain_text("Đăng ký khai sinh")
    expect(page.locator("#current-waited")).to_contain_text("phút")
    expect(page.locator("#visitor-signal")).to_be_hidden()

    page.keyboard.press("t")  # transfer: field by typing its prefix, a reason, Enter
    expect(page.locator("#transfer-dialog")).to_be_visible()
    expect(page.locator("#transfer-field")).to_be_focused()
    page.keyboard.type("B")
    expect(page.locator("#transfer-field")).to_have_value("chung_thuc")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#transfer-reason")).to_be_focused()
    page.keyboard.type("Cần chứng thực trước")
    assert_accessible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#transfer-dialog")).to_be_hidden()
    expect(page.locator("#current-number")).to_have_text("—")
    expect(page.locator("#waiting-list li")).to_have_count(2)

    page.keyboard.press("n")
    expect(page.locator("#current-number")).to_have_text(second["number"])
    page.keyboard.press("v")  # no-show
    expect(page.locator("#current-number")).to_have_text("—")

    page.keyboard.press("n")
    expect(page.locator("#current-number")).to_have_text(third["number"])
    page.keyboard.press("s")  # start
    expect(page.locator("#current-status")).to_have_text("Đang phục vụ")
    page.keyboard.press("h")  # hold, then resume
    expect(page.locator("#held-list li")).to_have_count(1)
    page.keyboard.press("u")
    expect(page.locator("#current-number")).to_have_text(third["number"])
    page.keyboard.press("d")  # done
    expect(page.locator("#current-number")).to_have_text("—")

    page.keyboard.press("g")  # call a number: the visitor who missed their call came back
    expect(page.locator("#call-number")).to_be_focused()
    page.keyboard.type(second["number"])
    page.keyboard.press("Enter")
    expect(page.locator("#current-number")).to_have_text(second["number"])
    page.keyboard.press("d")
    expect(page.locator("#current-number")).to_have_text("—")

    page.keyboard.press("p")  # break: the counter stops calling
    expect(page.locator("#counter-state")).to_have_text("Tạm nghỉ")
    page.keyboard.press("n")
    expect(page.locator("#counter-message")).to_contain_text("Quầy đang đóng hoặc tạm nghỉ")
    page.keyboard.press("o")
    expect(page.locator("#counter-state")).to_have_text("Đang mở")

    assert events_of(live_server, first["id"]) == ["issued", "called", "transferred"]
    assert events_of(live_server, second["id"]) == ["issued", "called", "marked_no_show", "called", "completed"]
    assert events_of(live_server, third["id"]) == ["issued", "called", "started", "held", "resumed", "completed"]
    waiting = requests.get(live_server.url + "/api/v1/queue", timeout=10).json()["waiting"]
    assert [(t["number"], t["field_id"]) for t in waiting] == [(first["number"], "chung_thuc")]


def test_two_browsers_on_the_same_counter(live_server, new_page, assert_accessible):
    staff(live_server, "canbo1", "canbo2")
    issue(live_server)
    first = new_page()
    sign_in(first, live_server, "canbo1")
    expect(first.locator("#counter-state")).to_have_text("Đang mở")

    second = new_page()
    sign_in(second, live_server, "canbo2")
    expect(second.locator("#claim-message")).to_contain_text("canbo1")
    takeover = second.get_by_role("button", name="Tiếp quản quầy")
    expect(takeover).to_be_visible()
    assert_accessible(second)
    second.keyboard.press("n")  # not theirs yet: refused, nothing called
    expect(second.locator("#counter-message")).to_contain_text("Hãy nhận quầy trước")
    takeover.click()
    expect(second.locator("#counter-state")).to_have_text("Đang mở")
    expect(first.locator("#claim-message")).to_contain_text("đã được người khác tiếp quản")

    first.keyboard.press("n")  # the first browser is refused with the holder's name
    expect(first.locator("#counter-message")).to_contain_text("canbo2")
    second.keyboard.press("n")
    expect(second.locator("#current-number")).to_have_text("A-001")
    expect(first.locator("#current-number")).to_have_text("—")


def test_printer_alert_reaches_the_console_and_a_ticket_is_reprinted(live_server, new_page):
    staff(live_server, "canbo1")
    ticket = issue(live_server)
    page = new_page()
    sign_in(page, live_server, "canbo1")
    expect(page.locator("#printer-alerts")).to_contain_text("Bình thường")
    requests.post(live_server.url + "/api/v1/devices/me/status", json={"printer_status": "paper_out", "detail": ""},
                  headers={"Authorization": f"Bearer {live_server.tokens['kiosk']}"}, timeout=10)
    expect(page.locator("#printer-alerts")).to_contain_text("kiosk-1: Hết giấy")
    page.get_by_label("Số", exact=True).fill(ticket["number"])
    page.get_by_role("button", name="In lại", exact=True).click()
    expect(page.locator("#reprint-message")).to_contain_text("Đang in lại " + ticket["number"])
    jobs = requests.get(live_server.url + "/api/v1/print-jobs",
                        headers={"Authorization": f"Bearer {live_server.tokens['kiosk']}"}, timeout=10).json()["jobs"]
    assert [j["kind"] for j in jobs] == ["ticket", "reprint"]
    requests.post(live_server.url + "/api/v1/devices/me/status", json={"printer_status": "online", "detail": ""},
                  headers={"Authorization": f"Bearer {live_server.tokens['kiosk']}"}, timeout=10)
    expect(page.locator("#printer-alerts")).to_have_text("Bình thường")  # paper put back: the alert goes


def test_an_ended_session_is_said_in_the_consoles_language_and_leads_to_sign_in(live_server, new_page):
    staff(live_server, "canbo1")
    issue(live_server)
    page = new_page()
    sign_in(page, live_server, "canbo1")
    # Let the console's first loads answer: an answer still in flight would set the session cookie again.
    expect(page.locator("#waiting-list li")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()  # the session ended (idle too long, signed out elsewhere)
    page.keyboard.press("n")
    expect(page.locator("#counter-message")).to_have_text("Phiên đăng nhập đã hết; đang chuyển đến trang đăng nhập…")
    expect(page).to_have_url(re.compile(r"/login\?next=/counter"))
    sign_in_form(page, "canbo1")
    expect(page).to_have_url(re.compile(r"/counter$"))  # back at the console
    expect(page.locator("#counter-state")).to_be_visible()


def test_the_console_in_english_and_back_in_vietnamese(live_server, new_page, assert_accessible):
    staff(live_server, "canbo1")
    ticket = issue(live_server)
    page = new_page(locale="en-GB")
    sign_in(page, live_server, "canbo1")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#counter-state")).to_have_text("Open")
    expect(page.get_by_role("button", name="Call next (N)")).to_be_visible()
    expect(page.get_by_role("heading", name="Now serving")).to_be_visible()
    expect(page.get_by_text("Gọi số tiếp")).to_have_count(0)  # no Vietnamese left on the buttons
    expect(page.locator("#waiting-list li")).to_have_count(1)
    expect(page.locator("#waiting-list li")).to_contain_text("Birth registration")
    expect(page.locator("#visitor-signal")).to_have_text("A visitor is waiting for your counter")
    assert_accessible(page)
    page.keyboard.press("n")
    expect(page.locator("#current-number")).to_have_text(ticket["number"])
    expect(page.locator("#current-procedure")).to_have_text("Birth registration")
    expect(page.locator("#current-status")).to_have_text("Called")
    expect(page.locator("#current-waited")).to_contain_text("min")
    page.keyboard.press("u")  # nothing on hold: the refusal is in English too
    expect(page.locator("#counter-message")).to_have_text("Another visitor is at the desk; finish or hold them first")
    page.keyboard.press("p")
    expect(page.locator("#counter-state")).to_have_text("On break")
    assert_accessible(page)

    # The choice stays with this browser: after a reload and a new sign-in it is still English.
    page.reload()
    expect(page.get_by_role("button", name="Done (D)")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile("/login"))  # signed out before the next visit, not cut short by it
    sign_in(page, live_server, "canbo1")
    expect(page.locator("#counter-state")).to_have_text("On break")
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page.locator("#counter-state")).to_have_text("Tạm nghỉ")
    expect(page.get_by_role("button", name="Gọi số tiếp (N)")).to_be_visible()


def test_a_dossier_code_is_noted_for_the_visitor_at_the_desk_or_just_served(live_server, new_page):
    staff(live_server, "canbo1")
    first, second = issue(live_server), issue(live_server)
    page = new_page()
    sign_in(page, live_server, "canbo1")
    page.keyboard.press("n")
    expect(page.locator("#current-number")).to_have_text(first["number"])
    page.keyboard.press("m")  # M: the dossier code box, for the ticket at the desk
    expect(page.locator("#dossier-code")).to_be_focused()
    expect(page.locator("#dossier-ticket")).to_have_text(f"({first['number']})")
    page.keyboard.type("000.00.12.H26-260101-0001")
    page.keyboard.press("Enter")
    expect(page.locator("#dossier-message")).to_have_text(
        f"Đã lưu mã hồ sơ 000.00.12.H26-260101-0001 cho số {first['number']}")
    expect(page.locator("#current-dossier")).to_have_text("000.00.12.H26-260101-0001")
    page.keyboard.press("d")
    expect(page.locator("#current-number")).to_have_text("—")
    # Done already: the code can still be given to the visitor who has just left the desk.
    page.keyboard.press("n")
    expect(page.locator("#current-number")).to_have_text(second["number"])
    page.keyboard.press("d")
    expect(page.locator("#dossier-ticket")).to_have_text(f"({second['number']})")
    page.keyboard.press("m")
    page.keyboard.type("H26-0002")
    page.keyboard.press("Enter")
    expect(page.locator("#dossier-message")).to_contain_text(f"H26-0002 cho số {second['number']}")
    # The visitors rate from their phones: each rating carries the dossier code the staff entered.
    for ticket, code in ((first, "000.00.12.H26-260101-0001"), (second, "H26-0002")):
        token = ticket["track_url"].rstrip("/").rsplit("/", 1)[-1]
        rated = requests.post(f"{live_server.url}/api/v1/track/{token}/rating", json={"score": 3}, timeout=10)
        assert rated.status_code == 201, rated.text
        assert rated.json()["rating"]["dossier_code"] == code
    page.keyboard.press("m")
    page.keyboard.type("x" * 64 + "y")  # the box takes 64 characters at most
    expect(page.locator("#dossier-code")).to_have_value("x" * 64)


def test_a_new_visitor_for_an_idle_counter_is_signalled_with_a_banner_and_one_tone(live_server, new_page):
    staff(live_server, "canbo1")
    page = new_page()
    # Count the tones the page plays (Chromium has no speakers here).
    page.add_init_script("""
      window.tonesPlayed = 0;
      const Original = window.AudioContext;
      window.AudioContext = class extends Original {
        createOscillator() { const o = super.createOscillator(); const start = o.start.bind(o);
          o.start = (...a) => { window.tonesPlayed += 1; return start(...a); }; return o; }
      };""")
    sign_in(page, live_server, "canbo1")
    expect(page.locator("#waiting-list li")).to_have_count(0)
    expect(page.locator("#visitor-signal")).to_be_hidden()
    issue(live_server)  # someone takes a ticket at the kiosk while the counter is idle
    expect(page.locator("#visitor-signal")).to_be_visible()
    expect(page.locator("#visitor-signal")).to_have_text("Có công dân đang chờ quầy của bạn")
    page.wait_for_function("window.tonesPlayed === 1")
    issue(live_server)  # a second one: the banner stays, no second tone
    expect(page.locator("#waiting-list li")).to_have_count(2)
    assert page.evaluate("window.tonesPlayed") == 1
    page.keyboard.press("n")
    expect(page.locator("#visitor-signal")).to_be_hidden()  # busy: no banner
    issue(live_server)
    expect(page.locator("#waiting-list li")).to_have_count(2)
    expect(page.locator("#visitor-signal")).to_be_hidden()
    page.keyboard.press("d")
    expect(page.locator("#visitor-signal")).to_be_visible()  # idle again with people waiting
    page.keyboard.press("p")
    expect(page.locator("#visitor-signal")).to_be_hidden()  # on break: nobody is signalled


def test_break_and_close_show_on_the_wall_display(live_server, new_page, assert_accessible):
    staff(live_server, "canbo1")
    display = new_page(1920, 1080)
    display.goto(live_server.url + "/display/hall?sound=off")
    row = display.locator("#counter-rows tr[data-counter='1'] td.number")
    expect(row).to_have_text("Tạm đóng")  # open, but nobody is at it yet
    page = new_page()
    sign_in(page, live_server, "canbo1")
    expect(row).to_have_text("—")  # staffed, waiting for a visitor
    page.keyboard.press("p")
    expect(page.locator("#counter-state")).to_have_text("Tạm nghỉ")
    expect(row).to_have_text("Tạm nghỉ")
    page.keyboard.press("o")
    expect(row).to_have_text("—")
    page.get_by_role("button", name="Đóng quầy").click()
    expect(page.locator("#counter-state")).to_have_text("Đóng")
    expect(row).to_have_text("Đóng cửa")
    display.reload()  # a display started while the counter is closed says so too
    expect(row).to_have_text("Đóng cửa")
    above = new_page(800, 480)
    above.goto(live_server.url + "/display/counter/1")
    expect(above.locator("#counter-state")).to_have_text("Đóng cửa / Closed")
    page.keyboard.press("p")
    expect(above.locator("#counter-state")).to_have_text("Tạm nghỉ / On break")
    expect(row).to_have_text("Tạm nghỉ")
    page.get_by_role("button", name="Đóng quầy").click()
    page.keyboard.press("n")
    expect(page.locator("#counter-message")).to_contain_text("Quầy đang đóng")
    assert_accessible(display)


def test_a_colleague_sending_a_visitor_to_this_counter_is_told_with_the_reason(live_server, new_page):
    staff(live_server, "canbo1")
    ticket = issue(live_server)
    page = new_page()
    sign_in(page, live_server, "canbo1")  # holds counter 1
    expect(page.locator("body")).to_have_attribute("data-counter-room", "1")  # in its counter's room
    colleague = take_counter(live_server, 2)  # a script at counter 2
    assert requests.post(live_server.url + "/api/v1/counters/2/call-next", json={}, headers=colleague,
                         timeout=10).json()["ticket"]["number"] == ticket["number"]
    requests.post(live_server.url + "/api/v1/counters/2/transfer", timeout=10, headers=colleague,
                  json={"counter_number": 1, "reason": "Cần ký trước mặt <b>cán bộ</b>"}).raise_for_status()
    expect(page.locator("#counter-message")).to_have_text(
        f"Quầy 2 chuyển số {ticket['number']} sang quầy này: Cần ký trước mặt <b>cán bộ</b>")  # as text
    expect(page.locator("#waiting-list li")).to_have_count(1)
