"""Kiosk search in real Chromium: the normalisation and tone keys alone (kiosk/static/kiosk-search.js), then
searching on the on-screen keyboard, without diacritics and by colloquial names, up to a ticket."""

import re
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from queue_server.centre_config import load_centre_config

ROOT = Path(__file__).resolve().parents[2]
SEARCH_JS = ROOT / "kiosk" / "static" / "kiosk-search.js"
VIETNAMESE_JS = ROOT / "queue_server" / "static" / "js" / "vietnamese.js"


def demo_catalogue() -> dict:
    """The demo centre's catalogue in the shape GET /api/v1/catalogue gives it (what the search reads)."""
    config = load_centre_config(ROOT / "config" / "demo")
    return {
        "fields": [{"id": f.id, "prefix": f.prefix, "name": {"vi": f.name_vi, "en": f.name_en}} for f in config.fields],
        "procedures": [{"id": p.id, "field_id": f.id, "code": p.code, "name": {"vi": p.name_vi, "en": p.name_en},
                        "synonyms": list(p.synonyms), "redirect": p.redirect}
                       for f in config.fields for p in f.procedures],
    }


@pytest.fixture(scope="module")
def search_page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><html lang='vi'><body></body></html>")
    page.add_script_tag(path=str(VIETNAMESE_JS))
    page.add_script_tag(path=str(SEARCH_JS))
    page.evaluate("(catalogue) => { window.INDEX = KioskSearch.buildIndex(catalogue); }", demo_catalogue())
    yield page
    context.close()


@pytest.mark.parametrize("text, expected", [
    ("Đăng ký Khai sinh!", "dang ky khai sinh"),
    ("ĐẤT ĐAI", "dat dai"),
    ("Chứng thực bản sao – từ bản chính", "chung thuc ban sao tu ban chinh"),
    ("  sổ   đỏ  ", "so do"),
    ("ơ ư ă â ê ô đ", "o u a a e o d"),
    ("Ưu tiên người cao tuổi", "uu tien nguoi cao tuoi"),
    ("Giấy xác nhận tình trạng hôn nhân", "giay xac nhan tinh trang hon nhan"),
    ("1.001193", "1 001193"),
])
def test_normalise_strips_diacritics_and_d_with_stroke(search_page, text, expected):
    assert search_page.evaluate("(text) => Vietnamese.normalise(text)", text) == expected
    # the same text typed with combining marks (NFD) normalises the same way
    assert search_page.evaluate("(text) => Vietnamese.normalise(text.normalize('NFD'))", text) == expected


@pytest.mark.parametrize("query, first", [
    ("khai sinh", "khai_sinh"),
    ("khai tu", "khai_tu"),
    ("KHAI TỬ", "khai_tu"),
    ("so do", "cap_gcn_lan_dau"),
    ("sổ đỏ", "cap_gcn_lan_dau"),
    ("sao y", "chung_thuc_ban_sao"),
    ("photo cong chung", "chung_thuc_ban_sao"),
    ("chung thuc ban sao", "chung_thuc_ban_sao"),
    ("giấy độc thân", "xac_nhan_tinh_trang_hon_nhan"),
    ("giay doc than", "xac_nhan_tinh_trang_hon_nhan"),
    ("con mới đẻ", "khai_sinh"),
    ("lam cccd", "can_cuoc"),
    ("tam tru", "tam_tru"),
    ("ket ho", "ket_hon"),  # the last word still being typed
    ("marriage", "ket_hon"),
    ("1.001193", "khai_sinh"),
])
def test_search_finds_with_or_without_diacritics_and_by_colloquial_names(search_page, query, first):
    found = search_page.evaluate("(q) => KioskSearch.search(window.INDEX, q).map((p) => p.id)", query)
    assert found and found[0] == first, found


def test_search_needs_two_letters_and_finds_nothing_for_nonsense(search_page):
    assert search_page.evaluate("KioskSearch.search(window.INDEX, 'k')") == []
    assert search_page.evaluate("KioskSearch.search(window.INDEX, 'xyzzy')") == []
    found = search_page.evaluate("KioskSearch.search(window.INDEX, 'sổ đỏ').map((p) => p.id)")
    assert found[:2] == ["cap_gcn_lan_dau", "cap_lai_gcn_mat"]  # "mất sổ đỏ" too


@pytest.mark.parametrize("text, tone, expected", [
    ("hoa", "huyen", "hòa"), ("hoang", "huyen", "hoàng"), ("quy", "nga", "quỹ"), ("gia", "sac", "giá"),
    ("giây", "sac", "giấy"), ("ngươi", "huyen", "người"), ("viêt", "nang", "việt"), ("sô", "hoi", "sổ"),
    ("sổ đo", "hoi", "sổ đỏ"), ("mua", "sac", "múa"), ("ngoai", "huyen", "ngoài"), ("thuy", "hoi", "thủy"),
    ("chuyên", "sac", "chuyến"), ("Hoa", "huyen", "Hòa"), ("hòa", "sac", "hóa"),
    ("hòa", "huyen", "hoa"),  # the same tone again takes it off
    ("bcd", "sac", "bcd"), ("", "sac", ""), ("khai ", "sac", "khai "),
])
def test_tone_keys_put_the_mark_on_the_right_vowel(search_page, text, tone, expected):
    assert search_page.evaluate("([text, tone]) => Vietnamese.toneLastWord(text, tone)", [text, tone]) == expected


def tap(page, *keys):
    for key in keys:
        page.locator("#keyboard").get_by_role("button", name=key, exact=True).click()


