"""Rasa SDK actions of the reception robot.

Each action answers one intent from the queue server's live data (queue_api), in the language of the
visitor's message, and attaches {"intent", "procedure_id", "counters"} as the message's `custom` part
for the queue server's relay. When the procedure is unknown or ambiguous the robot asks which one with
buttons whose payload re-asks the same question with the procedure set.
"""

from __future__ import annotations

import asyncio
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from . import language, messages
from .messages import counters_text, fee_text, name_of, t, time_text
from .queue_api import ApiError, ServerUnavailable, default_api
from .text import ProcedureIndex, normalise

VOCABULARY = Path(__file__).resolve().parent.parent / "vocabulary.yml"
MAX_BUTTONS = 8

# Words that name a priority group when typed (the buttons send the id directly).
PRIORITY_WORDS = [
    ("elderly_80", ("80 tuoi", "over 80", "tren 80")),
    ("elderly_60", ("cao tuoi", "gia", "60 tuoi", "70 tuoi", "75 tuoi", "tren 60", "elderly", "old", "senior")),
    ("disabled", ("khuyet tat", "disabled", "disability", "wheelchair")),
    ("pregnant", ("mang thai", "bau", "pregnant")),
    ("meritorious", ("co cong", "thuong binh", "liet si", "meritorious", "veteran")),
    ("with_infant", ("be con", "con nho", "em be", "baby", "infant", "small child")),
    ("none", ("khong uu tien", "binh thuong", "dien thuong", "no priority", "none", "regular", "normal")),
]


@lru_cache(maxsize=1)
def _extra_aliases() -> dict[str, list[str]]:
    try:
        data = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8")) or {}
    except OSError:
        return {}
    extra: dict[str, list[str]] = {}
    for lang in ("vi", "en"):
        for pid, aliases in (data.get(lang) or {}).items():
            extra.setdefault(pid, []).extend(aliases)
    return extra


_index_cache: dict[str, ProcedureIndex] = {}


def procedure_index(catalogue: dict) -> ProcedureIndex:
    key = json.dumps([p["id"] for p in catalogue.get("procedures", [])] + [f["id"] for f in catalogue.get("fields", [])])
    if key not in _index_cache:
        _index_cache.clear()
        _index_cache[key] = ProcedureIndex(catalogue.get("procedures", []), catalogue.get("fields", []), _extra_aliases())
    return _index_cache[key]


