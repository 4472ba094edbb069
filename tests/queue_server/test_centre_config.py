"""A wrong configuration stops the server with a message naming the file, the key and the problem."""

import subprocess
import sys
from pathlib import Path

import pytest

from queue_server.centre_config import ConfigError, load_centre_config
from tests_support import demo_centre_yaml

ROOT = Path(__file__).resolve().parents[2]


def test_demo_centre_loads_with_the_reference_catalogue_ids():
    config = load_centre_config(ROOT / "config" / "demo")
    assert config.timezone.key == "Asia/Ho_Chi_Minh" and config.opening_hours.always
    assert config.procedure("khai_sinh").name_vi == "Đăng ký khai sinh"
    assert config.procedure("chung_thuc_ban_sao").field_id == "chung_thuc"
    assert config.procedure("thuong_tru").redirect  # residence goes to the commune police
    assert [c.number for c in config.counters] == list(range(1, 9))
    assert config.device("robot-1").printing_kiosk == "kiosk-1"


@pytest.mark.parametrize("extra, key, problem", [
    ("counters: [{number: 1, name: Q1, fields: [nothing]}]", "counters[0].fields", "no field 'nothing'"),
    ("counters: [{number: 1, fields: [ho_tich]}, {number: 1, fields: [ho_tich]}]", "counters[1].number", "twice"),
    ("opening_hours: {mon: ['7h-11h']}", "centre.opening_hours.mon", "not a period"),
    ("opening_hours: {funday: []}", "centre.opening_hours.funday", "unknown weekday"),
    ("opening_hours: {mon: ['17:00-07:00']}", "centre.opening_hours.mon", "ends before it starts"),
    ("timezone: Mars/Olympus", "centre.timezone", "unknown time zone"),
    ("numbering: {digits: 3, daily_cap: 5000}", "numbering.daily_cap", "does not fit in 3 digits"),
    ("priority: {categories: [{id: old, vi: Già}], policy: {mode: random}}", "priority.policy.mode", "strict"),
    ("announcement: {template: 'Mời số {number}'}", "announcement.template", "{counter}"),
])
def test_wrong_configuration_names_file_key_and_problem(tmp_path, extra, key, problem):
    path = tmp_path / "centre.yaml"
    path.write_text(demo_centre_yaml(extra), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_centre_config(path)
    assert raised.value.path == str(path)
    assert raised.value.key == key
    assert problem in raised.value.problem


def test_broken_yaml_and_missing_file(tmp_path):
    broken = tmp_path / "centre.yaml"
    broken.write_text("centre: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="syntax"):
        load_centre_config(broken)
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_centre_config(tmp_path / "absent")


def test_server_refuses_to_start_on_a_wrong_file(tmp_path):
    path = tmp_path / "centre.yaml"
    path.write_text(demo_centre_yaml("counters: [{number: 0, fields: [ho_tich]}]"), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "MOTCUA_CONFIG": str(path), "MOTCUA_VAR_DIR": str(tmp_path / "var")}
    done = subprocess.run([sys.executable, "-m", "queue_server"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert f"{path}: counters[0].number: must be a whole number of at least 1" in done.stderr
    assert not (tmp_path / "var" / "motcua.db").exists()  # nothing half-started


def test_token_command_prints_the_token_alone_on_its_last_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "MOTCUA_VAR_DIR": str(tmp_path / "var"),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    done = subprocess.run([sys.executable, "-m", "queue_server", "token", "create", "--role", "kiosk", "--name",
                           "kiosk-1"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip().splitlines()[-1]
    assert len(token) >= 40 and " " not in token
    from queue_server.centre_config import load_centre_config as load
    from queue_server.context import Centre
    from queue_server.db import Database
    from queue_server.services import access
    centre = Centre(config=load(ROOT / "config" / "demo"), db=Database(env["DATABASE_URL"]))
    assert access.principal_for_token(centre, token).role == "kiosk"
    centre.db.dispose()
