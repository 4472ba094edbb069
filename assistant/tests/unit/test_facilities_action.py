"""The centre's own facilities ("nhà vệ sinh ở đâu", "where can I park"): out of scope for the procedures, so the
out-of-scope answer tells the centre's own fact (`facilities:` in centre.yaml, served as `centre.facilities`
of the catalogue) when it lists the one asked about, and answers as before otherwise (stub queue API)."""

from __future__ import annotations

import pytest

from actions import conversation, facilities, procedures
from test_actions import CATALOGUE, StubApi, run

FACILITIES = {
    "toilet": {"vi": "Nhà vệ sinh ở cuối hành lang tầng 1, bên trái.",
               "en": "The toilets are at the end of the ground-floor corridor, on the left."},
    "parking": {"vi": "Gửi xe máy miễn phí ở bãi xe sau tòa nhà.", "en": "Motorbikes park free behind the building."},
    "wifi": {"vi": "Wifi: MotCua-Khach, mật khẩu 12345678.", "en": "Wifi: MotCua-Khach, password 12345678."},
    "drinking_water": {"vi": "Nước uống miễn phí ở giữa sảnh."},  # not translated: the vi text in English too
    "photo_booth": {"vi": "Máy chụp ảnh thẻ ở sảnh chính.", "en": "An ID-photo booth is in the main hall."},
}
GENERIC = "không thuộc các thủ tục"


class FacilitiesApi(StubApi):
    def __init__(self, listed=FACILITIES, down=False):
        super().__init__(down=down)
        self.listed = listed

    def catalogue(self):
        catalogue = super().catalogue()
        if self.listed is None:
            return catalogue
        return {**catalogue, "centre": {**catalogue["centre"], "facilities": self.listed}}


def ask(monkeypatch, text, api=None):
    msgs, _ = run(conversation.ActionOutOfScope(), text, "out_of_scope", api=api or FacilitiesApi(),
                  monkeypatch=monkeypatch)
    assert len(msgs) == 1
    return msgs[0]


@pytest.mark.parametrize("text, key, lang", [
    ("nhà vệ sinh ở đâu", "toilet", "vi"),
    ("nha ve sinh o dau vay", "toilet", "vi"),
    ("wc ở đâu ạ", "toilet", "vi"),
    ("is there a toilet", "toilet", "en"),
    ("gửi xe máy ở đâu", "parking", "vi"),
    ("gui xe o dau", "parking", "vi"),
    ("where can I park", "parking", "en"),
    ("có wifi không, mật khẩu gì", "wifi", "vi"),
    ("cho em xin pass wifi voi", "wifi", "vi"),
    ("what's the wifi password", "wifi", "en"),
    ("chụp ảnh thẻ ở đâu", "photo_booth", "vi"),
    ("where can I take a passport photo", "photo_booth", "en"),
])
def test_a_facility_the_centre_lists_is_told(monkeypatch, text, key, lang):
    reply = ask(monkeypatch, text)
    assert reply["text"] == FACILITIES[key][lang]
    assert reply["custom"] == {"intent": "out_of_scope", "procedure_id": None, "counters": [], "facility": key}
    assert reply["buttons"] == []


def test_an_untranslated_fact_is_said_in_vietnamese(monkeypatch):
    assert ask(monkeypatch, "is there drinking water")["text"] == FACILITIES["drinking_water"]["vi"]


def test_two_facilities_in_one_question_are_both_told(monkeypatch):
    reply = ask(monkeypatch, "có wifi và nước uống không")
    assert reply["text"] == FACILITIES["wifi"]["vi"] + " " + FACILITIES["drinking_water"]["vi"]
    assert reply["custom"]["facility"] == "wifi"


@pytest.mark.parametrize("api", [FacilitiesApi(listed=None), FacilitiesApi(listed={}),
                                 FacilitiesApi(listed={"wifi": FACILITIES["wifi"]}), FacilitiesApi(down=True)],
                         ids=["no section", "empty section", "not listed", "server down"])