class Turn:
    """What one action needs about the current message, and how it replies."""

    def __init__(self, dispatcher: CollectingDispatcher, tracker: Tracker, intent: str):
        self.dispatcher, self.tracker, self.intent = dispatcher, tracker, intent
        message = tracker.latest_message or {}
        self.text = message.get("text") or ""
        self.nlu_intent = (message.get("intent") or {}).get("name")
        detected = language.detect(self.text, tracker.get_slot("language"))
        self.foreign = detected == language.OTHER  # French, Chinese...: answered in vi and en (BaseAction)
        self.lang = (tracker.get_slot("language") or "vi") if self.foreign else detected
        self.events: list[dict] = [SlotSet("language", self.lang)]
        self._catalogue: dict | None = None

    # --- data -------------------------------------------------------------------------------
    @property
    def catalogue(self) -> dict:
        if self._catalogue is None:
            self._catalogue = default_api().catalogue()
        return self._catalogue

    def procedure(self, pid: str | None) -> dict | None:
        return next((p for p in self.catalogue.get("procedures", []) if p["id"] == pid), None)

    def field(self, fid: str | None) -> dict | None:
        return next((f for f in self.catalogue.get("fields", []) if f["id"] == fid), None)

    def entity(self, name: str) -> str | None:
        values = [e.get("value") for e in (self.tracker.latest_message or {}).get("entities", []) if e.get("entity") == name]
        return next((str(v) for v in values if v), None)

    def counters_for(self, field_id: str | None) -> list[dict]:
        counters = [c for c in self.catalogue.get("counters", []) if field_id in (c.get("field_ids") or [])]
        open_ones = [c for c in counters if c.get("open", True)]
        return open_ones or counters

    def resolve(self, use_slot: bool = True) -> tuple[str | None, list[str]]:
        """(procedure id, candidates): from the message's entities, then its words, then the slot."""
        index = procedure_index(self.catalogue)
        ids = {p["id"] for p in self.catalogue.get("procedures", [])}
        candidates: list[str] = []
        for value in [e.get("value") for e in (self.tracker.latest_message or {}).get("entities", [])
                      if e.get("entity") == "procedure" and e.get("value")]:
            if value in ids:
                return value, []
            match = index.find(str(value))
            if match.unique:
                return match.unique, []
            candidates = candidates or match.procedure_ids
        if not self.text.startswith("/"):
            match = index.find(self.text)
            if match.unique:
                return match.unique, []
            candidates = candidates or match.procedure_ids
        if candidates:
            return None, candidates
        slot = self.tracker.get_slot("procedure")
        if use_slot and slot in ids:
            return slot, []
        return None, []

    # --- replies ----------------------------------------------------------------------------
    def say(self, text: str, intent: str | None = None, procedure_id: str | None = None,
            counters: list[dict] | None = None, buttons: list[dict] | None = None, **extra: Any) -> None:
        custom = {"intent": intent if intent is not None else self.intent, "procedure_id": procedure_id,
                  "counters": [c["number"] for c in counters or []], **extra}
        self.dispatcher.utter_message(text=text, buttons=buttons or [], json_message=custom)

    def button(self, title: str, intent: str, **entities: str) -> dict:
        payload = "/" + intent + (json.dumps(entities, ensure_ascii=False) if entities else "")
        return {"title": title, "payload": payload}

    def procedure_buttons(self, pids: list[str], intent: str) -> list[dict]:
        return [self.button(name_of(self.procedure(pid), self.lang), intent, procedure=pid)
                for pid in pids[:MAX_BUTTONS] if self.procedure(pid)]

    def follow_up_buttons(self, pid: str, skip: str) -> list[dict]:
        options = [("take_ticket", "b_ticket"), ("ask_documents", "b_documents"), ("ask_fee", "b_fee"),
                   ("ask_processing_time", "b_time")]
        return [self.button(t(label, self.lang), intent, procedure=pid) for intent, label in options if intent != skip]

    def popular(self) -> list[str]:
        """Procedures offered when the visitor has not said which: those with colloquial names first."""
        procs = [p for p in self.catalogue.get("procedures", []) if not p.get("redirect")]
        return [p["id"] for p in sorted(procs, key=lambda p: -len(p.get("synonyms") or []))][:6]

    def redirect(self, proc: dict) -> None:
        self.say(t("redirect", self.lang, name=name_of(proc, self.lang), where=proc["redirect"]),
                 intent="out_of_scope", procedure_id=proc["id"], redirect=proc["redirect"])
        self.events.append(SlotSet("procedure", proc["id"]))


class BaseAction(Action):
    """Runs `respond` in a worker thread (HTTP calls block) and turns a dead server into a clear reply."""

    intent = ""

    def name(self) -> str:
        return "action_" + self.intent

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        return await asyncio.to_thread(self._run, dispatcher, tracker)

    def _run(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict]:
        turn = Turn(dispatcher, tracker, self.intent)
        if turn.foreign:  # whatever the NLU made of it: say which languages the robot understands
            turn.say(messages.both("other_language"), intent="other_language",
                     buttons=[{"title": messages.both("b_staff", " / "), "payload": "/human_handoff"}])
            return turn.events
        try:
            self.respond(turn)
        except ServerUnavailable:
            turn.say(t("server_down", turn.lang), procedure_id=None)
        return turn.events

    def respond(self, turn: Turn) -> None:
        raise NotImplementedError


class ProcedureQuestion(BaseAction):
    """Questions about one procedure: resolve it (or ask which), redirect residence/ID, answer."""

    def respond(self, turn: Turn) -> None:
        pid, candidates = turn.resolve()
        if pid is None:
            self.ask_which(turn, candidates)
            return
        proc = turn.procedure(pid)
        turn.events.append(SlotSet("procedure", pid))
        if proc.get("redirect"):
            turn.redirect(proc)
            return
        self.answer(turn, proc, turn.field(proc.get("field_id")) or {})

    def ask_which(self, turn: Turn, candidates: list[str]) -> None:
        key = "which_of" if candidates else "which_procedure"
        turn.say(t(key, turn.lang), buttons=turn.procedure_buttons(candidates or turn.popular(), self.intent))

    def answer(self, turn: Turn, proc: dict, field: dict) -> None:
        raise NotImplementedError


