"""Chat spelling as typed on a kiosk or a phone (branch robot-informal9): "j" for "i" inside a word, acronyms,
money slang, and action phrases that name their object. The sentences are not those of
assistant/tests/informal_probes_r9.yml."""

from __future__ import annotations

import pytest

from actions.lexicon import default_lexicon
from actions.text import chat_word


def test_chat_j_is_an_i_inside_a_word_only():
    assert [chat_word(w, {"j": "gì"}) for w in ("sjnh", "mjnh", "thj", "j", "adjust", "major", "jan")] == \
        ["sinh", "minh", "thi", "gì", "adjust", "major", "jan"]


@pytest.mark.parametrize("message,intent,procedure", [
    ("lam khai sjnh cho con gai can nhung j", "ask_documents", "khai_sinh"),
    ("đkkh ở quầy mấy dợ", "ask_counter", "ket_hon"),
    ("đkks cho bé có tốn xèng hông", "ask_fee", "khai_sinh"),
])
def test_chat_spellings_and_acronyms(reader, message, intent, procedure):
    reading = reader.read(message)
    assert (reading.intent, reading.procedure_id) == (intent, procedure)


def test_an_action_phrase_keeps_the_object_it_names():
    lexicon = default_lexicon()
    labels = {h.label for h in lexicon.scan("tôi muốn đổi bản vẽ căn nhà").hits}
    assert {"amend", "building_permit"} <= labels
    # marks decide: "không còn sổ" (no register left) holds no "con so" (a first child)
    assert "birth" not in {h.label for h in lexicon.scan("xã không còn sổ nữa").hits}


@pytest.mark.parametrize("message,procedure", [
    ("cháu lớn r, tui hông làm giám hộ nữa thì nộp j", "cham_dut_giam_ho"),
    ("mún đổi bản vẽ căn nhà đã được cấp phép thì cần j", "dieu_chinh_gpxd"),
    ("đổi chủ hộ kd sang tên con trai cần j", "thay_doi_hkd"),
])
def test_action_phrases_naming_their_object(reader, message, procedure):
    assert reader.read(message).procedure_id == procedure
