"""The counters and catalogue pages at 1366×768: an overview table and a search box first, each long form
folded away, labels in words (no internal ids), and the everyday names (synonyms) editable. axe on each."""

import re

import requests
from playwright.sync_api import expect

from test_admin_pages import sign_in_admin

INTERNAL_ID = re.compile(r"\b[a-z]+_[a-z_]+\b")  # ho_tich, chung_thuc_ban_sao...


def page_height(page):
    return page.evaluate("document.documentElement.scrollHeight")


def visible_button_texts(page):
    return page.evaluate("[...document.querySelectorAll('button, summary')].filter((b) => b.offsetParent !== null)"
                         ".map((b) => b.textContent.trim())")


def test_counters_have_an_overview_and_a_search(live_server, new_page, assert_accessible):
    page = new_page(1366, 768)
    sign_in_admin(page, live_server)
    page.goto(live_server.url + "/admin/counters")
    expect(page.locator("#counter-overview tbody tr")).to_have_count(8)
    assert page_height(page) < 2600  # was 4,152 px of forms
    page.get_by_label(re.compile("^Tìm quầy")).fill("chung thuc")  # without diacritics
    expect(page.locator("article[data-filter-item]:visible")).to_have_count(3)  # counters 3, 4 and 8
    expect(page.locator("#counter-3")).to_be_visible()
    expect(page.locator("#counter-1")).to_be_hidden()
    assert not [t for t in visible_button_texts(page) if INTERNAL_ID.search(t)]
    assert_accessible(page)


def test_the_catalogue_has_an_overview_a_search_and_no_ids_in_labels(live_server, new_page, assert_accessible):
    page = new_page(1366, 768)
    sign_in_admin(page, live_server)
    page.goto(live_server.url + "/admin/catalogue")
    expect(page.locator("#field-overview tbody tr")).to_have_count(10)
    assert page_height(page) < 2600  # was 4,124 px
    page.get_by_label(re.compile("^Tìm lĩnh vực hoặc thủ tục")).fill("giay doc than")  # an everyday name
    expect(page.locator("article[data-filter-item]:visible")).to_have_count(1)
    expect(page.locator("#field-ho_tich")).to_be_visible()
    page.get_by_label(re.compile("^Tìm lĩnh vực hoặc thủ tục")).fill("")
    page.locator("#field-ho_tich summary").first.click()
    expect(page.get_by_role("button", name="Lưu lĩnh vực Hộ tịch / Save field Civil status registration")).to_be_visible()
    assert not [t for t in visible_button_texts(page) if INTERNAL_ID.search(t)]
    assert_accessible(page)


def test_everyday_names_are_edited_on_the_procedure_page(live_server, new_page, assert_accessible):
    page = new_page(1366, 768)
    sign_in_admin(page, live_server)
    page.goto(live_server.url + "/admin/procedures/khai_sinh")
    names = page.get_by_label(re.compile("^Tên thường gọi"))
    expect(names).to_have_value(re.compile("làm giấy khai sinh"))
    assert_accessible(page)
    names.fill(names.input_value() + "\nđăng ký cho em bé mới sinh")
    page.get_by_role("button", name="Lưu thủ tục / Save procedure").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu thủ tục “Đăng ký khai sinh”")
    catalogue = requests.get(live_server.url + "/api/v1/catalogue", timeout=10).json()
    birth = next(p for p in catalogue["procedures"] if p["id"] == "khai_sinh")
    assert "đăng ký cho em bé mới sinh" in birth["synonyms"] and "làm giấy khai sinh" in birth["synonyms"]
