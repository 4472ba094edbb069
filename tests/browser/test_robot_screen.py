"""The robot's screen (/robot) in Chromium against the real queue server, trained Rasa and action server:
typing with the on-screen Vietnamese keyboard, answers with quick replies, a ticket issued by tapping them,
each answer's audio requested, English, and axe-core."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "assistant"))  # the robot's process helpers
import robot_live  # noqa: E402
from rasa_processes import trained_model_path  # noqa: E402

# Starting Rasa (model load) is part of the first test's setup: minutes on a loaded 2-core machine.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


@pytest.fixture(scope="session")
def live_robot(tmp_path_factory):
    """The same session-wide robot as tests/assistant's (robot_live.shared)."""
    robot = robot_live.shared(trained_model_path(), tmp_path_factory)
    yield robot
    robot_live.stop_shared()


def tap(page, *keys: str) -> None:
    keyboard = page.get_by_role("group", name="Bàn phím tiếng Việt / Vietnamese keyboard")
    for key in keys:
        keyboard.locator(f'button[data-key="{key}"]').click()


def test_visitor_asks_by_keyboard_taps_quick_replies_and_gets_a_ticket(live_robot, new_page, assert_accessible):
    page = new_page(1280, 1024)
    speech = []
    page.on("request", lambda r: speech.append(r.url) if "/robot/speech.wav" in r.url else None)
    page.goto(live_robot.url + "/robot?idle=600")
    expect(page.locator("body")).to_have_attribute("data-ready", "1")
    expect(page.locator(".message.robot").first).to_contain_text("Xin chào! Tôi là robot lễ tân")
    assert_accessible(page)

    # "giờ làm việc" on the on-screen keyboard: ơ and ê are keys, the tone goes on the right vowel.
    tap(page, "g", "i", "ơ", "tone:huyen", "space", "l", "a", "m", "tone:huyen", "space", "v", "i", "ê", "c", "tone:nang")
    expect(page.get_by_label("Câu hỏi của anh/chị")).to_have_value("giờ làm việc")
    with page.expect_response(lambda r: "/robot/speech.wav" in r.url) as spoken:
        tap(page, "enter")
    assert spoken.value.status in (200, 206) and spoken.value.headers["content-type"] == "audio/wav"  # 206: media range
    hours = page.locator('.message.robot[data-intent="opening_hours"]')
    expect(hours).to_have_count(1)
    expect(hours).to_contain_text("24 giờ mỗi ngày")  # the demo centre is open 24/7
    expect(page.locator(".message.visitor p").last).to_have_text("giờ làm việc")

    # Typed without diacritics: the counter, where it is, and quick replies.
    page.get_by_label("Câu hỏi của anh/chị").fill("lam giay khai sinh o quay nao")
    page.get_by_role("button", name="Gửi", exact=True).first.click()
    answer = page.locator('.message.robot[data-intent="ask_counter"]')
    expect(answer).to_have_count(1)
    expect(answer).to_have_attribute("data-procedure", "khai_sinh")
    expect(answer.locator(".counter-card")).to_contain_text("Quầy 1 – Hộ tịch")
    expect(answer.locator(".counter-card")).to_contain_text("Tầng 1, bên trái")
    assert_accessible(page)

    answer.get_by_role("button", name="Lấy số", exact=True).click()
    ask = page.locator('.message.robot[data-intent="take_ticket"]').last
    expect(ask.get_by_role("button", name="Không ưu tiên")).to_be_visible()
    ask.get_by_role("button", name="Không ưu tiên").click()
    ticket = page.locator(".ticket-card .ticket-big")
    expect(ticket).to_have_count(1)
    number = ticket.inner_text()
    expect(page.locator(".ticket-card")).to_contain_text("Vé đang được in tại Kiosk sảnh chính")
    queue = requests.get(live_robot.url + "/api/v1/queue", timeout=10).json()
    assert number in str(queue["waiting"])
    assert len(speech) >= 3, speech  # every answer asked for its audio
    assert_accessible(page)

    # English: the labels switch, and an English question gets an English answer.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_label("Your question")).to_have_attribute("placeholder", "Type your question…")
    page.get_by_label("Your question").fill("how much is a certified copy")
    page.get_by_label("Your question").press("Enter")
    fee = page.locator('.message.robot[data-intent="ask_fee"]')
    expect(fee).to_contain_text("Fee for Certification of copies")
    assert_accessible(page)

    # A new visitor starts clean: nothing of the previous conversation stays on screen.
    page.get_by_role("button", name="New conversation").click()
    expect(page.locator(".message")).to_have_count(1)
    expect(page.locator(".ticket-card")).to_have_count(0)
