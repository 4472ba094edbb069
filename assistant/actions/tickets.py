"""Tickets in conversation: take a ticket (procedure confirmed, priority asked first), and where a ticket
stands in the queue."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from . import messages, queue_api
from .messages import counters_text, name_of, t
from .procedures import ProcedureQuestion
from .queue_api import ApiError
from .text import normalise
from .ticket_numbers import ticket_number_in
from .turn import BaseAction, Turn, reads

PRIORITY_WORDS = [
    ("elderly_80", ("80 tuoi", "over 80", "tren 80")),
    ("elderly_60", ("cao tuoi", "gia", "60 tuoi", "70 tuoi", "75 tuoi", "tren 60", "elderly", "old", "senior")),
    ("disabled", ("khuyet tat", "disabled", "disability", "wheelchair")),
    ("pregnant", ("mang thai", "bau", "pregnant")),
    ("meritorious", ("co cong", "thuong binh", "liet si", "meritorious", "veteran")),
    ("with_infant", ("be con", "con nho", "em be", "baby", "infant", "small child")),
    ("none", ("khong uu tien", "binh thuong", "dien thuong", "no priority", "none", "regular", "normal")),
]



@reads("take_ticket")
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
        ticket = queue_api.default_api().issue_ticket(pid, None if priority in (None, "none") else priority)
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
             wait=messages.wait_text(ticket, turn.lang))
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


@reads("priority")
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




@reads("queue_position")
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
        info = queue_api.default_api().lookup(number)
        if info is None:
            turn.say(t("ticket_not_found", turn.lang, number=number))
            return
        counters = info.get("counters") or []
        if info.get("called_counter"):
            text = t("ticket_called", turn.lang, number=number, counter=info["called_counter"])
            counters = [c for c in counters if c.get("number") == info["called_counter"]] or [{"number": info["called_counter"]}]
        elif info.get("status") in ("waiting", "issued", "transferred"):  # the server says issued
            text = t("ticket_waiting", turn.lang, number=number, ahead=info.get("people_ahead", "?"),
                     wait=messages.wait_text(info, turn.lang), counters=counters_text(counters, turn.lang))
        else:
            text = t("ticket_status", turn.lang, number=number, status=messages.status_text(info.get("status"), turn.lang))
        turn.say(text, counters=counters, ticket_number=number)
