"""English visitors (foreign spouses, Viet kieu), round 14 (branch robot-english14): a foreigner told by a city
or a citizenship; "is it possible today", "when can I take"; "how to", "how I can", "what can I do", "where do
they begin" ask how; "what should I prepare" and papers "legalised and translated" ask for papers; a restaurant
of one's own, "recognised as poor", "copied and certified", "into two karaoke rooms"; a residence card, a
holiday, changing money are out of scope; Vietnamese support received, the ticket machine, lunch hours asked
of "cán bộ ơi". The sentences are not those of assistant/tests/english_probes_r14.yml or dev18."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("message,intent,procedure", [
    # a foreigner told by a city or a citizenship
    ("My boyfriend comes from Busan. Which counter do we go to for our wedding registration?",
     "ask_counter", "ket_hon_nuoc_ngoai"),
    ("I'm a US citizen engaged to a girl from this ward. What must I bring to register the marriage?",
     "ask_documents", "ket_hon_nuoc_ngoai"),
    ("Hi, I'm Sophie from Lyon. My fiancé is from Hue. Do my papers need to be legalized and translated?",
     "ask_documents", "ket_hon_nuoc_ngoai"),
    ("Which counter is for marriage registration, please? We are both Vietnamese.", "ask_counter", "ket_hon"),
    # when: today, while waiting, when to collect
    ("My Japanese employer needs my signature certified on a letter. Is it possible today?",
     "ask_processing_time", "chung_thuc_chu_ky"),
    ("When can I take the certificate for our business registration?", "ask_processing_time", "thanh_lap_hkd"),
    ("I want my diploma copied and certified. Can I wait for it?", "ask_processing_time", "chung_thuc_ban_sao"),
    # how (the overview) vs which papers
    ("How to register the death of my grandmother again? The ward lost the old book.",
     "inform_procedure", "dang_ky_lai_khai_tu"),
    ("Our family has no papers for the land we live on since 1990. Where do we begin to get a certificate?",
     "inform_procedure", "cap_gcn_lan_dau"),
    ("To register the birth of our baby, what should we prepare?", "ask_documents", "khai_sinh"),
    ("Which window for notarize my university degree?", "ask_counter", "chung_thuc_ban_sao"),
    # a business of one's own, the poor list, karaoke rooms
    ("We will close our small restaurant for two months while we visit Japan. How long to register that?",
     "ask_processing_time", "tam_ngung_hkd"),
    ("My parents-in-law have no income. Can they be recognised as a poor household?", "inform_procedure", "ho_ngheo"),
    ("Our cafe is a household business. We want to make the back room into two karaoke rooms. "
     "Do we need another licence?", "inform_procedure", "karaoke"),
    # Vietnamese: support received is the overview, a fee stays a fee
    ("bố em là thương binh vừa mất, nhà em được nhận trợ cấp một lần bao nhiêu tiền", "inform_procedure",
     "tro_cap_mot_lan_nguoi_co_cong"),
    ("Đăng ký khai tử có mất phí không?", "ask_fee", "khai_tu"),
    ("tiệm tui nghỉ bán vài tháng thì làm ra răng", "inform_procedure", "tam_ngung_hkd"),
])
def test_procedure_questions(reader, message, intent, procedure):
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == (intent, procedure)


@pytest.mark.parametrize("message,intent", [
    ("máy lấy số thứ tự nằm ở đâu vậy", "take_ticket"),
    ("cán bộ ơi, trưa có làm việc không", "opening_hours"),
    ("buổi trưa ở đây có nghỉ không hay cán bộ làm xuyên trưa", "opening_hours"),
    ("Em muốn gặp cán bộ hướng dẫn làm khai sinh", "human_handoff"),
])
def test_general_questions(reader, message, intent):
    reading = reader.read(message)
    assert reading.intent == intent and reading.procedure_id is None


@pytest.mark.parametrize("message", [
    "My wife is Japanese. Where does she renew her temporary residence card?",
    "We just got married here. Could you recommend a quiet beach for a holiday?",
    "Can you change money for me? I only have dollars.",
    "Is there a good restaurant near here?",
])
def test_out_of_scope(reader, message):
    reading = reader.read(message)
    assert reading.intent == "out_of_scope" and reading.procedure_id is None
