"""The robot end to end with every part real: `python -m queue_server` (demo centre, SQLite) → relay →
trained Rasa → action server → the queue server's API with the robot-1 token (prints through kiosk-1)."""

from __future__ import annotations

import time

import pytest
import requests
from rasa_processes import free_port
from robot_live import queue_server_env

# Starting Rasa (model load) is part of the first test's setup: minutes on a loaded 2-core machine.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


def chat(robot, text, sender: str, url: str | None = None) -> list[dict]:
    response = requests.post((url or robot.url) + "/api/v1/assistant/messages",
                             json={"sender": sender, "text": text}, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    return response.json()["replies"]


def only(replies: list[dict]) -> dict:
    assert len(replies) == 1, replies
    return replies[0]


def api(robot, path: str, token: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {robot.tokens[token]}"} if token else {}
    response = requests.get(robot.url + "/api/v1" + path, headers=headers, timeout=10)
    assert response.ok, response.text
    return response.json()


def test_counter_question_gets_the_live_catalogues_counters(live_robot):
    catalogue = api(live_robot, "/catalogue")
    ho_tich = [c for c in catalogue["counters"] if "ho_tich" in c["field_ids"]]
    assert ho_tich, "the demo centre has counters for Hộ tịch"
    reply = only(chat(live_robot, "lam giay khai sinh o quay nao", "live-1"))
    assert reply["intent"] == "ask_counter" and reply["procedure_id"] == "khai_sinh"
    assert reply["counters"] == [c["number"] for c in ho_tich]
    assert all(c["name"] in reply["text"] for c in ho_tich)
    assert ho_tich[0]["location"] in reply["text"]  # "Tầng 1, bên trái"
    follow = only(chat(live_robot, "còn phí?", "live-1"))
    assert follow["intent"] == "ask_fee" and follow["procedure_id"] == "khai_sinh"


def test_ticket_issued_in_conversation_is_in_the_queue_and_printed_at_the_kiosk(live_robot):
    ask = only(chat(live_robot, "cho tôi lấy số đăng ký kết hôn", "live-2"))
    assert ask["intent"] == "take_ticket" and ask["procedure_id"] == "ket_hon"
    no_priority = next(b for b in ask["buttons"] if '"none"' in b["payload"])
    assert no_priority["title"] == "Không ưu tiên"
    issued = only(chat(live_robot, no_priority["payload"], "live-2"))
    number = issued.get("ticket_number")
    assert issued["intent"] == "take_ticket" and number and number in issued["text"], issued

    queue = api(live_robot, "/queue")
    assert number in str(queue["waiting"]), queue["waiting"]
    lookup = api(live_robot, f"/tickets/lookup?number={number}")
    assert lookup["status"] == "issued" and issued["counters"] == [c["number"] for c in lookup["counters"]]
    jobs = api(live_robot, "/print-jobs?status=pending", token="kiosk-1")
    assert number in [job["ticket"]["number"] for job in (jobs if isinstance(jobs, list) else jobs["jobs"])]

    where = only(chat(live_robot, "còn bao nhiêu người trước tôi", "live-2"))
    assert where["intent"] == "queue_position" and number in where["text"] and "phía trước còn 0 người" in where["text"]


def test_bad_input_gets_a_polite_answer(live_robot):
    for text in ("", "   "):
        reply = only(chat(live_robot, text, "live-3"))
        assert "?" in reply["text"] and reply["intent"] is None
    emoji = only(chat(live_robot, "😀🙏👍", "live-3"))
    assert "chữ" in emoji["text"] and "words" in emoji["text"]

    long = chat(live_robot, "làm giấy khai sinh ở quầy nào " + "a" * 5000, "live-3")
    assert "5000" in long[0]["text"] and len(long) >= 2  # the note, then the robot's answer

    unknown = only(chat(live_robot, "số A-999 đến lượt chưa", "live-3"))
    assert unknown["intent"] == "queue_position" and unknown["counters"] == []
    assert unknown["text"].startswith("Tôi không tìm thấy số A-999 hôm nay"), unknown["text"]

    foreign = only(chat(live_robot, "Bonjour, où se trouve le guichet pour un acte de naissance ?", "live-3"))
    assert foreign["intent"] == "other_language" and foreign["procedure_id"] is None and foreign["counters"] == []
    vi, en = foreign["text"].split("\n")
    assert vi.startswith("Xin lỗi, tôi chỉ hiểu tiếng Việt và tiếng Anh") and en.startswith(
        "Sorry, I only understand Vietnamese and English"), foreign["text"]
    assert foreign["buttons"] == [{"title": "Gặp cán bộ / Talk to staff", "payload": "/human_handoff"}]


# The general intents' names in the relay's replies (docs/api.md), in Vietnamese and English; the start of
# each answer shows the action that ran and the language it answered in.
GENERAL = [
    ("greet", "xin chào", "Xin chào! Tôi là robot lễ tân", "hello", "Hello! I am the reception robot"),
    ("goodbye", "tạm biệt", "Chào anh/chị, chúc", "goodbye", "Goodbye, have a nice day"),
    ("thanks", "cảm ơn", "Không có gì ạ", "thank you", "You're welcome"),
    ("opening_hours", "mấy giờ mở cửa", "Giờ làm việc: ", "when do you open", "Opening hours: "),
    ("queue_position", "đã đến lượt tôi chưa", "Anh/chị cho tôi biết số thứ tự", "how long until my turn",
     "What is the number on your ticket"),
    ("priority", "ai được ưu tiên", "Trung tâm ưu tiên: ", "do elderly people get priority", "Priority is given to: "),
    ("take_ticket", "tôi muốn lấy số", "Anh/chị muốn hỏi thủ tục nào", "I want a ticket", "Which procedure do you mean"),
    ("human_handoff", "cho tôi gặp nhân viên", "Vâng, tôi đã báo cán bộ", "I want to talk to staff",
     "I have called a staff member"),
    ("out_of_scope", "thời tiết hôm nay thế nào", "Xin lỗi, việc này không thuộc", "tell me a joke",
     "Sorry, that is not something"),
]


@pytest.mark.parametrize("intent,vi,vi_answer,en,en_answer", GENERAL, ids=[g[0] for g in GENERAL])
def test_general_intents_are_named_in_the_reply(live_robot, intent, vi, vi_answer, en, en_answer):
    for n, (text, answer) in enumerate([(vi, vi_answer), (en, en_answer)]):
        reply = only(chat(live_robot, text, f"live-general-{intent}-{n}"))
        assert reply["intent"] == intent and reply["text"].startswith(answer), (text, reply)
        assert reply["procedure_id"] is None and isinstance(reply["counters"], list)
        if intent == "human_handoff":  # staff were really called on the real server
            assert isinstance(reply["help_request_id"], int), reply


def test_another_visitors_ticket_shows_position_and_wait_only(live_robot):
    ticket = requests.post(live_robot.url + "/api/v1/tickets", json={"procedure_id": "chung_thuc_ban_sao"},
                           headers={"Authorization": f"Bearer {live_robot.tokens['kiosk-1']}"}, timeout=10)
    assert ticket.status_code == 201, ticket.text
    ticket = ticket.json()["ticket"]
    reply = only(chat(live_robot, f"số {ticket['number']} còn bao lâu", "live-4"))
    assert reply["intent"] == "queue_position" and ticket["number"] in reply["text"]
    said = str(reply)
    assert ticket["track_url"] not in said and str(ticket["id"]) not in reply.get("ticket_number", "")
    assert "track_url" not in reply or reply["track_url"] is None


def fallback_server(live_server_factory, rasa_url: str):
    """A second real queue server on the same code, with the production timeout (1.5 s)."""
    return live_server_factory(extra_env={"MOTCUA_RASA_URL": rasa_url, "MOTCUA_VOICE_ENGINE": "espeak",
                                          "MOTCUA_VOICE_PREFILL": "off"})


def assert_fallback_within(server, seconds: float) -> dict:
    requests.get(server.url + "/api/v1/catalogue", timeout=10)  # a warm server, as in production
    started = time.monotonic()
    response = requests.post(server.url + "/api/v1/assistant/messages", json={"sender": "fb", "text": "xin chào"},
                             timeout=10)
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    reply = only(response.json()["replies"])
    assert reply["fallback"] is True and reply["intent"] is None and "Xin lỗi" in reply["text"]
    live_fields = requests.get(server.url + "/api/v1/catalogue", timeout=10).json()["fields"]
    assert [b["title"] for b in reply["buttons"]] == [f"{f['name']['vi']} / {f['name']['en']}"
                                                      for f in live_fields if f["prefix"]]
    assert elapsed < seconds, f"fallback took {elapsed:.2f} s"
    return reply


def test_rasa_not_running_gives_the_fallback_at_once(live_server_factory):
    server = fallback_server(live_server_factory, f"http://127.0.0.1:{free_port()}")
    assert_fallback_within(server, 2.0)


def test_rasa_hanging_gives_the_fallback_in_under_2_s(live_robot, live_server_factory):
    server = fallback_server(live_server_factory, live_robot.stack.url)
    assert only(chat(live_robot, "xin chào", "live-5"))["intent"] == "greet"  # Rasa answers
    live_robot.stack.freeze()
    try:
        assert_fallback_within(server, 2.0)
    finally:
        live_robot.stack.thaw()
    assert only(chat(live_robot, "cảm ơn", "live-5"))["intent"] == "thanks"  # and is back
