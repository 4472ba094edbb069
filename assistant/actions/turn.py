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
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from . import language, messages, queue_api
from .messages import name_of, t
from .queue_api import ServerUnavailable
from .text import ProcedureIndex

VOCABULARY = Path(__file__).resolve().parent.parent / "vocabulary.yml"
MAX_BUTTONS = 8


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
