"""The conversation around the questions: opening hours, greetings, thanks, goodbye, a person to talk to,
out of scope, and the low-confidence fallback."""

from __future__ import annotations

from rasa_sdk import Tracker

from . import facilities, messages, queue_api
from .messages import name_of, t
from .queue_api import ApiError, ServerUnavailable
from .text import normalise
from .turn import BaseAction, Turn, reads


@reads("opening_hours")
class ActionOpeningHours(BaseAction):
    intent = "opening_hours"

    def respond(self, turn: Turn) -> None:
        centre = turn.catalogue.get("centre", {})
        hours = centre.get("opening_hours") or {}
        today = "" if centre.get("always_open") else messages.today_text(hours, turn.lang)
        text = today + t("hours", turn.lang, hours=messages.hours_text(hours, turn.lang, bool(centre.get("always_open"))))
        text += t("open_now" if centre.get("open_now") else "closed_now", turn.lang)
        if not centre.get("open_now") and centre.get("next_opening"):
            text += t("next_opening", turn.lang, when=messages.when_text(centre["next_opening"], turn.lang))
        turn.say(text)


@reads("counter_location")
class ActionCounterLocation(BaseAction):
    """"Quầy số 3 ở đâu?" / "where is counter 4": its name, place and the fields it serves."""

    intent = "counter_location"

    def respond(self, turn: Turn) -> None:
        counters = sorted(turn.catalogue.get("counters", []), key=lambda c: c.get("number", 0))
        numbers = ", ".join(str(c["number"]) for c in counters)
        number = turn.reading.counter_number
        counter = next((c for c in counters if c.get("number") == number), None)
        if number is None and facilities.tell(turn):  # "where is the restroom": no counter, a facility
            return
        if number is None or counter is None:
            key = "counter_which" if number is None else "counter_unknown"
            turn.say(t(key, turn.lang, number=number, numbers=numbers))
            return
        fields = [name_of(f, turn.lang) for f in turn.catalogue.get("fields", []) if f["id"] in (counter.get("field_ids") or [])]
        serves = t("counter_serves", turn.lang, fields=", ".join(fields)) if fields else ""
        text = t("counter_where", turn.lang, number=number, name=f" – {counter['name']}" if counter.get("name") else "",
                 location=counter.get("location") or t("counter_unplaced", turn.lang), serves=serves)
        turn.say(text, counters=[counter])


@reads("greet")
class ActionGreet(BaseAction):
    intent = "greet"

    def respond(self, turn: Turn) -> None:
        try:
            name = turn.catalogue.get("centre", {}).get("name")
        except ServerUnavailable:
            name = None
        place = (f" của {name}" if turn.lang == "vi" else f" of {name}") if name else ""
        turn.say(t("greet", turn.lang, place=place))


@reads("goodbye")
class ActionGoodbye(BaseAction):
    intent = "goodbye"

    def respond(self, turn: Turn) -> None:
        turn.say(t("goodbye", turn.lang))


@reads("thanks")
class ActionThanks(BaseAction):
    intent = "thanks"

    def respond(self, turn: Turn) -> None:
        turn.say(t("thanks", turn.lang))


def last_question(tracker: Tracker) -> str:
    """The visitor's last typed words (not a button's payload), one line: what staff read on the alert."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            text = " ".join(str(event.get("text") or "").split())
            if text and not text.startswith("/"):
                return text
    text = " ".join((tracker.latest_message or {}).get("text", "").split())
    return "" if text.startswith("/") else text


def help_desk(turn: Turn) -> str:
    """Where to go when no staff member could be called: the information desk, or the priority counter."""
    try:
        counters = turn.catalogue.get("counters", [])
    except (ServerUnavailable, ApiError):
        counters = []
    for counter in counters:
        if any(w in f" {normalise(counter.get('name') or '')} " for w in (" uu tien ", " priority ")):
            where = counter.get("name") or ""
            if counter.get("location"):
                where += f" ({counter['location']})"
            return t("handoff_desk_or", turn.lang, counter=where)
    return t("handoff_desk", turn.lang)


@reads("human_handoff")
class ActionHumanHandoff(BaseAction):
    """'Gặp cán bộ': alerts every counter console (POST /api/v1/help-requests with the robot's token) and tells
    the visitor to wait by the robot; if the alert cannot be raised, sends them to the information desk or the
    priority counter instead. The reply carries `help_request_id` so the robot's screen can show when a staff
    member has taken it."""

    intent = "human_handoff"

    def respond(self, turn: Turn) -> None:
        number = turn.tracker.get_slot("ticket_number")
        try:
            answer = queue_api.default_api().request_help(number, last_question(turn.tracker), turn.lang)
            alert = answer["help_request"]
        except (ServerUnavailable, ApiError, KeyError, TypeError):
            turn.say(t("handoff_failed", turn.lang, where=help_desk(turn)), help_request_id=None)
            return
        note = t("handoff_number", turn.lang, number=number) if number else ""
        turn.say(t("handoff", turn.lang, number=note), help_request_id=alert.get("id"))


@reads("out_of_scope")
class ActionOutOfScope(BaseAction):
    """Not a procedure of the centre: a residence or ID-card procedure (the police), the centre's own facilities
    when it lists them (`facilities:` in centre.yaml: the toilets, parking, wifi...), a topic handled elsewhere
    (messages.ELSEWHERE), else a polite "not handled here" with a staff button. The reply keeps the intent
    out_of_scope; a facility's carries its key as `facility`."""

    intent = "out_of_scope"

    def respond(self, turn: Turn) -> None:
        words = f" {normalise(turn.text)} "
        try:
            pid, _ = turn.resolve(use_slot=False)
            proc = turn.procedure(pid)
        except ServerUnavailable:
            proc = None
        if proc and proc.get("redirect"):
            turn.redirect(proc)
            return
        if any(f" {w} " in words for w in ("ho khau", "tam tru", "thuong tru", "can cuoc", "cccd", "cmnd")):
            turn.say(t("police_generic", turn.lang), redirect="police")
            return
        if facilities.tell(turn):  # the centre's own fact: "Nhà vệ sinh ở cuối hành lang tầng 1…"
            return
        for keys, answer in messages.ELSEWHERE:
            if any(f" {k} " in words for k in keys):
                turn.say(answer[turn.lang], buttons=[turn.button(t("b_staff", turn.lang), "human_handoff")])
                return
        turn.say(t("out_of_scope", turn.lang), buttons=[turn.button(t("b_staff", turn.lang), "human_handoff")])


class ActionFallback(BaseAction):
    """Low NLU confidence: the most likely procedures as buttons, and an offer to call staff."""

    intent = "fallback"

    def respond(self, turn: Turn) -> None:
        pid, candidates = turn.resolve(use_slot=False)
        candidates = [pid] if pid else candidates
        staff = turn.button(t("b_staff", turn.lang), "human_handoff")
        if candidates:
            turn.say(t("fallback", turn.lang), intent="nlu_fallback",
                     buttons=turn.procedure_buttons(candidates, "inform_procedure")[:6] + [staff])
            return
        tiles = [turn.button(name_of(f, turn.lang), "inform_field", field=f["id"])
                 for f in turn.catalogue.get("fields", []) if f.get("prefix")]
        turn.say(t("fallback_fields", turn.lang), intent="nlu_fallback", buttons=tiles + [staff])
