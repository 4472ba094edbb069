"""The centre's own facilities: "nhà vệ sinh ở đâu", "có wifi không", "where can I park".

Such a question is about the centre itself, not a procedure: the reader leaves it out of scope, and the
out-of-scope answer (conversation.ActionOutOfScope) tells the centre's own fact instead of "not a procedure
of the centre" when the message names a facility the centre lists. A "where is…" the reader takes for a
counter question ("wc ở đâu", "where can I park", "where is the restroom") gets the fact too when it names
no procedure and no counter number (procedures.ActionAskCounter, conversation.ActionCounterLocation), rather
than "which procedure?". Either way the reply's intent is out_of_scope and its `facility` the key told.

The words that name each facility are vocabulary.yml's `facilities:` section (scanned on their own, never
part of a reading); the facts come with the catalogue, `centre.facilities` (`facilities:` in the centre's
centre.yaml: {key: {"vi", "en"}}).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lexicon import FACILITY, Lexicon, default_lexicon
from .queue_api import ApiError, ServerUnavailable

if TYPE_CHECKING:  # no Rasa import here: the words are tested without it (tests/assistant)
    from .turn import Turn

NONE = "none"  # vocabulary.yml: phrases holding a facility's words that name something else
SHOWN = 2  # facilities told in one answer at most ("wifi và nước uống")


def named(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """The facilities a message names, in the order it names them (each once)."""
    scan = (lexicon or default_lexicon()).scan(text, (FACILITY,))
    keys: list[str] = []
    for label in scan.labels(FACILITY):
        if label != NONE and label not in keys:
            keys.append(label)
    return keys


def answer(keys: list[str], catalogue: dict, lang: str) -> tuple[str, list[str]] | None:
    """(what the robot says, the facilities told) for the facilities named (`named`) that the centre lists;
    None when it lists none of them (or has no `facilities:` at all)."""
    listed = (catalogue.get("centre") or {}).get("facilities") or {}
    if not isinstance(listed, dict):
        return None
    told = [key for key in keys if isinstance(listed.get(key), dict) and listed[key].get("vi")][:SHOWN]
    if not told:
        return None
    return " ".join(listed[key].get(lang) or listed[key]["vi"] for key in told), told


def tell(turn: Turn) -> bool:
    """Says the centre's fact about the facilities the visitor's words name, if it lists them (intent
    out_of_scope, `facility`: the first told); False, saying nothing, otherwise (also when the queue server
    cannot be asked: the caller answers as before)."""
    keys = named(turn.text) if turn.typed else []
    if not keys:
        return False
    try:
        found = answer(keys, turn.catalogue, turn.lang)
    except (ServerUnavailable, ApiError):
        return False
    if found is None:
        return False
    turn.say(found[0], intent="out_of_scope", facility=found[1][0])
    return True
