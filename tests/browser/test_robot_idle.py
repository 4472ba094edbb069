"""The robot's screen after the visitor leaves: "are you still there?", then a fresh conversation (new sender),
so the next visitor never inherits the last one's topic. Real Chromium on /robot, the relay's answer stubbed
(no Rasa); ?idle=2&confirm=2 shortens the production 60 s + 20 s."""

import json

from playwright.sync_api import expect

ANSWER = {"replies": [{"text": "Thủ tục Đăng ký khai sinh (lĩnh vực Hộ tịch). Quầy phục vụ: quầy số 1.",
                       "buttons": [], "intent": "ask_counter", "procedure_id": "khai_sinh", "counters": [1]}]}


def test_left_alone_the_robot_asks_then_starts_again_with_a_new_sender(live_server, new_page):
    senders = []

    def answer(route):
        senders.append(json.loads(route.request.post_data)["sender"])
        route.fulfill(json=ANSWER)

    page = new_page()
    page.route("**/api/v1/assistant/messages", answer)
    page.goto(live_server.url + "/robot?sound=off&idle=2&confirm=2")
    page.get_by_role("button", name="Làm giấy khai sinh ở quầy nào?").click()
    topic = page.locator(".message.robot", has_text="Đăng ký khai sinh")
    expect(topic).to_be_visible()

    # Still there: one tap keeps the conversation.
    still = page.locator('.message.robot[data-intent="still_there"]')
    expect(still).to_contain_text("Anh/chị còn ở đây không", timeout=10000)
    page.get_by_role("button", name="Tôi vẫn ở đây").click()
    expect(still).to_have_count(0)
    expect(topic).to_be_visible()

    # Gone: asked again, then the conversation is cleared and the greeting is back.
    expect(still).to_be_visible(timeout=10000)
    expect(topic).to_have_count(0, timeout=10000)
    expect(page.locator(".message.robot").first).to_contain_text("Xin chào")
    page.get_by_role("button", name="Làm giấy khai sinh ở quầy nào?").click()
    expect(topic).to_be_visible()
    assert len(senders) == 2 and senders[0] != senders[1], senders


def test_the_prompt_speaks_the_visitors_language(live_server, new_page):
    page = new_page()
    page.route("**/api/v1/assistant/messages", lambda route: route.fulfill(json=ANSWER))
    page.goto(live_server.url + "/robot?sound=off&lang=en&idle=2&confirm=30")
    page.locator("#question").fill("birth certificate")
    page.locator("#ask-form").evaluate("form => form.requestSubmit()")
    expect(page.locator('.message.robot[data-intent="still_there"]')).to_contain_text("Are you still there?",
                                                                                      timeout=10000)
    expect(page.get_by_role("button", name="I'm still here")).to_be_visible()
