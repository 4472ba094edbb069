"""What a visitor asks, and follow-ups (branches robot-asks10 and robot-asks11): same-day and waiting-days asks,
"ra đâu", English "is there a fee", money received (no fee), a ticket asked for vs the queue, a ticket and a
closure asked as follow-ups. The sentences are not those of assistant/tests/asks_probes_r1*.yml."""

from __future__ import annotations

import pytest

from actions.reading import Context


@pytest.mark.parametrize("message,intent,procedure", [
    ("sao y học bạ có nhận lại ngay trong ngày không", "ask_processing_time", "chung_thuc_ban_sao"),
    ("xin giấy độc thân đợi bao nhiêu hôm", "ask_processing_time", "xac_nhan_tinh_trang_hon_nhan"),
    ("dang ky ket hon thi ra dau nop", "ask_counter", "ket_hon"),
    ("Is there a fee to apply for a marriage registration?", "ask_fee", "ket_hon"),
    # money received, not a fee; whether one can: the overview
    ("ông e có đc lãnh tiền trợ cấp hằng tháng hông", "inform_procedure", "tro_cap_xa_hoi"),
    ("Can my grandmother, who never worked, get the social pension?", "inform_procedure", "huu_tri_xa_hoi"),
    # "không có … gì" is nothing, no question: a situation told, its overview
    ("Mẹ tôi không có lương hưu gì, giờ muốn xin trợ cấp hưu trí xã hội cho bà.", "inform_procedure", "huu_tri_xa_hoi"),
])
def test_what_is_asked_about_a_procedure(reader, message, intent, procedure):
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == (intent, procedure)


def test_health_insurance_for_the_family_is_not_this_centres(reader):
    # only a newborn's card is linked with the birth registration here; a family's is bought elsewhere
    assert reader.read("mua bao hiem y te cho ca gia dinh o quay nao").intent == "out_of_scope"


@pytest.mark.parametrize("message", ["cho tôi lấy số để chờ đến lượt", "in giùm tui 1 phiếu xếp hàng",
                                     "bấm giùm e 1 phiếu nha"])
def test_a_ticket_asked_for_is_no_queue_question(reader, message):
    assert reader.read(message).intent == "take_ticket"


@pytest.mark.parametrize("before,message,intent,procedure", [
    ("khai_tu", "ok bốc giùm tui 1 số nha", "take_ticket", "khai_tu"),
    ("tam_ngung_hkd", "Vậy nếu nghỉ luôn, đóng cửa không bán nữa thì nộp gì?", "ask_documents", "cham_dut_hkd"),
    ("trich_luc_ho_tich", "nhưng sổ lưu ở phường cũ bị cháy hết rồi thì sao", "ask_documents", "dang_ky_lai_khai_sinh"),
])
def test_follow_ups(reader, before, message, intent, procedure):
    reading = reader.read(message, Context(procedure_id=before, question="ask_documents"))
    assert (reading.intent, reading.procedure_id) == (intent, procedure)


# Branch robot-asks11: money received, a same-day or deadline ask, the queue after a story, the overview asked
# after papers told in the story, a change of mind, a new procedure after the ID card. Not the sentences of
# assistant/tests/asks_probes_r11.yml.
@pytest.mark.parametrize("message,intent,procedure", [
    ("nhà em nghèo, con đi học xa phải ở lại trường, có tiền hỗ trợ tiền ăn không ạ", "inform_procedure",
     "ho_tro_ban_tru"),  # support received, not a fee
    ("Can I collect my certified copies today?", "ask_processing_time", "chung_thuc_ban_sao"),
    ("Is there a time limit for reporting a death in the family?", "ask_processing_time", "khai_tu"),
    ("Cả nhà bị cháy mất hết giấy tờ, giờ muốn xin cấp lại sổ đỏ thì phải làm sao?", "inform_procedure",
     "cap_lai_gcn_mat"),  # the papers lost are the story; the question asks how
])
def test_what_is_asked_round_11(reader, message, intent, procedure):
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == (intent, procedure)


def test_the_queue_asked_after_a_story_about_a_baby(reader):
    reading = reader.read("I got ticket 23 and my baby needs feeding soon. How many people are before me?")
    assert (reading.intent, reading.procedure_id) == ("queue_position", None)


@pytest.mark.parametrize("before,message,intent,procedure", [
    ("can_cuoc", "Còn nữa, hai đứa tôi tính lấy nhau thì cần giấy gì?", "ask_documents", "ket_hon"),
    ("tam_ngung_hkd", "à thôi, dẹp hẳn hộ kinh doanh luôn thì sao", "inform_procedure", "cham_dut_hkd"),
])
def test_a_new_topic_after_another(reader, before, message, intent, procedure):
    reading = reader.read(message, Context(procedure_id=before, question="ask_documents"))
    assert (reading.intent, reading.procedure_id) == (intent, procedure)
