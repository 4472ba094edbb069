"""The robot's screen without Rasa (the relay's answer stubbed): the counter's location icon is an inline SVG
(the robot has no emoji font: "📍" showed as an empty box), and the five tone keys' accessible names contain
what they show (axe's label-content-name-mismatch, which axe runs only when asked), in both languages."""

from playwright.sync_api import expect


REPLY = {"replies": [{"text": "Anh/chị đến quầy sau:", "buttons": [], "intent": "ask_counter",
                      "procedure_id": "khai_sinh", "counters": [1], "help_request_id": None}]}


def name_mismatches(page):
    """axe's label-content-name-mismatch (an experimental rule, off by default) on the page."""
    page.add_script_tag(path="node_modules/axe-core/axe.min.js")
    result = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'rule',
        values: ['label-content-name-mismatch']}})).violations.flatMap((v) => v.nodes.map((n) => n.target))""")
    return result


def test_the_location_icon_is_drawn_without_an_emoji_font(live_server, new_page, assert_accessible):
    page = new_page(1280, 1024)
    page.route("**/api/v1/assistant/messages", lambda route: route.fulfill(json=REPLY))
    page.goto(live_server.url + "/robot?sound=off")
    page.get_by_label("Câu hỏi của anh/chị").fill("khai sinh ở quầy nào")
    page.keyboard.press("Enter")
    location = page.locator(".counter-location").first
    expect(location).to_contain_text("Tầng 1, bên trái")
    expect(location.locator("svg.icon")).to_have_count(1)
    assert "📍" not in page.locator("body").inner_text()
    assert_accessible(page)


def test_the_tone_keys_are_named_by_what_they_show(live_server, new_page):
    for lang in ("vi", "en"):
        page = new_page(1280, 1024)
        page.goto(live_server.url + f"/robot?sound=off&lang={lang}")
        keyboard = page.get_by_role("group", name="Bàn phím tiếng Việt / Vietnamese keyboard")
        expect(keyboard.get_by_role("button", name="á sắc", exact=False)).to_have_count(1)
        assert name_mismatches(page) == []
