"""'Chỗ nào gần đây làm nhanh hơn?' through the robot's real actions and HTTP client (the assistant's venv) against
the fake queue server's GET /api/v1/centres (issue 17): the two nearest open centres with a shorter wait for the
procedure asked or discussed, this centre being the one the relay names; a single centre has no other. Each
message goes first to the action the model might pick (the fallback): the reader routes it, no model needed."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from conftest import ASSISTANT, VENV, assistant_env
from fake_queue_server import ASKED_CENTRES, SINGLE_CENTRE

WARD = "Trung tâm Phục vụ hành chính công phường {}"
CITY = [  # the city's order: Ba Đình first; approximate Hanoi coordinates
    {"id": "ba-dinh", "name": WARD.format("Ba Đình"), "name_en": "Ba Dinh Ward Public Administration Service Centre",
     "address": "25 Phan Đình Phùng, phường Ba Đình, Hà Nội", "lat": 21.0340, "lon": 105.8400, "open_now": True,
     "fields": None, "eta": {"*": 45, "chung_thuc": 10}, "waiting": 14},
    {"id": "cua-nam", "name": WARD.format("Cửa Nam"), "name_en": "Cua Nam Ward Public Administration Service Centre",
     "address": "phường Cửa Nam, Hà Nội", "lat": 21.0280, "lon": 105.8440, "open_now": True,
     "fields": ["ho_tich", "chung_thuc"], "eta": {"*": 12}, "waiting": 4},
    {"id": "dong-da", "name": WARD.format("Đống Đa"), "name_en": "Dong Da Ward Public Administration Service Centre",
     "address": "phường Đống Đa, Hà Nội", "lat": 21.0180, "lon": 105.8290, "open_now": False,
     "fields": None, "eta": {"*": 0}, "waiting": 0},
    {"id": "hoan-kiem", "name": WARD.format("Hoàn Kiếm"), "name_en": "Hoan Kiem Ward Public Administration Service Centre",
     "address": "126 Hàng Trống, phường Hoàn Kiếm, Hà Nội", "lat": 21.0290, "lon": 105.8520, "open_now": True,
     "fields": None, "eta": {"*": 6}, "waiting": 1},
    {"id": "tay-ho", "name": WARD.format("Tây Hồ"), "name_en": "Tay Ho Ward Public Administration Service Centre",
     "address": "phường Tây Hồ, Hà Nội", "lat": 21.0700, "lon": 105.8200, "open_now": True,
     "fields": None, "eta": {"*": 0}, "waiting": 0},
]

# Conversations [{"text", "metadata"?}]; a payload ("/ask_nearby{...}") is parsed as Rasa does and goes to its
# intent's action. The robot's last
# reply is kept as the tracker's bot event, as Rasa does.
SCRIPT = r"""
import asyncio, json, sys
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from actions import conversation, nearby, procedures  # noqa: F401  (registers the reader's actions)
from actions.turn import READERS

out = []
for turns in json.loads(sys.argv[1]):
    events, slots, replies = [], {}, []
    for turn in turns:
        text, entities, action = turn["text"], [], conversation.ActionFallback()
        if text.startswith("/") and "{" in text:  # a button: its intent's action, by the rules
            entities = [{"entity": k, "value": v} for k, v in json.loads(text[text.index("{"):]).items()]
            action = READERS[text[1:text.index("{")]]()
        events.append({"event": "user", "text": text})
        message = {"text": text, "intent": {"name": "nlu_fallback"}, "entities": entities,
                   "metadata": turn.get("metadata") or {}}
        tracker = Tracker("s", dict(slots), message, list(events), False, None, None, None)
        dispatcher = CollectingDispatcher()
        for e in asyncio.run(action.run(dispatcher, tracker, {})):
            if e.get("event") == "slot":
                slots[e["name"]] = e["value"]
        reply = dispatcher.messages[-1]
        events.append({"event": "bot", "text": reply["text"], "data": {"custom": reply["custom"]}})
        replies.append({"text": reply["text"], "custom": reply["custom"], "buttons": reply["buttons"]})
    out.append(replies)
