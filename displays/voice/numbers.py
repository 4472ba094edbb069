"""Vietnamese reading of ticket numbers ("A-025" -> "a không hai mươi lăm").

Readings are returned as *chunks* (lists of short phrases) rather than one string: every chunk is a
speech segment that can be synthesised once, cached, and reused by every ticket that contains it.
A whole 3-digit range then needs ~120 cached segments instead of 1,000.

Rules (reference: shared/domain catalogue, announcement.number_reading):
- letters are read separately, with their Vietnamese letter names;
- leading zeros are read one by one as "không", then the rest as a number in words
  ("025" -> "không" + "hai mươi lăm", "001" -> "không" + "không" + "một");
- number words use mốt (x1 after mươi), tư (x4 after mươi), lăm (x5 after mười/mươi) and lẻ (1-9 after
  trăm): "101" -> "một trăm" + "lẻ một".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Mapping

Reading = Literal["words", "digits"]
LeadingZeros = Literal["digit", "hundreds"]

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

# Vietnamese letter names as a TTS engine should say them. Centres may override single entries
# (e.g. G as "gờ", L as "lờ") through `letter_names`: the spelling style varies by region and school.
VIETNAMESE_LETTER_NAMES: Mapping[str, str] = {
    "A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "Ê": "ê",
    "F": "ép", "G": "giê", "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ",
    "N": "en nờ", "O": "o", "Ô": "ô", "Ơ": "ơ", "P": "pê", "Q": "quy", "R": "e rờ", "S": "ét xì",
    "T": "tê", "U": "u", "Ư": "ư", "V": "vê", "W": "vê kép", "X": "ích xì", "Y": "i dài", "Z": "dét",
}

# Letters left as written: reproduces the reference examples literally ("A không hai mươi lăm").
LETTERS_AS_WRITTEN: Mapping[str, str] = {}


@dataclass(frozen=True)
class NumberStyle:
    """Regional word choices; defaults follow the reference examples."""

    thousand: str = "nghìn"  # "ngàn" in the South
    odd: str = "lẻ"  # "linh" in the North
    four_after_tens: str = "tư"  # "bốn" is also heard: "hai mươi bốn"
    leading_zeros: LeadingZeros = "digit"  # "hundreds": "025" -> "không trăm hai mươi lăm"


DEFAULT_STYLE = NumberStyle()

_TICKET_RE = re.compile(r"^\s*([^\W\d_]*)[\s\-–.]*(\d+)\s*$")


def parse_ticket_number(ticket_number: str) -> tuple[str, str]:
    """Split "A-025" into ("A", "025"); the digits keep their zero padding."""
    match = _TICKET_RE.match(ticket_number)
    if not match:
        raise ValueError(f"not a ticket number: {ticket_number!r}")
    return match.group(1).upper(), match.group(2)


def letter_chunks(letters: str, letter_names: Mapping[str, str] | None = None) -> list[str]:
    names = VIETNAMESE_LETTER_NAMES if letter_names is None else letter_names
    return [names.get(letter, letter) for letter in letters]


def two_digit_words(n: int, style: NumberStyle = DEFAULT_STYLE) -> str:
    """10..99 in words: mười lăm, hai mươi mốt, hai mươi tư, ba mươi."""
    if not 10 <= n <= 99:
        raise ValueError(f"not a two-digit number: {n}")
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else f"{DIGITS[tens]} mươi"
    if unit == 0:
        return head
    if unit == 5:
        tail = "lăm"
    elif unit == 1 and tens > 1:
        tail = "mốt"
    elif unit == 4 and tens > 1:
        tail = style.four_after_tens
    else:
        tail = DIGITS[unit]
    return f"{head} {tail}"


def _below_hundred_after_hundreds(n: int, style: NumberStyle) -> list[str]:
    """What follows "X trăm": nothing, "lẻ N" or a two-digit number."""
    if n == 0:
        return []
    if n < 10:
        return [f"{style.odd} {DIGITS[n]}"]
    return [two_digit_words(n, style)]


def number_chunks(n: int, style: NumberStyle = DEFAULT_STYLE) -> list[str]:
    """A number 0..999,999 in words, split into cacheable chunks."""
    if not 0 <= n < 1_000_000:
        raise ValueError(f"number out of range: {n}")
    if n < 10:
        return [DIGITS[n]]
    if n < 100:
        return [two_digit_words(n, style)]
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return [f"{DIGITS[hundreds]} trăm", *_below_hundred_after_hundreds(rest, style)]
    thousands, rest = divmod(n, 1000)
    if thousands < 10:
        head = [f"{DIGITS[thousands]} {style.thousand}"]
    else:
        head = [*number_chunks(thousands, style), style.thousand]
    if rest == 0:
        return head
    if rest < 100:  # 1025 -> một nghìn không trăm hai mươi lăm
        return [*head, "không trăm", *_below_hundred_after_hundreds(rest, style)]
    return [*head, *number_chunks(rest, style)]


def padded_number_chunks(digits: str, style: NumberStyle = DEFAULT_STYLE) -> list[str]:
    """A zero-padded digit string in words, leading zeros included ("025" -> không, hai mươi lăm)."""
    if not digits.isdigit():
        raise ValueError(f"not digits: {digits!r}")
    significant = digits.lstrip("0")
    zeros = len(digits) - len(significant)
    if not significant:
        return [DIGITS[0]] * len(digits)
    value = int(significant)
    if style.leading_zeros == "hundreds" and len(digits) == 3 and zeros >= 1:
        # "không trăm hai mươi lăm", "không trăm lẻ một": the full-number style some systems use.
        return ["không trăm", *_below_hundred_after_hundreds(value, style)]
    return [DIGITS[0]] * zeros + number_chunks(value, style)


def digit_chunks(digits: str) -> list[str]:
    """Digit by digit: "025" -> không, hai, năm (plain digit names, never lăm/mốt/tư)."""
    return [DIGITS[int(d)] for d in digits]


def ticket_number_chunks(
    ticket_number: str,
    reading: Reading = "words",
    letter_names: Mapping[str, str] | None = None,
    style: NumberStyle = DEFAULT_STYLE,
) -> list[str]:
    letters, digits = parse_ticket_number(ticket_number)
    if reading == "words":
        number = padded_number_chunks(digits, style)
    elif reading == "digits":
        number = digit_chunks(digits)
    else:
        raise ValueError(f"unknown reading: {reading!r}")
    return letter_chunks(letters, letter_names) + number


def read_ticket_number(
    ticket_number: str,
    reading: Reading = "words",
    letter_names: Mapping[str, str] | None = None,
    style: NumberStyle = DEFAULT_STYLE,
) -> str:
    """ "B-101" -> "bê một trăm lẻ một" (letter names) or "B một trăm lẻ một" (LETTERS_AS_WRITTEN)."""
    return " ".join(ticket_number_chunks(ticket_number, reading, letter_names, style))


def read_number(n: int, style: NumberStyle = DEFAULT_STYLE) -> str:
    """A plain number in words, e.g. a counter: 3 -> "ba", 21 -> "hai mươi mốt"."""
    return " ".join(number_chunks(n, style))