class ActionAskCounter(ProcedureQuestion):
    intent = "ask_counter"

    def ask_which(self, turn: Turn, candidates: list[str]) -> None:
        fields = {turn.procedure(pid).get("field_id") for pid in candidates}
        if len(fields) == 1:  # "chứng thực ở quầy nào": same counters whichever procedure it is
            field = turn.field(fields.pop()) or {}
            counters = turn.counters_for(field.get("id"))
            text = t("counter_field", turn.lang, field=name_of(field, turn.lang),
                     counters=counters_text(counters, turn.lang), ticket=self.ticket_hint(turn, field))
            turn.say(text, counters=counters, buttons=turn.procedure_buttons(candidates, "take_ticket"))
            return
        super().ask_which(turn, candidates)

    def answer(self, turn: Turn, proc: dict, field: dict) -> None:
        counters = turn.counters_for(field.get("id"))
        text = t("counter", turn.lang, name=name_of(proc, turn.lang), field=name_of(field, turn.lang),
                 counters=counters_text(counters, turn.lang), ticket=self.ticket_hint(turn, field))
        turn.say(text, procedure_id=proc["id"], counters=counters, buttons=turn.follow_up_buttons(proc["id"], self.intent))

    @staticmethod
    def ticket_hint(turn: Turn, field: dict) -> str:
        hint = t("take_prefix", turn.lang, prefix=field["prefix"]) if field.get("prefix") else ""
        try:
            waiting = next((f for f in default_api().queue().get("fields", []) if f.get("id") == field.get("id")), None)
        except (ServerUnavailable, ApiError):
            waiting = None
        if waiting is not None and waiting.get("waiting") is not None:
            hint += t("queue_now", turn.lang, waiting=waiting["waiting"], eta=waiting.get("eta_minutes", "?"))
        return hint


class ActionAskDocuments(ProcedureQuestion):
    intent = "ask_documents"

    def answer(self, turn: Turn, proc: dict, field: dict) -> None:
        docs = proc.get("documents") or []
        name = name_of(proc, turn.lang)
        text = (t("documents", turn.lang, name=name, items="\n".join(f"- {d}" for d in docs)) if docs
                else t("no_documents", turn.lang, name=name))
        turn.say(text, procedure_id=proc["id"], counters=turn.counters_for(field.get("id")),
                 buttons=turn.follow_up_buttons(proc["id"], self.intent))


class ActionAskFee(ProcedureQuestion):
    intent = "ask_fee"

    def answer(self, turn: Turn, proc: dict, field: dict) -> None:
        text = t("fee", turn.lang, name=name_of(proc, turn.lang), fee=fee_text(proc, turn.lang))
        turn.say(text, procedure_id=proc["id"], counters=turn.counters_for(field.get("id")),
                 buttons=turn.follow_up_buttons(proc["id"], self.intent))


class ActionAskProcessingTime(ProcedureQuestion):
    intent = "ask_processing_time"

    def answer(self, turn: Turn, proc: dict, field: dict) -> None:
        text = t("time", turn.lang, name=name_of(proc, turn.lang), time=time_text(proc, turn.lang))
        turn.say(text, procedure_id=proc["id"], counters=turn.counters_for(field.get("id")),
                 buttons=turn.follow_up_buttons(proc["id"], self.intent))


class ActionProcedureOverview(ProcedureQuestion):
    intent = "procedure_overview"

    def answer(self, turn: Turn, proc: dict, field: dict) -> None:
        counters = turn.counters_for(field.get("id"))
        text = t("overview", turn.lang, name=name_of(proc, turn.lang), field=name_of(field, turn.lang),
                 counters=counters_text(counters, turn.lang), fee=fee_text(proc, turn.lang),
                 time=time_text(proc, turn.lang))
        turn.say(text, procedure_id=proc["id"], counters=counters, buttons=turn.follow_up_buttons(proc["id"], ""))


class ActionFieldOverview(BaseAction):
    intent = "field_overview"

    def respond(self, turn: Turn) -> None:
        fid = turn.entity("field")
        field = turn.field(fid)
        if field is None:
            match = procedure_index(turn.catalogue).find(turn.text)
            field = turn.field(match.field_ids[0]) if match.field_ids else None
        if field is None:
            ActionFallback().respond(turn)
            return
        counters = turn.counters_for(field["id"])
        pids = [p["id"] for p in turn.catalogue.get("procedures", []) if p.get("field_id") == field["id"]]
        text = t("field_overview", turn.lang, field=name_of(field, turn.lang), counters=counters_text(counters, turn.lang))
        turn.say(text, counters=counters, buttons=turn.procedure_buttons(pids, "inform_procedure"))


