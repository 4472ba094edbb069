"""Wall displays in real Chromium: two displays with different counters, spoken calls in order without
overlap, autoplay blocked, audio missing, and a server restart the page survives without a reload."""

from __future__ import annotations

import array
import io
import math
import re
import time
import wave
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
import yaml
from playwright.sync_api import expect

from live_server import ROOT, cli, sign_in_form
from queue_server.context import centre_of

DEMO_CONFIG = ROOT / "config" / "demo"

FAST = "rate=4"  # the voice at 4× speed: same order and gaps, shorter tests


@pytest.fixture(scope="session")
def voice_cache(tmp_path_factory):
    """One voice cache for every live server of the run: prefilled once, like a centre's var/voice-cache."""
    return tmp_path_factory.mktemp("voice-cache")


def start_server(live_server_factory, voice_cache, config_path=DEMO_CONFIG):
    server = live_server_factory(config_path=config_path,
                                 extra_env={"MOTCUA_VOICE_ENGINE": "espeak", "MOTCUA_VOICE_CACHE": str(voice_cache)})
    server.tokens = {role: cli(server.env, "token", "create", "--role", role, "--name", name).strip().splitlines()[-1]
                     for role, name in [("kiosk", "kiosk-1"), ("staff", "canbo")]}
    return server


@pytest.fixture
def server(live_server_factory, voice_cache, busy_kiosk_config):
    """The walls are fed a day's tickets in seconds from kiosk-1: faster than a kiosk's human pace."""
    return start_server(live_server_factory, voice_cache, busy_kiosk_config)


class Desk:
    """Kiosk and counter actions over the API, as the kiosk and the counter pages send them."""

    def __init__(self, server):
        self.url, self.tokens = server.url, server.tokens

    def post(self, path, role, body=None):
        response = requests.post(f"{self.url}/api/v1{path}", json=body or {}, timeout=10,
                                 headers={"Authorization": f"Bearer {self.tokens[role]}"})
        assert response.ok, response.text
        return response.json()

    def issue(self, procedure="khai_sinh"):
        return self.post("/tickets", "kiosk", {"procedure_id": procedure})["ticket"]["number"]

    def call(self, counter):
        self.post("/console/claim", "staff", {"counter_number": counter})  # staff act at the counter they hold
        return self.post(f"/counters/{counter}/call-next", "staff")["ticket"]["number"]

    def act(self, counter, action, body=None):
        self.post("/console/claim", "staff", {"counter_number": counter})
        return self.post(f"/counters/{counter}/{action}", "staff", body)["ticket"]


# What Chromium does by default on a page nobody has touched: play() is refused until a tap.
BLOCKED_AUTOPLAY = """
  let touched = false;
  addEventListener("click", () => { touched = true; }, true);
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    return touched ? play.call(this) : Promise.reject(new DOMException("autoplay blocked", "NotAllowedError"));
  };"""


def audio_state(page):
    return page.evaluate("window.motcuaAudioQueue.state()")


