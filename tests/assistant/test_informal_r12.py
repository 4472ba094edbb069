"""The form or paper a visitor asks for (branch robot-informal13): "tờ khai gì", "viết đơn gì", "đơn j", "mẫu
nào", "văn bản gì", "kèm theo gì", "which form", "what do I attach" ask what to bring (ask_documents), and
relabel_overview.py keeps them so; "do I need to register…?", "cần giấy phép gì?" ask whether or which procedure
(its overview). Not the sentences of assistant/tests/informal_probes_r12.yml."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from actions.intents import asks_how_only
from actions.reading import Context

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "assistant" / "scripts"))
from relabel_overview import relabel  # noqa: E402


@pytest.mark.parametrize("message,procedure", [
    ("làm giấy xác nhận độc thân thì ghi tờ khai nào vậy", "xac_nhan_tinh_trang_hon_nhan"),
    ("xin hưu trí xã hội cho mẹ thì kèm theo gì", "huu_tri_xa_hoi"),  # was the NLU's fallback
    ("dang ky giam ho cho em trai bi tam than can viet don gi", "giam_ho"),
    ("xin hỗ trợ mai táng cho ông ngoại là cựu chiến binh cần đơn j ạ", "mai_tang_cuu_chien_binh"),
    ("Đăng ký sinh hoạt tôn giáo tập trung thì nhóm cần văn bản nào?", "sinh_hoat_ton_giao"),
    ("chuyen truong cho con lop 8 thi dien mau nao", "chuyen_truong_thcs"),
    ("Which form do we fill in to register our marriage?", "ket_hon"),
    ("What do I attach to a request for a land information extract?", "cung_cap_thong_tin_dat"),
    ("Đăng ký khai tử có phải điền tờ khai không?", "khai_tu"),  # a form named after "có phải": papers
])
def test_the_form_asked_for_is_a_documents_question(reader, message, procedure):
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == ("ask_documents", procedure)


@pytest.mark.parametrize("message,procedure", [
    ("don tiem banh mi qua cho moi thi lam sao", "thay_doi_hkd"),  # "dọn" (move) typed without marks
    ("Chứng thực văn bản từ chối nhận di sản làm thế nào?", "tu_choi_di_san"),  # "văn bản" in the name
    ("Làm đơn hòa giải chuyện ranh đất với nhà bên thì làm sao?", "hoa_giai_dat"),  # doing the paperwork
    ("I run a tea stall outside my house. Do I need to register a household business?", "thanh_lap_hkd"),
    ("mở tiệm hớt tóc nhỏ thì cần giấy phép gì không", "thanh_lap_hkd"),  # which permit: which procedure
])
def test_how_whether_or_which_procedure_is_its_overview(reader, message, procedure):
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == ("inform_procedure", procedure)


def test_what_do_we_need_to_register_still_asks_the_papers(reader):
    reading = reader.read("What do we need to register our son's birth?")
    assert (reading.intent, reading.procedure_id) == ("ask_documents", "khai_sinh")


def test_a_form_asked_as_a_follow_up_keeps_the_procedure(reader):
    context = Context(procedure_id="tam_ngung_hkd", question=None)
    reading = reader.read("vậy phải viết đơn j", context)
    assert (reading.intent, reading.procedure_id) == ("ask_documents", "tam_ngung_hkd")
    reading = reader.read("Còn kèm theo gì nữa không?", Context(procedure_id="khai_tu", question="ask_documents"))
    assert (reading.intent, reading.procedure_id) == ("ask_documents", "khai_tu")


def test_gks_is_a_birth_certificate(reader):
    # "gks" was an unknown word: "lỡ lm mất gks r, xin lại …" was out of scope
    reading = reader.read("bé nhà e bị thất lạc gks r, giờ xin lại sao ad")
    assert reading.intent == "inform_procedure"
    assert reading.procedure_id in ("dang_ky_lai_khai_sinh", "trich_luc_ho_tich")


def test_relabel_overview_keeps_questions_naming_a_form(reader, tmp_path):
    lines = ['questions:',
             '- {s: vi, k: procedure, i: ask_documents, p: tro_cap_xa_hoi, q: "xin trợ cấp cho bà thì kèm theo gì"}',
             '- {s: vi, k: procedure, i: ask_documents, p: le_hoi, q: "to chuc le hoi can van ban gi"}',
             '- {s: vi, k: procedure, i: ask_documents, p: ket_hon, q: "đăng ký kết hôn thế nào?"}']
    path = tmp_path / "set.yml"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert relabel(path, reader.lexicon, quiet=True) == 1
    text = path.read_text(encoding="utf-8")
    assert text.count("i: ask_documents") == 2 and "i: procedure_overview, p: ket_hon" in text
    assert not asks_how_only(reader.lexicon, reader.lexicon.scan("cần tờ khai gì"), False)
