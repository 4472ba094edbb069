"""English visitors, round 15 (branch robot-english15): broken English asking how ("how I do?", "make paper")
or which paper ("need which document?", "what can I use instead"); a foreign partner told by the city one comes
from or by "a Vietnamese lady"; papers a foreigner holds "are from Ontario" are told, not asked for; the waiting
time of a procedure (not the queue); "can I get a number"; residence in English ("register where I'm staying",
"my permanent home"); a lost hospital birth paper; a paper saying one has no wife; a copy extract asked for by an embassy; a paper one wants
translated is the translator's signature certification; a plain photocopy; "how much money is the allowance".
The sentences are not those of assistant/tests/english_probes_r15.yml nor of dev19."""

from __future__ import annotations

import sys

import pytest
import yaml
from conftest import ASSISTANT, CATALOGUE

sys.path.insert(0, str(ASSISTANT / "scripts"))
from robot_eval import evaluate, offline_asker  # noqa: E402

TRANSLATOR = {"chung_thuc_chu_ky_ctv_dich", "chung_thuc_chu_ky_nguoi_dich"}


@pytest.mark.parametrize("message,intent,procedure", [
    # broken English: how (the overview) or which paper
    ("My father die this morning in hospital, how I do?", "inform_procedure", "khai_tu"),
    ("I want make paper for my wedding with my girlfriend, both Vietnamese, how we do?", "inform_procedure", "ket_hon"),
    ("Baby born last week. Birth register need what document?", "ask_documents", "khai_sinh"),
    ("We have no hospital paper for our son. What could we show instead to register his birth?",
     "ask_documents", "khai_sinh"),
    # a foreign partner told by a city, or by "a Vietnamese lady"
    ("Hello, I am Ahmed from Cairo and my fiancee is from Bac Ninh. Which papers must I bring for the marriage?",
     "ask_documents", "ket_hon_nuoc_ngoai"),
    ("I'm engaged to a Vietnamese woman. How long does the marriage registration take?",
     "ask_processing_time", "ket_hon_nuoc_ngoai"),
    ("My husband is from Hai Phong and I am from Nam Dinh. How much is the marriage registration?",
     "ask_fee", "ket_hon"),
    # papers held from abroad are told, not asked for
    ("I'm Dutch and marrying my Vietnamese boyfriend. My birth certificate and my passport are from Utrecht. "
     "What else do I need?", "ask_documents", "ket_hon_nuoc_ngoai"),
    ("Our land certificate is from 2001 and it is torn. Which counter changes it for a new one?",
     "ask_counter", "cap_doi_gcn"),
    # the hospital's birth paper lost is no birth certificate to register again
    ("Our baby was born at the clinic but we lost the clinic birth notice. How do we register her now?",
     "inform_procedure", "khai_sinh"),
    ("I lost my birth certificate years ago and the ward no longer has my record. How do I register again?",
     "inform_procedure", "dang_ky_lai_khai_sinh"),
    # the waiting time of a procedure
    ("What's the waiting time for a birth certificate here?", "ask_processing_time", "khai_sinh"),
    ("How long is the wait for a copy of the marriage record?", "ask_processing_time", "trich_luc_ho_tich"),
    # a paper saying one is not married, an extract asked for by an embassy
    ("What do I need for a letter confirming I have no husband?", "ask_documents", "xac_nhan_tinh_trang_hon_nhan"),
    ("The consulate asked for an extract of our marriage record. Where do I apply?",
     "ask_counter", "trich_luc_ho_tich"),
    # the amount of an allowance received
    ("How much money is the disability allowance each month?", "inform_procedure", "tro_cap_xa_hoi"),
])
def test_procedure_questions(reader, message, intent, procedure):
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == (intent, procedure)


@pytest.mark.parametrize("message,procedure", [
    ("I'm an Indian engineer renting a flat here. The police told me to register where I'm living now. "
     "Is that done here?", "tam_tru"),
    ("My son bought a house in this ward and wants it registered as his permanent home. Where?", "thuong_tru"),
])
def test_residence_in_english_names_the_procedure(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


@pytest.mark.parametrize("message", [
    "Could you translate my Thai diploma into Vietnamese?",
    "How much is it to have my Korean birth certificate translated?",
])
def test_a_paper_to_translate_is_the_translators_signature(reader, message):
    reading = reader.read(message)
    assert reading.procedure_id in TRANSLATOR or set(reading.choices) & TRANSLATOR, reading


@pytest.mark.parametrize("message,intent", [
    ("Hi, can I get a ticket now?", "take_ticket"),
    ("May I have a number please?", "take_ticket"),
    ("What's the waiting time now? Are many people ahead?", "queue_position"),
])
def test_general_questions(reader, message, intent):
    reading = reader.read(message)
    assert reading.intent == intent and reading.procedure_id is None


@pytest.mark.parametrize("message", [
    "I need two plain copies of my passport page, black and white. Where?",
    "I just want to photocopy my visa. Where can I do that? Only black and white.",
    "I'm from Germany and bored waiting for my friend. Tell me a joke?",
])
def test_out_of_scope(reader, message):
    reading = reader.read(message)
    assert reading.intent == "out_of_scope" and reading.procedure_id is None


def test_the_probe_round_stays_read():
    probes = yaml.safe_load((ASSISTANT / "tests" / "english_probes_r15.yml").read_text(encoding="utf-8"))
    report = evaluate(probes, offline_asker(CATALOGUE))
    assert report["overall"]["accuracy"] >= 0.95, report["misses"]
