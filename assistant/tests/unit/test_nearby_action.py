"""'Chỗ nào gần đây làm nhanh hơn?' (issue 17): the robot names up to two nearby open centres serving the same
procedure with a shorter wait, from GET /api/v1/centres (a stub of the client here; the HTTP client against a
fake queue server is tests/assistant/test_nearby_robot.py)."""

from __future__ import annotations

import asyncio
import json
import math

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import nearby, queue_api
from actions.queue_api import ApiError

from test_actions import CATALOGUE

WARDS = [  # the city's order; ba-dinh first
    {"id": "ba-dinh", "name": "Trung tâm Phục vụ hành chính công phường Ba Đình",
     "name_en": "Ba Dinh Ward Public Administration Service Centre", "address": "25 Phan Đình Phùng, phường Ba Đình, Hà Nội",
     "lat": 21.034, "lon": 105.84, "open_now": True, "waiting": 12, "eta_minutes": 40},
    {"id": "cua-nam", "name": "Trung tâm Phục vụ hành chính công phường Cửa Nam",
     "name_en": "Cua Nam Ward Public Administration Service Centre", "address": "phường Cửa Nam, Hà Nội",
     "lat": 21.028, "lon": 105.844, "open_now": True, "waiting": 3, "eta_minutes": 10},
    {"id": "dong-da", "name": "Trung tâm Phục vụ hành chính công phường Đống Đa", "name_en": None, "address": "",
     "lat": 21.018, "lon": 105.829, "open_now": False, "waiting": 0, "eta_minutes": 0},
    {"id": "hoan-kiem", "name": "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm",
     "name_en": "Hoan Kiem Ward Public Administration Service Centre", "address": "126 Hàng Trống, phường Hoàn Kiếm, Hà Nội",
     "lat": 21.029, "lon": 105.852, "open_now": True, "waiting": 1, "eta_minutes": 5},
    {"id": "tay-ho", "name": "Trung tâm Phục vụ hành chính công phường Tây Hồ", "name_en": None, "address": "",
     "lat": 21.07, "lon": 105.82, "open_now": True, "waiting": 0, "eta_minutes": 0},
]


class CityApi:
    """GET /api/v1/centres as the queue server answers it: `served` centres serve the procedure."""

    def __init__(self, centres=WARDS, centre="", served=None):
        self.list, self.centre, self.served, self.asked = [dict(c) for c in centres], centre, served, []

    def catalogue(self):
        return CATALOGUE

    def centres(self, procedure_id=None, position=None):
        self.asked.append((procedure_id, position))
        if procedure_id == "unknown":
            raise ApiError(404, "unknown_procedure", "")
        listed = [c for c in self.list if procedure_id is None or self.served is None or c["id"] in self.served]
        if position is None:
            return listed
        return sorted(({**c, "distance_km": round(km(position, (c["lat"], c["lon"])), 2)} for c in listed),
                      key=lambda c: c["distance_km"])


