"""The kiosk as a visitor meets it, in real Chromium at 1080×1920 and 1920×1080: "anh/chị" and not "bạn",
what the priority proof is for, a residence procedure that says where to go in full words and that VNeID does
it online, "Lấy số" on screen in large text, "are you still there?" before the reset to the start, and an
English visit ending with English paper (the print job read as the printer prints it). axe on each screen."""

import re

import requests
from playwright.sync_api import expect

from live_server import take_counter

from printer.layout import printed_text
from printer.profiles import PROFILES
from printer.ticket import TicketJob


def open_kiosk(page, server):
    page.goto(f"{server.url}/kiosk#token={server.tokens['kiosk']}")
    expect(page.get_by_role("heading", name="Hoặc chọn lĩnh vực")).to_be_visible()


def in_viewport(locator):
    return locator.evaluate("(n) => { const r = n.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")


def test_the_kiosk_says_anh_chi_and_what_the_priority_proof_is_for(live_server, new_page, assert_accessible):
    kiosk = new_page(1080, 1920)
    open_kiosk(kiosk, live_server)
    vietnamese = kiosk.evaluate("""() => Object.values(KioskText.vi)
        .map((v) => typeof v === 'function' ? String(v(3, 5)) : JSON.stringify(v)).join(' ')""")
    assert not re.search(r"\b[Bb]ạn\b", vietnamese)
    kiosk.get_by_role("button", name=re.compile("Hộ tịch")).click()
    kiosk.get_by_role("button", name="Đăng ký khai sinh", exact=True).click()
    question = kiosk.get_by_role("group", name="Anh/chị có thuộc diện ưu tiên không?")
    expect(question).to_contain_text("giấy tờ chứng minh")
    expect(question).to_contain_text("kiểm tra giấy tờ đó tại quầy")
    kiosk.get_by_role("button", name="English").click()
    expect(kiosk.get_by_role("group", name="Do you have priority?")).to_contain_text("please bring proof")
    assert_accessible(kiosk)


def test_large_text_keeps_take_a_ticket_on_the_screen(live_server, new_page):
    kiosk = new_page(1080, 1920)
    open_kiosk(kiosk, live_server)
    kiosk.get_by_role("button", name="A+ Chữ to").click()
    kiosk.get_by_role("button", name=re.compile("Hộ tịch")).click()
    kiosk.get_by_role("button", name="Đăng ký khai sinh", exact=True).click()
    kiosk.get_by_role("button", name="Người khuyết tật").click()
    expect(kiosk.get_by_role("button", name="Người khuyết tật")).to_have_attribute("aria-pressed", "true")
    assert in_viewport(kiosk.get_by_role("button", name="Lấy số", exact=True))


def test_a_residence_procedure_says_where_to_go_in_words_and_that_vneid_does_it(live_server, new_page,
                                                                               assert_accessible):
    kiosk = new_page(1080, 1920)
    open_kiosk(kiosk, live_server)
    kiosk.get_by_role("button", name=re.compile("Cư trú, Căn cước")).click()
    kiosk.get_by_role("button", name=re.compile("^Cấp, đổi, cấp lại thẻ căn cước")).click()
    details = kiosk.locator("#procedure-details")
    expect(details).to_contain_text("Công an xã/phường nơi anh/chị cư trú")
    expect(details).to_contain_text("Phòng Cảnh sát quản lý hành chính về trật tự xã hội")
    expect(details).to_contain_text("ứng dụng VNeID")
    expect(details).not_to_contain_text("QLHC")
    expect(kiosk.get_by_role("button", name="Lấy số", exact=True)).to_be_hidden()
    assert_accessible(kiosk)
    kiosk.get_by_role("button", name="English").click()
    expect(details).to_contain_text("the VNeID app on your phone")