def wait_for(predicate, timeout=60, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("timed out")


def test_a_call_appears_on_each_display_that_shows_its_counter(server, new_page, assert_accessible):
    desk = Desk(server)
    hall = new_page(1920, 1080)
    hall.goto(server.url + "/display/hall?sound=off")
    floor = new_page(1920, 1080)
    floor.goto(server.url + "/display/floor-2?sound=off")
    expect(hall.locator("#counter-rows tr")).to_have_count(8)
    expect(floor.locator("#counter-rows tr")).to_have_count(1)
    expect(floor.locator("#waiting-fields li")).to_have_count(4)  # the fields of counter 7 only
    expect(floor.locator(".notice-text")).to_contain_text("Tầng 2 – Quầy 7")

    a1, f1 = desk.issue("khai_sinh"), desk.issue("tro_cap_xa_hoi")
    expect(hall.locator("#waiting-fields")).to_contain_text("Hộ tịch: 1")
    expect(floor.locator("#waiting-fields")).to_contain_text("Bảo trợ xã hội: 1")
    assert desk.call(1) == a1
    assert desk.call(7) == f1
    row1, row7 = hall.locator("#counter-rows tr[data-counter='1']"), hall.locator("#counter-rows tr[data-counter='7']")
    expect(row1).to_contain_text(a1)
    expect(row7).to_contain_text(f1)
    expect(row7).to_have_class("fresh")
    expect(floor.locator("#counter-rows tr[data-counter='7']")).to_contain_text(f1)
    expect(floor.locator("#counter-rows tr[data-counter='7']")).to_have_class("fresh")
    # The counter-1 call came first: the floor display has seen it and ignored it.
    expect(floor.locator("#last-calls li")).to_have_count(1)
    expect(floor.locator("body")).not_to_contain_text(a1)

    desk.act(7, "recall")
    expect(floor.locator("#last-calls li")).to_have_count(2)
    expect(floor.locator("#last-calls li.recalled")).to_contain_text(f1)

    desk.act(1, "transfer", {"field_id": "chung_thuc"})  # the visitor was at the wrong desk
    expect(row1.locator("td.number")).to_have_text("—")
    expect(hall.locator("#waiting-fields")).to_contain_text("Chứng thực: 1")

    counter_page = new_page(1280, 720)
    counter_page.goto(server.url + "/display/counter/7")
    expect(counter_page.locator("#counter-number")).to_have_text(f1)
    desk.act(7, "start")
    expect(counter_page.locator("#counter-state")).to_contain_text("Đang phục vụ")
    desk.act(7, "done")
    expect(counter_page.locator("#counter-number")).to_have_text("—")

    unknown = new_page()
    assert unknown.goto(server.url + "/display/lobby").status == 404
    expect(unknown.get_by_role("alert")).to_contain_text("lobby")
    for page in (hall, floor, counter_page, unknown):
        assert_accessible(page)


def test_a_burst_of_calls_is_announced_in_order_without_overlap(server, new_page):
    desk = Desk(server)
    hall = new_page(1920, 1080)
    hall.goto(f"{server.url}/display/hall?{FAST}")
    expect(hall.locator("#counter-rows tr")).to_have_count(8)
    for procedure in ["khai_sinh"] * 3 + ["chung_thuc_ban_sao"] * 2:
        desk.issue(procedure)
    called = [(desk.call(counter), counter) for counter in (1, 3, 2, 4, 8)]  # faster than speech
    desk.act(3, "recall")
    called.append((called[1][0], 3))
    for number, counter in called:
        expect(hall.locator(f"#counter-rows tr[data-counter='{counter}']")).to_contain_text(number)

    state = wait_for(lambda: (s := audio_state(hall))["played"] == 6 and s, timeout=90)
    log = state["log"]
    assert not state["blocked"] and not state["pending"]
    # chime, call, call for each, in the order called, the recall announced again
    assert [(e["number"], e["counter"], e["part"]) for e in log] == [
        (number, counter, part) for number, counter in called for part in ("chime", "call", "call")]
    assert [e["kind"] for e in log[::3]] == ["called"] * 5 + ["recalled"]
    assert all(e["status"] == "ended" for e in log), log
    for before, after in zip(log, log[1:]):
        assert after["start"] >= before["end"], (before, after)  # one at a time, none cut off
    assert hall.locator("body").get_attribute("data-announced") == "6"


OVERFLOW_JS = """() => {
  // Every box drawn inside the viewport and inside the nearest ancestor that clips it, no text cut off
  // (the notice line scrolls on purpose, the visually hidden table head is for screen readers).
  const problems = [];
  const label = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
    " " + JSON.stringify((el.textContent || "").trim().slice(0, 30));
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".wall-notice, .visually-hidden, script, [hidden]")) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) {
      problems.push("outside the viewport: " + label(el));
    }
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible") {
      problems.push("text cut off: " + label(el));
    }
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflow === "visible") continue;
      const b = box.getBoundingClientRect();
      if (r.left < b.left - 0.5 || r.top < b.top - 0.5 || r.right > b.right + 0.5 || r.bottom > b.bottom + 0.5) {
        problems.push("clipped by " + label(box) + ": " + label(el));
      }
      break;
    }
  }
  const root = document.documentElement;
  if (root.scrollWidth > innerWidth || root.scrollHeight > innerHeight) {
    problems.push(`scrollable: ${root.scrollWidth}×${root.scrollHeight}`);
  }
  return problems;
}"""


def test_the_wall_fits_a_1920x1080_screen_and_shows_the_centres_time(server, browser):
    desk = Desk(server)
    # A browser set to another time zone: the clock must still show the centre's (Asia/Ho_Chi_Minh).
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN",
                                  timezone_id="America/New_York")
    try:
        page = context.new_page()
        page.goto(f"{server.url}/display/hall?sound=off")
        expect(page.locator("#counter-rows tr")).to_have_count(8)
        serving = ["khai_sinh", "khai_sinh", "chung_thuc_ban_sao", "chung_thuc_ban_sao", "cap_gcn_lan_dau",
                   "thanh_lap_hkd", "tro_cap_xa_hoi", "gpxd_nha_o"]  # one for each of the 8 counters
        waiting = ["khai_sinh", "chung_thuc_ban_sao", "cap_gcn_lan_dau", "gpxd_nha_o", "thanh_lap_hkd",
                   "tro_cap_xa_hoi", "tho_cung_liet_si", "chuyen_truong_thcs", "karaoke"]  # every field's count
        for procedure in serving + waiting:
            desk.issue(procedure)
        for counter in range(1, 9):
            desk.call(counter)
        expect(page.locator("#counter-rows tr.fresh")).to_have_count(8)
        expect(page.locator("#last-calls li")).to_have_count(4)
        problems = page.evaluate(OVERFLOW_JS)
        assert not problems, "\n".join(problems)

        before = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")) - timedelta(seconds=2)  # the page ticks each second
        shown = page.locator("#clock-time").text_content()
        after = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
        assert shown in {before.strftime("%H:%M"), after.strftime("%H:%M")}, shown
        assert page.locator("#clock-date").text_content().endswith((before.strftime("%d/%m/%Y"),
                                                                    after.strftime("%d/%m/%Y")))
    finally:
        context.close()