class ActionTakeTicket(ProcedureQuestion):
    """Confirm the procedure and ask the priority question; action_priority issues the ticket."""

    intent = "take_ticket"

    def answer(self, turn: Turn, proc: dict, field: dict) -> None:
        counters = turn.counters_for(field.get("id"))
        groups = turn.catalogue.get("priority_categories", [])
        buttons = [turn.button(t("b_no_priority", turn.lang), "choose_priority", priority="none")]
        buttons += [turn.button(name_of(g, turn.lang), "choose_priority", priority=g["id"]) for g in groups]
        buttons.append(turn.button(t("b_cancel", turn.lang), "deny", priority="cancel"))
        turn.say(t("ask_priority", turn.lang, name=name_of(proc, turn.lang), field=name_of(field, turn.lang)),
                 procedure_id=proc["id"], counters=counters, buttons=buttons)
        turn.events.append(SlotSet("pending_ticket", proc["id"]))


def issue_ticket(turn: Turn, pid: str, priority: str | None) -> None:
    """POST the ticket and tell the number, counters, people ahead and wait."""
    proc = turn.procedure(pid) or {"id": pid}
    turn.events.append(SlotSet("pending_ticket", None))
    try:
        ticket = default_api().issue_ticket(pid, None if priority in (None, "none") else priority)
    except ApiError as exc:
        if exc.code == "redirect" and proc.get("redirect"):
            turn.redirect(proc)
        elif exc.code == "centre_closed":
            turn.say(t("centre_closed", turn.lang, reason=exc.message), intent="take_ticket", procedure_id=pid)
        else:
            turn.say(t("ticket_failed", turn.lang, reason=exc.message or exc.code), intent="take_ticket", procedure_id=pid)
        return
    counters = ticket.get("counters") or []
    text = t("ticket", turn.lang, number=ticket["number"], name=name_of(proc, turn.lang),
             counters=counters_text(counters, turn.lang), ahead=ticket.get("people_ahead", "?"),
             eta=ticket.get("eta_minutes", "?"))
    turn.say(text, intent="take_ticket", procedure_id=pid, counters=counters, ticket_number=ticket["number"],
             track_url=ticket.get("track_url"))
    turn.events.append(SlotSet("ticket_number", ticket["number"]))


def priority_from(turn: Turn) -> str | None:
    value = turn.entity("priority")
    if value:
        return value
    words = f" {normalise(turn.text)} "
    for pid, keys in PRIORITY_WORDS:
        if any(f" {k} " in words for k in keys):
            return pid
    return None


class ActionPriority(BaseAction):
    """Answers 'who gets priority?' — or, while a ticket waits for it, takes the priority answer."""

    intent = "priority"

    def respond(self, turn: Turn) -> None:
        groups = turn.catalogue.get("priority_categories", [])
        pending = turn.tracker.get_slot("pending_ticket")
        chosen = priority_from(turn)
        if pending and chosen == "cancel":
            turn.events.append(SlotSet("pending_ticket", None))
            turn.say(t("ticket_cancelled", turn.lang), intent="take_ticket")
        elif pending and (chosen == "none" or chosen in {g["id"] for g in groups}):
            issue_ticket(turn, pending, chosen)
        elif pending and turn.nlu_intent == "choose_priority" and chosen is None:
            issue_ticket(turn, pending, None)
        else:
            text = t("priority_info", turn.lang, groups="; ".join(name_of(g, turn.lang) for g in groups))
            buttons = ([turn.button(name_of(g, turn.lang), "choose_priority", priority=g["id"]) for g in groups]
                       if pending else [])
            turn.say(text, buttons=buttons)


class ActionYesNo(BaseAction):
    intent = "yes_no"

    def respond(self, turn: Turn) -> None:
        pending = turn.tracker.get_slot("pending_ticket")
        cancel = turn.entity("priority") == "cancel" or any(
            w in f" {normalise(turn.text)} " for w in (" huy ", " thoi ", " cancel ", " never mind "))
        if pending and turn.nlu_intent == "deny":
            if cancel:
                turn.events.append(SlotSet("pending_ticket", None))
                turn.say(t("ticket_cancelled", turn.lang), intent="take_ticket")
            else:  # "không" to "do you belong to a priority group?"
                issue_ticket(turn, pending, None)
        elif pending:
            groups = turn.catalogue.get("priority_categories", [])
            turn.say(t("which_priority", turn.lang), intent="take_ticket", procedure_id=pending,
                     buttons=[turn.button(name_of(g, turn.lang), "choose_priority", priority=g["id"]) for g in groups])
        else:
            turn.say(t("anything_else", turn.lang), intent=turn.nlu_intent or "affirm")


