"""Which of the questions in a long message is asked, and which are part of the story told before it (reading.py)."""

from __future__ import annotations

from .intents import PROCEDURE_QUESTIONS
from .lexicon import CUE, ELSEWHERE, FACET, FACILITY

# A long question asks last: a general question asked in the last asking clause ("…số A-047, còn mấy người nữa?")
# makes a procedure question in the story before it ("tôi lấy số từ 8 giờ") part of the story, and a procedure
# question asked last makes a general word in the story ("…cho buổi hẹn ở ngân hàng. Where do I get a new one?",
# "đóng cửa 2 tháng") part of it too. Questions of the same side are weighed by LAST_ASK instead.
STORY_GENERAL = ("queue_position", "opening_hours", "priority", "human_handoff", "appointment_checkin")
# ...except the queue asked last: a child or a time told before it ("I have to pick up my kids at five. How many
# people are still ahead of me?") is the story of a visitor in the queue, not a priority or opening-hours question.
QUEUE_STORY = ("priority", "opening_hours")
# ...and the reverse: a queue told before a last clause that asks something else of the centre, its hours or a
# thing it does not do ("Sắp đến lượt rồi. Ở đây có máy photo không?", "…chưa biết bao giờ tới lượt. Gần đây có cây
# ATM nào không?", "đợi mãi chưa tới lượt. Mấy giờ đóng cửa?") is the story of a visitor waiting (robot-long15)
ASKED_AFTER_QUEUE = ("opening_hours",)


def told_cues(scan, lexicon) -> set[int]:
    """ids of the cue hits that belong to the story told before the question asked last."""
    denied = denied_needs(scan)
    asks = [h for h in scan.hits if h.group == CUE and h.label in PROCEDURE_QUESTIONS + STORY_GENERAL
            and id(h) not in denied]
    if not asks:
        return denied
    queue = told_queue(scan, lexicon)
    last = max(scan.clause_of(h) for h in asks)
    asked_last = {h.label for h in asks if scan.clause_of(h) == last}
    sides = {label in PROCEDURE_QUESTIONS for label in asked_last}
    queue |= denied
    if len(sides) != 1:
        return queue  # both kinds asked last: the usual weighing decides
    procedure_asked = sides.pop()
    if procedure_asked and not any(h.group == FACET for h in scan.hits):
        return queue  # no procedure named: "I have a booking, my code is L-004. What do I do now?" asks about it
    queue_asked = asked_last == {"queue_position"}
    # (a priority phrase that reaches the last clause is asked there: "I'm pregnant, can I skip the queue?")
    return queue | {id(h) for h in asks if scan.clause_of(h) < last and (
        (h.label in PROCEDURE_QUESTIONS) != procedure_asked
        or queue_asked and h.label in QUEUE_STORY and scan.clauses[h.end - 1] < last)}


# "heard no permission is needed, what's the fee": a need denied is told, not asked (round 16); not "what's needed"
_DENIED_BEFORE = {"no", "not", "nothing", "t", "never"}
_NEED_TOLD = {"is", "are", "needed", "required", "registration"}


def denied_needs(scan) -> set[int]:
    """ids of the documents cues said as a need denied ("no permission is needed", "nothing is required")."""
    return {id(h) for h in scan.hits if h.group == CUE and h.label == "ask_documents"
            and scan.words[h.start] in _NEED_TOLD and scan.words[h.end - 1] in ("needed", "required")
            and any(w in _DENIED_BEFORE for w in scan.words[max(0, h.start - 2):h.start])}


def told_queue(scan, lexicon) -> set[int]:
    """ids of the queue cues told before a last clause that asks about the centre's hours, one of its facilities
    (a toilet, drinking water, a printer) or a thing it does not do (an ELSEWHERE word: an ATM, food), with no
    queue word of its own."""
    queue = [h for h in scan.hits if h.group == CUE and h.label == "queue_position"]
    if not queue or not scan.clauses:
        return set()
    last = max(scan.clauses)
    said_last = [h for h in scan.hits if scan.clause_of(h) == last]
    if any(h.label == "queue_position" for h in said_last):
        return set()
    if not any(h.group == ELSEWHERE or h.group == CUE and h.label in ASKED_AFTER_QUEUE for h in said_last):
        words = " ".join(w for w, c in zip(scan.words, scan.clauses) if c == last)
        if not any(h.group == FACILITY and h.label != "none" for h in lexicon.scan(words, (FACILITY,)).hits):
            return set()
    return {id(h) for h in queue if scan.clauses[h.end - 1] < last}