def test_the_newest_call_is_highlighted_for_the_configured_time(live_server_factory, voice_cache, new_page,
                                                                 tmp_path):
    data = yaml.safe_load((DEMO_CONFIG / "centre.yaml").read_text(encoding="utf-8"))
    data["catalogue"] = str(DEMO_CONFIG / "catalogue.yaml")
    data["announcement"]["highlight_seconds"] = 3
    config = tmp_path / "centre.yaml"
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    server = start_server(live_server_factory, voice_cache, config)
    desk = Desk(server)
    page = new_page(1920, 1080)
    page.goto(f"{server.url}/display/hall?sound=off")
    expect(page.locator("#counter-rows tr")).to_have_count(8)
    number = desk.issue()
    desk.call(1)
    row = page.locator("#counter-rows tr[data-counter='1']")
    expect(row).to_have_class("fresh", timeout=5000)
    shown = time.monotonic()
    expect(row).not_to_have_class("fresh", timeout=8000)
    # 3 s after the call arrived, give or take the page's 1 s tick (the demo's 20 s would fail this)
    assert 2.5 <= time.monotonic() - shown <= 5.5
    expect(row).to_contain_text(number)  # the number stays, only the highlight ends


def tone_wav(seconds=0.2, rate=22050) -> bytes:
    """A short beep as WAV, standing in for the chime and the speech where only the queue's order matters."""
    samples = array.array("h", (int(8000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(int(seconds * rate))))
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples.tobytes())
    return out.getvalue()


def set_display_sound(admin, server, display_id, on):
    """As a manager does it on /admin/displays; the open display hears display_settings_changed."""
    if "/admin/displays" not in admin.url:
        cli(server.env, "staff", "create", "--username", "quanly", "--password", "mat-khau-dai",
            "--name", "Trần Thị Bình", "--role", "manager")
        admin.goto(server.url + "/login?next=/admin/displays")
        sign_in_form(admin, "quanly")
        expect(admin.get_by_role("heading", level=1)).to_have_text("Màn hình / Displays")
    card = admin.locator(f"#display-{display_id}")
    card.get_by_label(f"Đọc số bằng loa ({display_id}) / Announce calls aloud ({display_id})").set_checked(on)
    card.get_by_role("button", name=f"Lưu màn hình {display_id} / Save display {display_id}").click()
    expect(admin.get_by_role("status")).to_contain_text(f"Display {display_id} saved")


