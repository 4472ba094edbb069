"""A visitor follows a ticket on the phone from issued to called to rated; the counter's tablet; in Chromium."""

import re

import requests
from playwright.sync_api import expect

from live_server import cli, take_counter


def api(server, method, path, role=None, **kwargs):
    headers = {"Authorization": f"Bearer {server.tokens[role]}"} if role else {}
    return requests.request(method, server.url + "/api/v1" + path, headers=headers, timeout=10, **kwargs)


# Records what the page asks of the phone: each navigator.vibrate pattern, and each WebAudio oscillator started
# (its frequency, and whether it is connected, through any gain nodes, to the speakers).
RECORD_ALERTS = """
window.__alerts = {vibrations: [], tones: []};
navigator.vibrate = (pattern) => { window.__alerts.vibrations.push(pattern); return true; };
const node = () => ({outputs: [], connect(next) { this.outputs.push(next); return next; }, disconnect() {}});
const reaches = (n, speakers) => n === speakers || n.outputs.some((next) => reaches(next, speakers));
class RecordingAudioContext {
  constructor() { this.currentTime = 0; this.state = "running"; this.destination = node(); }
  resume() { return Promise.resolve(); }
  createGain() {
    return Object.assign(node(), {gain: {value: 1, setValueAtTime() {}, exponentialRampToValueAtTime() {},
                                          linearRampToValueAtTime() {}}});
  }
  createOscillator() {
    const context = this;
    return Object.assign(node(), {frequency: {value: 440, setValueAtTime() {}}, type: "sine", stop() {},
      start(at) {
        window.__alerts.tones.push({frequency: this.frequency.value, at: at || 0,
                                    audible: reaches(this, context.destination)});
      }});
  }
}
window.AudioContext = window.webkitAudioContext = RecordingAudioContext;
"""


def alerts(page):
    return page.evaluate("window.__alerts")


def assert_fits_the_screen(page):
    """Nothing sticks out sideways: no horizontal scroll, no visible element past the right edge."""
    sizes = page.evaluate("""() => {
      const root = document.documentElement;
      const wide = [...document.querySelectorAll("body *")].filter((e) => {
        const box = e.getBoundingClientRect();
        return box.width > 1 && box.height > 1 && (box.right > innerWidth + 0.5 || box.left < -0.5);
      }).map((e) => e.id || e.className || e.tagName);
      return {scroll: root.scrollWidth, width: root.clientWidth, wide};
    }""")
    assert sizes["scroll"] <= sizes["width"] and sizes["wide"] == [], sizes


def test_phone_follows_a_ticket_from_issued_to_called_to_rated(live_server, new_page, assert_accessible):
    take_counter(live_server, 1)  # someone is at counter 1
    first = api(live_server, "POST", "/tickets", "kiosk", json={"procedure_id": "khai_sinh"}).json()["ticket"]
    mine = api(live_server, "POST", "/tickets", "kiosk", json={"procedure_id": "khai_sinh"}).json()["ticket"]
    phone = new_page(360, 640)  # a small phone
    phone.add_init_script(RECORD_ALERTS)
    phone.goto(f"{live_server.url}/t/{mine['track_token']}")
    expect(phone.locator("#track-number")).to_have_text(mine["number"])
    expect(phone.locator("#track-status")).to_have_text("Đang chờ")
    expect(phone.locator("#track-ahead")).to_have_text("1 người")
    expect(phone.locator("#track-wait")).to_contain_text("phút")
    assert_accessible(phone)
    assert_fits_the_screen(phone)

    phone.get_by_role("button", name="English").click()
    expect(phone.locator("#track-status")).to_have_text("Waiting")
    expect(phone.locator("#track-ahead")).to_have_text("1 person")
    assert_fits_the_screen(phone)
    phone.get_by_role("button", name="Tiếng Việt").click()

    assert api(live_server, "POST", "/counters/1/call-next", "staff").json()["ticket"]["number"] == first["number"]
    expect(phone.locator("#track-ahead")).to_have_text("0 người")  # live, without a reload
    api(live_server, "POST", "/counters/1/done", "staff")
    assert alerts(phone) == {"vibrations": [], "tones": []}  # someone else's call is no alert
    assert api(live_server, "POST", "/counters/1/call-next", "staff").json()["ticket"]["number"] == mine["number"]
    expect(phone.locator("#track-status")).to_have_text("Đến lượt anh/chị!")
    expect(phone.locator("#track-called")).to_contain_text("Mời anh/chị đến Quầy 1 – Hộ tịch (Tầng 1, bên trái)")
    phone.wait_for_function("window.__alerts.vibrations.length > 0 && window.__alerts.tones.length > 0")
    called = alerts(phone)
    assert len(called["vibrations"]) == 1  # vibrated once ...
    pattern = called["vibrations"][0]
    assert sum(pattern if isinstance(pattern, list) else [pattern]) > 0
    tones = called["tones"]  # ... and played a chime: oscillators with a pitch, wired to the speakers
    assert tones and all(tone["audible"] and tone["frequency"] > 0 for tone in tones), tones
    assert_accessible(phone)
    assert_fits_the_screen(phone)

    api(live_server, "POST", "/counters/1/recall", "staff")  # called again: the phone alerts again
    phone.wait_for_function("window.__alerts.vibrations.length === 2")
    assert len(alerts(phone)["tones"]) == 2 * len(tones)

    api(live_server, "POST", "/counters/1/start", "staff")
    api(live_server, "POST", "/counters/1/done", "staff")
    expect(phone.locator("#track-status")).to_have_text("Đã phục vụ xong")
    rating = phone.get_by_role("region", name="Anh/chị có hài lòng với việc phục vụ?")
    expect(rating).to_be_visible()
    assert_accessible(phone)
    assert_fits_the_screen(phone)
    assert len(alerts(phone)["vibrations"]) == 2  # being served and finishing are no calls
    phone.get_by_role("button", name="Gửi đánh giá").click()
    expect(phone.locator("#rating-error")).to_have_text("Xin chọn một mức đánh giá.")
    phone.get_by_role("button", name="Rất hài lòng").click()
    expect(phone.get_by_role("button", name="Rất hài lòng")).to_have_attribute("aria-pressed", "true")
    phone.get_by_label("Góp ý (không bắt buộc)").fill("Cán bộ nhiệt tình")
    phone.get_by_role("button", name="Gửi đánh giá").click()
    expect(phone.locator("#track-thanks")).to_have_text("Anh/chị đã đánh giá: Rất hài lòng. Xin cảm ơn!")
    expect(rating).to_be_hidden()
    assert_accessible(phone)

    again = requests.post(f"{live_server.url}/api/v1/track/{mine['track_token']}/rating", json={"score": 1}, timeout=10)
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_rated"
    phone.reload()
    expect(phone.locator("#track-thanks")).to_contain_text("Rất hài lòng")