def test_search_without_diacritics_on_the_keyboard_issues_a_ticket(live_server, new_page, assert_accessible):
    kiosk = new_page(1080, 1920)
    kiosk.goto(f"{live_server.url}/kiosk#token={live_server.tokens['kiosk']}")
    kiosk.get_by_role("button", name=re.compile("Tìm thủ tục theo tên")).click()
    expect(kiosk.get_by_label("Gõ tên thủ tục, có dấu hoặc không dấu")).to_be_visible()
    tap(kiosk, "K", "H", "A", "I", "Dấu cách", "T", "U")
    expect(kiosk.locator("#search-input")).to_have_value("khai tu")
    results = kiosk.locator("#search-results .tile")
    expect(results.first).to_contain_text("Đăng ký khai tử")
    expect(kiosk.locator("#search-status")).to_contain_text("Tìm thấy")
    assert_accessible(kiosk)  # the search screen with its keyboard

    tap(kiosk, "⌫ Xóa", "⌫ Xóa")
    expect(kiosk.locator("#search-input")).to_have_value("khai ")
    tap(kiosk, "Xóa hết")
    expect(kiosk.locator("#search-input")).to_have_value("")
    tap(kiosk, "K", "H", "A", "I", "Dấu cách", "T", "U")
    results.first.click()
    expect(kiosk.get_by_role("heading", name="Đăng ký khai tử")).to_be_visible()
    expect(kiosk.locator("#procedure-details")).to_contain_text("Giấy báo tử")
    kiosk.get_by_role("button", name="← Quay lại").click()  # back to the search, query kept
    expect(kiosk.locator("#search-input")).to_have_value("khai tu")
    results.first.click()
    kiosk.get_by_role("button", name="Lấy số", exact=True).click()
    expect(kiosk.locator("#ticket-number")).to_have_text("A-001")
    expect(kiosk.locator("#ticket-procedure")).to_have_text("Đăng ký khai tử")
    waiting = requests.get(live_server.url + "/api/v1/queue", timeout=5).json()["waiting"]
    assert [(w["number"], w.get("procedure_id", "khai_tu")) for w in waiting] == [("A-001", "khai_tu")]


def test_colloquial_names_with_the_tone_keys(live_server, new_page, assert_accessible):
    kiosk = new_page(1920, 1080)
    kiosk.goto(f"{live_server.url}/kiosk#token={live_server.tokens['kiosk']}")
    kiosk.get_by_role("button", name=re.compile("Tìm thủ tục theo tên")).click()
    tap(kiosk, "S", "Ô", "ả hỏi", "Dấu cách", "Đ", "O", "ả hỏi")
    expect(kiosk.locator("#search-input")).to_have_value("sổ đỏ")
    expect(kiosk.locator("#search-results .tile").first).to_contain_text("cấp Giấy chứng nhận lần đầu")

    search = kiosk.locator("#search-input")
    for query, expected in [("sao y", "Chứng thực bản sao từ bản chính"), ("giay doc than", "tình trạng hôn nhân"),
                            ("khai sinh", "Đăng ký khai sinh")]:
        search.fill(query)
        expect(kiosk.locator("#search-results .tile").first).to_contain_text(expected)

    # residence and ID: the kiosk says where to go and issues nothing
    search.fill("lam cccd")
    kiosk.locator("#search-results .tile").first.click()
    expect(kiosk.get_by_role("heading", name="Cấp, đổi, cấp lại thẻ căn cước")).to_be_visible()
    expect(kiosk.locator("#procedure-details")).to_contain_text("không làm tại Trung tâm")
    expect(kiosk.locator("#procedure-details")).to_contain_text("Công an")
    expect(kiosk.get_by_role("button", name="Lấy số", exact=True)).to_be_hidden()
    expect(kiosk.locator("#priority-question")).to_be_hidden()
    assert_accessible(kiosk)
    kiosk.get_by_role("button", name="⌂ Về trang đầu").click()
    expect(kiosk.get_by_role("heading", name="Hoặc chọn lĩnh vực")).to_be_visible()
    assert requests.get(live_server.url + "/api/v1/queue", timeout=5).json()["waiting"] == []


def test_search_tells_which_colloquial_name_matched(search_page):
    found = search_page.evaluate("KioskSearch.match(window.INDEX, 'so do').slice(0, 1)")
    # Found by the synonym typed without accents, shown with them: never "so do" on the screen.
    assert found[0]["procedure"]["id"] == "cap_gcn_lan_dau" and found[0]["synonym"].startswith("sổ đỏ")
    found = search_page.evaluate("KioskSearch.match(window.INDEX, 'giấy độc thân').slice(0, 1)")
    assert found[0]["synonym"] == "giấy độc thân"
    assert search_page.evaluate("KioskSearch.match(window.INDEX, 'đăng ký khai sinh')[0].synonym") is None
    # "dang ky khai sinh" is the official name without accents: nothing more to show under it
    assert search_page.evaluate("KioskSearch.match(window.INDEX, 'dang ky khai sinh')[0].synonym") is None


def test_no_result_shows_a_colloquial_name_without_its_accents(search_page):
    shown = search_page.evaluate("""() => window.INDEX.flatMap((e) => e.texts.map((t) => t.synonym))
        .filter((s) => s && Vietnamese.normalise(s) === Vietnamese.fold(s))""")
    assert shown == []


def test_weak_scattered_matches_are_dropped_when_a_phrase_matches(search_page):
    found = search_page.evaluate("KioskSearch.search(window.INDEX, 'sổ đỏ').map((p) => p.id)")
    assert "chuyen_truong_thcs" not in found  # "cơ sở" + "đối với" is not "sổ đỏ"
    # without any phrase match, words in any order still find it
    assert search_page.evaluate("KioskSearch.search(window.INDEX, 'ban sao chung thuc')[0].id") == "chung_thuc_ban_sao"
