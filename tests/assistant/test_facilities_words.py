"""The words that name the centre's facilities (vocabulary.yml `facilities:`, actions/facilities.py): one list of
keys with the queue server's (queue_server/facilities.py), every key has words, and the demo's facility
questions are read exactly as before (the facts change the answer, never the reading)."""

from __future__ import annotations

import pytest
import yaml
from conftest import ASSISTANT

from actions.facilities import NONE, named
from queue_server import facilities


def test_the_vocabulary_names_each_key_the_centre_may_list():
    section = yaml.safe_load((ASSISTANT / "vocabulary.yml").read_text(encoding="utf-8"))["facilities"]
    assert set(section) - {NONE} == set(facilities.KEYS)
    assert all(spec.get("vi") and spec.get("en") for key, spec in section.items())


@pytest.mark.parametrize("message, keys", [
    ("nhà vệ sinh ở đâu", ["toilet"]), ("nha ve sinh o dau", ["toilet"]), ("toilet ở đâu vậy", ["toilet"]),
    ("gửi xe máy ở đâu", ["parking"]), ("để xe ở đâu", ["parking"]), ("where can I park", ["parking"]),
    ("có chỗ photo không", ["photocopy"]), ("co cho photo ko", ["photocopy"]),
    ("where can I photocopy my passport", ["photocopy"]),
    ("chụp ảnh thẻ ở đâu", ["photo_booth"]), ("where can I get a photo taken", ["photo_booth"]),
    ("có wifi không, mật khẩu gì", ["wifi"]), ("có nước uống không", ["drinking_water"]),
    ("có cây ATM gần đây không", ["atm"]), ("is there an atm nearby", ["atm"]),
    ("ghế ngồi đợi ở đâu", ["waiting_area"]), ("can I charge my phone here", ["phone_charging"]),
    ("có căn tin không", ["canteen"]), ("có wifi và nước uống không", ["wifi", "drinking_water"]),
    ("xe bị tạm giữ thì lấy ở đâu", []), ("tiền nước tháng này đóng ở đâu", []), ("is there a park nearby", []),
])
def test_facilities_named_in_every_style(message, keys):
    assert named(message) == keys


@pytest.mark.parametrize("message, intent", [
    ("nhà vệ sinh ở đâu", "out_of_scope"), ("có wifi không, mật khẩu gì", "out_of_scope"),
    ("có cây ATM gần đây không", "out_of_scope"), ("is there a toilet", "out_of_scope"),
])
def test_the_reading_stays_out_of_scope(reader, message, intent):
    assert reader.read(message).intent == intent