def km(a, b):
    (p1, l1), (p2, l2) = [(math.radians(x), math.radians(y)) for x, y in (a, b)]
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def ask(text, api, monkeypatch, slots=None, entities=None):
    monkeypatch.setattr(queue_api, "default_api", lambda: api)
    tracker = Tracker("s", slots or {}, {"text": text, "intent": {"name": "ask_nearby"}, "entities": entities or []},
                      [], False, None, None, None)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(nearby.ActionAskNearby().run(dispatcher, tracker, {}))
    return dispatcher.messages[-1], {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_two_nearest_open_centres_with_a_shorter_wait(monkeypatch):
    api = CityApi()
    reply, slots = ask("chỗ nào gần đây làm khai sinh nhanh hơn?", api, monkeypatch)
    assert reply["custom"] == {"intent": "ask_nearby", "procedure_id": "khai_sinh", "counters": []}
    assert reply["text"].splitlines() == [
        "Thủ tục Đăng ký khai sinh: ở đây hiện chờ khoảng 40 phút. Gần đây có nơi chờ ngắn hơn, cũng giải quyết thủ tục này:",
        "– Phường Cửa Nam: cách 0,8 km, chờ khoảng 10 phút",
        "– Phường Hoàn Kiếm (126 Hàng Trống): cách 1,4 km, chờ khoảng 5 phút",  # Đống Đa is closed
        "Anh/chị xem thêm các trung tâm gần đây và thời gian chờ tại trang /gan-day."]
    assert [b["title"] for b in reply["buttons"]] == ["Lấy số"]
    assert slots["procedure"] == "khai_sinh"
    assert api.asked == [(None, None), ("khai_sinh", (21.034, 105.84))]  # from this centre's own place


def test_a_follow_up_keeps_the_procedure_and_english_names_the_wards(monkeypatch):
    monkeypatch.setenv("MOTCUA_PUBLIC_URL", "https://motcua.example.vn/")
    reply, _ = ask("is anywhere nearby quicker?", CityApi(), monkeypatch, slots={"procedure": "khai_sinh"})
    assert reply["custom"]["procedure_id"] == "khai_sinh"
    assert reply["text"].splitlines() == [
        "Birth registration here: about 40 minutes' wait. These centres nearby handle it with a shorter wait:",
        "– Cua Nam Ward: 0.8 km away, about 10 minutes' wait",
        "– Hoan Kiem Ward (126 Hàng Trống): 1.4 km away, about 5 minutes' wait",
        "See the centres nearby and their waits at https://motcua.example.vn/gan-day."]


def test_this_centre_is_the_one_the_relay_names_and_may_be_the_quickest(monkeypatch):
    api = CityApi(WARDS[:4] + [{**WARDS[4], "eta_minutes": 20}], centre="hoan-kiem")
    reply, _ = ask("phường khác có nhanh hơn không", api, monkeypatch, slots={"procedure": "khai_sinh"})
    assert api.asked[-1] == ("khai_sinh", (21.029, 105.852))
    assert reply["text"].startswith("Thủ tục Đăng ký khai sinh: ở đây hiện chờ khoảng 5 phút. Đây đang là nơi chờ "
                                    "ngắn nhất trong các trung tâm gần đây")
    assert reply["buttons"][0]["payload"] == '/take_ticket{"procedure": "khai_sinh"}'


def test_a_centre_not_serving_it_says_so_and_points_elsewhere(monkeypatch):
    reply, _ = ask("làm khai tử chỗ nào gần đây nhanh hơn", CityApi(served={"cua-nam", "tay-ho"}), monkeypatch)
    assert reply["text"].startswith("Trung tâm này không giải quyết thủ tục Đăng ký khai tử. Gần đây có nơi giải quyết thủ tục này:")
    assert "Phường Cửa Nam: cách 0,8 km, chờ khoảng 10 phút" in reply["text"]
    assert "Tây Hồ" in reply["text"] and reply["buttons"] == []  # no ticket here


def test_a_single_centre_has_no_other_to_offer(monkeypatch):
    single = [{**WARDS[0], "name": "Trung tâm thử nghiệm"}]
    reply, _ = ask("chỗ nào gần đây làm khai sinh nhanh hơn?", CityApi(single), monkeypatch)
    assert reply["text"] == ("Hệ thống này chỉ có một trung tâm, không có trung tâm nào khác để anh/chị sang làm ạ. "
                             "Thủ tục Đăng ký khai sinh ở đây hiện có 12 người đang chờ, chờ khoảng 40 phút.")
    assert reply["custom"]["procedure_id"] == "khai_sinh" and reply["buttons"][0]["title"] == "Lấy số"
    reply, _ = ask("is there a centre nearby with a shorter queue?", CityApi(single), monkeypatch)
    assert reply["text"] == "This system has only this one centre; there is no other centre to go to. 12 people are waiting here now."


def test_without_a_procedure_general_waits_and_which_procedure(monkeypatch):
    api = CityApi()
    reply, slots = ask("có phường nào gần đây ít người chờ không", api, monkeypatch)
    assert reply["custom"] == {"intent": "ask_nearby", "procedure_id": None, "counters": []}
    assert reply["text"].startswith("Ở đây, lĩnh vực chờ lâu nhất hiện chờ khoảng 40 phút. Gần đây có nơi chờ ngắn hơn:\n"
                                    "– Phường Cửa Nam: cách 0,8 km")
    assert "Anh/chị làm thủ tục nào để tôi xem nơi nào giải quyết thủ tục đó nhanh hơn ạ?" in reply["text"]
    assert reply["buttons"] and all(b["payload"].startswith("/ask_nearby{") for b in reply["buttons"])
    assert "procedure" not in slots and api.asked[-1] == (None, (21.034, 105.84))
    # the button: the same question about that procedure
    payload = json.loads(reply["buttons"][0]["payload"][len("/ask_nearby"):])
    reply, _ = ask(reply["buttons"][0]["payload"], api, monkeypatch,
                   entities=[{"entity": "procedure", "value": payload["procedure"]}])
    assert reply["custom"]["procedure_id"] == payload["procedure"] and "Phường Cửa Nam" in reply["text"]


def test_nobody_quicker_nobody_staffed_and_residence(monkeypatch):
    slow = [WARDS[0]] + [{**c, "eta_minutes": 55} for c in WARDS[1:]]
    reply, _ = ask("chỗ khác gần đây có nhanh hơn không", CityApi(slow), monkeypatch, slots={"procedure": "khai_sinh"})
    assert "Đây đang là nơi chờ ngắn nhất" in reply["text"] and "Phường" not in reply["text"]
    unstaffed = [{**WARDS[0], "eta_minutes": None}] + WARDS[1:]
    reply, _ = ask("chỗ khác gần đây có nhanh hơn không", CityApi(unstaffed), monkeypatch, slots={"procedure": "khai_sinh"})
    assert reply["text"].startswith("Thủ tục Đăng ký khai sinh: ở đây hiện chưa có cán bộ ở quầy phục vụ")
    assert "Tây Hồ" not in reply["text"]  # two at most: the nearest
    assert "Phường Cửa Nam" in reply["text"] and "Phường Hoàn Kiếm" in reply["text"]
    reply, _ = ask("đăng ký tạm trú chỗ nào gần đây nhanh hơn", CityApi(), monkeypatch)
    assert reply["custom"]["intent"] == "out_of_scope" and reply["custom"]["redirect"]


def test_place_and_distance_wording():
    assert nearby.place_of(WARDS[1], "vi") == "Phường Cửa Nam"
    assert nearby.place_of(WARDS[2], "en") == "Phường Đống Đa"  # no English name: the Vietnamese one
    assert nearby.place_of({"name": "Trung tâm thử nghiệm", "address": "1 Test"}, "vi") == "Trung tâm thử nghiệm (1 Test)"
    assert (nearby.km_text(1.15, "vi"), nearby.km_text(12.0, "en")) == ("1,1", "12.0")
    far = [WARDS[0], {**WARDS[1], "distance_km": 12.5}]
    assert nearby.quicker_than(WARDS[0], far, "ba-dinh") == []  # not "nearby" beyond 10 km