def test_a_long_queue_keeps_every_call_and_switching_the_sound_off_empties_it(server, new_page):
    desk = Desk(server)
    hall = new_page(1920, 1080)
    beep, hold = tone_wav(), {"speech": False}
    hall.route("**/announcements/chime.wav", lambda route: route.fulfill(body=beep, content_type="audio/wav"))
    hall.route("**/announcements/call.wav*", lambda route: None if hold["speech"] else
               route.fulfill(body=beep, content_type="audio/wav"))
    hall.goto(f"{server.url}/display/hall?{FAST}")
    expect(hall.locator("#counter-rows tr")).to_have_count(8)

    # 60 calls at once, more than speech can keep up with: every one is said, the oldest ones once.
    numbers = [f"A-{n:03d}" for n in range(1, 61)]
    hall.evaluate("""(numbers) => { for (const number of numbers)
                                      window.motcuaAudioQueue.enqueue({ number, counter: 1, kind: "called" }); }""",
                  numbers)
    state = audio_state(hall)
    assert len(state["pending"]) + (state["current"] is not None) == 60  # none dropped
    state = wait_for(lambda: (s := audio_state(hall))["played"] == 60 and s, timeout=120)
    log = state["log"]
    assert [e["number"] for e in log if e["part"] == "chime"] == numbers
    rounds = {n: len([e for e in log if e["number"] == n and e["part"] == "call"]) for n in numbers}
    long_queue = hall.evaluate("MotCuaAudioQueue.LONG_QUEUE")
    assert [rounds[n] for n in numbers] == [1] * (60 - long_queue) + [2] * long_queue
    assert all(e["status"] == "ended" for e in log), log
    for before, after in zip(log, log[1:]):
        assert after["start"] >= before["end"], (before, after)  # still one at a time

    # Speech slow to come while the sound is switched off: the waiting calls are forgotten, not said later.
    hold["speech"] = True
    for counter in (1, 2, 8):
        desk.issue()
        desk.call(counter)
    hall.wait_for_function("window.motcuaAudioQueue.state().pending.length === 2")
    admin = new_page()
    set_display_sound(admin, server, "hall", False)
    expect(hall.locator("body")).to_have_attribute("data-sound", "off")
    state = audio_state(hall)
    assert state["pending"] == [] and state["current"] is None and state["played"] == 60
    hold["speech"] = False
    set_display_sound(admin, server, "hall", True)
    expect(hall.locator("body")).to_have_attribute("data-sound", "on")
    number = desk.issue()
    desk.call(1)
    state = wait_for(lambda: (s := audio_state(hall))["played"] == 61 and s, timeout=30)
    assert [e["number"] for e in state["log"] if e["status"] == "ended"][-3:] == [number] * 3  # only the new call


def hall_with_autoplay_blocked(server, new_page):
    page = new_page(1920, 1080)
    page.add_init_script(BLOCKED_AUTOPLAY)
    page.goto(f"{server.url}/display/hall?{FAST}")
    expect(page.locator("#counter-rows tr")).to_have_count(8)
    return page


def test_blocked_autoplay_shows_the_enable_sound_button_and_keeps_the_calls(server, new_page):
    desk = Desk(server)
    page = hall_with_autoplay_blocked(server, new_page)
    number = desk.issue()
    desk.call(1)
    expect(page.locator("#counter-rows tr[data-counter='1']")).to_contain_text(number)  # shown regardless
    button = page.get_by_role("button", name=re.compile("Bật âm thanh"))
    expect(button).to_be_visible()
    assert audio_state(page)["pending"] == [{"number": number, "counter": 1, "kind": "called"}]
    button.click()
    expect(button).to_be_hidden()
    wait_for(lambda: audio_state(page)["played"] == 1, timeout=30)


def test_calls_that_waited_too_long_for_the_tap_are_not_said_late(server, new_page):
    desk = Desk(server)
    page = hall_with_autoplay_blocked(server, new_page)
    old = desk.issue()
    desk.call(1)
    button = page.get_by_role("button", name=re.compile("Bật âm thanh"))
    expect(button).to_be_visible()
    page.evaluate("MotCuaAudioQueue.STALE_MS = 1500")  # hours of waiting, in a test's time
    page.wait_for_timeout(2000)
    fresh = desk.issue()
    desk.call(2)
    wait_for(lambda: len(audio_state(page)["pending"]) == 2, timeout=10)
    button.click()
    wait_for(lambda: audio_state(page)["played"] == 1 and not audio_state(page)["pending"], timeout=30)
    log = audio_state(page)["log"]
    assert (old, "expired") in {(e["number"], e["status"]) for e in log}
    assert {e["number"] for e in log if e["status"] == "ended"} == {fresh}  # only the fresh call is said
    expect(page.locator("#counter-rows tr[data-counter='1']")).to_contain_text(old)  # still on the screen