def test_unknown_tracking_link_says_so(live_server, new_page, assert_accessible):
    phone = new_page(390, 844)
    response = phone.goto(f"{live_server.url}/t/not-a-real-token")
    assert response.status == 404
    expect(phone.get_by_role("heading", level=1)).to_have_text("Không tìm thấy phiếu")
    assert_accessible(phone)


def tablet_token(server, counter: int) -> str:
    return cli(server.env, "token", "create", "--role", "counter-tablet", "--name", f"tablet-{counter}",
               "--counter", str(counter)).strip().splitlines()[-1]


def test_counter_tablet_rates_the_visit_just_finished(live_server, new_page, assert_accessible):
    tablet = new_page(1024, 768)
    tablet.goto(f"{live_server.url}/rate/3#token={tablet_token(live_server, 3)}")
    expect(tablet).to_have_url(f"{live_server.url}/rate/3")  # the token leaves the address bar
    expect(tablet.locator("#tablet-ticket")).to_have_text("Chưa có lượt phục vụ nào vừa xong.")
    ticket = api(live_server, "POST", "/tickets", "kiosk", json={"procedure_id": "chung_thuc_ban_sao"}).json()["ticket"]
    take_counter(live_server, 3)
    api(live_server, "POST", "/counters/3/call-next", "staff")
    api(live_server, "POST", "/counters/3/done", "staff")
    expect(tablet.locator("#tablet-ticket")).to_have_text(f"Số vừa được phục vụ: {ticket['number']}")
    assert_accessible(tablet)
    tablet.get_by_role("button", name="English").click()
    tablet.get_by_role("button", name="Not satisfied").click()
    expect(tablet.locator("#tablet-thanks")).to_be_hidden()
    expect(tablet.locator("#tablet-thanks")).to_have_text("")
    tablet.get_by_role("button", name="Send rating").click()
    expect(tablet.locator("#tablet-thanks")).to_be_visible()
    expect(tablet.locator("#tablet-thanks")).to_have_text("Thank you for your rating!")
    # Finding 4: the visitor's own rating from the phone still counts, and replaces the tablet's.
    url = f"{live_server.url}/api/v1/track/{ticket['track_token']}/rating"
    assert requests.get(url, timeout=10).json()["can_rate"] is True
    mine = requests.post(url, json={"score": 3}, timeout=10)
    assert mine.status_code == 201 and mine.json()["rating"]["source"] == "tracking"
    expect(tablet.locator("#tablet-ticket")).to_have_text(f"Number just served: {ticket['number']}")


def test_a_tablet_without_its_device_token_takes_no_rating(live_server, new_page, assert_accessible):
    """Finding 4: an unregistered tablet (or anyone's browser) shows no rating form and says why."""
    api(live_server, "POST", "/tickets", "kiosk", json={"procedure_id": "chung_thuc_ban_sao"})
    take_counter(live_server, 3)
    api(live_server, "POST", "/counters/3/call-next", "staff")
    api(live_server, "POST", "/counters/3/done", "staff")
    tablet = new_page(1024, 768)
    tablet.goto(f"{live_server.url}/rate/3")
    expect(tablet.locator("#tablet-device")).to_have_text(
        "Máy tính bảng này chưa được đăng ký cho quầy (thiếu hoặc sai mã thiết bị). Xin báo cán bộ.")
    expect(tablet.locator("#tablet-ticket")).to_contain_text("Số vừa được phục vụ")
    expect(tablet.locator("#tablet-rating")).to_be_hidden()
    assert_accessible(tablet)

    # Another counter's tablet put at counter 3: refused when it sends, and it then says why.
    moved = new_page(1024, 768)
    moved.goto(f"{live_server.url}/rate/3#token={tablet_token(live_server, 4)}")
    expect(moved.locator("#tablet-device")).to_be_hidden()
    moved.get_by_role("button", name="Rất hài lòng").click()
    moved.get_by_role("button", name="Gửi đánh giá").click()
    expect(moved.locator("#tablet-device")).to_contain_text("chưa được đăng ký cho quầy")
    expect(moved.locator("#tablet-rating")).to_be_hidden()
    state = requests.get(f"{live_server.url}/api/v1/counters/3/last-served", timeout=10).json()
    assert state["can_rate"] is True  # nothing was recorded
