"""The trained robot for real: held-out NLU accuracy, conversation tests, and conversations end to end
through the queue server's relay (POST /api/v1/assistant/messages) → Rasa → action server → queue API."""

from __future__ import annotations

import json
import subprocess
import time

import pytest
import requests
from conftest import ASSISTANT, REPORTS, VENV, assistant_env, make_relay_app

pytestmark = pytest.mark.slow


def rasa(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV / "bin" / "rasa"), *args], cwd=ASSISTANT, env=assistant_env(),
                          capture_output=True, text=True, timeout=timeout)


def test_nlu_heldout_intent_accuracy(trained_model):
    out = REPORTS / "nlu"
    done = rasa("test", "nlu", "--nlu", "tests/nlu_heldout.yml", "--model", str(trained_model), "--out", str(out))
    assert done.returncode == 0, done.stderr[-4000:]
    report = json.loads((out / "intent_report.json").read_text())
    (REPORTS / "nlu_accuracy.txt").write_text(f"intent accuracy on the held-out split: {report['accuracy']:.4f}\n")
    assert report["accuracy"] >= 0.9, {k: v for k, v in report.items() if isinstance(v, dict) and v.get("f1-score", 1) < 0.9}


def test_conversation_stories(trained_model):
    out = REPORTS / "stories"
    done = rasa("test", "core", "--stories", "tests/test_stories.yml", "--model", str(trained_model), "--out", str(out))
    assert done.returncode == 0, done.stderr[-4000:]
    failed = (out / "failed_test_stories.yml").read_text()
    assert "None of the test stories failed" in failed, failed


def only(replies: list[dict]) -> dict:
    assert len(replies) == 1, replies
    return replies[0]


def test_counter_question_then_fee_follow_up(chat, fake_queue_server):
    catalogue = requests.get(fake_queue_server.url + "/api/v1/catalogue", timeout=5).json()
    ho_tich_counters = [c for c in catalogue["counters"] if "ho_tich" in c["field_ids"]]
    reply = only(chat("lam giay khai sinh o quay nao", "visitor-1"))
    assert reply["intent"] == "ask_counter" and reply["procedure_id"] == "khai_sinh"
    assert reply["counters"] == [c["number"] for c in ho_tich_counters]
    assert all(c["name"] in reply["text"] for c in ho_tich_counters)
    assert any(b["payload"].startswith("/take_ticket") for b in reply["buttons"])

    fee = only(chat("còn phí?", "visitor-1"))
    khai_sinh = next(p for p in catalogue["procedures"] if p["id"] == "khai_sinh")
    assert fee["intent"] == "ask_fee" and fee["procedure_id"] == "khai_sinh"
    assert khai_sinh["fee"]["text"] in fee["text"]


def test_english_question_gets_an_english_answer(chat):
    reply = only(chat("how much is a certified copy", "visitor-2"))
    assert reply["intent"] == "ask_fee" and reply["procedure_id"] == "chung_thuc_ban_sao"
    assert reply["text"].startswith("Fee for Certification of copies")
    follow = only(chat("what about the documents?", "visitor-2"))
    assert follow["procedure_id"] == "chung_thuc_ban_sao" and follow["text"].startswith("Documents for")


def test_unknown_procedure_is_asked_with_buttons(chat):
    reply = only(chat("phí bao nhiêu", "visitor-3"))
    assert reply["intent"] == "ask_fee" and reply["procedure_id"] is None
    assert reply["buttons"] and all(b["payload"].startswith('/ask_fee{"procedure": "') for b in reply["buttons"])
    answer = only(chat(reply["buttons"][0]["payload"], "visitor-3"))
    assert answer["procedure_id"] == json.loads(reply["buttons"][0]["payload"][len("/ask_fee"):])["procedure"]


def test_residence_goes_to_the_commune_police(chat):
    reply = only(chat("làm tạm trú ở đâu", "visitor-4"))
    assert reply["procedure_id"] == "tam_tru" and reply["counters"] == []
    assert "Công an" in reply["text"]


def test_ticket_issued_in_conversation_reaches_the_queue_server(chat, fake_queue_server):
    before = len(fake_queue_server.issued)
    ask = only(chat("cho tôi lấy số đăng ký kết hôn", "visitor-5"))
    assert ask["intent"] == "take_ticket" and ask["procedure_id"] == "ket_hon"
    elderly = next(b for b in ask["buttons"] if '"elderly_60"' in b["payload"])
    issued = only(chat(elderly["payload"], "visitor-5"))
    assert len(fake_queue_server.issued) == before + 1
    ticket = fake_queue_server.issued[-1]
    assert ticket["procedure_id"] == "ket_hon" and ticket["priority"] == "elderly_60"
    assert issued["intent"] == "take_ticket" and ticket["number"] in issued["text"]
    assert issued["counters"] == [c["number"] for c in ticket["counters"]]
    where = only(chat("còn bao nhiêu người trước tôi", "visitor-5"))
    assert where["intent"] == "queue_position" and ticket["number"] in where["text"]


def test_ticket_lookup_by_typed_number(chat):
    reply = only(chat("số A 999 đến lượt chưa", "visitor-6"))
    assert reply["intent"] == "queue_position" and "A-999" in reply["text"]


def test_zz_rasa_stopped_gives_the_fallback_at_once(rasa_stack):
    """Last in this module: stops the session's Rasa."""
    relay = make_relay_app(rasa_stack.url, timeout=1.5).test_client()
    rasa_stack.rasa.stop()
    started = time.monotonic()
    reply = only(relay.post("/api/v1/assistant/messages", json={"sender": "x", "text": "xin chào"}).get_json()["replies"])
    assert reply["fallback"] is True and reply["intent"] is None and reply["buttons"]
    assert time.monotonic() - started < 1.5 + 3