def test_an_idle_kiosk_asks_before_it_returns_to_the_start(live_server, new_page, assert_accessible):
    kiosk = new_page(1920, 1080)
    kiosk.clock.install()  # the demo's settings: asks after 45 s, back to the start after 60 s
    open_kiosk(kiosk, live_server)
    kiosk.get_by_role("button", name="English").click()
    kiosk.get_by_role("button", name=re.compile("Civil status")).click()
    expect(kiosk.get_by_role("heading", name="Civil status registration")).to_be_visible()
    kiosk.clock.run_for(44_000)
    expect(kiosk.get_by_role("dialog")).to_be_hidden()
    kiosk.clock.run_for(3_000)
    dialog = kiosk.get_by_role("dialog", name="Are you still there?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("returns to the start in")
    assert_accessible(kiosk)
    dialog.get_by_role("button", name="I'm still here").click()
    expect(dialog).to_be_hidden()
    kiosk.clock.run_for(30_000)  # a fresh minute from the answer: still where the visitor was
    expect(kiosk.get_by_role("heading", name="Civil status registration")).to_be_visible()
    kiosk.clock.run_for(32_000)  # nobody answers this time: back to the start, in Vietnamese, for the next one
    expect(kiosk.get_by_role("heading", name="Hoặc chọn lĩnh vực")).to_be_visible()
    expect(kiosk.locator("html")).to_have_attribute("lang", "vi")
    expect(kiosk.get_by_role("dialog")).to_be_hidden()


def test_an_english_visit_ends_with_english_paper(live_server, new_page, assert_accessible):
    take_counter(live_server, 1)  # someone is at counter 1: the only counter named, and not "closed for now"
    kiosk = new_page(1920, 1080)
    open_kiosk(kiosk, live_server)
    kiosk.get_by_role("button", name="English").click()
    kiosk.get_by_role("button", name=re.compile("Civil status")).click()
    kiosk.get_by_role("button", name="Birth registration", exact=True).click()
    details = kiosk.locator("#procedure-details")  # documents, fee and processing time in English too
    expect(details).to_contain_text("Birth registration form (standard form)")
    expect(details).to_contain_text("Fee: Free if registered on time")
    expect(details).to_contain_text("Processing time: At once when the papers are complete")
    expect(details).not_to_contain_text("Tờ khai")
    expect(details).to_contain_text("Submit at: Counter 1 – Civil status (Ground floor, left)")
    kiosk.get_by_role("button", name="Carrying a small child").click()
    kiosk.get_by_role("button", name="Take a ticket").click()
    expect(kiosk.locator("#ticket-number")).to_have_text("A-001")
    expect(kiosk.locator("#ticket-priority")).to_have_text("Priority: Carrying a small child")
    expect(kiosk.locator("#ticket-counters")).to_have_text("Counters serving it: Counter 1 – Civil status (Ground floor, left)")
    assert_accessible(kiosk)
    jobs = requests.get(live_server.url + "/api/v1/print-jobs", timeout=10,
                        headers={"Authorization": f"Bearer {live_server.tokens['kiosk']}"}).json()["jobs"]
    paper = printed_text(TicketJob.from_payload(jobs[0]), PROFILES["80mm"])
    assert "QUEUE TICKET" in paper and "A-001" in paper
    assert "Priority: Carrying a small child" in paper
    assert "Procedure: Birth registration" in paper and "Field: Civil status registration" in paper
    assert "Please keep this ticket and wait for your number. Thank you!" in paper
    assert "Counter: Counter 1 – Civil status (Ground floor, left)" in paper
    assert not [line for line in paper if "closed for now" in line or line.startswith("Counter: Counter 2")]


def test_the_start_screen_uses_the_space_and_offers_the_most_asked_procedures(live_server, new_page,
                                                                             assert_accessible):
    for _ in range(3):  # this morning's favourite
        requests.post(live_server.url + "/api/v1/tickets", json={"procedure_id": "ket_hon"}, timeout=10,
                      headers={"Authorization": f"Bearer {live_server.tokens['kiosk']}"}).raise_for_status()
    kiosk = new_page(1080, 1920)
    open_kiosk(kiosk, live_server)
    popular = kiosk.get_by_role("group", name="Thủ tục nhiều người làm hôm nay")
    expect(popular.get_by_role("button")).to_have_count(6)
    expect(popular.get_by_role("button").first).to_contain_text("Đăng ký kết hôn")
    sizes = kiosk.evaluate("""() => { const tiles = [...document.querySelectorAll('#field-tiles .tile')];
        return {height: Math.min(...tiles.map((t) => t.getBoundingClientRect().height)),
                font: parseFloat(getComputedStyle(tiles[0]).fontSize),
                bottom: Math.max(...tiles.map((t) => t.getBoundingClientRect().bottom)) / innerHeight}; }""")
    assert sizes["height"] >= 140 and sizes["font"] >= 30, sizes  # were 96 px with 25.6 px text
    assert sizes["bottom"] >= 0.7, sizes  # the bottom 55 % is no longer empty
    assert_accessible(kiosk)
    popular.get_by_role("button").first.click()  # one tap to the details
    expect(kiosk.get_by_role("heading", name="Đăng ký kết hôn")).to_be_visible()


def test_a_long_list_in_landscape_shows_two_columns_and_says_there_is_more(live_server, new_page):
    kiosk = new_page(1920, 1080)
    open_kiosk(kiosk, live_server)
    kiosk.locator("#field-tiles").get_by_role("button", name=re.compile("Hộ tịch")).click()
    tiles = kiosk.locator("#procedure-tiles .tile")
    expect(tiles).to_have_count(15)
    columns = kiosk.evaluate("() => new Set([...document.querySelectorAll('#procedure-tiles .tile')]"
                             ".map((t) => Math.round(t.getBoundingClientRect().left))).size")
    assert columns == 2
    hint = kiosk.locator("#scroll-hint")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("kéo xuống để xem thêm")
    kiosk.mouse.wheel(0, 5000)
    expect(hint).to_be_hidden()  # at the bottom: nothing more below