def test_missing_speech_still_plays_the_chime_and_shows_the_call(server, new_page):
    desk = Desk(server)
    page = new_page(1920, 1080)
    page.route("**/announcements/call.wav*", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(f"{server.url}/display/hall?{FAST}")
    expect(page.locator("#counter-rows tr")).to_have_count(8)
    first, second = desk.issue(), desk.issue()
    desk.call(1)
    desk.call(2)
    expect(page.locator("#last-calls li")).to_have_count(2)
    log = wait_for(lambda: (s := audio_state(page)) and not s["pending"] and not s["current"]
                   and len(s["log"]) == 4 and s["log"], timeout=30)
    assert [(e["number"], e["part"], e["status"]) for e in log] == [
        (first, "chime", "ended"), (first, "call", "error"), (second, "chime", "ended"), (second, "call", "error")]


def test_after_a_server_restart_the_display_shows_the_right_state_without_a_reload(server, new_page, tmp_path):
    desk = Desk(server)
    page = new_page(1920, 1080)
    page.goto(f"{server.url}/display/hall?sound=off")
    first, second = desk.issue(), desk.issue()
    desk.call(1)
    expect(page.locator("#counter-rows tr[data-counter='1']")).to_contain_text(first)
    page.evaluate("window.loadedOnce = true")

    server.stop()
    expect(page.locator("#connection")).to_be_visible()
    # While the server is down, another process calls the second visitor (nobody hears the event).
    call_while_down(server.env["DATABASE_URL"], tmp_path, counter=2)
    server.start()

    expect(page.locator("#connection")).to_be_hidden(timeout=20000)
    expect(page.locator("#counter-rows tr[data-counter='2']")).to_contain_text(second, timeout=10000)
    expect(page.locator("#last-calls li")).to_have_count(2)
    assert page.evaluate("window.loadedOnce") is True  # the same page, never reloaded
    third = desk.issue()
    desk.call(8)  # and live events flow again
    expect(page.locator("#counter-rows tr[data-counter='8']")).to_contain_text(third)


def call_while_down(database_url: str, tmp_path, counter: int) -> None:
    from queue_server import create_app
    from queue_server.services import counter_work
    from queue_server.settings import Settings

    app = create_app(Settings(config_path=str(DEMO_CONFIG), database_url=database_url,
                              var_dir=str(tmp_path / "offline-var"), secret_key="test-secret"))
    centre = centre_of(app)
    try:
        assert counter_work.call_next(centre, counter, "test") is not None
    finally:
        centre.db.dispose()


def test_after_the_display_was_offline_it_shows_the_right_number_without_a_reload(server, new_page):
    """A snapshot load caught by the network drop hangs (a half-open connection answers nothing): the
    reconnect must load the snapshot afresh instead of waiting for it, and must not be overwritten by it."""
    desk = Desk(server)
    page = new_page(1920, 1080)
    hang, held = False, []  # snapshot requests left unanswered, like a request on a dead connection
    page.route("**/api/v1/queue", lambda route: held.append(route) if hang else route.continue_())
    page.goto(f"{server.url}/display/hall?sound=off")
    first, second, third = desk.issue(), desk.issue(), desk.issue()
    desk.call(1)
    expect(page.locator("#counter-rows tr[data-counter='1']")).to_contain_text(first)
    page.evaluate("window.loadedOnce = true")

    hang = True
    page.evaluate("() => { window.motcuaBoard.refresh(); }")  # the minute's reload, in flight when the network drops
    for _ in range(100):  # route handlers run while Playwright is waiting, not during time.sleep
        if held:
            break
        page.wait_for_timeout(100)
    assert held
    page.context.set_offline(True)
    expect(page.locator("#connection")).to_be_visible(timeout=30000)
    desk.call(2)  # events the display cannot hear
    desk.call(1)
    hang = False
    page.context.set_offline(False)

    expect(page.locator("#connection")).to_be_hidden(timeout=20000)
    rows = page.locator("#counter-rows")
    # sooner than the snapshot timeout (10 s): the reconnect loaded it afresh, not after the hung one
    expect(rows.locator("tr[data-counter='2']")).to_contain_text(second, timeout=5000)
    expect(rows.locator("tr[data-counter='1']")).to_contain_text(third)
    assert page.evaluate("window.loadedOnce") is True  # the same page, never reloaded
    fourth = desk.issue()
    desk.call(8)  # and live events flow again
    expect(rows.locator("tr[data-counter='8']")).to_contain_text(fourth)

    # A load that hangs while connected is given up (then retried by the board), not waited for forever.
    page.evaluate("async () => { MotCua.SNAPSHOT_TIMEOUT_MS = 500; await window.motcuaBoard.refresh(); }")
    hang = True
    answer = page.evaluate("async () => (await window.motcuaBoard.refresh()).data.error.code")
    assert answer == "timeout" and len(held) >= 2
