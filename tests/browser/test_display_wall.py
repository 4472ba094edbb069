"""Wall displays in real Chromium: two displays with different counters, spoken calls in order without
overlap, autoplay blocked, audio missing, and a server restart the page survives without a reload."""

from __future__ import annotations

import re
import time

import pytest
import requests
from playwright.sync_api import expect

from live_server import ROOT, cli

DEMO_CONFIG = ROOT / "config" / "demo"

FAST = "rate=4"  # the voice at 4× speed: same order and gaps, shorter tests


@pytest.fixture(scope="session")
def voice_cache(tmp_path_factory):
    """One voice cache for every live server of the run: prefilled once, like a centre's var/voice-cache."""
    return tmp_path_factory.mktemp("voice-cache")


@pytest.fixture
def server(live_server_factory, voice_cache):
    server = live_server_factory(extra_env={"MOTCUA_VOICE_ENGINE": "espeak", "MOTCUA_VOICE_CACHE": str(voice_cache)})
    server.tokens = {role: cli(server.env, "token", "create", "--role", role, "--name", name).strip().splitlines()[-1]
                     for role, name in [("kiosk", "kiosk-1"), ("staff", "canbo")]}
    return server


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
        return self.post(f"/counters/{counter}/call-next", "staff")["ticket"]["number"]

    def act(self, counter, action, body=None):
        return self.post(f"/counters/{counter}/{action}", "staff", body)["ticket"]


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


def test_blocked_autoplay_shows_the_enable_sound_button_and_keeps_the_calls(server, new_page):
    desk = Desk(server)
    page = new_page(1920, 1080)
    # What Chromium does by default on a page nobody has touched: play() is refused until a tap.
    page.add_init_script("""
      let touched = false;
      addEventListener("click", () => { touched = true; }, true);
      const play = HTMLMediaElement.prototype.play;
      HTMLMediaElement.prototype.play = function () {
        if (!touched) {
          return Promise.reject(new DOMException("autoplay blocked", "NotAllowedError"));
        }
        return play.call(this);
      };""")
    page.goto(f"{server.url}/display/hall?{FAST}")
    expect(page.locator("#counter-rows tr")).to_have_count(8)
    number = desk.issue()
    desk.call(1)
    expect(page.locator("#counter-rows tr[data-counter='1']")).to_contain_text(number)  # shown regardless
    button = page.get_by_role("button", name=re.compile("Bật âm thanh"))
    expect(button).to_be_visible()
    assert audio_state(page)["pending"] == [{"number": number, "counter": 1, "kind": "called"}]
    button.click()
    expect(button).to_be_hidden()
    wait_for(lambda: audio_state(page)["played"] == 1, timeout=30)


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
    centre = app.extensions["motcua"]
    try:
        assert counter_work.call_next(centre, counter, "test") is not None
    finally:
        centre.db.dispose()
