"""Builds the spoken call text from a centre's template, as reusable segments.

A template is plain text with placeholders. Both the English names and the catalogue's Vietnamese ones
are accepted: {number}/{so} (ticket number), {counter}/{quay} (counter number, read in words) and
{counter_name}/{ten_quay} (counter name, spoken as written).

The template's fixed text between placeholders becomes one segment each; the ticket and counter numbers
become their word chunks. Punctuation is not sent to the TTS engine: it becomes a longer pause.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import Mapping

from .numbers import DEFAULT_STYLE, NumberStyle, Reading, number_chunks, ticket_number_chunks

DEFAULT_TEMPLATE = "Xin mời công dân có số thứ tự {number}, đến quầy số {counter}"

_ALIASES = {"so": "number", "quay": "counter", "ten_quay": "counter_name"}
_PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")
_PAUSE_PUNCTUATION = ",.;:!?–—-"

WORD_PAUSE_MS = 60  # between words of one phrase: short, so the call sounds like one sentence
PUNCTUATION_PAUSE_MS = 250  # where the template has a comma or a dash


@dataclass(frozen=True)
class Segment:
    """One piece of speech, synthesised and cached on its own."""

    text: str
    pause_after_ms: int = WORD_PAUSE_MS


@dataclass(frozen=True)
class Announcement:
    text: str  # the whole spoken sentence, for logs, captions and one-shot TTS
    segments: tuple[Segment, ...] = field(default_factory=tuple)


def _split_fixed_text(fixed: str) -> tuple[str, bool]:
    """Fixed template text without edge punctuation, and whether it ended with a pause mark."""
    stripped = fixed.strip()
    ends_with_pause = bool(stripped) and stripped[-1] in _PAUSE_PUNCTUATION
    cleaned = stripped.strip(_PAUSE_PUNCTUATION + string.whitespace)
    return cleaned, ends_with_pause


def _template_parts(template: str) -> list[tuple[str, str]]:
    """[("text", "Xin mời ..."), ("field", "number"), ...] with aliases resolved."""
    parts: list[tuple[str, str]] = []
    position = 0
    for match in _PLACEHOLDER_RE.finditer(template):
        parts.append(("text", template[position:match.start()]))
        name = _ALIASES.get(match.group(1), match.group(1))
        if name not in ("number", "counter", "counter_name"):
            raise ValueError(f"unknown placeholder {{{match.group(1)}}} in template {template!r}")
        parts.append(("field", name))
        position = match.end()
    parts.append(("text", template[position:]))
    return parts


def announcement_for(
    ticket_number: str,
    counter_number: int,
    template: str | None = None,
    reading: Reading = "words",
    *,
    counter_name: str | None = None,
    letter_names: Mapping[str, str] | None = None,
    style: NumberStyle = DEFAULT_STYLE,
) -> Announcement:
    """The call for one ticket: full text plus the segments that make it up."""
    field_chunks = {
        "number": ticket_number_chunks(ticket_number, reading, letter_names, style),
        "counter": number_chunks(counter_number, style),
        "counter_name": [counter_name] if counter_name else [],
    }
    segments: list[Segment] = []
    for kind, value in _template_parts(template or DEFAULT_TEMPLATE):
        if kind == "field":
            segments.extend(Segment(chunk) for chunk in field_chunks[value])
            continue
        stripped = value.strip()
        if stripped[:1] in tuple(_PAUSE_PUNCTUATION) and segments:
            # "{number}, đến quầy": the comma pauses after the number.
            segments[-1] = Segment(segments[-1].text, PUNCTUATION_PAUSE_MS)
        cleaned, ends_with_pause = _split_fixed_text(value)
        if cleaned:
            segments.append(Segment(cleaned, PUNCTUATION_PAUSE_MS if ends_with_pause else WORD_PAUSE_MS))
    if segments:
        segments[-1] = Segment(segments[-1].text, 0)
    return Announcement(_join_text(segments), tuple(segments))


def _join_text(segments: list[Segment]) -> str:
    words = []
    for segment in segments:
        words.append(segment.text + ("," if segment.pause_after_ms >= PUNCTUATION_PAUSE_MS else ""))
    return " ".join(words)


def fixed_phrases(template: str | None = None) -> list[str]:
    """The template's fixed segments (what prefill must cache besides the numbers)."""
    return [
        cleaned
        for kind, value in _template_parts(template or DEFAULT_TEMPLATE)
        if kind == "text" and (cleaned := _split_fixed_text(value)[0])
    ]
