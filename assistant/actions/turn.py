"""What every action of the reception robot shares: one Turn (the message, its language, the catalogue, the
procedure it is about, and how to reply with the `custom` part the queue server's relay reads) and
BaseAction (runs in a worker thread, turns a dead queue server into a clear reply).

Each action answers one intent from the queue server's live data (queue_api), in the language of the
visitor's message, and attaches {"intent", "procedure_id", "counters"} as the message's `custom` part.
When the procedure is unknown or ambiguous the robot asks which one with buttons whose payload re-asks
the same question with the procedure set.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from . import language, messages, queue_api
from .lexicon import default_lexicon, extra_aliases
from .messages import name_of, t
from .queue_api import ServerUnavailable
from .reading import PROCEDURE_QUESTIONS, Context, Reader, Reading
from .text import ProcedureIndex

MAX_BUTTONS = 8
MAX_CHOICES = 3
_index_cache: dict[str, ProcedureIndex] = {}
_reader_cache: dict[tuple, Reader] = {}


def _catalogue_key(catalogue: dict) -> str:
    """What the readers depend on: ids, names, synonyms, optional facets (an admin's edit rebuilds them)."""
    return json.dumps([[p.get(k) for k in ("id", "field_id", "name", "synonyms", "facets")]
                       for p in catalogue.get("procedures", [])] + [f.get("id") for f in catalogue.get("fields", [])],
                      ensure_ascii=False, sort_keys=True)


def procedure_index(catalogue: dict) -> ProcedureIndex:
    key = _catalogue_key(catalogue)
    if key not in _index_cache:
        _index_cache.clear()
        _index_cache[key] = ProcedureIndex(catalogue.get("procedures", []), catalogue.get("fields", []), extra_aliases())
    return _index_cache[key]


def warm_up() -> None:
    """The lexicon and both example models take seconds to build: built before the action server serves
    (actions/__main__.py), so that the first visitor's answer comes within the relay's timeout."""
    from .intent_model import default_intent_model, default_procedure_model
    lexicon = default_lexicon()
    default_intent_model(lexicon.shorthand)
    default_procedure_model(lexicon.shorthand)


def reader_for(catalogue: dict) -> Reader:
    lexicon = default_lexicon()  # reloaded when vocabulary.yml changes
    key = (_catalogue_key(catalogue), id(lexicon))
    if key not in _reader_cache:
        _reader_cache.clear()
        _reader_cache[key] = Reader(catalogue, lexicon, extra_aliases())
    return _reader_cache[key]


def last_reply(tracker: Tracker) -> dict:
    """The `custom` part of the robot's last answer ({} when none)."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "bot":
            return (event.get("data") or {}).get("custom") or {}
    return {}


def last_question(tracker: Tracker) -> str | None:
    """The kind of the robot's last answer about a procedure (ask_fee...), for "còn X thì sao?"."""
    intent = last_reply(tracker).get("intent")
    return intent if intent in PROCEDURE_QUESTIONS else None


def awaits_booking_code(tracker: Tracker) -> bool:
    """The robot's last answer asked for an appointment's booking code (no ticket issued yet)."""
    reply = last_reply(tracker)
    return reply.get("intent") == "appointment_checkin" and not reply.get("ticket_number")


class Turn:
    """What one action needs about the current message, and how it replies."""

    def __init__(self, dispatcher: CollectingDispatcher, tracker: Tracker, intent: str):
        self.dispatcher, self.tracker, self.intent = dispatcher, tracker, intent
        message = tracker.latest_message or {}
        queue_api.use_centre(message.get("metadata"))  # a city's robot: this centre's API (queue_api.py)
        self.text = message.get("text") or ""
        self.nlu_intent = (message.get("intent") or {}).get("name")
        detected = language.detect(self.text, tracker.get_slot("language"))
        self.foreign = detected == language.OTHER  # French, Chinese...: answered in vi and en (BaseAction)
        self.lang = (tracker.get_slot("language") or "vi") if self.foreign else detected
        self.events: list[dict] = [SlotSet("language", self.lang)]
        self._catalogue: dict | None = None
        self._reading: Reading | None = None

    # --- data -------------------------------------------------------------------------------
    @property
    def catalogue(self) -> dict:
        if self._catalogue is None:
            self._catalogue = queue_api.default_api().catalogue()
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
        # `staffed` (someone at the counter now) may be absent from an older queue server: then all count.
        staffed = [c for c in open_ones if c.get("staffed", True) is not False]
        return staffed or open_ones or counters

    @property
    def typed(self) -> bool:
        """Words typed by the visitor (not a button's payload such as /ask_fee{"procedure": ...})."""
        return bool(self.text) and not self.text.startswith("/")

    @property
    def reading(self) -> Reading:
        """The message read by the robot's own reader (reading.py), in this conversation's context."""
        if self._reading is None:
            if not self.typed:
                self._reading = Reading(None)
            else:
                context = Context(self.tracker.get_slot("procedure"), last_question(self.tracker),
                                  awaits_booking_code(self.tracker))
                self._reading = reader_for(self.catalogue).read(self.text, context)
        return self._reading

    def resolve(self, use_slot: bool = True) -> tuple[str | None, list[str]]:
        """(procedure id, candidates): a button's procedure, else the reading of the words (which keeps the
        procedure discussed for a follow-up), else the slot; a field's name gives that field's procedures."""
        ids = {p["id"] for p in self.catalogue.get("procedures", [])}
        for value in [e.get("value") for e in (self.tracker.latest_message or {}).get("entities", [])
                      if e.get("entity") == "procedure" and e.get("value")]:
            if value in ids and not self.typed:
                return value, []
        slot = self.tracker.get_slot("procedure")
        if self.typed:
            reading = self.reading
            if reading.procedure_id and (use_slot or not reading.from_context):
                return reading.procedure_id, []
            if reading.choices:
                return None, reading.choices[:MAX_CHOICES]
            match = procedure_index(self.catalogue).find(self.text)
            if match.field_ids:  # "chứng thực ở quầy nào": a field named, not one of its procedures
                return None, match.procedure_ids
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

    def choices(self, pids: list[str]) -> list[dict]:
        """`choices` of a "which one?" reply: the 2-3 procedures that fit about as well."""
        return [{"procedure_id": pid, "title": name_of(self.procedure(pid), self.lang)}
                for pid in pids[:MAX_CHOICES] if self.procedure(pid)]

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
            self.answerer(turn).respond(turn)
        except ServerUnavailable:
            turn.say(t("server_down", turn.lang), procedure_id=None)
        return turn.events

    def answerer(self, turn: Turn) -> "BaseAction":
        """The action for what the message asks, as the reader reads it (the NLU model's intent only chose
        which action runs first); the model decides alone for buttons, yes/no and short replies the reader
        leaves open, and while a ticket waits for the priority answer."""
        if not turn.typed:
            return self
        try:
            reading = turn.reading
        except ServerUnavailable:  # no catalogue to read with: the model's intent stands
            return self
        if tracker_waits_for_priority(turn.tracker) and not reading.procedure_id:
            return self
        action = READERS.get(reading.intent or "")
        if action is None or isinstance(self, action):
            return self
        turn.intent = action.intent
        return action()


READERS: dict[str, type[BaseAction]] = {}


def reads(*intents: str):
    """Class decorator: the action answers these intents of the reader (reading.py)."""
    def register(cls):
        for intent in intents:
            READERS[intent] = cls
        return cls
    return register


def tracker_waits_for_priority(tracker: Tracker) -> bool:
    return bool(tracker.get_slot("pending_ticket"))

    def respond(self, turn: Turn) -> None:
        raise NotImplementedError
