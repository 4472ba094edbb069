"""A counter's number in a visitor's message, in digits or words ("where is counter 4", "quầy số ba", "q4")."""

from __future__ import annotations

from .lexicon import CUE, Scan

NUMBER_WORDS = {w: n for n, words in enumerate([
    (), ("one", "mot"), ("two", "hai"), ("three", "ba"), ("four", "bon", "tu"), ("five", "nam"), ("six", "sau"),
    ("seven", "bay"), ("eight", "tam"), ("nine", "chin"), ("ten", "muoi"), ("eleven",), ("twelve",)]) for w in words}


def counter_number_in(scan: Scan, label: str) -> int | None:
    """The counter number inside the cue that found it ("where is counter 4", "quầy số ba", "counter five")."""
    for hit in scan.hits:
        if hit.group == CUE and hit.label == label:
            words = scan.words[hit.start:hit.end]
            # "q4": a counter's number typed after its initial (quầy 4)
            numbers = [int(w.lstrip("q")) for w in words if w.lstrip("q").isdigit()] \
                or [NUMBER_WORDS[w] for w in words[1:] if w in NUMBER_WORDS]
            if numbers:
                return numbers[0]
    return None


_COUNTER_WORDS = {"quay", "counter", "desk", "window", "q"}


def counter_number_said(scan: Scan) -> int | None:
    """A counter's number where no cue found it: digits anywhere ("7 ở tầng mấy"), a number word right after a
    counter word ("quầy số ba", "desk number five"; alone "ba" may be a father)."""
    words = scan.words
    for i, word in enumerate(words):
        digits = word[1:] if word[:1] == "q" else word  # "q4": quầy 4
        if digits.isdigit() and len(digits) <= 2:
            return int(digits)
        if word in NUMBER_WORDS and i and (words[i - 1] in _COUNTER_WORDS
                                            or words[i - 1] in ("so", "number", "no") and i > 1
                                            and words[i - 2] in _COUNTER_WORDS):
            return NUMBER_WORDS[word]
    return None
