"""Kiosk flows in real Chromium against a live server: details and a priority ticket, the confirmation that
returns to the start by itself, large text and target sizes, reload on counter changes, a closed centre,
a printer out of paper or silent, and a print job failing after the ticket was issued (reported through the
print agent's own API client). axe-core on every screen."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import requests
import yaml
from playwright.sync_api import expect

from live_server import cli, sign_in_form
from printer.api import QueueServerClient

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "config" / "demo"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def centre_folder(tmp_path: Path, edit) -> Path:
    """The demo centre.yaml changed by `edit(data)`, beside the demo catalogue."""
    data = yaml.safe_load((DEMO / "centre.yaml").read_text(encoding="utf-8"))
    data["catalogue"] = str(DEMO / "catalogue.yaml")
    edit(data)
    folder = tmp_path / "centre"
    folder.mkdir(exist_ok=True)
    (folder / "centre.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def server_with(live_server_factory, tmp_path, edit, roles=(("kiosk", "kiosk-1"),)):
    server = live_server_factory(config_path=centre_folder(tmp_path, edit))
    server.tokens = {role: cli(server.env, "token", "create", "--role", role, "--name", name).strip().splitlines()[-1]
                     for role, name in roles}
    return server


def visible_buttons_smaller_than(page, pixels=64):
    return page.evaluate("""(min) => [...document.querySelectorAll('button')]
        .filter((b) => b.offsetParent !== null)
        .map((b) => [b.textContent.trim(), b.getBoundingClientRect()])
        .filter(([, r]) => r.width < min || r.height < min).map(([text, r]) => `${text}: ${r.width}x${r.height}`)""",
                         pixels)


def test_details_priority_ticket_then_back_to_start_by_itself(live_server_factory, tmp_path, new_page,
                                                              assert_accessible):
    def edit(data):
        data["devices"]["kiosks"][0]["confirmation_seconds"] = 4  # this kiosk's own setting
    server = server_with(live_server_factory, tmp_path, edit, roles=(("kiosk", "kiosk-1"), ("admin", "admin")))
    agent = QueueServerClient(server.url, server.tokens["kiosk"])  # without a report the status is "unknown"
    agent.report_status("online")
    agent.close()
    kiosk = new_page(1080, 1920)
    kiosk.goto(f"{server.url}/kiosk#token={server.tokens['kiosk']}")
    expect(kiosk.get_by_role("heading", name="Hoặc chọn lĩnh vực")).to_be_visible()
    expect(kiosk.get_by_role("button", name="⌂ Về trang đầu")).to_be_hidden()  # already at the start
    assert visible_buttons_smaller_than(kiosk) == []
    assert_accessible(kiosk)  # start

    # One tap to English and back.
    kiosk.get_by_role("button", name="English").click()
    expect(kiosk.get_by_role("heading", name="Or choose a field")).to_be_visible()
    expect(kiosk.locator("html")).to_have_attribute("lang", "en")
    kiosk.get_by_role("button", name="Tiếng Việt").click()
    expect(kiosk.get_by_role("heading", name="Hoặc chọn lĩnh vực")).to_be_visible()

    kiosk.get_by_role("button", name=re.compile("Hộ tịch")).click()
    expect(kiosk.get_by_role("heading", name="Hộ tịch")).to_be_visible()
    assert visible_buttons_smaller_than(kiosk) == []
    assert_accessible(kiosk)  # procedures
    kiosk.get_by_role("button", name="Đăng ký khai sinh", exact=True).click()
    details = kiosk.locator("#procedure-details")
    expect(details).to_contain_text("Giấy tờ cần mang")
    expect(details).to_contain_text("Giấy chứng sinh")
    expect(details).to_contain_text("Lệ phí: Miễn lệ phí nếu đăng ký đúng hạn")
    expect(details).to_contain_text("Thời gian giải quyết: Ngay sau khi nhận đủ giấy tờ")
    expect(details).to_contain_text("Quầy 2 – Hộ tịch (Tầng 1, bên trái)")
    expect(kiosk.get_by_role("group", name="Anh/chị có thuộc diện ưu tiên không?")).to_be_visible()
    expect(kiosk.get_by_role("button", name="Không ưu tiên")).to_have_attribute("aria-pressed", "true")
    assert visible_buttons_smaller_than(kiosk) == []
    assert_accessible(kiosk)  # details and the priority question

    # The catalogue and counters are reloaded on the admin's events: counter 2 closes, the kiosk follows.
    closed = requests.post(server.url + "/api/v1/counters/2/close", json={},
                           headers={"Authorization": f"Bearer {server.tokens['admin']}"}, timeout=10)
    assert closed.ok, closed.text
    expect(details).not_to_contain_text("Quầy 2")
    expect(details).to_contain_text("Quầy 1 – Hộ tịch (Tầng 1, bên trái)")

    kiosk.get_by_role("button", name="Người cao tuổi (từ 60 tuổi)").click()
    expect(kiosk.get_by_role("button", name="Người cao tuổi (từ 60 tuổi)")).to_have_attribute("aria-pressed", "true")
    kiosk.get_by_role("button", name="Lấy số", exact=True).click()
    expect(kiosk.locator("#ticket-number")).to_have_text("A-001")
    expect(kiosk.locator("#ticket-priority")).to_have_text("Ưu tiên: Người cao tuổi (từ 60 tuổi)")
    expect(kiosk.locator("#ticket-counters")).to_contain_text("Quầy 1 – Hộ tịch (Tầng 1, bên trái)")
    expect(kiosk.locator("#ticket-wait")).to_contain_text("Không có ai chờ trước anh/chị")
    expect(kiosk.locator("#ticket-qr")).to_have_attribute("src", re.compile(r"^/qr\.svg\?data=http"))
    kiosk.wait_for_function("() => document.getElementById('ticket-qr').naturalWidth > 0")  # the QR code shows
    expect(kiosk.locator("#ticket-print-note")).to_contain_text("Phiếu đang được in")
    number_size = kiosk.locator("#ticket-number").evaluate("(n) => parseFloat(getComputedStyle(n).fontSize)")
    assert number_size >= 120
    assert visible_buttons_smaller_than(kiosk) == []  # "back to start" on the ticket screen too
    assert_accessible(kiosk)  # confirmation
    waiting = requests.get(server.url + "/api/v1/queue", timeout=5).json()["waiting"]
    assert [(w["number"], w["priority"]) for w in waiting] == [("A-001", "elderly_60")]

    # The confirmation goes back to the start by itself after this kiosk's 4 seconds.
    expect(kiosk.locator("#ticket-countdown")).to_contain_text("giây")
    expect(kiosk.get_by_role("heading", name="Hoặc chọn lĩnh vực")).to_be_visible(timeout=9000)
    expect(kiosk.locator("#step-ticket")).to_be_hidden()


def test_large_text_mode_and_one_tap_back_to_start(live_server, new_page):
    kiosk = new_page(1920, 1080)
    kiosk.goto(f"{live_server.url}/kiosk#token={live_server.tokens['kiosk']}")
    expect(kiosk.get_by_role("button", name=re.compile("Hộ tịch"))).to_be_visible()
    tile_font = "() => parseFloat(getComputedStyle(document.querySelector('#field-tiles .tile')).fontSize)"
    before = kiosk.evaluate(tile_font)
    toggle = kiosk.get_by_role("button", name="A+ Chữ to")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(kiosk.locator("html")).to_have_class(re.compile("large-text"))
    after = kiosk.evaluate(tile_font)
    assert after >= before * 1.25, (before, after)

    kiosk.get_by_role("button", name=re.compile("Tìm thủ tục theo tên")).click()
    assert visible_buttons_smaller_than(kiosk) == []  # the keyboard too
    kiosk.get_by_role("button", name="⌂ Về trang đầu").click()
    expect(kiosk.get_by_role("heading", name="Hoặc chọn lĩnh vực")).to_be_visible()
    expect(toggle).to_have_attribute("aria-pressed", "false")  # the next visitor starts afresh
    kiosk.locator("#field-tiles").get_by_role("button", name=re.compile("Chứng thực")).click()
    kiosk.get_by_role("button", name=re.compile("^Chứng thực bản sao")).click()
    kiosk.get_by_role("button", name="⌂ Về trang đầu").click()
    expect(kiosk.get_by_role("heading", name="Hoặc chọn lĩnh vực")).to_be_visible()


def test_closed_centre_says_when_it_opens_and_issues_nothing(live_server_factory, tmp_path, new_page,
                                                             assert_accessible):
    today = WEEKDAYS[datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).weekday()]

    def edit(data):  # open every other day, never today
        data["centre"]["opening_hours"] = {day: ["07:00-11:30"] for day in WEEKDAYS if day != today}
    server = server_with(live_server_factory, tmp_path, edit)
    kiosk = new_page(1080, 1920)
    kiosk.goto(f"{server.url}/kiosk#token={server.tokens['kiosk']}")
    expect(kiosk.get_by_role("heading", name="Ngoài giờ làm việc")).to_be_visible()
    expect(kiosk.locator("#closed-next")).to_contain_text("Trung tâm mở cửa lúc 07:00")
    expect(kiosk.locator("#closed-hours")).to_contain_text("07:00–11:30")
    expect(kiosk.locator("#closed-hours")).to_contain_text("nghỉ")
    assert visible_buttons_smaller_than(kiosk) == []
    assert_accessible(kiosk)  # closed

    kiosk.get_by_role("button", name="Xem thông tin thủ tục").click()
    expect(kiosk.locator("#closed-banner")).to_contain_text("chưa lấy được số")
    kiosk.locator("#field-tiles").get_by_role("button", name=re.compile("Chứng thực")).click()
    kiosk.get_by_role("button", name=re.compile("^Chứng thực bản sao")).click()
    expect(kiosk.locator("#procedure-details")).to_contain_text("Giấy tờ cần mang")
    expect(kiosk.locator("#procedure-details")).to_contain_text("Trung tâm mở cửa lúc 07:00")
    expect(kiosk.get_by_role("button", name="Lấy số", exact=True)).to_be_hidden()
    assert_accessible(kiosk)
    kiosk.get_by_role("button", name="English").click()
    expect(kiosk.locator("#procedure-details")).to_contain_text("The centre opens at 07:00")
    kiosk.get_by_role("button", name="⌂ Start").click()
    expect(kiosk.get_by_role("heading", name="Ngoài giờ làm việc")).to_be_visible()  # and Vietnamese again
    assert requests.get(server.url + "/api/v1/queue", timeout=5).json()["waiting"] == []


def test_printer_out_of_paper_shows_the_message_and_the_ticket_on_screen(live_server, new_page, assert_accessible):
    agent = QueueServerClient(live_server.url, live_server.tokens["kiosk"])  # what the print agent reports with
    agent.report_status("paper_out", "giấy hết")
    kiosk = new_page(1080, 1920)
    kiosk.goto(f"{live_server.url}/kiosk#token={live_server.tokens['kiosk']}")
    alert = kiosk.locator("#printer-alert")
    expect(alert).to_contain_text("Máy in hết giấy")  # the state when the page loads
    expect(alert).to_contain_text("Anh/chị vẫn lấy số được")

    kiosk.get_by_role("button", name=re.compile("Hộ tịch")).click()
    kiosk.get_by_role("button", name="Đăng ký kết hôn", exact=True).click()
    kiosk.get_by_role("button", name="Lấy số", exact=True).click()
    expect(kiosk.locator("#ticket-number")).to_have_text("A-001")
    note = kiosk.locator("#ticket-print-note")
    expect(note).to_contain_text("Không in được phiếu giấy (máy in hết giấy)")
    expect(note).to_contain_text("chụp ảnh màn hình này hoặc quét mã QR")
    expect(kiosk.locator("#ticket-qr")).to_be_visible()
    expect(kiosk.locator("#ticket-countdown")).to_contain_text("90 giây")  # longer, to photograph it
    assert_accessible(kiosk)  # confirmation without paper
    # The ticket is real and its print job waits for the printer: nothing is lost.
    jobs = requests.get(live_server.url + "/api/v1/print-jobs?status=pending", timeout=5,
                        headers={"Authorization": f"Bearer {live_server.tokens['kiosk']}"}).json()["jobs"]
    assert [job["ticket"]["number"] for job in jobs] == ["A-001"]

    agent.report_status("online")
    expect(alert).to_be_hidden()  # pushed live (printer_status_changed)
    agent.report_status("offline", "no answer")
    expect(alert).to_contain_text("Máy in đang không hoạt động")
    agent.close()


def test_unknown_printer_status_is_not_called_printing_and_a_failed_job_reaches_the_ticket_screen(
        live_server, new_page, assert_accessible):
    def pending_jobs():
        return requests.get(live_server.url + "/api/v1/print-jobs?status=pending", timeout=5,
                            headers={"Authorization": f"Bearer {live_server.tokens['kiosk']}"}).json()["jobs"]

    def take_ticket(number):
        kiosk.get_by_role("button", name=re.compile("Hộ tịch")).click()
        kiosk.get_by_role("button", name="Đăng ký kết hôn", exact=True).click()
        kiosk.get_by_role("button", name="Lấy số", exact=True).click()
        expect(kiosk.locator("#ticket-number")).to_have_text(number)

    kiosk = new_page(1080, 1920)
    kiosk.goto(f"{live_server.url}/kiosk#token={live_server.tokens['kiosk']}")
    note = kiosk.locator("#ticket-print-note")
    # No print agent has reported yet: the status is "unknown", which must not read as "printing".
    take_ticket("A-001")
    expect(note).to_contain_text("Phiếu giấy có thể không in ra được")
    expect(note).not_to_contain_text("đang được in")
    expect(kiosk.locator("#ticket-countdown")).to_contain_text("90 giây")
    kiosk.get_by_role("button", name="Xong").click()

    agent = QueueServerClient(live_server.url, live_server.tokens["kiosk"])  # what the print agent acks with
    agent.report_status("online")
    take_ticket("A-002")
    expect(note).to_contain_text("Phiếu đang được in")
    first, second = pending_jobs()
    agent.ack_failed(first["id"], "paper_out: hết giấy")  # another ticket's job: this screen is not about it
    agent.report_status("offline")  # its event comes after the failure's, on the same connection
    expect(kiosk.locator("#printer-alert")).to_be_visible()
    expect(note).to_contain_text("Phiếu đang được in")
    agent.report_status("online")
    agent.ack_failed(second["id"], "paper_out: hết giấy giữa chừng")  # the roll ran out during this ticket
    expect(note).to_contain_text("Không in được phiếu giấy")
    expect(note).to_contain_text("hỏi cán bộ")
    expect(note).to_have_attribute("role", "alert")
    expect(kiosk.locator("#ticket-number")).to_have_text("A-002")  # the ticket stays on screen, with its QR code
    expect(kiosk.locator("#ticket-qr")).to_be_visible()
    assert_accessible(kiosk)
    kiosk.get_by_role("button", name="English").click()
    expect(note).to_contain_text("The paper ticket could not be printed")
    expect(note).to_contain_text("ask the staff")
    assert [job["ticket"]["number"] for job in pending_jobs()] == ["A-001", "A-002"]  # kept for a retry
    agent.close()


def test_the_open_kiosk_follows_the_admins_catalogue_edits(live_server, new_page):
    kiosk = new_page(1080, 1920)
    kiosk.goto(f"{live_server.url}/kiosk#token={live_server.tokens['kiosk']}")
    kiosk.get_by_role("button", name=re.compile("Hộ tịch")).click()
    expect(kiosk.get_by_role("button", name="Đăng ký kết hôn", exact=True)).to_be_visible()

    cli(live_server.env, "staff", "create", "--username", "quanly", "--password", "mat-khau-dai",
        "--name", "Trần Thị Bình", "--role", "admin")
    admin = new_page()
    admin.goto(live_server.url + "/login?next=/admin/procedures/ket_hon")
    sign_in_form(admin, "quanly")
    admin.get_by_label("Tên tiếng Việt / Vietnamese name").fill("Đăng ký kết hôn (trong nước)")
    admin.get_by_role("button", name="Lưu thủ tục / Save procedure").click()

    # catalogue_changed: the kiosk reloads and stays on the same screen
    expect(kiosk.get_by_role("button", name="Đăng ký kết hôn (trong nước)", exact=True)).to_be_visible()
    expect(kiosk.get_by_role("heading", name="Hộ tịch")).to_be_visible()


def test_a_kiosk_with_a_revoked_token_says_so_and_still_follows_the_catalogue(live_server, new_page):
    kiosk = new_page(1080, 1920)
    kiosk.goto(f"{live_server.url}/kiosk#token=revoked-or-never-issued")
    expect(kiosk.locator("#kiosk-notice")).to_have_text(
        "Mã thiết bị của kiosk không hợp lệ hoặc đã bị thu hồi. Xin báo cán bộ.")
    kiosk.get_by_role("button", name=re.compile("Hộ tịch")).click()  # the page goes on
    kiosk.get_by_role("button", name="Đăng ký khai sinh", exact=True).click()
    details = kiosk.locator("#procedure-details")
    expect(details).to_contain_text("Quầy 1 – Hộ tịch")
    kiosk.wait_for_timeout(1500)  # the refused connection is retried without the token
    # The live events still reach it: a counter closing leaves the open details at once.
    response = requests.post(live_server.url + "/api/v1/counters/1/close", json={}, timeout=10,
                             headers={"Authorization": f"Bearer {live_server.tokens['admin']}"})
    assert response.ok, response.text
    expect(details).not_to_contain_text("Quầy 1 – Hộ tịch")
    expect(details).to_contain_text("Quầy 2 – Hộ tịch")
