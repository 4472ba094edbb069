"""What a visitor asks (branch robot-asks12, round 12): a fee asked in everyday words ("tốn bi nhiêu", "có phải
đóng đồng nào không", "hết mấy đồng"), which permits ("cần xin những phép gì?": the procedure's overview, not a
fee read from "mặt tiền"), and "bi nhiêu ngày" kept a time. The sentences are not those of
assistant/tests/asks_probes_r12.yml."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("message,intent,procedure", [
    # a fee in everyday words
    ("đăng ký khai tử cho ông có phải đóng đồng nào không cô", "ask_fee", "khai_tu"),
    ("trích lục kết hôn tốn bi nhiêu vậy chị", "ask_fee", "trich_luc_ho_tich"),
    ("xin giay xac nhan doc than het may dong", "ask_fee", "xac_nhan_tinh_trang_hon_nhan"),
    ("chứng thực hợp đồng cho thuê nhà tốn mấy đồng", "ask_fee", "chung_thuc_hop_dong"),
    # ...but a number of days in the same words is a time
    ("đăng ký kết hôn đợi bi nhiêu ngày", "ask_processing_time", "ket_hon"),
    ("làm khai sinh cho bé mất bi nhiêu ngày", "ask_processing_time", "khai_sinh"),
    # "cần xin những phép gì?" (no paper word): the procedure as a whole (its overview), no fee read from
    # "mặt tiền" told in the story
    ("Căn nhà mặt tiền của tôi còn trống tầng hai, muốn làm mấy phòng hát cho khách. Cần xin những phép gì?",
     "inform_procedure", "karaoke"),
])
def test_what_is_asked_in_everyday_words(reader, message, intent, procedure):
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == (intent, procedure)


@pytest.mark.parametrize("message", [
    "người tàn tật có được làm nhanh không",
    "nguoi khuyet tat co duoc giai quyet nhanh hon khong",
    "bà tôi là người cao tuổi, có được làm nhanh không em",
])
def test_a_group_served_faster_is_priority_not_its_procedure(reader, message):
    # "người tàn tật" names the disability certificate's words too: asked whether the group is served faster,
    # it is the priority rule (the merged round-12 examples had tipped it to the certificate's overview)
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == ("priority", None)


def test_how_long_the_disability_certificate_takes_stays_its_time(reader):
    reading = reader.read("xin xác nhận khuyết tật cho người tàn tật mất bao lâu")
    assert (reading.intent, reading.procedure_id) == ("ask_processing_time", "xac_dinh_khuyet_tat")
