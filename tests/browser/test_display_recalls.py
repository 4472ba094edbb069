"""The wall display at 1920×1080: a recalled number stands out in "Vừa gọi" only while its visitor is still
called or at the desk; once finished it looks like any past call (live, and after a reload)."""

from playwright.sync_api import expect

from test_display_wall import Desk, server, voice_cache  # noqa: F401 (fixtures)


def test_a_finished_recall_no_longer_stands_out(server, new_page, assert_accessible):
    desk = Desk(server)
    first = desk.issue()
    hall = new_page(1920, 1080)
    hall.goto(server.url + "/display/hall?sound=off")
    expect(hall.locator("#last-calls li")).to_have_count(0)
    assert desk.call(1) == first
    desk.act(1, "recall")
    expect(hall.locator("#last-calls li.recalled")).to_contain_text(first)
    desk.act(1, "done")
    expect(hall.locator("#counter-rows tr[data-counter='1'] td.number")).to_have_text("—")
    expect(hall.locator("#last-calls li")).to_have_count(2)
    expect(hall.locator("#last-calls li.recalled")).to_have_count(0)
    hall.reload()  # the same from the snapshot
    expect(hall.locator("#last-calls li")).to_have_count(2)
    expect(hall.locator("#last-calls li.recalled")).to_have_count(0)
    assert_accessible(hall)


def test_the_sound_button_draws_its_icon_without_an_emoji_font(server, new_page):
    hall = new_page(1920, 1080)
    hall.goto(server.url + "/display/hall")
    assert "🔊" not in hall.content()
    expect(hall.locator("#enable-sound svg.icon")).to_have_count(1)
