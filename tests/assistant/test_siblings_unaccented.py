"""Siblings typed without diacritics (branch robot-siblings9): a compound read as a one-word facet ("hai ben" is
both parties, not "bển" abroad; "gia dinh" is a family, not a price), and a phrase that names both the thing
and what is done to it. The sentences are not those of assistant/tests/siblings_probes_r9.yml."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("message,procedure", [
    # "hai ben" (both parties) is no foreign spouse
    ("ca hai ben deu phai co mat khi dang ky ket hon khong", "ket_hon"),
    # "it nhat" (at least) is not Japan
    ("dang ky ket hon it nhat mat may ngay", "ket_hon"),
    # "truong thanh" (grown up) is no school
    ("chau toi da truong thanh, muon cham dut giam ho", "cham_dut_giam_ho"),
])
def test_compounds_typed_without_marks_are_no_facet(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


@pytest.mark.parametrize("message,not_intent", [
    ("gia dinh toi muon xin giay gioi thieu di tham mo liet si", "ask_fee"),  # a family, not a price
    ("muon danh gia lai muc do khuyet tat cho con", "ask_fee"),  # "đánh giá" is to assess
])
def test_gia_compounds_ask_no_fee(reader, message, not_intent):
    assert reader.read(message).intent != not_intent


@pytest.mark.parametrize("message,procedure", [
    ("muon doi chu ho kinh doanh sang ten vo thi lam sao", "thay_doi_hkd"),  # a change, not an exchange
    ("tiem toi nghi ban vai thang vi di de", "tam_ngung_hkd"),  # suspended, whatever the reason
    ("xin doi ban ve nha so voi giay phep da duoc cap", "dieu_chinh_gpxd"),  # the permit's amendment
    ("muon xem thong tin dat dai cua thua ben canh", "cung_cap_thong_tin_dat"),  # land information
])
def test_a_phrase_names_the_thing_and_the_circumstance(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure
