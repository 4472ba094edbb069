"""What a visitor asks, round 13 (branch robot-asks13): the amount of money received is the overview, a fine is a
fee, "at once or another day" is the time, "gì/nào/need" inside a how or whether phrase asks no papers, general
questions (a number called while away, a person, priority at a counter, a ticket for a procedure), the centre's
facilities out of scope, and context (no ticket inherited from a police procedure). The sentences are not those of
assistant/tests/asks_probes_r13.yml nor of the dev sets."""

from __future__ import annotations

import pytest

from actions.reading import Context


@pytest.mark.parametrize("message,intent,procedure", [
    # the amount RECEIVED: the procedure's overview (labelling conventions), not a fee...
    ("Con tôi khuyết tật nặng, mỗi tháng được nhận bao nhiêu tiền trợ cấp?", "inform_procedure", "tro_cap_xa_hoi"),
    ("How much burial support does a family receive when a veteran dies?", "inform_procedure",
     "mai_tang_cuu_chien_binh"),
    # ...a fee paid stays a fee
    ("Xin trợ cấp mai táng cho cựu chiến binh có mất phí không?", "ask_fee", "mai_tang_cuu_chien_binh"),
    ("How much does it cost to get a certified copy of my diploma?", "ask_fee", "chung_thuc_ban_sao"),
    # a fine is a fee, "đóng tiền" too
    ("Khai tử trễ mấy tháng thì có bị phạt tiền không?", "ask_fee", "khai_tu"),
    ("dang ky ket hon co phai dong tien gi khong", "ask_fee", "ket_hon"),
    # at once or another day: the time
    ("Chứng thực chữ ký thì đợi lấy luôn hay phải hẹn hôm khác?", "ask_processing_time", "chung_thuc_chu_ky"),
    # how or whether: "gì/nào" in "kiểu gì", "thế nào", a nothing, "Do we need a permit?"
    ("Muốn đổi tên chủ hộ kinh doanh trên giấy tờ thì làm thế nào?", "inform_procedure", "thay_doi_hkd"),
    ("Ruộng nhà tôi chưa có giấy tờ gì cả, giờ muốn làm sổ đỏ thì làm sao?", "inform_procedure", "cap_gcn_lan_dau"),
    ("We are about to build a house on our own plot. Do we need a permit?", "inform_procedure", "gpxd_nha_o"),
    # "chị" folded to "chi" asks no thing; an English yes/no clause asks, papers told before it are the story
    ("em tự dịch giấy tờ cho chị gái, không phải cộng tác viên, chứng thực chữ ký người dịch ở đây được không ạ",
     "inform_procedure", "chung_thuc_chu_ky_nguoi_dich"),
    ("I did the translation of the documents myself and I'm not a registered translator. Can my signature on it be "
     "certified here?", "inform_procedure", "chung_thuc_chu_ky_nguoi_dich"),
    # ...but papers asked for stay papers
    ("bé có khai sinh rồi mà không có tên bố, bố muốn nhận con thì cần giấy tờ gì", "ask_documents", "nhan_cha_me_con"),
    ("Xin phép xây dựng nhà ở cần chuẩn bị những giấy tờ gì?", "ask_documents", "gpxd_nha_o"),
    ("Xin thông tin thửa đất thì điền phiếu nào?", "ask_documents", "cung_cap_thong_tin_dat"),
])
def test_what_is_asked(reader, message, intent, procedure):
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == (intent, procedure)


@pytest.mark.parametrize("message,intent", [
    ("Số em bị gọi qua mất rồi, giờ em phải làm sao?", "queue_position"),  # no death: "qua mất"
    ("kêu giùm e 1 bạn nhân viên ra đây vs", "human_handoff"),  # no ticket "E-1"
    ("Người già được ưu tiên ở quầy nào vậy cháu?", "priority"),
    ("Chiều nay mấy giờ nghỉ hả cháu, bác còn phải đi xe buýt về quê.", "opening_hours"),  # the bus is the story
    # the centre's facilities are out of scope (labelling conventions), whatever a facility's words suggest
    ("Cho hỏi nhà vệ sinh nam ở đâu?", "out_of_scope"),
    ("chỗ đi vệ sinh phía nào vậy em", "out_of_scope"),
    ("photo cmnd ở chỗ nào vậy", "out_of_scope"),
    ("Where's the toilet, please?", "out_of_scope"),
    ("Which counter sells postage stamps?", "out_of_scope"),
])
def test_general_and_out_of_scope(reader, message, intent):
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == (intent, None)


@pytest.mark.parametrize("message,intent,procedure", [
    # neighbours that must not change: a certified copy named with a copy word, a ticket, a counter
    ("photo công chứng học bạ ở quầy nào", "ask_counter", "chung_thuc_ban_sao"),
    ("I need a certified copy of my degree, which desk?", "ask_counter", "chung_thuc_ban_sao"),
    ("Cho tôi một số để làm khai tử.", "take_ticket", "khai_tu"),
    ("đăng ký khai sinh làm ở quầy nào", "ask_counter", "khai_sinh"),
    # a facility in the story, the procedure asked last
    ("Tôi gửi xe ngoài bãi rồi mới vào, giờ làm khai sinh cho con thì vào quầy nào?", "ask_counter", "khai_sinh"),
])
def test_neighbours_stay(reader, message, intent, procedure):
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == (intent, procedure)


def test_no_ticket_inherited_from_a_police_procedure(reader):
    # after a temporary residence (redirected to the police), "where do I take a number?" asks which procedure
    reading = reader.read("chỗ lấy số ở đâu vậy", Context(procedure_id="tam_tru"))
    assert (reading.intent, reading.procedure_id) == ("take_ticket", None)
    # ...while after one of the centre's procedures the ticket is for it
    reading = reader.read("chỗ lấy số ở đâu vậy", Context(procedure_id="khai_sinh", question="ask_documents"))
    assert (reading.intent, reading.procedure_id) == ("take_ticket", "khai_sinh")


def test_a_facility_asked_mid_conversation_is_out_of_scope(reader):
    reading = reader.read("À mà nhà vệ sinh ở đâu nhỉ?", Context(procedure_id="gpxd_nha_o", question="ask_documents"))
    assert reading.intent == "out_of_scope"
