"""Masks the personal data a visitor may type into free text we keep (a help request's question, a rating's
comment): e-mail addresses, phone/ID/record numbers, dates, street addresses and names given with a cue.

Best effort on purpose: a regular expression cannot know every name, so only what is announced as one is
masked ("tôi là …", "tên tôi là …", "my name is …", or a title such as "anh", "chị", "ông", "bà", "Mr"
followed by capitalised words), and an address only after a place word ("ngõ", "đường", "phường", …) or as
a house number followed by a capitalised street name. A phone number, an e-mail or a date is masked wherever
it appears. Every masked part becomes MASK, so staff still see that something was said there.
"""

from __future__ import annotations

import re
from typing import Callable

MASK = "•••"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DATES = (
    re.compile(r"\b\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\b"),                     # 1985-03-05
    re.compile(r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"),                     # 5/3, 05/03/1985
    re.compile(r"\b\d{1,2}[.-]\d{1,2}[.-]\d{2,4}\b"),                    # 05.03.1985, 5-3-85
    re.compile(r"\bngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{2,4})?", re.IGNORECASE),
    re.compile(r"\b(?:19|20)\d{2}\b"),                                   # a year (of birth, mostly)
)
_DIGITS = re.compile(r"\+?\d[\d .-]{4,}\d")  # 6+ digits, maybe spaced: phone, CCCD/CMND, dossier numbers
_WORD = re.compile(r"[ \t]*([^\W\d_][\w'-]*)")
_NUMBER = re.compile(r"[ \t]*(\d[\w/-]*)")

# Cues after which a name follows: any words (visitors often type in lower case) ...
_NAME_CUES = re.compile(r"\b(?:tên\s+(?:tôi\s+|em\s+|của\s+tôi\s+)?là|tôi\s+tên(?:\s+là)?|tôi\s+là|"
                        r"họ\s+(?:và\s+)?tên(?:\s+là)?|my\s+name\s+is)\b\s*:?", re.IGNORECASE)
# ... or only capitalised words (after "anh", "chị" a verb is as likely as a name).
_TITLES = re.compile(r"\b(?:anh|chị|ông|bà|em|cháu|cô|chú|bác|mr|mrs|ms|miss)\b\.?", re.IGNORECASE)
_PLACES = re.compile(r"\b(?:số\s+nhà|ngõ|ngách|hẻm|kiệt|đường|phố|thôn|xóm|ấp|bản|tổ\s+dân\s+phố|khu\s+phố|"
                     r"phường|xã|quận|huyện|street|road|ward|district)\b", re.IGNORECASE)
_HOUSE_NUMBER = re.compile(r"\b\d+[A-Za-z]?(?:/\d+)*(?=[ \t]+[^\W\d_])")


def _words(text: str, start: int, capitalised: bool, limit: int = 4) -> int:
    """Where a run of up to `limit` words starting at `start` ends (`start` when there is none)."""
    end = start
    for _ in range(limit):
        word = _WORD.match(text, end)
        if word is None or (capitalised and not word.group(1)[0].isupper()):
            break
        end = word.end()
    return end


def _name_or_number(text: str, start: int) -> int:
    number = _NUMBER.match(text, start)
    return number.end() if number else _words(text, start, capitalised=True)


def _mask_after(text: str, cues: re.Pattern, take: Callable[[str, int], int]) -> str:
    """Each cue kept, and what `take` finds right after it masked."""
    out, last = [], 0
    for cue in cues.finditer(text):
        if cue.start() < last:
            continue
        end = take(text, cue.end())
        if end > cue.end():
            out += [text[last:cue.end()].rstrip(), " " + MASK]
            last = end
    return "".join(out) + text[last:]


def mask(text: str) -> str:
    """The text with e-mails, numbers, dates, addresses and announced names replaced by MASK."""
    text = _EMAIL.sub(MASK, text)
    for pattern in _DATES:
        text = pattern.sub(MASK, text)
    text = _DIGITS.sub(MASK, text)
    text = _mask_after(text, _NAME_CUES, lambda t, i: _words(t, i, capitalised=False))
    text = _mask_after(text, _TITLES, lambda t, i: _words(t, i, capitalised=True))
    text = _mask_after(text, _PLACES, _name_or_number)
    text = _mask_after(text, _HOUSE_NUMBER, lambda t, i: _words(t, i, capitalised=True))
    text = re.sub(r"\b\d+[A-Za-z]?(?:/\d+)* " + re.escape(MASK), MASK, text)  # the house number goes too
    return re.sub(rf"{MASK}(?:[ ,]*{MASK})+", MASK, text)  # "••• •••, •••" reads as one masked part


def mask_contacts(text: str) -> str:
    """Only e-mail addresses and phone, ID or record numbers: for rating comments, which keep names (they
    are feedback about the service, and often name the staff member who gave it)."""
    return _DIGITS.sub(MASK, _EMAIL.sub(MASK, text))
