"""Pre-generates every segment a centre's calls can need, so calls never wait for the network.

With 3-digit numbers the whole vocabulary is about 150 segments (digit names, "X trăm", "lẻ X",
10..99, letters, counters and the template's fixed phrases), not one file per ticket.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from .engines.base import EngineError, SpeechEngine
from .engines.fallback import as_chain, default_chain
from .numbers import (DEFAULT_STYLE, DIGITS, NumberStyle, Reading, letter_chunks, number_chunks,
                      padded_number_chunks)
from .phrases import fixed_phrases
from .segment_cache import SegmentCache

log = logging.getLogger("displays.voice")

MAX_DIGITS = 6


@dataclass
class VoiceConfig:
    """What a centre's calls can contain; built from the centre configuration."""

    prefixes: Sequence[str] = ("A",)
    digits: int = 3
    counters: Sequence[int] = tuple(range(1, 11))
    templates: Sequence[str | None] = (None,)  # None = phrases.DEFAULT_TEMPLATE
    reading: Reading = "words"
    counter_names: Sequence[str] = ()
    letter_names: Mapping[str, str] | None = None
    style: NumberStyle = DEFAULT_STYLE

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> "VoiceConfig":
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "template" in data and "templates" not in data:
            known["templates"] = (data["template"],)
        if isinstance(known.get("style"), Mapping):
            known["style"] = NumberStyle(**known["style"])
        return cls(**known)


@dataclass
class PrefillReport:
    by_engine: Counter = field(default_factory=Counter)  # engine identity -> segments now rendered by it
    already_cached: int = 0
    failed: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_engine.values()) + self.already_cached + len(self.failed)


def segments_needed(config: VoiceConfig) -> list[str]:
    """Every distinct segment text a call can contain under `config`, in a stable order."""
    if not 1 <= config.digits <= MAX_DIGITS:
        raise ValueError(f"digits must be 1..{MAX_DIGITS}")
    texts: list[str] = []
    for template in config.templates:
        texts += fixed_phrases(template)
    for prefix in config.prefixes:
        texts += letter_chunks(prefix.upper(), config.letter_names)
    if config.reading == "digits":
        texts += DIGITS
    else:  # enumerate: the readings are the source of truth, and 10**6 cheap calls at most
        for n in range(10 ** config.digits):
            texts += padded_number_chunks(f"{n:0{config.digits}d}", config.style)
    for counter in config.counters:
        texts += number_chunks(counter, config.style)
    texts += [name for name in config.counter_names if name]
    return list(dict.fromkeys(texts))


def prefill_cache(centre_config: VoiceConfig | Mapping[str, Any], cache_dir: Path | str,
                  engine: SpeechEngine | None = None, refresh_fallbacks: bool = True) -> PrefillReport:
    """Render every needed segment into the cache with the best engine that works now.

    Segments cached only by a fallback engine are retried with the preferred one when
    `refresh_fallbacks` (so re-running prefill once online upgrades espeak-ng segments to gTTS).
    """
    config = centre_config if isinstance(centre_config, VoiceConfig) else VoiceConfig.from_mapping(centre_config)
    chain = as_chain(engine) if engine is not None else default_chain()
    cache = SegmentCache(cache_dir)
    report = PrefillReport()
    for text in segments_needed(config):
        found = chain.cached(text, cache)
        if found and not (refresh_fallbacks and chain.upgradable(found[1])):
            report.already_cached += 1
            continue
        try:
            _, used = chain.fill(text, cache, better_than=found[1] if found else None)
        except EngineError as error:
            if found:  # keep the fallback rendering we already have
                report.already_cached += 1
                continue
            log.error("could not prefill %r: %s", text, error)
            report.failed.append(text)
            continue
        report.by_engine[used.cache_identity] += 1
    return report
