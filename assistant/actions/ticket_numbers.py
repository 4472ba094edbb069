"""Ticket numbers as visitors type them ("A-025", "a025", "A 25") (no Rasa import here)."""

from __future__ import annotations

import re

# A ticket letter then up to three digits; not an age ("e 22 tuổi": "em, 22 years old").
TICKET_RE = re.compile(r"(?<![\w])([A-Za-z])\s*[-–.]?\s*(\d{1,3})(?![\w])(?!\s*(?:tuổi|tuoi|years?|yrs?)\b)")


def ticket_number_in(text: str, prefixes: set[str]) -> str | None:
    """The first ticket number in the text whose letter is one of the centre's prefixes, as "A-025"."""
    for letter, digits in TICKET_RE.findall(text or ""):
        if letter.upper() in prefixes:
            return f"{letter.upper()}-{int(digits):03d}"
    return None
