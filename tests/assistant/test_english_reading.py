"""English visitors (robot round 8): verb forms, questions that put the verb first, and siblings told apart by
what is done in English words — on the demo catalogue and on a made-up centre's (no code per catalogue)."""

from __future__ import annotations

import sys

import pytest
from conftest import ASSISTANT, CATALOGUE

from actions.lexicon import CUE, default_lexicon, english_forms, extra_aliases
from actions.reading import Context, Reader

sys.path.insert(0, str(ASSISTANT / "scripts"))
from generate_training_data import load_catalogue  # noqa: E402

OTHER_CENTRE = {
    "fields": [{"id": "xd", "prefix": "X", "name": {"vi": "Xây dựng", "en": "Construction"}}],
    "procedures": [
        {"id": "p_new", "field_id": "xd", "name": {"vi": "Cấp giấy phép xây dựng nhà ở", "en": "Building permit"}},
        {"id": "p_extend", "field_id": "xd", "name": {"vi": "Gia hạn giấy phép xây dựng", "en": "Extension of building permit"}},
        {"id": "p_lost", "field_id": "xd", "name": {"vi": "Cấp lại giấy phép xây dựng bị mất",
                                                    "en": "Re-issue of a lost building permit"}},
    ],
}


def demo_reader() -> Reader:
    fields, procedures = load_catalogue(CATALOGUE)
    return Reader({"fields": fields, "procedures": procedures}, extra_aliases=extra_aliases())


def test_english_verb_forms():
    assert {"modified", "modifying"} <= set(english_forms("modify"))
    assert {"stopped", "stopping"} <= set(english_forms("stop"))
    assert english_forms("end") == []  # short words: listed in vocabulary.yml instead ("ending", "ended")


def test_a_noun_after_a_determiner_gets_its_plural_only():
    scan = default_lexicon().scan("What is the processing fee for a marriage registration?")
    assert [h.label for h in scan.hits if h.group == CUE] == ["ask_fee"]


@pytest.mark.parametrize("message,intent,procedure", [
    # how or whether: the procedure as a whole (the overview lists the papers too)
    ("My disability card got torn, can I exchange it for a new one?", "inform_procedure", "cap_lai_khuyet_tat"),
    ("Could you certify my signature on a power of attorney?", "inform_procedure", "chung_thuc_chu_ky"),
    ("My daughter finishes primary school this summer, what do we do for secondary school?", "inform_procedure",
     "tuyen_sinh_lop6"),
    ("Our Buddhist group wants to hold prayer meetings every Sunday", "inform_procedure", "sinh_hoat_ton_giao"),
    # papers named: what to bring
    ("My disability card got torn, what do I bring to exchange it?", "ask_documents", "cap_lai_khuyet_tat"),
    ("My father wants his will certified. What does he need?", "ask_documents", "chung_thuc_di_chuc"),
])
def test_a_question_with_its_verb_first_asks_what_it_takes(message, intent, procedure):
    reading = demo_reader().read(message)
    assert (reading.intent, reading.procedure_id) == (intent, procedure)


@pytest.mark.parametrize("message,procedure", [
    ("how long to close a household business?", "cham_dut_hkd"),
    ("I have to close my noodle shop for three months, what do I file?", "tam_ngung_hkd"),
    ("I'm starting a household business, which counter?", "thanh_lap_hkd"),
    ("Burglars took the safe with our red book inside", "cap_lai_gcn_mat"),
    ("How do I replace a damaged land certificate?", "cap_doi_gcn"),
    ("There is a typo in my name on the land title. How do I get it fixed?", "dinh_chinh_gcn"),
    ("Which desk for ending a guardianship?", "cham_dut_giam_ho"),
    ("My birth record is missing my father's hometown, how much to add it?", "bo_sung_ho_tich"),
    ("I lost my copy of the contract certified here, can I get a certified copy of it?", "ban_sao_hop_dong"),
    ("How much does it cost to have the contract certified here?", "chung_thuc_hop_dong"),
    ("My mum is 82 and gets no pension. Can she get some money each month?", "huu_tri_xa_hoi"),
])
def test_english_siblings(message, procedure):
    assert demo_reader().read(message).procedure_id == procedure


def test_another_centres_catalogue_in_english_words():
    reader = Reader(OTHER_CENTRE)
    assert reader.read("Renewing my building permit, what do I need?").procedure_id == "p_extend"
    assert reader.read("Our building permit runs out next month").procedure_id == "p_extend"
    assert reader.read("Thieves stole my building permit, which counter?").procedure_id == "p_lost"


def test_an_english_circumstance_moves_to_the_sibling():
    reader, context = demo_reader(), Context()
    first = reader.read("How do I register my marriage?", context)
    context.procedure_id, context.question = first.procedure_id, first.intent
    assert reader.read("my fiancée is Korean", context).procedure_id == "ket_hon_nuoc_ngoai"
