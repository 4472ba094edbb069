"""Appointment check-in through the robot (issue 18): "tôi có lịch hẹn" / "I have an appointment" and the
booking code → POST /api/v1/appointments/<code>/check-in with the robot's device token → the ticket, as at
the kiosk. Without a code the robot asks for it; the next message carrying one checks in (reading.py)."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from . import queue_api
from .messages import counters_text, name_of, t
from .queue_api import ApiError
from .turn import BaseAction, Turn, reads

# Server refusals whose own message says what to do (too early: come back at; wrong day; already has a number).
TOLD_BY_SERVER = ("too_early", "wrong_day", "already_checked_in", "appointment_cancelled", "daily_cap_reached",
                  "centre_closed")


@reads("appointment_checkin")
class ActionAppointmentCheckIn(BaseAction):
    intent = "appointment_checkin"

    def respond(self, turn: Turn) -> None:
        code = turn.reading.appointment_code
        if not code:
            turn.say(t("appointment_ask_code", turn.lang))
            return
        try:
            result = queue_api.default_api().check_in_appointment(code)
        except ApiError as exc:
            turn.say(self.refusal(turn, code, exc), buttons=[turn.button(t("b_staff", turn.lang), "human_handoff")])
            return
        ticket = result.get("ticket") or {}
        pid = ticket.get("procedure_id")
        proc = turn.procedure(pid) or {"id": pid}
        counters = ticket.get("counters") or []
        said = (result.get("message") or {}).get(turn.lang) or ""
        text = t("appointment_ticket", turn.lang, number=ticket.get("number", "?"), name=name_of(proc, turn.lang),
                 counters=counters_text(counters, turn.lang), said=f" {said}" if said else "")
        turn.say(text, procedure_id=pid, counters=counters, ticket_number=ticket.get("number"),
                 track_url=ticket.get("track_url"))
        turn.events += [SlotSet("ticket_number", ticket.get("number")), SlotSet("procedure", pid)]

    @staticmethod
    def refusal(turn: Turn, code: str, exc: ApiError) -> str:
        if exc.status == 404:
            return t("appointment_unknown", turn.lang, code=code)
        if exc.code in TOLD_BY_SERVER:
            reason = exc.extra.get("message_en") if turn.lang == "en" else exc.message
            return t("appointment_refused", turn.lang, reason=reason or exc.message)
        return t("appointment_failed", turn.lang)
