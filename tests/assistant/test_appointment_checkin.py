"""Appointment check-in through the robot (issue 18): "tôi có lịch hẹn", the booking code, then
POST /api/v1/appointments/<code>/check-in with the robot's token against the fake queue server, through the
real actions and HTTP client in the assistant's venv (the NLU model's choice of action does not matter: the
reader routes the message)."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import ASSISTANT, VENV, assistant_env
from fake_queue_server import TOKEN

pytestmark = pytest.mark.rasa

# Each scenario: the messages of one conversation; every message goes to the action the model might pick
# (the fallback), and the robot's last reply is kept as the tracker's bot event, as Rasa does.
SCRIPT = r"""
import asyncio, json, sys
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from actions import appointments, conversation  # noqa: F401  (registers the reader's actions)

out = []
for conversation_texts in json.loads(sys.argv[1]):
    events, slots, replies = [], {}, []
    for text in conversation_texts:
        events.append({"event": "user", "text": text})
        tracker = Tracker("s", dict(slots), {"text": text, "intent": {"name": "nlu_fallback"}, "entities": []},
                          list(events), False, None, None, None)
        dispatcher = CollectingDispatcher()
        for e in asyncio.run(conversation.ActionFallback().run(dispatcher, tracker, {})):
            if e.get("event") == "slot":
                slots[e["name"]] = e["value"]
        message = dispatcher.messages[-1]
        events.append({"event": "bot", "text": message["text"], "data": {"custom": message["custom"]}})
        replies.append({"text": message["text"], "custom": message["custom"]})
    out.append(replies)
print(json.dumps(out, ensure_ascii=False))
"""


def talk(server, conversations, token=TOKEN) -> list[list[dict]]:
    env = assistant_env(MOTCUA_SERVER_URL=server.url, MOTCUA_ASSISTANT_TOKEN=token)
    done = subprocess.run([str(VENV / "bin" / "python"), "-c", SCRIPT, json.dumps(conversations)], cwd=ASSISTANT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_an_appointment_then_its_code_gives_the_ticket(assistant_venv, fake_queue_server):
    before = len(fake_queue_server.issued)
    (asked, ticket), (english,) = talk(fake_queue_server, [["Tôi có lịch hẹn", "k7m-3qx"],
                                                            ["I have an appointment, my code is K7M3QX"]])
    assert asked["custom"]["intent"] == "appointment_checkin" and "mã lịch hẹn" in asked["text"]
    assert "ticket_number" not in asked["custom"]
    assert ticket["custom"]["intent"] == "appointment_checkin" and ticket["custom"]["procedure_id"] == "khai_sinh"
    assert ticket["custom"]["ticket_number"] == fake_queue_server.issued[before]["number"]
    assert ticket["custom"]["counters"] == [1]
    assert ticket["text"].startswith(f"Đã nhận lịch hẹn: số của anh/chị là {ticket['custom']['ticket_number']}")
    assert "được gọi từ giờ hẹn" in ticket["text"]
    assert english["text"].startswith("Checked in: your number is H-") and "called from that time" in english["text"]
    assert len(fake_queue_server.issued) == before + 2


def test_unknown_early_and_used_codes_are_explained(assistant_venv, fake_queue_server):
    before = len(fake_queue_server.issued)
    (unknown,), (early,), (early_en,), (used,) = talk(fake_queue_server, [
        ["tôi có lịch hẹn, mã là ZZQ999"], ["lich hen cua toi ma EARLY7"], ["Check in please, booking code EARLY7"],
        ["Tôi đã đặt lịch, mã USED44"]])
    assert unknown["text"].startswith("Tôi không tìm thấy lịch hẹn có mã ZZQ999")
    assert unknown["custom"]["intent"] == "appointment_checkin"
    assert early["text"] == "Chưa nhận được lịch hẹn: Lịch hẹn của anh/chị lúc 10:00. Xin quay lại nhận số từ 09:15."
    assert early_en["text"] == "I could not check you in: Your appointment is at 10:00. Please check in from 09:15."
    assert "đã nhận số H-001" in used["text"]
    assert len(fake_queue_server.issued) == before


def test_without_the_robot_token_the_visitor_is_sent_to_the_kiosk(assistant_venv, fake_queue_server):
    ((reply,),) = talk(fake_queue_server, [["tôi có lịch hẹn K7M3QX"]], token="wrong")
    assert "quét mã tại máy lấy số" in reply["text"] and "ticket_number" not in reply["custom"]