def test_without_the_centre_s_fact_the_answer_is_as_before(monkeypatch, api):
    reply = ask(monkeypatch, "nhà vệ sinh ở đâu", api)
    assert GENERIC in reply["text"] and "facility" not in reply["custom"]
    assert reply["custom"]["intent"] == "out_of_scope"
    assert reply["buttons"][-1]["payload"] == "/human_handoff"


@pytest.mark.parametrize("text", ["xe bị tạm giữ thì lấy ở đâu", "tiền nước tháng này đóng ở đâu",
                                  "chụp ảnh cưới ở đâu đẹp", "can my kids play in the park", "giá vàng hôm nay"])
def test_words_that_only_look_like_a_facility_are_answered_as_before(monkeypatch, text):
    assert facilities.named(text) == []
    assert "facility" not in ask(monkeypatch, text)["custom"]


def test_a_residence_question_still_goes_to_the_police(monkeypatch):
    reply = ask(monkeypatch, "đăng ký tạm trú ở đâu, có chỗ gửi xe không")
    assert "Công an" in reply["text"] and "facility" not in reply["custom"]


def test_the_words_never_change_the_reading():
    """The facilities' phrases are their own group: a reading's scan (facets, cues, topics) never sees them."""
    from actions.lexicon import CUE, ELSEWHERE, FACET, FACILITY, default_lexicon

    lexicon = default_lexicon()
    scan = lexicon.scan("nhà vệ sinh ở đâu, có wifi không")
    assert all(h.group != FACILITY for h in scan.hits)
    assert {h.group for h in lexicon.scan("where can I park", (FACET, CUE, ELSEWHERE)).hits} <= {FACET, CUE, ELSEWHERE}


@pytest.mark.parametrize("text, key, action", [
    ("wc ở đâu ạ", "toilet", procedures.ActionAskCounter()),  # the reader: a counter question naming nothing
    ("where can I park", "parking", procedures.ActionAskCounter()),
    ("where is the restroom", "toilet", conversation.ActionCounterLocation()),  # … "where is counter N" with no N
])
def test_a_where_question_naming_no_procedure_gets_the_fact(monkeypatch, text, key, action):
    # mid-conversation too: the procedure discussed before is not what "wc ở đâu" asks about
    msgs, slots = run(action, text, action.intent, slots={"procedure": "khai_sinh"}, api=FacilitiesApi(),
                      monkeypatch=monkeypatch)
    assert msgs[0]["text"] == FACILITIES[key]["vi" if text.startswith("wc") else "en"]
    assert msgs[0]["custom"] == {"intent": "out_of_scope", "procedure_id": None, "counters": [], "facility": key}
    assert "procedure" not in slots


def test_counter_questions_are_answered_as_before(monkeypatch):
    msgs, _ = run(procedures.ActionAskCounter(), "làm khai sinh ở quầy nào", "ask_counter", api=FacilitiesApi(),
                  monkeypatch=monkeypatch)
    assert msgs[0]["custom"]["intent"] == "ask_counter" and msgs[0]["custom"]["procedure_id"] == "khai_sinh"
    msgs, _ = run(conversation.ActionCounterLocation(), "quầy số 1 ở đâu", "counter_location", api=FacilitiesApi(),
                  monkeypatch=monkeypatch)
    assert msgs[0]["custom"]["counters"] == [1] and "facility" not in msgs[0]["custom"]
    # a centre without the section: "wc ở đâu" is out of scope all the same (labelling conventions; the reader
    # says so since robot-asks13, facility_asks.py), with no fact to tell
    msgs, _ = run(procedures.ActionAskCounter(), "wc ở đâu ạ", "ask_counter", api=FacilitiesApi(listed=None),
                  monkeypatch=monkeypatch)
    assert msgs[0]["custom"]["intent"] == "out_of_scope" and "facility" not in msgs[0]["custom"]
