"""When a topic handled elsewhere (divorce, passports, a loan, the weather) makes a message out of scope even
though it names a procedure of this centre too. A story often mentions both; what is asked decides."""

from __future__ import annotations

import re

from .intents import GENERAL, PROCEDURE_QUESTIONS
from .lexicon import CUE, ELSEWHERE, FACET, PURPOSE, Lexicon, Scan


def answers(scan: Scan, lexicon: Lexicon, procedure_id: str | None, cues: dict[str, float],
            question: str | None) -> bool:
    """True when the message, which names another place's business, is out of scope: unless a general question
    is asked after it, when no procedure was read, or when the procedure's words do not carry the question."""
    if asked_after(scan) or asked_before(scan):
        return False
    if procedure_id and all(avoided(h, scan) or told_as_purpose(h, scan, lexicon) for h in scan.hits
                            if h.group == ELSEWHERE):
        return False
    return not procedure_id or not_procedure(scan, lexicon, cues, question) or told_last(scan)


def asked_after(scan: Scan) -> bool:
    """A general question asked after a story that names a topic handled elsewhere ("…đi xe ôm sang đây. Tôi
    có được ưu tiên không?"): the question is answered, the story's taxi is not."""
    elsewhere = max(scan.clause_of(h) for h in scan.hits if h.group == ELSEWHERE)
    return any(h.group == CUE and h.label in GENERAL and scan.clause_of(h) > elsewhere for h in scan.hits)


def asked_before(scan: Scan) -> bool:
    """A general question asked first, the topic handled elsewhere told after it in clauses that ask nothing
    ("Mai mấy giờ mở cửa hả cháu, bác ở xa phải bắt xe buýt từ sớm."): the bus is the story (robot-asks13)."""
    topics = {scan.clause_of(h) for h in scan.hits if h.group == ELSEWHERE}
    asked = {scan.clause_of(h) for h in scan.hits if h.group == CUE and h.label in PROCEDURE_QUESTIONS + GENERAL}
    general = [scan.clause_of(h) for h in scan.hits if h.group == CUE and h.label in GENERAL]
    return bool(general) and not topics & asked and max(general) < min(topics)


# "để khỏi bị tính thuế", "so as not to pay tax": what a procedure is asked for to avoid is why, not the topic
_AVOIDING = re.compile(r"\b(?:khoi|tranh|khoi bi|khoi phai|so bi|de khong bi|avoid|avoid paying|not to pay|not have to pay)"
                       r"(?: bi| phai| \w+)?$")


def avoided(hit, scan: Scan) -> bool:
    """A topic handled elsewhere told as what the procedure avoids ("quán đóng cửa vài tháng, có cần báo gì với
    phường để khỏi bị tính thuế không?": the suspension is asked about, the tax is why)."""
    return bool(_AVOIDING.search(" ".join(scan.words[max(0, hit.start - 3):hit.start])))


def told_as_purpose(hit, scan: Scan, lexicon: Lexicon) -> bool:
    """A topic handled elsewhere told after "để" / "in order to" that follows a procedure's thing in its clause or
    the one before ("sao y mấy cái bằng với khai sinh, mỗi thứ ba bản để nộp hồ sơ xin việc"): the job is why
    the copies are asked for, not what is asked (round 14)."""
    clause = scan.clause_of(hit)
    marks = [p for p in scan.hits if p.group == PURPOSE and scan.clause_of(p) == clause and p.end <= hit.start]
    return any(h.group == FACET and not lexicon.facets[h.label].weak and h.end <= p.start
               and clause - 1 <= scan.clause_of(h) <= clause for p in marks for h in scan.hits)


def not_procedure(scan: Scan, lexicon: Lexicon, cues: dict[str, float], question: str | None) -> bool:
    """A topic handled elsewhere wins over a procedure read only from weak words ("quầy bán vé số": a stall, not
    a business to register), or from a story the visitor then leaves: the other topic in a clause after the last
    one naming the procedure, and no plain question about a procedure ("bố tôi mới mất, giỗ đầu thì nên cúng
    gì?"). A detail of the procedure's own clause stays a detail ("certified copies of my passport", "căn cước bị
    mất trên xe buýt")."""
    # ...nor from a circumstance alone ("a temporary residence card? He is Korean.": foreign names no procedure)
    named = [h for h in scan.hits if h.group == FACET and not lexicon.facets[h.label].weak
             and (lexicon.facets[h.label].kind != "qualifier" or lexicon.facets[h.label].implies)]
    if not named or all(wanted_for(h, scan) for h in named):
        return True
    if question and cues[question] >= 1:
        return False
    last_named = max(scan.clause_of(h) for h in named)
    last_elsewhere = max(scan.clause_of(h) for h in scan.hits if h.group == ELSEWHERE)
    # ...unless a procedure question comes after it: the question asked last is answered ("…I have a dentist
    # appointment later. Where does he get a new card?")
    return last_elsewhere > last_named and not any(
        scan.clause_of(h) > last_elsewhere for h in scan.hits if h.group == CUE and h.label in PROCEDURE_QUESTIONS)


def wanted_for(facet_hit, scan: Scan) -> bool:
    """The procedure's words only say what another place's business is wanted for: "where can I get a loan for
    my business?", "vay vốn để mở quán" (the loan is asked for, the business is why)."""
    clause = scan.clause_of(facet_hit)
    purposes = [h for h in scan.hits if h.group == PURPOSE and scan.clause_of(h) == clause and h.start < facet_hit.start]
    return any(h.group == ELSEWHERE and scan.clause_of(h) == clause and h.start < p.start
               for p in purposes for h in scan.hits)


def told_last(scan: Scan) -> bool:
    """A topic handled elsewhere told after every procedure word, nothing asked before it ("vừa làm xong giấy
    khai sinh cho bé, giờ hỏi gần đây có tiệm chụp hình nào đẹp không"): the story's procedure is done; what is
    asked last is not the centre's business."""
    elsewhere = max(scan.clause_of(h) for h in scan.hits if h.group == ELSEWHERE)
    # ...and any question asked is asked there ("Giờ muốn bán đất. Giá đất khu này bao nhiêu một mét?")
    return all(scan.clause_of(h) < elsewhere for h in scan.hits if h.group == FACET) and all(
        scan.clause_of(h) == elsewhere for h in scan.hits if h.group == CUE and h.label in PROCEDURE_QUESTIONS)
