"""The questions a visitor's message may ask, shared by the reader and its helpers (reading.py, elsewhere.py)."""

from __future__ import annotations

from .lexicon import CUE, Lexicon

# About a procedure: they take the procedure named, else the one discussed.
PROCEDURE_QUESTIONS = ("take_ticket", "ask_counter", "ask_processing_time", "ask_fee", "ask_documents")
# Asked of the centre whatever the procedure: a person, priority, opening hours.
GENERAL = ("human_handoff", "priority", "opening_hours")


def asks_how_only(lexicon: Lexicon, scan, after_documents_question: bool) -> bool:
    """"Làm thế nào?", "có được không?", "How do I…?", "Is there…?": how or whether, not what to bring (no papers
    named, no ask_documents cue but vocabulary.yml's `cues: overview:`), so the procedure as a whole (the overview,
    which lists the papers too). A message asking nothing itself after a documents question keeps asking that."""
    asked = [" ".join(scan.words[h.start:h.end]) for h in scan.hits if h.group == CUE and h.label == "ask_documents"]
    words = f" {' '.join(scan.words)} "
    if any(a not in lexicon.overview_cues for a in asked) or any(f" {w} " in words for w in lexicon.paper_words):
        return False
    return bool(asked) or not after_documents_question
