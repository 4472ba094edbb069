"""The counters and catalogue pages at 1366×768: an overview table and a search box first, each long form
folded away, labels in words (no internal ids), and the everyday names (synonyms) editable. axe on each."""

import re

import requests
from playwright.sync_api import expect

from test_admin_pages import sign_in_admin

INTERNAL_ID = re.compile(r"\b[a-z]+_[a-z_]+\b")  # ho_tich, chung_thuc_ban_sao...


def admin_page(new_page, server, path):
    page = new_page(1366, 768)
    sign_in_admin(page, server)
    page.goto(server.url + path)
    return page


def overview_and_search(page, rows, rows_selector, search_label, query, found):
    """The overview lists every item, the page is short, and the search shows only the `found` cards."""
    expect(page.locator(rows_selector)).to_have_count(rows)
    assert page_height(page) < 2800  # the long forms were over 4,100 px (2,600 before the nav got a line)
    page.get_by_label(re.compile(search_label)).fill(query)
    expect(page.locator("article[data-filter-item]:visible")).to_have_count(len(found))
    for selector in found:
        expect(page.locator(selector)).to_be_visible()


def page_height(page):
    return page.evaluate("document.documentElement.scrollHeight")


def visible_button_texts(page):
    return page.evaluate("[...document.querySelectorAll('button, summary')].filter((b) => b.offsetParent !== null)"
                         ".map((b) => b.textContent.trim())")


def test_counters_have_an_overview_and_a_search(live_server, new_page, assert_accessible):
    page = admin_page(new_page, live_server, "/admin/counters")
    overview_and_search(page, 8, "#counter-overview tbody tr", "^Tìm quầy", "chung thuc",  # without diacritics
                        ["#counter-3", "#counter-4", "#counter-8"])
    expect(page.locator("#counter-1")).to_be_hidden()
    assert not [t for t in visible_button_texts(page) if INTERNAL_ID.search(t)]
    assert_accessible(page)


def test_the_catalogue_has_an_overview_a_search_and_no_ids_in_labels(live_server, new_page, assert_accessible):
    page = admin_page(new_page, live_server, "/admin/catalogue")
    overview_and_search(page, 10, "#field-overview tbody tr", "^Tìm lĩnh vực hoặc thủ tục", "giay doc than",
                        ["#field-ho_tich"])  # found by an everyday name
    page.get_by_label(re.compile("^Tìm lĩnh vực hoặc thủ tục")).fill("")
    page.locator("#field-ho_tich summary").first.click()
    expect(page.get_by_role("button", name="Lưu lĩnh vực Hộ tịch / Save field Civil status registration")).to_be_visible()
    assert not [t for t in visible_button_texts(page) if INTERNAL_ID.search(t)]
    assert_accessible(page)


def test_everyday_names_are_edited_on_the_procedure_page(live_server, new_page, assert_accessible):
    page = admin_page(new_page, live_server, "/admin/procedures/khai_sinh")
    names = page.get_by_label(re.compile("^Tên thường gọi"))
    expect(names).to_have_value(re.compile("làm giấy khai sinh"))
    assert_accessible(page)
    names.fill(names.input_value() + "\nđăng ký cho em bé mới sinh")
    page.get_by_role("button", name="Lưu thủ tục / Save procedure").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu thủ tục “Đăng ký khai sinh”")
    catalogue = requests.get(live_server.url + "/api/v1/catalogue", timeout=10).json()
    birth = next(p for p in catalogue["procedures"] if p["id"] == "khai_sinh")
    assert "đăng ký cho em bé mới sinh" in birth["synonyms"] and "làm giấy khai sinh" in birth["synonyms"]
