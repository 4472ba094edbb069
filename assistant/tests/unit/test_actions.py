"""Unit tests of the Rasa SDK actions with a stub queue API (run in .venv-assistant:
`.venv-assistant/bin/python -m pytest assistant/tests/unit`, which tests/assistant does)."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import conversation, procedures, queue_api, tickets
from actions.queue_api import ApiError, ServerUnavailable

CATALOGUE = {
    "centre": {"name": "Test", "opening_hours": {}, "open_now": True, "next_opening": None},
    "fields": [{"id": "ho_tich", "prefix": "A", "name": {"vi": "Hộ tịch", "en": "Civil status"}},
               {"id": "cu_tru_redirect", "prefix": None, "name": {"vi": "Cư trú", "en": "Residence"}}],
    "procedures": [
        {"id": "khai_sinh", "field_id": "ho_tich", "name": {"vi": "Đăng ký khai sinh", "en": "Birth registration"},
         "documents": ["Tờ khai"], "fee": {"text": "Miễn lệ phí", "amount_vnd": 0},
         "processing_time": {"text": "Trong ngày", "working_days": 0}, "synonyms": ["làm giấy khai sinh"], "redirect": None},
        {"id": "khai_tu", "field_id": "ho_tich", "name": {"vi": "Đăng ký khai tử", "en": "Death registration"},
         "documents": [], "fee": {"text": "Miễn", "amount_vnd": 0}, "processing_time": {"text": "", "working_days": 0},
         "synonyms": [], "redirect": None},
        {"id": "tam_tru", "field_id": "cu_tru_redirect", "name": {"vi": "Đăng ký tạm trú", "en": "Temporary residence"},
         "documents": [], "fee": {}, "processing_time": {}, "synonyms": [], "redirect": "Công an cấp xã / VNeID"}],
    "counters": [{"number": 1, "name": "Quầy 1", "location": "Tầng 1", "field_ids": ["ho_tich"], "open": True}],
    "priority_categories": [{"id": "elderly_60", "name": {"vi": "Người cao tuổi", "en": "Elderly"}}],
}


class StubApi:
    def __init__(self, down=False, issue_error=None):
        self.down, self.issue_error, self.issued = down, issue_error, []

    def catalogue(self):
        if self.down:
            raise ServerUnavailable("down")
        return CATALOGUE

    def queue(self):
        return {"fields": [{"id": "ho_tich", "waiting": 2, "eta_minutes": 10}]}

    def lookup(self, number):
        return None

    def issue_ticket(self, pid, priority):
        if self.issue_error:
            raise self.issue_error
        self.issued.append((pid, priority))
        return {"number": "A-001", "counters": [{"number": 1, "name": "Quầy 1", "location": "Tầng 1"}],
                "people_ahead": 0, "eta_minutes": 0, "track_url": "t"}


def run(action, text, intent, slots=None, entities=None, api=None, monkeypatch=None):
    monkeypatch.setattr(queue_api, "default_api", lambda: api)
    tracker = Tracker("s", slots or {}, {"text": text, "intent": {"name": intent}, "entities": entities or []},
                      [], False, None, None, None)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_counter_answer_carries_custom_part(monkeypatch):
    msgs, slots = run(procedures.ActionAskCounter(), "lam giay khai sinh o quay nao", "ask_counter", api=StubApi(),
                      monkeypatch=monkeypatch)
    assert msgs[0]["custom"] == {"intent": "ask_counter", "procedure_id": "khai_sinh", "counters": [1]}
    assert "Quầy 1" in msgs[0]["text"] and "2 người" in msgs[0]["text"]
    assert slots == {"language": "vi", "procedure": "khai_sinh"}


def test_follow_up_uses_the_slot_and_english(monkeypatch):
    msgs, _ = run(procedures.ActionAskFee(), "what about the fee?", "ask_fee", slots={"procedure": "khai_sinh"},
                  api=StubApi(), monkeypatch=monkeypatch)
    assert msgs[0]["text"].startswith("Fee for Birth registration: free of charge")


def test_unknown_procedure_asks_with_buttons(monkeypatch):
    msgs, _ = run(procedures.ActionAskFee(), "phí bao nhiêu", "ask_fee", api=StubApi(), monkeypatch=monkeypatch)
    assert msgs[0]["custom"]["procedure_id"] is None
    assert msgs[0]["buttons"][0]["payload"].startswith('/ask_fee{"procedure": ')


def test_residence_redirects(monkeypatch):
    msgs, _ = run(tickets.ActionTakeTicket(), "lấy số tạm trú", "take_ticket", api=StubApi(), monkeypatch=monkeypatch)
    assert "Công an" in msgs[0]["text"] and msgs[0]["custom"]["intent"] == "out_of_scope"


@pytest.mark.parametrize("error,expected", [(ApiError(422, "centre_closed", "Ngoài giờ"), "Ngoài giờ"),
                                            (ApiError(401, "invalid_token", "bad"), "chưa lấy được số")])
def test_ticket_errors_are_told(monkeypatch, error, expected):
    msgs, _ = run(tickets.ActionPriority(), "/choose_priority", "choose_priority", slots={"pending_ticket": "khai_sinh"},
                  entities=[{"entity": "priority", "value": "none"}], api=StubApi(issue_error=error), monkeypatch=monkeypatch)
    assert expected in msgs[0]["text"]


def test_priority_answer_issues_ticket(monkeypatch):
    api = StubApi()
    msgs, slots = run(tickets.ActionPriority(), "tôi trên 60 tuổi", "choose_priority", slots={"pending_ticket": "khai_sinh"},
                      api=api, monkeypatch=monkeypatch)
    assert api.issued == [("khai_sinh", "elderly_60")] and "A-001" in msgs[0]["text"]
    assert slots["pending_ticket"] is None and slots["ticket_number"] == "A-001"


def test_server_down_is_said_clearly(monkeypatch):
    msgs, _ = run(procedures.ActionAskDocuments(), "khai sinh cần gì", "ask_documents", api=StubApi(down=True),
                  monkeypatch=monkeypatch)
    assert "không phản hồi" in msgs[0]["text"]


def test_ticket_number_forms():
    prefixes = {"A", "B"}
    assert tickets.ticket_number_in("tôi số a025", prefixes) == "A-025"
    assert tickets.ticket_number_in("A 25 đến chưa", prefixes) == "A-025"
    assert tickets.ticket_number_in("B-101", prefixes) == "B-101"
    assert tickets.ticket_number_in("tôi 75 tuổi", prefixes) is None


class LookupApi(StubApi):
    def __init__(self, status):
        super().__init__()
        self.status = status

    def lookup(self, number):
        return {"number": number, "status": self.status, "people_ahead": 3, "eta_minutes": 12,
                "counters": [{"number": 1, "name": "Quầy 1", "location": "Tầng 1"}], "called_counter": None}


def test_queue_position_of_a_ticket_the_server_calls_issued(monkeypatch):
    msgs, _ = run(tickets.ActionQueuePosition(), "số A-025 còn bao lâu", "queue_position", api=LookupApi("issued"),
                  monkeypatch=monkeypatch)
    assert msgs[0]["text"].startswith("Số A-025: phía trước còn 3 người, thời gian chờ khoảng 12 phút.")
    done, _ = run(tickets.ActionQueuePosition(), "số A-025 còn bao lâu", "queue_position", api=LookupApi("done"),
                  monkeypatch=monkeypatch)
    assert done[0]["text"] == "Số A-025: đã phục vụ xong."


def test_opening_hours_of_a_centre_open_day_and_night():
    from actions import messages
    assert messages.hours_text({}, "vi", always_open=True) == "cả tuần, 24 giờ mỗi ngày"
    assert messages.hours_text({}, "en", always_open=True) == "every day, 24 hours a day"


@pytest.mark.parametrize("text", ["Bonjour, où se trouve le guichet pour un acte de naissance ?",
                                  "Wo ist der Schalter für Geburtsurkunden?", "我想办出生证明"])
def test_another_language_is_answered_in_vietnamese_and_english(monkeypatch, text):
    msgs, slots = run(procedures.ActionAskCounter(), text, "ask_counter", slots={"language": "en"}, api=StubApi(),
                      monkeypatch=monkeypatch)
    assert len(msgs) == 1 and msgs[0]["custom"] == {"intent": "other_language", "procedure_id": None, "counters": []}
    vi, en = msgs[0]["text"].split("\n")
    assert "tiếng Việt và tiếng Anh" in vi and "Vietnamese and English" in en
    assert msgs[0]["buttons"] == [{"title": "Gặp cán bộ / Talk to staff", "payload": "/human_handoff"}]
    assert slots == {"language": "en"}  # the slot keeps a language the robot speaks


def test_low_confidence_offers_the_procedures_named_and_staff(monkeypatch):
    # The model was unsure, but the words name two procedures about as well: the robot asks which one.
    msgs, _ = run(conversation.ActionFallback(), "khai sinh khai tử gì đó", "nlu_fallback", api=StubApi(), monkeypatch=monkeypatch)
    assert [c["procedure_id"] for c in msgs[0]["custom"]["choices"]] == ["khai_sinh", "khai_tu"]
    assert msgs[0]["custom"]["procedure_id"] is None and "thủ tục nào" in msgs[0]["text"]
    assert [b["payload"] for b in msgs[0]["buttons"]] == [
        '/inform_procedure{"procedure": "khai_sinh"}', '/inform_procedure{"procedure": "khai_tu"}']
    msgs, _ = run(conversation.ActionFallback(), "blah blah", "nlu_fallback", api=StubApi(), monkeypatch=monkeypatch)
    assert [b["payload"] for b in msgs[0]["buttons"]] == ['/inform_field{"field": "ho_tich"}', "/human_handoff"]


def test_the_model_picks_an_action_the_reader_answers(monkeypatch):
    # The model said greet; the words ask where counter 1 is: its name, place and field.
    msgs, _ = run(conversation.ActionGreet(), "quầy số 1 ở đâu vậy", "greet", api=StubApi(), monkeypatch=monkeypatch)
    assert msgs[0]["custom"]["intent"] == "counter_location" and msgs[0]["custom"]["counters"] == [1]
    assert msgs[0]["text"] == "Quầy số 1 – Quầy 1: Tầng 1. Quầy tiếp nhận: Hộ tịch."
    msgs, _ = run(conversation.ActionGreet(), "where is counter 9", "greet", api=StubApi(), monkeypatch=monkeypatch)
    assert msgs[0]["text"] == "There is no counter 9 here. Counters: 1."


def test_a_follow_up_keeps_the_procedure_and_a_new_one_replaces_it(monkeypatch):
    slots = {"procedure": "khai_sinh"}
    msgs, _ = run(procedures.ActionAskFee(), "có mất phí không", "ask_fee", slots=slots, api=StubApi(), monkeypatch=monkeypatch)
    assert msgs[0]["custom"]["procedure_id"] == "khai_sinh"
    msgs, set_slots = run(procedures.ActionAskFee(), "còn khai tử thì lệ phí sao", "ask_fee", slots=slots, api=StubApi(),
                          monkeypatch=monkeypatch)
    assert msgs[0]["custom"]["procedure_id"] == "khai_tu" and set_slots["procedure"] == "khai_tu"
    msgs, _ = run(procedures.ActionAskFee(), "mấy giờ đóng cửa", "ask_fee", slots=slots, api=StubApi(), monkeypatch=monkeypatch)
    assert msgs[0]["custom"]["intent"] == "opening_hours" and msgs[0]["custom"]["procedure_id"] is None


def test_counters_are_listed_as_serving_counters_staffed_first(monkeypatch):
    staffed = {**CATALOGUE, "counters": [
        {"number": 1, "name": "Quầy 1", "location": "Tầng 1", "field_ids": ["ho_tich"], "open": True, "staffed": False},
        {"number": 2, "name": "Quầy 2", "location": "Tầng 1", "field_ids": ["ho_tich"], "open": True, "staffed": True}]}

    class Api(StubApi):
        def catalogue(self):
            return staffed

    msgs, _ = run(procedures.ActionAskCounter(), "khai sinh ở quầy nào", "ask_counter", api=Api(), monkeypatch=monkeypatch)
    assert "Quầy phục vụ: quầy số 2 – Quầy 2 (Tầng 1)" in msgs[0]["text"] and msgs[0]["custom"]["counters"] == [2]


def test_the_hours_answer_starts_with_today(monkeypatch):
    week = {day: [["07:30", "11:30"], ["13:30", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
    hours = {**CATALOGUE, "centre": {**CATALOGUE["centre"], "opening_hours": week}}

    class Api(StubApi):
        def catalogue(self):
            return hours

    msgs, _ = run(conversation.ActionOpeningHours(), "hôm nay mấy giờ đóng cửa", "opening_hours", api=Api(),
                  monkeypatch=monkeypatch)
    text = msgs[0]["text"]
    assert text.startswith("Hôm nay (") and "Giờ làm việc: Thứ 2–Thứ 6: 07:30–11:30, 13:30–17:00" in text
    from datetime import datetime

    from actions import messages
    assert messages.today_text(week, "en", datetime(2026, 12, 5)) == "Today (Sat): closed. "
    assert messages.today_text(week, "vi", datetime(2026, 12, 7)) == "Hôm nay (Thứ 2): 07:30–11:30, 13:30–17:00. "


def test_a_ticket_while_no_counter_is_staffed_says_so_not_none_minutes(monkeypatch):
    """The queue server gives eta_minutes null while nobody sits at a counter serving the procedure
    (issue 13); the robot said "khoảng None phút"."""
    class Unstaffed(StubApi):
        def issue_ticket(self, pid, priority):
            return {"number": "A-001", "people_ahead": 2, "eta_minutes": None, "track_url": "t",
                    "counters": [{"number": 1, "name": "Quầy 1", "staffed": False}]}

    msgs, _ = run(tickets.ActionPriority(), "không", "choose_priority", slots={"pending_ticket": "khai_sinh"},
                  api=Unstaffed(), monkeypatch=monkeypatch)
    text = msgs[0]["text"]
    assert "None" not in text and "chưa ước tính được thời gian chờ" in text and "(tạm đóng)" in text
