"""The voice reads the centre's current configuration: a counter added (or renamed) on the admin pages is
announced by its name at once, without a restart."""

import shutil
from pathlib import Path

import pytest
from page_csrf import page_csrf
from test_display_pages import demo_config_with

from queue_server.services import access
from queue_server.context import centre_of

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def signed_in_admin(app, centre):
    access.create_staff(centre, "boss", "mat-khau-dai", "Boss", "admin")
    client = app.test_client()
    assert client.post("/login", data={"username": "boss", "password": "mat-khau-dai",
                                       "csrf": page_csrf(client)}).status_code == 302
    return client, page_csrf(client, "/admin")


def call_audio_status(client, number, counter) -> int:
    response = client.get(f"/announcements/call.wav?number={number}&counter={counter}")
    response.get_data()
    response.close()  # send_file keeps the file open until then
    return response.status_code


def spoken_segments(cache: Path) -> set[str]:
    return {path.read_text(encoding="utf-8").splitlines()[1] for path in cache.glob("segments/*/*.txt")}


@needs_espeak
def test_a_counter_added_in_the_admin_is_announced_by_its_name(make_app, tmp_path):
    app = make_app(demo_config_with(tmp_path, announcement={
        "template": "Mời số {number}, đến quầy {counter}, {counter_name}"}))
    centre = centre_of(app)
    client = app.test_client()
    # The voice is in use before the admin's change (the server has been running for a while).
    assert call_audio_status(client, "A-001", 1) == 200
    admin, csrf = signed_in_admin(app, centre)
    added = admin.post("/admin/counters", data={"csrf": csrf, "number": "9", "name": "Quầy thu phí",
                                                "location": "Tầng 2", "fields": ["ho_tich"]},
                       follow_redirects=True)
    assert "Counter 9 saved" in added.get_data(as_text=True)

    assert call_audio_status(client, "A-002", 9) == 200
    assert "Quầy thu phí" in spoken_segments(Path(tmp_path / "voice-cache"))