print(json.dumps(out, ensure_ascii=False))
"""


def talk(server, conversations) -> list[list[dict]]:
    conversations = [[t if isinstance(t, dict) else {"text": t} for t in turns] for turns in conversations]
    env = assistant_env(MOTCUA_SERVER_URL=server.url, MOTCUA_PUBLIC_URL="https://motcua.example.vn")
    done = subprocess.run([str(VENV / "bin" / "python"), "-c", SCRIPT, json.dumps(conversations)], cwd=ASSISTANT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def city(fake_queue_server):
    fake_queue_server.app.config["CENTRES"] = CITY
    yield fake_queue_server
    fake_queue_server.app.config["CENTRES"] = SINGLE_CENTRE


def places(text: str) -> list[str]:
    return re.findall(r"^– (.+?):", text, re.MULTILINE)


def test_the_two_nearest_open_centres_with_a_shorter_wait(assistant_venv, city):
    (asked,), (counter, follow_up), (english,) = talk(city, [
        ["cho nao gan day lam khai sinh nhanh hon"],
        ["Đăng ký kết hôn ở quầy nào vậy?", "ở đây đông quá, có phường nào gần đây ít người chờ hơn không"],
        ["Is there a centre nearby with a shorter queue for registering a birth?"]])
    assert asked["custom"] == {"intent": "ask_nearby", "procedure_id": "khai_sinh", "counters": []}
    assert asked["text"].startswith("Thủ tục Đăng ký khai sinh: ở đây hiện chờ khoảng 45 phút. Gần đây có nơi chờ ngắn hơn")
    assert "– Phường Cửa Nam: cách 0,8 km, chờ khoảng 12 phút\n– Phường Hoàn Kiếm (126 Hàng Trống): cách 1,4 km, " \
           "chờ khoảng 6 phút" in asked["text"]  # Đống Đa, nearer than Tây Hồ, is closed; Tây Hồ is the third
    assert asked["text"].endswith("tại trang https://motcua.example.vn/gan-day.")
    assert [b["title"] for b in asked["buttons"]] == ["Lấy số"]
    assert counter["custom"]["procedure_id"] == "ket_hon"
    assert follow_up["custom"] == {"intent": "ask_nearby", "procedure_id": "ket_hon", "counters": []}
    assert places(follow_up["text"]) == ["Phường Cửa Nam", "Phường Hoàn Kiếm (126 Hàng Trống)"]
    assert english["custom"]["procedure_id"] == "khai_sinh"
    assert places(english["text"]) == ["Cua Nam Ward", "Hoan Kiem Ward (126 Hàng Trống)"]
    assert "0.8 km away, about 12 minutes' wait" in english["text"]


def test_each_centre_answers_from_its_own_place(assistant_venv, city):
    hoan_kiem = {"centre": "hoan-kiem", "centre_path": "/c/hoan-kiem"}
    ASKED_CENTRES.clear()
    (here_quickest,), (copy,) = talk(city, [
        [{"text": "làm khai sinh qua phường khác có nhanh hơn không", "metadata": hoan_kiem}],
        ["chung thuc ban sao o phuong khac gan day co vang hon khong"]])  # Ba Đình, 10 min: Cửa Nam waits 12
    assert "hoan-kiem" in ASKED_CENTRES  # /c/hoan-kiem/api/v1/...: that centre's robot
    assert here_quickest["text"].startswith("Thủ tục Đăng ký khai sinh: ở đây hiện chờ khoảng 6 phút. Gần đây có nơi")
    assert places(here_quickest["text"]) == ["Phường Tây Hồ"]  # 0 min, 5,6 km; nobody else is quicker than 6 min
    assert copy["custom"]["procedure_id"] == "chung_thuc_ban_sao"
    assert "Hoàn Kiếm" in copy["text"] and "Cửa Nam" not in copy["text"]


def test_without_a_procedure_then_a_button(assistant_venv, city):
    (general, chosen), = talk(city, [["bên kia có đông không", '/ask_nearby{"procedure": "khai_tu"}']])
    assert general["custom"] == {"intent": "ask_nearby", "procedure_id": None, "counters": []}
    assert general["text"].startswith("Ở đây, lĩnh vực chờ lâu nhất hiện chờ khoảng 45 phút. Gần đây có nơi chờ ngắn hơn:")
    assert "Anh/chị làm thủ tục nào" in general["text"]
    assert general["buttons"] and all(b["payload"].startswith("/ask_nearby{") for b in general["buttons"])
    assert chosen["custom"]["procedure_id"] == "khai_tu" and "Phường Cửa Nam" in chosen["text"]


def test_a_single_centre_deployment_has_no_other_centre(assistant_venv, fake_queue_server):
    (single,), = talk(fake_queue_server, [["lam khai sinh cho khac gan day co nhanh hon khong"]])
    assert single["text"] == ("Hệ thống này chỉ có một trung tâm, không có trung tâm nào khác để anh/chị sang làm ạ. "
                              "Thủ tục Đăng ký khai sinh ở đây hiện có 2 người đang chờ, chờ khoảng 5 phút.")
    assert single["custom"] == {"intent": "ask_nearby", "procedure_id": "khai_sinh", "counters": []}
