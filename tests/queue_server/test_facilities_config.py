"""`facilities:` in centre.yaml (queue_server/facilities.py): what the reception robot says about the centre's
toilets, parking, wifi..., read with the file's checks and served in the catalogue as `centre.facilities`."""

from pathlib import Path

import pytest

from queue_server import facilities
from queue_server.centre_config import ConfigError, load_centre_config
from queue_server.config_reader import read_centre_data
from queue_server.config_writer import config_as_data
from tests_support import demo_centre_yaml

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_centre_lists_its_facilities_in_both_languages():
    config = load_centre_config(ROOT / "config" / "demo")
    assert set(config.facilities) <= set(facilities.KEYS) and "toilet" in config.facilities
    assert all(text["vi"] and text.get("en") for text in config.facilities.values())
    # the admins' export (and their edits' check) keeps them
    assert read_centre_data(config_as_data(config), config.source).facilities == config.facilities


def test_a_centre_without_the_section_has_none(tmp_path):
    path = tmp_path / "centre.yaml"
    path.write_text(demo_centre_yaml("facilities: null"), encoding="utf-8")
    config = load_centre_config(path)
    assert config.facilities == {} and "facilities" not in config_as_data(config)


def test_a_text_alone_is_vietnamese_and_spaces_are_tidied(tmp_path):
    path = tmp_path / "centre.yaml"
    extra = "facilities: {wifi: 'Wifi:  MotCua,\n mật khẩu 1234', atm: {vi: Cổng chính, en: null}}"
    path.write_text(demo_centre_yaml(extra), encoding="utf-8")
    assert load_centre_config(path).facilities == {"wifi": {"vi": "Wifi: MotCua, mật khẩu 1234"},
                                                   "atm": {"vi": "Cổng chính"}}


@pytest.mark.parametrize("extra, key, problem", [
    ("facilities: {toliet: {vi: Tầng 1}}", "facilities.toliet", "did you mean 'toilet'?"),
    ("facilities: {toilet: {en: Ground floor}}", "facilities.toilet.vi", "is missing"),
    ("facilities: {toilet: {vi: Tầng 1, fr: Rez-de-chaussée}}", "facilities.toilet.fr", "valid keys: vi, en"),
    ("facilities: {toilet: {vi: ''}}", "facilities.toilet.vi", "expected a text"),
    ("facilities: {toilet: [Tầng 1]}", "facilities.toilet", "expected {vi: …, en: …}"),
    ("facilities: [toilet]", "facilities", "expected a mapping"),
    (f"facilities: {{wifi: {{vi: '{'x' * 401}'}}}}", "facilities.wifi.vi", "longer than 400"),
])
def test_a_wrong_facility_names_the_key_and_problem(tmp_path, extra, key, problem):
    path = tmp_path / "centre.yaml"
    path.write_text(demo_centre_yaml(extra), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_centre_config(path)
    assert raised.value.key == key and problem in raised.value.problem


def test_the_catalogue_serves_them_to_the_robot(client):
    centre = client.get("/api/v1/catalogue").get_json()["centre"]
    demo = load_centre_config(ROOT / "config" / "demo").facilities
    assert centre["facilities"] == demo and centre["facilities"]["wifi"]["en"].startswith("Free wifi")


def test_a_centre_without_facilities_serves_an_empty_mapping(make_app, tmp_path):
    path = tmp_path / "centre.yaml"
    path.write_text(demo_centre_yaml("facilities: null"), encoding="utf-8")
    client = make_app(path).test_client()
    assert client.get("/api/v1/catalogue").get_json()["centre"]["facilities"] == {}
