"""The kiosk pages' settings: the centre's `kiosk:` section, per-kiosk overrides, validation, and what
GET /api/v1/devices/me gives a kiosk (its settings and its printer's last status)."""

from pathlib import Path

import pytest
import yaml

from queue_server.centre_config import ConfigError, KioskSettings, load_centre_config

DEMO = Path(__file__).resolve().parents[2] / "config" / "demo"


def centre_file(tmp_path: Path, kiosk: dict | None = None, device: dict | None = None) -> Path:
    data = yaml.safe_load((DEMO / "centre.yaml").read_text(encoding="utf-8"))
    data["catalogue"] = str(DEMO / "catalogue.yaml")
    if kiosk is not None:
        data["kiosk"] = kiosk
    if device is not None:
        data["devices"]["kiosks"][0].update(device)
    path = tmp_path / "centre.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_demo_kiosk_settings_and_a_kiosk_overriding_them(tmp_path):
    demo = load_centre_config(DEMO)
    assert demo.kiosk == KioskSettings(confirmation_seconds=30, no_paper_confirmation_seconds=90, idle_seconds=60,
                                       idle_question_seconds=15, large_text=False, nearby_wait_minutes=30)
    config = load_centre_config(centre_file(tmp_path, kiosk={"confirmation_seconds": 20, "idle_seconds": 0},
                                            device={"confirmation_seconds": 45, "large_text": True}))
    assert config.kiosk.confirmation_seconds == 20 and config.kiosk.idle_seconds == 0
    own = config.kiosk_settings("kiosk-1")
    assert (own.confirmation_seconds, own.large_text, own.idle_seconds) == (45, True, 0)  # the rest inherited
    assert config.kiosk_settings("kiosk-9") == config.kiosk  # an unconfigured kiosk gets the centre's
    assert config.device("hall").kiosk is None  # displays have none


@pytest.mark.parametrize("kiosk, device, key, problem", [
    ({"confirmation_seconds": 1}, None, "kiosk.confirmation_seconds", "from 3 to 3600"),
    ({"confirmation_seconds": "30"}, None, "kiosk.confirmation_seconds", "from 3 to 3600"),
    ({"idle_seconds": 10}, None, "kiosk.idle_seconds", "0 (never)"),
    ({"idle_question_seconds": -1}, None, "kiosk.idle_question_seconds", "up to 600"),
    ({"large_text": "yes"}, None, "kiosk.large_text", "true or false"),
    ({"nearby_wait_minutes": -5}, None, "kiosk.nearby_wait_minutes", "0 (never)"),
    ({"confirm_seconds": 30}, None, "kiosk.confirm_seconds", "unknown key"),
    (None, {"no_paper_confirmation_seconds": 0}, "devices.kiosks[0].no_paper_confirmation_seconds", "from 3"),
])
def test_wrong_kiosk_settings_name_the_key(tmp_path, kiosk, device, key, problem):
    with pytest.raises(ConfigError) as raised:
        load_centre_config(centre_file(tmp_path, kiosk=kiosk, device=device))
    assert raised.value.key == key and problem in raised.value.problem


def test_devices_me_gives_a_kiosk_its_settings_and_printer_status(client, auth):
    me = client.get("/api/v1/devices/me", headers=auth("kiosk")).get_json()
    assert me["kiosk"] == {"confirmation_seconds": 30, "no_paper_confirmation_seconds": 90, "idle_seconds": 60,
                           "idle_question_seconds": 15, "large_text": False, "nearby_wait_minutes": 30}
    assert me["printer"]["device_id"] == "kiosk-1" and me["printer"]["printer_status"] == "unknown"
    client.post("/api/v1/devices/me/status", json={"printer_status": "paper_out", "detail": "cover open"},
                headers=auth("kiosk"))
    printer = client.get("/api/v1/devices/me", headers=auth("kiosk")).get_json()["printer"]
    assert printer["printer_status"] == "paper_out" and printer["detail"] == "cover open" and printer["updated_at"]
    display = client.get("/api/v1/devices/me", headers=auth("display")).get_json()
    assert "kiosk" not in display and "printer" not in display
