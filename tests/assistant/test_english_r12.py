"""English visitors and general questions, round 12 (branch robot-english12): "Do I need to register…?" is whether
a procedure is needed (its overview); "what window", "right away", "how many day"; how the numbers work; a
booking then "what now?"; a counter named by its service; thanks then goodbye; a loan on a red book, a copy shop
nearby, a noisy neighbour, jobs here and questions about the robot are out of scope; an old-style tone ("xoá",
"hoà") reads as the usual one. The sentences are not those of assistant/tests/english_probes_r12.yml or dev12."""

from __future__ import annotations

import pytest

from actions.reading import Context
from actions.lexicon import fold


@pytest.mark.parametrize("message,intent,procedure", [
    # whether a procedure is needed: the overview; papers named or "what" asked: the documents
    ("We hold a small flower festival in the village every spring. Do we need to register it?",
     "inform_procedure", "le_hoi"),
    ("My son wants to sell phone cases from our garage. Does he need to register a household business?",
     "inform_procedure", "thanh_lap_hkd"),
    ("Do I need to bring my passport to register my baby's birth?", "ask_documents", "khai_sinh"),
    ("What do we need to register our baby's birth?", "ask_documents", "khai_sinh"),
    # where and when, in English as visitors write it
    ("What window is it for a death registration?", "ask_counter", "khai_tu"),
    ("Can you certify copies of my transcript right away?", "ask_processing_time", "chung_thuc_ban_sao"),
    ("want register marriage, how many day?", "ask_processing_time", "ket_hon"),
    ("I have four documents, one page each, I need certify copy. How much is it?", "ask_fee", "chung_thuc_ban_sao"),
    # "back for good" is the visitor, not a closure; closed while away is a suspension
    ("I moved back for good from Canada and want to open a nail salon at home. Do I have to register it?",
     "inform_procedure", "thanh_lap_hkd"),
    ("My husband's tea shop will be closed in the meantime while we visit Korea for 4 months. Do we tell the ward?",
     "inform_procedure", "tam_ngung_hkd"),
])
def test_english_procedure_questions(reader, message, intent, procedure):
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == (intent, procedure)


@pytest.mark.parametrize("message,intent", [
    ("How does the ticket system work here?", "take_ticket"),
    ("bấm số thứ tự ở đâu vậy cô", "take_ticket"),
    ("I booked online and got code B-007. What do I do next?", "appointment_checkin"),
    ("Excuse me, where is the priority counter?", "counter_location"),
    ("quầy số 2 hộ tịch nằm bên nào vậy", "counter_location"),
    ("Dạ cảm ơn cô nhé, chào cô.", "goodbye"),
    ("thanks a lot, bye", "goodbye"),
    ("Do veterans have to line up?", "priority"),  # "line up" waits in the queue (was test_intent_model's)
    ("Does my 85-year-old grandma have to line up like everyone?", "priority"),
])
def test_general_questions(reader, message, intent):
    reading = reader.read(message)
    assert reading.intent == intent and reading.procedure_id is None


@pytest.mark.parametrize("message", [
    "Em muốn thế chấp sổ đỏ để vay vốn làm ăn thì làm sao?",
    "Could I borrow money from a bank with my land certificate?",
    "Is there a copy shop around here? I forgot to copy my passport for the bank.",
    "Who created you? Are you a real robot?",
    "Bên mình có đang tuyển người làm không ạ?",
    "My neighbours sing karaoke so loud until midnight. Who do I call?",
])
def test_out_of_scope_near_procedure_words(reader, message):
    reading = reader.read(message)
    assert reading.intent == "out_of_scope" and reading.procedure_id is None


def test_a_ticket_asked_after_a_procedure_keeps_it(reader):
    context = Context(procedure_id="ho_ngheo", question="inform_procedure")
    assert (reader.read("lấy số ở đâu", context).intent, reader.read("lấy số ở đâu", context).procedure_id) \
        == ("take_ticket", "ho_ngheo")
    reading = reader.read("vậy mang hồ sơ tới quầy nào", context)
    assert (reading.intent, reading.procedure_id) == ("ask_counter", "ho_ngheo")


def test_old_style_tone_placement_is_the_usual_one(reader):
    assert fold("Xoá hộ khẩu, hoà giải, thuỷ, quý, hoàng") == "xóa hộ khẩu hòa giải thủy quý hoàng"
    assert reader.read("xoá đăng ký thường trú ở nhà cũ thì làm ở đâu").procedure_id == "xoa_thuong_tru"
