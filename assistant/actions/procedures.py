"""Questions about a procedure or a field: which counter, documents, fee, processing time, an overview."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from . import facilities, queue_api
from .conversation import ActionFallback
from .messages import counters_text, fee_text, name_of, t, time_text, wait_text
from .queue_api import ApiError, ServerUnavailable
from .turn import BaseAction, Turn, procedure_index, reads


class ProcedureQuestion(BaseAction):
    """Questions about one procedure: resolve it (or ask which), redirect residence/ID, answer."""

    @property
    def payload_intent(self) -> str:
        """The domain intent a "which one?" button re-asks with (the overview is asked as inform_procedure)."""
        return "inform_procedure" if self.intent == "procedure_overview" else self.intent

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
        """Two or three procedures fit about as well: ask, with `choices`; none: offer the common ones."""
        if candidates:
            turn.say(t("which_of", turn.lang), buttons=turn.procedure_buttons(candidates, self.payload_intent),
                     choices=turn.choices(candidates))
            return
        turn.say(t("which_procedure", turn.lang), buttons=turn.procedure_buttons(turn.popular(), self.payload_intent))

    def answer(self, turn: Turn, proc: dict, field: dict) -> None:
        raise NotImplementedError

    def reply(self, turn: Turn, proc: dict, field: dict, text: str) -> None:
        """The answer about one procedure: its counters, and buttons for the other questions about it."""
        turn.say(text, procedure_id=proc["id"], counters=turn.counters_for(field.get("id")),
                 buttons=turn.follow_up_buttons(proc["id"], self.intent))


@reads("ask_counter")
class ActionAskCounter(ProcedureQuestion):
    intent = "ask_counter"

    def respond(self, turn: Turn) -> None:
        """"wc ở đâu", "where can I park": a place of the centre, not a procedure's counter (facilities.py)."""
        pid, candidates = turn.resolve(use_slot=False)
        if pid is None and not candidates and facilities.tell(turn):
            return
        super().respond(turn)

    def ask_which(self, turn: Turn, candidates: list[str]) -> None:
        fields = {turn.procedure(pid).get("field_id") for pid in candidates}
        if len(fields) == 1:  # "chứng thực ở quầy nào": same counters whichever procedure it is
            field = turn.field(fields.pop()) or {}
            counters = turn.counters_for(field.get("id"))
            text = t("counter_field", turn.lang, field=name_of(field, turn.lang),
                     counters=counters_text(counters, turn.lang), ticket=self.ticket_hint(turn, field))
            extra = {"choices": turn.choices(candidates)} if 1 < len(candidates) <= 3 else {}
            turn.say(text, counters=counters, buttons=turn.procedure_buttons(candidates, "take_ticket"), **extra)
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
            waiting = next((f for f in queue_api.default_api().queue().get("fields", []) if f.get("id") == field.get("id")), None)
        except (ServerUnavailable, ApiError):
            waiting = None
        if waiting is not None and waiting.get("waiting") is not None:
            hint += t("queue_now", turn.lang, waiting=waiting["waiting"], wait=wait_text(waiting, turn.lang))
        return hint


@reads("ask_documents")
class ActionAskDocuments(ProcedureQuestion):
    intent = "ask_documents"

    def answer(self, turn: Turn, proc: dict, field: dict) -> None:
        self.reply(turn, proc, field, documents_text(proc, turn.lang))


def documents_text(proc: dict, lang: str) -> str:
    docs, name = proc.get("documents") or [], name_of(proc, lang)
    return t("documents", lang, name=name, items=listed(docs)) if docs else t("no_documents", lang, name=name)


def listed(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


@reads("ask_fee")
class ActionAskFee(ProcedureQuestion):
    intent = "ask_fee"

    def answer(self, turn: Turn, proc: dict, field: dict) -> None:
        self.reply(turn, proc, field, t("fee", turn.lang, name=name_of(proc, turn.lang), fee=fee_text(proc, turn.lang)))


@reads("ask_processing_time")
class ActionAskProcessingTime(ProcedureQuestion):
    intent = "ask_processing_time"

    def answer(self, turn: Turn, proc: dict, field: dict) -> None:
        self.reply(turn, proc, field, t("time", turn.lang, name=name_of(proc, turn.lang), time=time_text(proc, turn.lang)))


@reads("inform_procedure")
class ActionProcedureOverview(ProcedureQuestion):
    intent = "procedure_overview"

    def answer(self, turn: Turn, proc: dict, field: dict) -> None:
        counters = turn.counters_for(field.get("id"))
        text = t("overview", turn.lang, name=name_of(proc, turn.lang), field=name_of(field, turn.lang),
                 counters=counters_text(counters, turn.lang), fee=fee_text(proc, turn.lang),
                 time=time_text(proc, turn.lang))
        # "Làm thế nào?" is answered here too: what to bring is part of how
        if proc.get("documents"):
            text += "\n" + t("overview_documents", turn.lang, items=listed(proc["documents"]))
        turn.say(text, procedure_id=proc["id"], counters=counters, buttons=turn.follow_up_buttons(proc["id"], "ask_documents"))


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
