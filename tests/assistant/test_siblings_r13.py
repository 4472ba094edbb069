"""Sibling procedures, round 13 (branch robot-siblings13): the sibling a visitor offers as a wrong guess ("sửa hay
bổ sung?") or rules out ("không phải lễ hội", "not a will") is not what is asked; a guardianship that ends; an
extract while the register still holds the record, a re-registration when it is lost, a first registration when
there never was one; a land certificate's first issue for land with a house on it; a household business closed
for good, not suspended; a procedure named in full after one that only implies its thing. The sentences are not
those of assistant/tests/siblings_probes_r13.yml nor of the dev sets."""

from __future__ import annotations

import pytest

from actions.reading import Context


@pytest.mark.parametrize("message,procedure", [
    # a blank entry told, then both names offered: the one told is meant
    ("Giấy khai sinh của chồng tôi để trống mục tên đệm, không bị ghi sai, vậy là làm sửa hay làm bổ sung?",
     "bo_sung_ho_tich"),
    ("my son's birth certificate has no ethnicity on it, nothing is wrong. Is that a correction or a supplement?",
     "bo_sung_ho_tich"),
    ("khai sinh cua me toi chua ghi noi sinh, chi ghi them thoi khong sua gi, lam o dau", "bo_sung_ho_tich"),
    # the wrong entry told: the correction, whatever else is offered
    ("Giấy khai sinh ghi sai họ của tôi, không phải để trống, vậy sửa hay bổ sung?", "cai_chinh_ho_tich"),
    # a thing ruled out
    ("Ông tôi muốn chứng thực hợp đồng tặng cho mảnh vườn cho cháu, chứ không phải lập di chúc, làm sao?",
     "chung_thuc_hop_dong"),
    ("We want our weekly prayer meetings registered at a fixed place, not a festival. What do we need?",
     "sinh_hoat_ton_giao"),
    # neighbours: the will and the festival said plainly
    ("Ông tôi muốn lập di chúc chia vườn cho các cháu, chứng thực ở đâu?", "chung_thuc_di_chuc"),
    ("Làng tôi mở hội đình đầu xuân thì đăng ký lễ hội thế nào?", "le_hoi"),
])
def test_a_guess_or_a_sibling_ruled_out_is_not_what_is_asked(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


@pytest.mark.parametrize("message,procedure", [
    ("ong noi chau khong can lam nguoi giam ho cho chau nua vi bo chau da ve, thi lam giay gi", "cham_dut_giam_ho"),
    ("My ward turned eighteen in May, so my guardianship should end. Where do I apply?", "cham_dut_giam_ho"),
    ("chị gái tôi mất, tôi muốn làm người giám hộ cho cháu thì nộp giấy gì?", "giam_ho"),
])
def test_a_guardianship_that_ends(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


@pytest.mark.parametrize("message,procedure", [
    # the register still holds the record: an extract, even for a damaged original
    ("Giấy đăng ký kết hôn của tôi bị ướt nát, xã vẫn còn lưu sổ, xin bản sao từ sổ thì làm sao?",
     "trich_luc_ho_tich"),
    ("I lost my birth certificate but the ward still has the record. Can I get a copy from it?", "trich_luc_ho_tich"),
    # the register lost too: registered again
    ("Khai sinh của bà tôi làm từ năm 1950, giấy mất mà sổ lưu ở xã cũng bị cháy, giờ làm sao?",
     "dang_ky_lai_khai_sinh"),
    ("hồi đó có khai sinh mà giờ xã hổng còn lưu sổ gốc, khai lại thì cần chi", "dang_ky_lai_khai_sinh"),
    # never registered: a late first registration
    ("bo toi mat 4 thang roi ma chua ai di khai tu, gio lam con duoc khong hay phai dang ky lai", "khai_tu"),
    ("My grandmother died in March and her death was never registered. What do we do now?", "khai_tu"),
])
def test_extract_re_registration_or_a_first_registration(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


@pytest.mark.parametrize("message,procedure", [
    ("Làm sổ đỏ lần đầu cho lô đất đã có nhà từ lâu thì hết bao nhiêu tiền?", "cap_gcn_lan_dau"),
    ("quan an cua toi lam an khong duoc, dong cua han luon thi bao phuong the nao", "cham_dut_hkd"),
    ("I run a noodle stall and must go home for maybe two or three months. I don't want to close for good. "
     "What do I do about the registration?", "tam_ngung_hkd"),
    ("Trường đòi bản sao có đóng dấu giấy khai sinh của con, tôi mang bản chính đến rồi, làm ở quầy nào?",
     "chung_thuc_ban_sao"),
    ("Which counter takes the transfer papers for my son's secondary school?", "chuyen_truong_thcs"),
])
def test_siblings_told_by_one_circumstance(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


def test_a_procedure_named_in_full_leaves_one_that_only_implies_its_thing(reader):
    context = Context(procedure_id="mai_tang_cuu_chien_binh", question="ask_documents")
    reading = reader.read("còn đi khai tử cho ông thì có tốn tiền không", context)
    assert (reading.intent, reading.procedure_id) == ("ask_fee", "khai_tu")
    # the land certificate is in a lost certificate's own name: a follow-up naming it stays there
    context = Context(procedure_id="cap_lai_gcn_mat", question="inform_procedure")
    assert reader.read("sổ đỏ làm lại mất bao lâu", context).procedure_id == "cap_lai_gcn_mat"
