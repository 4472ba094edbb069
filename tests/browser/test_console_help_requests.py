"""The reception robot calls for staff: the alert reaches the counter consoles live in real Chromium (with the
device's name and a tone), one staff member presses "Tôi đến ngay" and the other console sees it taken;
axe-core with the alert shown. No Rasa: the alert is raised through the API with the robot's token."""

import re

import requests
from playwright.sync_api import expect

from live_server import cli
from test_console_page import sign_in, staff

COUNT_TONES = """
window.__tones = 0;
const RealAudioContext = window.AudioContext;
window.AudioContext = class extends RealAudioContext {
  createOscillator() { window.__tones += 1; return super.createOscillator(); }
};
"""


def test_a_robot_alert_arrives_live_and_taking_it_clears_it_on_the_other_console(live_server, new_page,
                                                                                   assert_accessible):
    robot_token = cli(live_server.env, "token", "create", "--role", "kiosk", "--name", "robot-1").strip().splitlines()[-1]
    staff(live_server, "canbo1", "canbo2")
    first, second = new_page(), new_page()
    for page in (first, second):
        page.add_init_script(COUNT_TONES)
    sign_in(first, live_server, "canbo1")
    sign_in(second, live_server, "canbo2")
    expect(first.locator("#help-requests")).to_be_hidden()

    response = requests.post(live_server.url + "/api/v1/help-requests", timeout=10,
                             headers={"Authorization": f"Bearer {robot_token}"},
                             json={"reason": "mình bị mất giấy tờ gốc thì làm sao", "ticket_number": "A-003"})
    assert response.status_code == 201, response.text
    alert = response.json()["help_request"]

    for page in (first, second):
        item = page.locator(f'#help-list li[data-help-request="{alert["id"]}"]')
        expect(item).to_contain_text(f"Robot lễ tân — một công dân cần hỗ trợ, {alert['time_local']}")
        expect(item).to_contain_text("mình bị mất giấy tờ gốc thì làm sao")
        expect(item).to_contain_text("số A-003")
        expect(item.get_by_role("button", name="Tôi đến ngay")).to_be_visible()
        page.wait_for_function("window.__tones >= 3")  # the call-for-staff tone (three notes)
    assert_accessible(first)

    first.locator("#help-list").get_by_role("button", name="Tôi đến ngay").click()
    expect(first.locator("#help-message")).to_contain_text("Robot lễ tân")
    taken = second.locator(f'#help-list li[data-help-request="{alert["id"]}"]')
    expect(taken.get_by_role("button")).to_have_count(0)  # cleared: nobody else goes
    expect(taken).to_contain_text(re.compile(r"canbo1 \(quầy 1\) đang đến"))
    expect(first.locator("#help-list .help-open")).to_have_count(0)
    status = requests.get(f"{live_server.url}/api/v1/help-requests/{alert['id']}/status", timeout=10).json()
    assert status["status"] == "acknowledged"
    assert_accessible(second)


def test_the_robot_screen_shows_when_a_staff_member_has_taken_the_call(live_server, new_page):
    """/robot with the relay's answer stubbed (no Rasa): the handoff reply carries help_request_id; once a staff
    member takes the alert, the screen says so."""
    robot_token = cli(live_server.env, "token", "create", "--role", "kiosk", "--name", "robot-1").strip().splitlines()[-1]
    raised = requests.post(live_server.url + "/api/v1/help-requests", json={"reason": "gặp cán bộ"}, timeout=10,
                           headers={"Authorization": f"Bearer {robot_token}"}).json()["help_request"]
    reply = {"replies": [{"text": "Vâng, tôi đã báo cán bộ, cán bộ sẽ đến hỗ trợ anh/chị ngay.", "buttons": [],
                          "intent": "human_handoff", "procedure_id": None, "counters": [],
                          "help_request_id": raised["id"]}]}
    page = new_page()
    page.route("**/api/v1/assistant/messages", lambda route: route.fulfill(json=reply))
    page.goto(live_server.url + "/robot?sound=off")
    page.get_by_role("button", name="Gặp cán bộ").first.click()
    status = page.locator(f'.help-status[data-help-request="{raised["id"]}"]')
    expect(status).to_have_text("Đang chờ cán bộ nhận…")
    taken = requests.post(f"{live_server.url}/api/v1/help-requests/{raised['id']}/acknowledge", json={}, timeout=10,
                          headers={"Authorization": f"Bearer {live_server.tokens['staff']}"})
    assert taken.status_code == 200, taken.text
    expect(status).to_have_text("Đã báo cán bộ: cán bộ đang đến.", timeout=15000)
