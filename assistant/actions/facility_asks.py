"""A question about the centre's own facilities is out of scope (labelling conventions; the out-of-scope answer
then tells the centre's fact, facilities.py): "wc ở đâu ạ", "where's the restroom?", "nhà vệ sinh cho người
khuyết tật ở đâu", "photo căn cước ở đâu". The reader used to take such a "where" for a counter question, and a
facility's words for a procedure's ("đi vệ sinh" has "sinh", a birth; "photo" is a copy of a paper). No Rasa
import (reading.py calls it; robot-asks13).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .intents import PROCEDURE_QUESTIONS
from .lexicon import CUE, FACILITY, Scan

if TYPE_CHECKING:
    from .reading import Reader, Reading

NONE = "none"  # vocabulary.yml `facilities: none:` (words of a facility that name something else)
# Copies and photos are of papers: "photo công chứng giấy khai sinh" still asks for the certified copy. Such a
# facility is the question only when nothing the procedure is about is said without its words ("photo cccd ở
# đâu": without "photo cccd", read as a copy of a paper held, nothing is left; "a certified photocopy" keeps
# "certified").
PAPER_FACILITIES = ("photocopy", "photo_booth")
# What a question about a place reads as: where (a counter), or a procedure named with nothing asked.
PLACE_READINGS = ("ask_counter", "counter_location", "inform_procedure", None)
NOT_ASKING = ("follow_up", "greet", "thanks", "goodbye")  # cues that ask nothing of a place
_REFERS_BACK = {"do", "that", "it", "this", "one", "them", "those", "these", "go", "get", "find", "please", "then",
                "so", "ok", "there", "o", "dau", "cho", "nao", "lam", "vay", "a", "nhi", "the"}


def asks_facility(reader: Reader, text: str, scan: Scan, reading: Reading) -> bool:
    """True when the message asks about one of the centre's facilities rather than a procedure."""
    # ("Is there a copy shop around here? I forgot to copy my passport…": papers read from a bare "is there", no
    # cue asking for them, may still ask for a copier)
    cues = [h for h in scan.hits if h.group == CUE and h.label not in NOT_ASKING]
    bare_question = reading.intent == "ask_documents" and not any(h.label == "ask_documents" for h in cues)
    if reading.intent not in PLACE_READINGS and not bare_question or reading.counter_number is not None:
        return False
    # ...named where the question is asked: a story's "gửi xe ở bãi bên kia đường" or "selling coffee" is not
    # (a joining "and" or a greeting asks nothing: "…a normal photocopy? I just need black and white"); with no
    # cue, where "where" or "is there" is said
    asked = max((scan.clause_of(h) for h in cues), default=None)
    if asked is None:
        asked = max((c for c in set(scan.clauses) if _where_asked(scan, c)), default=max(scan.clauses, default=0))
    named = [(h.start, h.end, h.label) for h in reader.lexicon.scan(text, (FACILITY,)).hits
             if h.group == FACILITY and h.label != NONE]
    # a bare "Where?", "Where can I do that?" after what is wanted ("…a few ordinary copies, no stamp. Where?")
    # asks about that
    bare = all(any(h.start <= i < h.end for h in cues) or scan.words[i] in _REFERS_BACK
               for i, c in enumerate(scan.clauses) if c == asked)
    spans = [span for span in named
             if scan.clauses[span[0]] == asked or bare and scan.clauses[span[0]] < asked]
    if not spans or bare_question and not any(label in PAPER_FACILITIES for _, _, label in spans):
        return False
    inside = {i for start, end, _ in named for i in range(start, end)}
    if any(label in PAPER_FACILITIES for _, _, label in spans):
        if not _where_asked(scan, asked):
            return False  # "can I get a new copy?": a copy of a paper, no copier asked for
        # the procedure must be said without the facility's words ("a certified copy", "photo công chứng" keep
        # the certification; "photo cccd", "copy my passport … a copier" keep nothing of it)
        # what is copied ("photo cmnd") is no procedure of its own: only what is done with it counts
        done = {f for f in _facets_without(reader, scan, inside) if reader.lexicon.facets[f].kind != "object"}
        return reading.procedure_id is None or not done & reader.own_facets.get(reading.procedure_id, set())
    if reading.intent == "inform_procedure":
        # a procedure read from a facility's words with nothing asked about it ("chỗ đi vệ sinh ở phía nào":
        # "sinh"); asked about ("mở quán nước … có phải đăng ký gì không?") it stays the procedure
        asks = any(h.group == CUE and h.label in PROCEDURE_QUESTIONS for h in scan.hits)
        return not asks and not _facets_without(reader, scan, inside) & reader.own_facets.get(reading.procedure_id, set())
    # a toilet, parking, wifi... asked where: the facility, unless a procedure is named in full beside it
    return not (reading.procedure_id and not reading.from_context
                and reader.resolver.named_in_full(reading.procedure_id, scan.words))


def _facets_without(reader: Reader, scan: Scan, inside: set[int]) -> set[str]:
    """The facets of the message read again without a facility's words ("photo cccd ở đâu" → "cccd ở đâu")."""
    rest = " ".join(w for i, w in enumerate(scan.words) if i not in inside)
    return set(reader.resolver.message_facets(reader.lexicon.scan(rest), True)) if rest else set()


def _where_asked(scan: Scan, clause: int) -> bool:
    """The clause asks where something is or whether there is one ("photo ở đâu", "is there a copier?")."""
    words = " ".join(w for i, w in enumerate(scan.words) if scan.clauses[i] == clause)
    return any(h.group == CUE and h.label in ("ask_counter", "counter_location") and scan.clause_of(h) == clause
               for h in scan.hits) or any(f" {w} " in f" {words} " for w in ("is there", "are there", "co cho"))