TICKET_RE = re.compile(r"(?<![\w])([A-Za-z])\s*[-–.]?\s*(\d{1,3})(?![\w])")


def ticket_number_in(text: str, prefixes: set[str]) -> str | None:
    for letter, digits in TICKET_RE.findall(text or ""):
        if letter.upper() in prefixes:
            return f"{letter.upper()}-{int(digits):03d}"
    return None


class ActionQueuePosition(BaseAction):
    intent = "queue_position"

    def respond(self, turn: Turn) -> None:
        prefixes = {f.get("prefix") for f in turn.catalogue.get("fields", []) if f.get("prefix")} | {"U"}
        number = (ticket_number_in(turn.entity("ticket_number") or "", prefixes)
                  or ticket_number_in(turn.text, prefixes) or turn.tracker.get_slot("ticket_number"))
        if not number:
            turn.say(t("ask_ticket_number", turn.lang))
            return
        turn.events.append(SlotSet("ticket_number", number))
        info = default_api().lookup(number)
        if info is None:
            turn.say(t("ticket_not_found", turn.lang, number=number))
            return
        counters = info.get("counters") or []
        if info.get("called_counter"):
            text = t("ticket_called", turn.lang, number=number, counter=info["called_counter"])
            counters = [c for c in counters if c.get("number") == info["called_counter"]] or [{"number": info["called_counter"]}]
        elif info.get("status") in ("waiting", "issued", "transferred"):  # the server says issued
            text = t("ticket_waiting", turn.lang, number=number, ahead=info.get("people_ahead", "?"),
                     eta=info.get("eta_minutes", "?"), counters=counters_text(counters, turn.lang))
        else:
            text = t("ticket_status", turn.lang, number=number, status=messages.status_text(info.get("status"), turn.lang))
        turn.say(text, counters=counters, ticket_number=number)


class ActionOpeningHours(BaseAction):
    intent = "opening_hours"

    def respond(self, turn: Turn) -> None:
        centre = turn.catalogue.get("centre", {})
        text = t("hours", turn.lang, hours=messages.hours_text(centre.get("opening_hours") or {}, turn.lang,
                                                              bool(centre.get("always_open"))))
        text += t("open_now" if centre.get("open_now") else "closed_now", turn.lang)
        if not centre.get("open_now") and centre.get("next_opening"):
            text += t("next_opening", turn.lang, when=messages.when_text(centre["next_opening"], turn.lang))
        turn.say(text)


class ActionGreet(BaseAction):
    intent = "greet"

    def respond(self, turn: Turn) -> None:
        try:
            name = turn.catalogue.get("centre", {}).get("name")
        except ServerUnavailable:
            name = None
        place = (f" của {name}" if turn.lang == "vi" else f" of {name}") if name else ""
        turn.say(t("greet", turn.lang, place=place))


class ActionGoodbye(BaseAction):
    intent = "goodbye"

    def respond(self, turn: Turn) -> None:
        turn.say(t("goodbye", turn.lang))


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


class ActionHumanHandoff(BaseAction):
    """'Gặp cán bộ': alerts every counter console (POST /api/v1/help-requests with the robot's token) and tells
    the visitor to wait by the robot; if the alert cannot be raised, sends them to the information desk or the
    priority counter instead. The reply carries `help_request_id` so the robot's screen can show when a staff
    member has taken it."""

    intent = "human_handoff"

    def respond(self, turn: Turn) -> None:
        number = turn.tracker.get_slot("ticket_number")
        try:
            answer = default_api().request_help(number, last_question(turn.tracker), turn.lang)
            alert = answer["help_request"]
        except (ServerUnavailable, ApiError, KeyError, TypeError):
            turn.say(t("handoff_failed", turn.lang, where=help_desk(turn)), help_request_id=None)
            return
        note = t("handoff_number", turn.lang, number=number) if number else ""
        turn.say(t("handoff", turn.lang, number=note), help_request_id=alert.get("id"))


class ActionOutOfScope(BaseAction):
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
