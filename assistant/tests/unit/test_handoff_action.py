"""'Gặp cán bộ': the robot alerts the staff consoles through the queue API and tells the visitor where to wait;
when it cannot, it sends them to the information desk or the priority counter (stub queue API, no Rasa)."""

from __future__ import annotations

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import conversation, queue_api
from actions.queue_api import ApiError, QueueApi, ServerUnavailable
from test_actions import CATALOGUE

PRIORITY_COUNTER = {"number": 8, "name": "Quầy 8 – Ưu tiên", "location": "Tầng 1, ngay cửa vào",
                    "field_ids": ["ho_tich"], "open": True}


class HelpApi:
    def __init__(self, error=None, catalogue_down=False):
        self.error, self.catalogue_down, self.calls = error, catalogue_down, []

    def catalogue(self):
        if self.catalogue_down:
            raise ServerUnavailable("down")
        return {**CATALOGUE, "counters": CATALOGUE["counters"] + [PRIORITY_COUNTER]}

    def request_help(self, ticket_number, reason, language):
        self.calls.append((ticket_number, reason, language))
        if self.error:
            raise self.error
        return {"help_request": {"id": 7, "device_id": "robot-1", "device_name": "Robot lễ tân", "status": "open"},
                "repeated": False}


def handoff(monkeypatch, api, text, history=(), slots=None):
    monkeypatch.setattr(queue_api, "default_api", lambda: api)
    events = [{"event": "user", "text": said} for said in history] + [{"event": "user", "text": text}]
    tracker = Tracker("s", slots or {}, {"text": text, "intent": {"name": "human_handoff"}, "entities": []},
                      events, False, None, None, None)
    dispatcher = CollectingDispatcher()
    asyncio.run(conversation.ActionHumanHandoff().run(dispatcher, tracker, {}))
    return dispatcher.messages


def test_the_button_after_a_fallback_sends_the_unanswered_question_and_says_where_to_wait(monkeypatch):
    api = HelpApi()
    msgs = handoff(monkeypatch, api, "/human_handoff", history=["con toi  bi mat giay\nto goc thi sao"],
                   slots={"language": "vi", "ticket_number": "A-025"})
    assert api.calls == [("A-025", "con toi bi mat giay to goc thi sao", "vi")]
    assert msgs[0]["custom"] == {"intent": "human_handoff", "procedure_id": None, "counters": [],
                                 "help_request_id": 7}
    assert "đã báo cán bộ" in msgs[0]["text"] and "chờ tại đây, cạnh robot" in msgs[0]["text"]
    assert "A-025" in msgs[0]["text"]


def test_asking_in_english_gets_english_and_the_typed_words_are_the_reason(monkeypatch):
    api = HelpApi()
    msgs = handoff(monkeypatch, api, "I want to talk to a person")
    assert api.calls == [(None, "I want to talk to a person", "en")]
    assert msgs[0]["text"].startswith("I have called a staff member") and "next to the robot" in msgs[0]["text"]


def test_when_the_alert_cannot_be_raised_the_visitor_is_sent_to_the_desk_or_priority_counter(monkeypatch):
    for error in (ServerUnavailable("down"), ApiError(429, "rate_limited", "chờ"), ApiError(401, "invalid_token", "")):
        msgs = handoff(monkeypatch, HelpApi(error=error), "gặp cán bộ")
        assert msgs[0]["custom"]["help_request_id"] is None and "đã báo" not in msgs[0]["text"]
        assert msgs[0]["text"] == ("Xin lỗi, tôi chưa báo được cán bộ. Anh/chị vui lòng đến bàn hướng dẫn ở sảnh "
                                   "hoặc Quầy 8 – Ưu tiên (Tầng 1, ngay cửa vào) để được hỗ trợ trực tiếp.")
    msgs = handoff(monkeypatch, HelpApi(error=ServerUnavailable("down"), catalogue_down=True), "talk to staff please")
    assert msgs[0]["text"] == ("Sorry, I could not reach the staff just now. Please go to the information desk in "
                               "the hall for help in person.")


def test_the_client_posts_with_the_robot_token_and_trims_the_question():
    class Session:
        def request(self, method, url, timeout, **kwargs):
            self.sent = (method, url, kwargs)

            class Response:
                status_code = 201

                @staticmethod
                def json():
                    return {"help_request": {"id": 1}, "repeated": False}
            return Response()

    session = Session()
    api = QueueApi("http://queue:5000", token="robot-token", session=session)
    assert api.request_help("A-001", "x" * 500, "vi")["help_request"]["id"] == 1
    method, url, kwargs = session.sent
    assert (method, url) == ("POST", "http://queue:5000/api/v1/help-requests")
    assert kwargs["headers"] == {"Authorization": "Bearer robot-token"}
    assert kwargs["json"] == {"ticket_number": "A-001", "reason": "x" * 200, "language": "vi"}
