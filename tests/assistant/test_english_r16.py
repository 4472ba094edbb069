"""English visitors, round 16 (branch robot-english16): a prefix said apart ("re-register"); the register's record
still there and a copy of a relative's certificate (an extract); a paper denied wrong with its name between
("nothing on my son's birth certificate is wrong"); a need denied in the story ("no permit is needed") is no
question; life stories told in everyday English — a child made one's own on paper, someone else's children
raised, a house that "goes to" a child, building beyond the permit, a business taken over, a name taken off the
household registration, a newborn's papers all at once, a food cart at the front of the house, an old person who
never paid social insurance, moving in with a son "for good"; another office's or a bank's hours and a licence
converted are out of scope; what the state gives for a funeral is an amount received.
The sentences are not those of assistant/tests/visitor_questions_unseen_dev24.yml nor of any other set."""

from __future__ import annotations

import sys

import pytest
import yaml
from conftest import ASSISTANT, CATALOGUE

sys.path.insert(0, str(ASSISTANT / "scripts"))
from robot_eval import evaluate, offline_asker  # noqa: E402

OLD_AGE_MONEY = {"huu_tri_xa_hoi", "tro_cap_xa_hoi"}


@pytest.mark.parametrize("message,intent,procedure", [
    # a prefix said apart from the phrase that takes its verb
    ("Which window handles re-registering a birth?", "ask_counter", "dang_ky_lai_khai_sinh"),
    # the register still holds the record; a copy of a relative's certificate
    ("My birth record still exists in the commune's books, only my own paper is gone. How do I get a new one?",
     "inform_procedure", "trich_luc_ho_tich"),
    ("The record of our marriage is still there at the ward but we lost our certificate. What do we do?",
     "inform_procedure", "trich_luc_ho_tich"),
    ("The university wants a copy of my daughter's birth certificate and hers got lost in the move. What's the fee?",
     "ask_fee", "trich_luc_ho_tich"),
    # nothing wrong, something missing
    ("Nothing on my son's birth certificate is wrong, but his ethnicity was never filled in. Which desk adds it?",
     "ask_counter", "bo_sung_ho_tich"),
    # a need denied in the story is told, the fee is asked
    ("turning part of our paddy into an orchard, someone said no permit is needed, whats the charge",
     "ask_fee", "chuyen_muc_dich_dat"),
    # life stories in everyday English
    ("My ex and I have a little girl and I want her to legally be my daughter too. Where do we apply?",
     "ask_counter", "nhan_cha_me_con"),
    ("My brother and his wife passed away last spring and I'm looking after their two boys now. "
     "Which papers should I prepare?", "ask_documents", "giam_ho"),
    ("I'd like a paper saying my land goes to my eldest son when I pass. Can the ward certify that?",
     "inform_procedure", "chung_thuc_di_chuc"),
    ("We started the house in March and now want a carport that isn't in our permit. How do we go about it?",
     "inform_procedure", "dieu_chinh_gpxd"),
    ("My daughter is taking over our noodle shop next month, what papers does she need?",
     "ask_documents", "thay_doi_hkd"),
    ("My wife wants to sell grilled corn from a cart at the front of our house. Which counter registers that?",
     "ask_counter", "thanh_lap_hkd"),
    ("twins born last week, we need their birth certificates, a place on our household registration and health "
     "cards, could we do everything at once", "inform_procedure", "lien_thong_khai_sinh"),
    # what the state gives is an amount received, not a fee
    ("How much will the government pay towards my uncle's burial? He was on welfare.",
     "inform_procedure", "mai_tang_btxh"),
])
def test_procedure_questions(reader, message, intent, procedure):
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == (intent, procedure), reading


@pytest.mark.parametrize("message,procedure", [
    ("My brother emigrated years ago but his name is still in our household book. Can we take it off?",
     "xoa_thuong_tru"),
    ("My mum is moving in with my brother for good. How does she get registered at his address?", "thuong_tru"),
])
def test_residence_stories_name_the_procedure(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure


def test_an_old_person_without_social_insurance_asks_for_monthly_money(reader):
    reading = reader.read("My grandmother is 85 and never paid into social insurance. Can she get something every month?")
    assert reading.procedure_id in OLD_AGE_MONEY or set(reading.choices) & OLD_AGE_MONEY, reading


@pytest.mark.parametrize("message", [
    "When does the Agribank office close on Saturdays?",
    "Is the immigration department open on Sunday?",
    "When does the police station close today?",
    "How can I convert my Thai driving license here?",
])
def test_another_place_and_its_business_are_out_of_scope(reader, message):
    reading = reader.read(message)
    assert reading.intent == "out_of_scope" and reading.procedure_id is None, reading


@pytest.mark.parametrize("message,intent,procedure", [
    # neighbours that must not change: land converted, a plain re-registration, the ward's own hours, a story
    # that names the police station
    ("We want to convert part of our rice land into a fish pond. How long does it take?",
     "ask_processing_time", "chuyen_muc_dich_dat"),
    ("How long does it take to re-register my grandfather's death?", "ask_processing_time", "dang_ky_lai_khai_tu"),
    ("Can I check what time the ward office opens tomorrow?", "opening_hours", None),
    ("The police station sent me here to register my stay. Which counter?", "ask_counter", "tam_tru"),
])
def test_neighbours_stay(reader, message, intent, procedure):
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == (intent, procedure), reading


def test_the_tuning_set_stays_read():
    questions = yaml.safe_load((ASSISTANT / "tests" / "visitor_questions_unseen_dev24.yml").read_text(encoding="utf-8"))
    report = evaluate(questions, offline_asker(CATALOGUE))
    assert report["overall"]["accuracy"] >= 0.97, report["misses"]
