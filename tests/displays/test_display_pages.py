"""The display pages: which counters and fields each display shows, its notice, and clear 404s."""

import json
import logging
import re
from pathlib import Path

import pytest
import yaml
from queue_server.context import centre_of

DEMO = Path(__file__).resolve().parents[2] / "config" / "demo"


def demo_config_with(tmp_path, displays=None, announcement=None) -> Path:
    """The demo centre with other displays and/or announcement settings, written to tmp_path."""
    data = yaml.safe_load((DEMO / "centre.yaml").read_text(encoding="utf-8"))
    data["catalogue"] = str(DEMO / "catalogue.yaml")
    if displays is not None:
        data["devices"]["displays"] = displays
    data["announcement"].update(announcement or {})
    path = tmp_path / "centre.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def page_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_hall_shows_every_counter_and_field_with_the_centre_notice(client):
    response = client.get("/display/hall")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    data = page_data(html)
    assert data["counters"] == [1, 2, 3, 4, 5, 6, 7, 8] and data["fields"] is None
    assert data["sound"] is True and data["repeat"] == 2 and data["highlight_seconds"] == 20
    assert "Vui lòng giữ phiếu và chờ gọi số" in html
    assert "Màn hình sảnh chính" in html


def test_floor_display_shows_its_counters_their_fields_and_its_own_notice(client):
    html = client.get("/display/floor-2").get_data(as_text=True)
    data = page_data(html)
    assert data["counters"] == [7]
    assert data["fields"] == ["bao_tro_xa_hoi", "nguoi_co_cong", "giao_duc", "van_hoa_xa_hoi"]
    assert "Tầng 2 – Quầy 7" in html and "Vui lòng giữ phiếu" not in html


def test_display_fields_and_sound_come_from_configuration(make_app, tmp_path):
    config = demo_config_with(tmp_path, displays=[
        {"id": "quiet", "name": "Màn hình phòng họp", "counters": [3, 4], "fields": ["chung_thuc"], "sound": False}])
    client = make_app(config).test_client()
    data = page_data(client.get("/display/quiet").get_data(as_text=True))
    assert data == {**data, "counters": [3, 4], "fields": ["chung_thuc"], "sound": False}


def test_sound_can_be_switched_off_and_the_rate_is_clamped(client):
    assert page_data(client.get("/display/hall?sound=off").get_data(as_text=True))["sound"] is False
    assert page_data(client.get("/display/hall?rate=99").get_data(as_text=True))["rate"] == 4.0
    assert page_data(client.get("/display/hall?rate=abc").get_data(as_text=True))["rate"] == 1.0


@pytest.mark.parametrize("path, message", [
    ("/display/lobby", "Không có màn hình “lobby”"),
    ("/display/kiosk-1", "Không có màn hình “kiosk-1”"),  # a kiosk is not a display
    ("/display/counter/99", "Không có quầy số 99"),
])
def test_unknown_display_is_a_clear_404_listing_the_configured_ones(client, path, message):
    response = client.get(path)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert message in html and 'href="/display/hall"' in html and 'href="/display/counter/3"' in html
    assert 'id="counter-rows"' not in html


def test_counter_display_names_its_counter(client):
    response = client.get("/display/counter/3")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Quầy 3 – Chứng thực" in html and "Tầng 1, giữa sảnh" in html
    assert page_data(html)["counter"] == 3


@pytest.mark.parametrize("path", ["/display/hall", "/display/counter/1", "/display/nope"])
def test_pages_keep_to_the_content_security_policy(client, path):
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*(src=|type=\"application/json\"))", html)


def test_a_counter_no_display_shows_is_warned_about_at_start_up_and_once_at_its_calls(make_app, tmp_path, caplog):
    from queue_server.services import access

    caplog.set_level(logging.WARNING, logger="displays")
    make_app()  # the demo's hall shows every counter
    assert not [r for r in caplog.records if r.name == "displays"]

    app = make_app(demo_config_with(tmp_path, displays=[
        {"id": "hall", "name": "Màn hình sảnh chính", "counters": [1, 2, 3, 4, 5, 6]},
        {"id": "floor-2", "name": "Màn hình tầng 2", "counters": [7]}]),
        url=f"sqlite:///{tmp_path / 'other.db'}")  # a database of its own: devices are seeded only once
    assert [r.getMessage() for r in caplog.records if r.name == "displays"] == [
        "devices.displays: counters shown on no display: 8 (their calls will be seen and heard by nobody in the hall; "
        "/admin/devices registers a display)"]
    caplog.clear()

    centre, client = centre_of(app), app.test_client()
    kiosk, staff = access.create_token(centre, "kiosk", "kiosk-1"), access.create_token(centre, "staff", "canbo")
    for _ in range(3):
        assert client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"},
                           headers={"Authorization": f"Bearer {kiosk}"}).status_code == 201
    for path in ("/counters/8/call-next", "/counters/8/recall", "/counters/8/call-next", "/counters/1/call-next"):
        number = int(path.split("/")[2])  # staff work at the counter they hold: taken first
        client.post("/api/v1/console/claim", json={"counter_number": number}, headers={"Authorization": f"Bearer {staff}"})
        response = client.post("/api/v1" + path, json={}, headers={"Authorization": f"Bearer {staff}"})
        assert response.status_code == 200, response.get_json()
    warnings = [r.getMessage() for r in caplog.records if r.name == "displays"]
    assert len(warnings) == 1, warnings  # once for counter 8, not per call; counter 1 is on the hall display
    assert warnings[0].startswith("counter 8 is shown on no display: A-001 there is not seen or heard in the hall")


def test_a_display_token_is_seen_and_once_revoked_it_is_refused_and_the_change_announced(app, centre, client, tokens):
    from queue_server.realtime import socketio
    from queue_server.services import device_admin

    def hall_seen():
        return next(d for d in device_admin.devices_view(centre) if d["id"] == "hall")["last_seen"]

    assert hall_seen() is None
    display = {"Authorization": f"Bearer {tokens['display']}"}
    assert client.get("/api/v1/queue", headers=display).status_code == 200  # the page's snapshot load
    assert hall_seen() is not None
    assert socketio.test_client(app, auth={"token": tokens["display"]}).is_connected()

    listener = socketio.test_client(app)
    listener.get_received()
    assert device_admin.revoke_device(centre, "hall") == 1
    assert [(e["name"], e["args"]) for e in listener.get_received()] == [("devices_changed", [{}])]  # no names, no tokens
    listener.disconnect()
    assert not socketio.test_client(app, auth={"token": tokens["display"]}).is_connected()
    assert client.get("/api/v1/devices/me", headers=display).status_code == 401  # what the open page asks
    assert client.get("/api/v1/queue", headers=display).status_code == 200  # the display stays public
