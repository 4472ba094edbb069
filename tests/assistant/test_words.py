"""How visitors name things (branch robot-words): words typed without diacritics that mean two things, teen code,
Southern and Central words, and siblings told apart by one everyday word — read by the robot's reader without
Rasa. The sentences are not those of assistant/tests/words_probes_r8.yml."""

from __future__ import annotations

import pytest

from actions.lexicon import default_lexicon
from actions.reading import Context


@pytest.mark.parametrize("message,intent,procedure", [
    # "nó" typed "no" is no English negation: the foreign spouse stays
    ("chong no la nguoi Thai Lan, hai dua muon dang ky ket hon thi can gi", "ask_documents", "ket_hon_nuoc_ngoai"),
    # "mua" is "mua" (buy) before it is "mưa" (rain): not out of scope
    ("truoc khi mua mieng dat thi xin thong tin thua dat o quay nao", "ask_counter", "cung_cap_thong_tin_dat"),
    # "phải đợi" is waiting, not an exchange ("đổi")
    ("xin cap so do lan dau thi phai doi may ngay", "ask_processing_time", "cap_gcn_lan_dau"),
    # "bn lâu" asks a time, not a fee
    ("gia hạn gp xd mất bn lâu v", "ask_processing_time", "gia_han_gpxd"),
])
def test_words_typed_without_marks_or_in_teen_code(reader, message, intent, procedure):
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == (intent, procedure)


@pytest.mark.parametrize("message,procedure", [
    ("Má nó muốn đổi qua họ của má cho thằng nhỏ thì làm sao?", "cai_chinh_ho_tich"),  # má → mẹ, a surname change
    ("Cái giấy chủ quyền nhà tui bị ướt mất mấy trang, đổi cái khác cần chi?", "cap_doi_gcn"),  # damage, not loss
    ("Tui nghỉ bán hẳn rồi, muốn trả giấy phép hộ kinh doanh thì làm răng?", "cham_dut_hkd"),
    ("Ổng định cư ở Úc, về đây cưới con gái tui thì đăng ký ở quầy mô?", "ket_hon_nuoc_ngoai"),
])
def test_southern_and_central_words(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


def test_con_is_a_child_or_what_else_by_the_words_after_it(reader):
    after_fee = Context(procedure_id="ket_hon", question="ask_fee")
    other = reader.read("con chung thuc hop dong thi sao", after_fee)  # "còn …?": the same question
    assert (other.intent, other.procedure_id) == ("ask_fee", "chung_thuc_hop_dong")
    child = reader.read("con toi moi sinh tuan truoc", after_fee)  # "con tôi": a child, no follow-up
    assert (child.intent, child.procedure_id) == ("inform_procedure", "khai_sinh")


def test_a_weak_thing_shared_does_not_make_siblings(reader):
    # a marriage and a death are both civil-status records: not the fee question asked again
    reading = reader.read("ông nội tôi vừa mất sáng nay", Context(procedure_id="ket_hon", question="ask_fee"))
    assert (reading.intent, reading.procedure_id) == ("inform_procedure", "khai_tu")


def test_an_out_of_scope_word_needs_its_marks_and_english_negators_english():
    lexicon = default_lexicon()
    assert lexicon.scan("hôm nay có mưa không").labels("out_of_scope")
    assert not lexicon.scan("hom nay mua dat").labels("out_of_scope")
    assert "foreign" in lexicon.scan("vo no nguoi Han").labels("facet")
    assert "lost" not in lexicon.scan("I have not lost it").labels("facet")
