"""The questions a visitor's message may ask, shared by the reader and its helpers (reading.py, elsewhere.py)."""

from __future__ import annotations

import re

from .lexicon import CUE, Lexicon

# About a procedure: they take the procedure named, else the one discussed.
PROCEDURE_QUESTIONS = ("take_ticket", "ask_counter", "ask_processing_time", "ask_fee", "ask_documents")
# Asked of the centre whatever the procedure: a person, priority, opening hours.
GENERAL = ("human_handoff", "priority", "opening_hours")
# A word that asks which thing ("giấy gì?", "what papers?"): papers said in its clause are asked for.
_WHICH = {"gi", "j", "chi", "nao", "what", "which"}
_HOW = _WHICH | {"sao", "how", "rang"}  # a word that asks: its clause is a question, papers told before it are not
_TOPIC = {"thi"}  # "muốn có giấy tờ vợ chồng thì bắt đầu từ đâu?": what comes before "thì" is the topic
# "làm giấy tờ cho cháu thế nào?", "lo giấy tờ", "làm đơn": doing the paperwork is the procedure, no papers named
_DOING = {"lam", "lo"}


def asks_how_only(lexicon: Lexicon, scan, after_documents_question: bool) -> bool:
    """"Làm thế nào?", "có được không?", "How do I…?", "Is there…?": how or whether, not what to bring (no papers
    named, no ask_documents cue but vocabulary.yml's `cues: overview:`), so the procedure as a whole (the overview,
    which lists the papers too). A message asking nothing itself after a documents question keeps asking that.
    Only the words that ask count: papers told in the story ("lũ cuốn hết giấy tờ…, giờ phải làm sao?") do not."""
    hits = [h for h in scan.hits if h.group == CUE and h.label == "ask_documents"]
    if any(h.group == CUE and h.label == "change_of_mind" for h in scan.hits):
        after_documents_question = False  # "à thôi, đóng hẳn … thì sao?": asked afresh, no follow-up
    asking = _asking_words(scan, hits)
    paperwork = [h for h in hits if _doing_paperwork(scan.words, h)]
    asking -= {i for h in paperwork for i in range(h.start, h.end)}
    asked = [" ".join(scan.words[h.start:h.end]) for h in hits if h.start in asking]
    asking -= {i for h in hits if _asks_whether(lexicon, scan, h) for i in range(h.start, h.end)}
    words = f" {' '.join(scan.words[i] for i in sorted(asking))} "
    # "làm văn bản từ chối ở đây được không?": a paper made is the paperwork done, not a paper asked for
    words = re.sub(r" (lam|lo) (?:van ban|to khai|don|giay to|ho so)(?= )", r" \1", words)
    if any(a not in lexicon.overview_cues for a in asked) or any(f" {w} " in words for w in lexicon.paper_words):
        return False
    return bool(asked) or not after_documents_question


def _asks_whether(lexicon: Lexicon, scan, hit) -> bool:
    """"Do I need to register…?", "what do we need to do?": a paper word ("need") inside a phrase that asks how
    or whether names no papers, unless a word asking which comes before it ("what do we need to register?")."""
    if " ".join(scan.words[hit.start:hit.end]) not in lexicon.overview_cues:
        return False
    clause = scan.pieces[hit.start] if len(scan.pieces) == len(scan.words) else None
    return not any(scan.words[i] in _WHICH and (clause is None or scan.pieces[i] == clause) for i in range(hit.start))


def _doing_paperwork(words: list[str], hit) -> bool:
    """"làm giấy tờ", "lo giấy tờ", "làm hồ sơ", "làm đơn" with no word asking which: doing the paperwork."""
    before = words[hit.start - 1] if hit.start else ""
    which = any(w in _WHICH for w in words[hit.start:hit.end + 1])
    return not which and (before in _DOING or words[hit.start] in _DOING and hit.end - hit.start == 2)


def _asking_words(scan, hits) -> set[int]:
    """Indexes of the words that ask: the clause of the last ask_documents cue (or the last clause with a word
    that asks) from its last "thì" before the cue on, and any clause with a word asking which thing; every
    word when nothing asks."""
    clauses = scan.pieces
    if not hits or len(clauses) != len(scan.words):
        return set(range(len(scan.words)))
    asks_in = [clauses[i] for i, w in enumerate(scan.words) if w in _HOW]
    clause = max([clauses[hits[-1].start]] + asks_in)
    own = [h for h in hits if clauses[h.start] == clause]
    start = min(i for i in range(len(scan.words)) if clauses[i] == clause)
    start = max([i + 1 for i in range(start, own[-1].start if own else start) if scan.words[i] in _TOPIC],
                default=start)
    which = {c for i, c in enumerate(clauses) if scan.words[i] in _WHICH}
    return {i for i in range(len(scan.words)) if i >= start and clauses[i] == clause or clauses[i] in which}
