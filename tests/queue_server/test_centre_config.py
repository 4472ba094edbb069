"""A wrong configuration stops the server with a message naming the file, the key and the problem."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from queue_server.centre_config import ConfigError, load_centre_config
from tests_support import demo_centre_yaml
from queue_server.context import centre_of

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
    # types: each key has one, checked before its value is used (these crashed with a Python traceback)
    ("announcement: {template: 5}", "announcement.template", "expected text, got a whole number (5)"),
    ("numbering: {field_caps: [dat_dai]}", "numbering.field_caps", "expected a mapping of field ids"),
    ("service_minutes: {by_field: [15]}", "service_minutes.by_field", "expected a mapping of field ids"),
    ("timezone: 7", "centre.timezone", "expected text"),
    ("name_en: [Ba Dinh]", "centre.name_en", "expected text, got a list"),
    ("priority: {categories: [{id: old, vi: Già}], policy: [strict]}", "priority.policy", "expected a mapping"),
    ("devices: {kiosks: [{id: [kiosk-1]}]}", "devices.kiosks[0].id", "expected text"),
    ("devices: {displays: [{id: hall, sound: 'no'}]}", "devices.displays[0].sound", "expected true or false"),
    ("counters: [{number: 1, fields: [{ho_tich: 1}]}]", "counters[0].fields", "no field {'ho_tich': 1}"),
    ("catalogue: 5", "catalogue", "expected a catalogue file name or a list of fields"),
    ("counters: [null]", "counters[0]", "is empty"),
    # unknown keys: the full dotted key and the closest valid one
    ("numbering: {digits: 3, dailycap: 500}", "numbering.dailycap", "unknown key; did you mean 'daily_cap'?"),
    ("numberng: {digits: 3}", "numberng", "unknown key; did you mean 'numbering'?"),
    ("devices: {kiosk: [{id: kiosk-1}]}", "devices.kiosk", "unknown key; did you mean 'kiosks'?"),
    ("devices: {displays: [{id: hall, counter: all}]}", "devices.displays[0].counter", "did you mean 'counters'?"),
    ("centre: {name: Ba Đình, adress: 25 Phan Đình Phùng}", "centre.adress", "did you mean 'address'?"),
    ("announcement: {repeats: 2}", "announcement.repeats", "did you mean 'repeat'?"),
    ("satisfaction: {satisfied_form: 2}", "satisfaction.satisfied_form", "did you mean 'satisfied_from'?"),
    ("zzz: 1", "zzz", "unknown key; valid keys: centre, catalogue, numbering"),
    # values that were accepted
    ("priority: {categories: [{id: old, vi: Già}, {id: old, vi: Cụ}]}", "priority.categories[1].id",
     "priority category 'old' appears twice"),
    ("opening_hours: {mon: ['07:00-11:30', '11:00-17:00']}", "centre.opening_hours.mon",
     "'11:00-17:00' overlaps '07:00-11:30'"),
    ("opening_hours: {tue: ['13:30-17:00', '13:30-17:00']}", "centre.opening_hours.tue", "overlaps"),
    ("opening_hours: {wed: ['11:30-07:00']}", "centre.opening_hours.wed", "ends before it starts"),
    ("name: ''", "centre.name", "is empty"),
    ("name: '   '", "centre.name", "is empty"),
    # keys named with their section, as written in the file
    ("devices: {kiosks: [{id: robot-1, print_via: kiosk-9}]}", "devices.kiosks[0].print_via", "no kiosk 'kiosk-9'"),
    ("catalogue: [{id: ho_tich, vi: Hộ tịch, procedures: [{id: khai_sinh}]}]", "catalogue[0].procedures[0].vi",
     "is missing"),
    ("catalogue: [{id: ho_tich, procedures: [{id: a, vi: A, fee: {amount: 0}}]}]",
     "catalogue[0].procedures[0].fee.amount", "did you mean 'amount_vnd'?"),
])
def test_wrong_configuration_names_file_key_and_problem(tmp_path, extra, key, problem):
    path = tmp_path / "centre.yaml"
    path.write_text(demo_centre_yaml(extra), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_centre_config(path)
    assert raised.value.path == str(path)
    assert raised.value.key == key
    assert problem in raised.value.problem


def test_adjacent_opening_periods_are_fine(tmp_path):
    path = tmp_path / "centre.yaml"
    path.write_text(demo_centre_yaml("opening_hours: {mon: ['13:30-17:00', '07:00-11:30', '11:30-12:00']}"),
                    encoding="utf-8")
    assert len(load_centre_config(path).opening_hours.periods["mon"]) == 3


def test_a_wrong_catalogue_file_is_named_with_its_own_keys(tmp_path):
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(textwrap.dedent("""
        fields:
          - id: ho_tich
            vi: Hộ tịch
            ticket_prefix: A
            procedures:
              - {id: khai_sinh, vi: Đăng ký khai sinh, documents: [Tờ khai], synonym: [khai sinh]}
        """), encoding="utf-8")
    data = yaml.safe_load(demo_centre_yaml("counters: [{number: 1, fields: [ho_tich]}]\ndevices: {}\n"
                                           "numbering: {digits: 3}\nservice_minutes: {default: 8}"))
    data["catalogue"] = "catalogue.yaml"  # the file beside centre.yaml
    centre = tmp_path / "centre.yaml"
    centre.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_centre_config(centre)
    assert raised.value.path == str(catalogue.resolve())
    assert raised.value.key == "fields[0].procedures[0].synonym"
    assert "did you mean 'synonyms'?" in raised.value.problem


@pytest.mark.parametrize("target, in_catalogue", [("opening_hours", False), ("PREFIX_PATTERN", True)])
def test_an_unexpected_error_still_names_the_file(tmp_path, monkeypatch, target, in_catalogue):
    """A check the reader lacks (simulated: a step that raises) still gives the file, never a traceback."""
    from queue_server import config_reader
    if target == "opening_hours":
        def broken(self, value):
            raise TypeError("unsupported operand")
        monkeypatch.setattr(config_reader._Reader, "opening_hours", broken)
    else:
        monkeypatch.setattr(config_reader, "PREFIX_PATTERN", None)
    path = tmp_path / "centre.yaml"
    path.write_text(demo_centre_yaml(), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_centre_config(path)
    expected = ROOT / "config" / "demo" / "catalogue.yaml" if in_catalogue else path
    assert raised.value.path == str(expected) and raised.value.key == "(file)"
    assert "cannot be read" in raised.value.problem


def test_the_running_config_keeps_disabled_fields_and_procedures(make_app):
    """build_config (the running config, rebuilt from the database) keeps a disabled field or procedure."""
    from queue_server import models
    from queue_server.services import centre_settings
    centre = centre_of(make_app(ROOT / "config" / "demo"))
    with centre.db.transaction() as (session, _):
        session.get(models.Field, "giao_duc").enabled = False
        session.get(models.Procedure, "khai_sinh").enabled = False
    centre_settings.refresh(centre, force=True)
    assert centre.config.field("giao_duc").enabled is False
    assert centre.config.procedure("khai_sinh").enabled is False
    assert centre.config.field("ho_tich").enabled is True and centre.config.procedure("ket_hon").enabled is True


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


@pytest.mark.parametrize("extra, message", [
    ("announcement: {template: 5}", "announcement.template: expected text, got a whole number (5)"),
    ("numbering: {digits: 3, dailycap: 500}", "numbering.dailycap: unknown key; did you mean 'daily_cap'?"),
])
def test_the_server_prints_the_file_key_and_problem_and_starts_nothing(tmp_path, extra, message):
    path = tmp_path / "broken" / "centre.yaml"
    path.parent.mkdir()
    path.write_text(demo_centre_yaml(extra), encoding="utf-8")
    database = tmp_path / "db" / "motcua.sqlite"
    env = {"PATH": "/usr/bin:/bin", "MOTCUA_CONFIG": str(path.parent), "MOTCUA_VAR_DIR": str(tmp_path / "var"),
           "DATABASE_URL": f"sqlite:///{database}", "MOTCUA_PORT": "1"}  # a port it could not even listen on
    done = subprocess.run([sys.executable, "-m", "queue_server"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode != 0
    assert f"Configuration error: {path}: {message}" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "MotCua serving" not in done.stdout  # the server never started
    assert not database.exists() and not database.parent.exists() and not (tmp_path / "var").exists()


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
