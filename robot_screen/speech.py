"""The robot's answers spoken aloud with the displays' voice (displays/voice): the same segment cache and
engines, gTTS preferred, espeak-ng offline.

An answer is arbitrary text, so unlike a call it cannot be prefilled. The rule stays the same as for calls:
gTTS never stands between the visitor and the sound without a cache and a deadline.

1. gTTS rendering in the cache → served at once.
2. Otherwise, while gTTS is healthy, it gets ONLINE_WAIT_S (1.2 s); if it is late, espeak-ng speaks now and
   gTTS finishes in the background into the cache (the next identical answer — "Giờ làm việc...", a
   counter question — sounds natural). A failing gTTS rests for 60 s (EngineHealth), so an offline centre
   goes straight to espeak-ng.
3. espeak-ng (~50 ms a sentence) with a hard DEADLINE_S; beyond it, VoiceUnavailable (the page shows the
   text without sound).

MOTCUA_VOICE_ENGINE=espeak (as for the displays) switches gTTS off.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from displays.voice.cache_budget import CacheBudget
from displays.voice.engine_health import EngineHealth
from displays.voice.engines import EngineError, EspeakEngine, GTTSEngine
from displays.voice.numbers import read_ticket_number
from displays.voice.segment_cache import SegmentCache

log = logging.getLogger("robot_screen")

MAX_CHARS = 600  # what the engine is given at most (numbers read out make a chunk longer than it was typed)
ONLINE_WAIT_S = 1.2
DEADLINE_S = 4.0
MAX_ONLINE_IN_FLIGHT = 4  # more gTTS renders than this waiting on the network: skip gTTS for now
LANGUAGES = ("vi", "en")

_TICKET = re.compile(r"\b([A-Z]{1,2})-(\d{2,5})\b")
_WORD = re.compile(r"[^\W\d_]+")


class VoiceUnavailable(Exception):
    pass


ENGLISH_WORDS = frozenset("""the is are at for of to your you please and with on this it from what which
where when how counter counters ticket tickets number minutes people open hours fee documents i my we can
not no yes sorry hello thank thanks take bring copy copies registration""".split())


def guess_language(text: str) -> str:
    """en when English words carry the sentence (English answers quote Vietnamese names such as "Quầy 1 –
    Hộ tịch"), else vi when at least a fifth of the words have Vietnamese letters; default vi."""
    words = _WORD.findall(text)
    if not words:
        return "vi"
    english = sum(1 for w in words if w.lower() in ENGLISH_WORDS)
    if english >= 2 and english / len(words) >= 0.15:
        return "en"
    vietnamese = sum(1 for w in words if any(ord(ch) > 127 for ch in w))
    return "vi" if vietnamese / len(words) >= 0.2 else "en"


def speakable(text: str, lang: str) -> str:
    """What the engine is given: no emoji or symbols, ticket numbers read the Vietnamese way."""
    if lang == "vi":
        text = _TICKET.sub(lambda m: read_ticket_number(f"{m.group(1)}-{m.group(2)}"), text)
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category[0] in "LNM" or ch in " ,.;:!?()-'\"/%":
            kept.append(ch)
        elif category[0] in "PZ" or ch in "\n\t":
            kept.append(" ")
    return re.sub(r"\s+", " ", "".join(kept)).strip()[:MAX_CHARS]


class RobotVoice:
    def __init__(self, cache_dir: Path | str, online: bool = True, online_wait_s: float = ONLINE_WAIT_S,
                 deadline_s: float = DEADLINE_S, budget: CacheBudget | None = None):
        self.cache = SegmentCache(cache_dir, budget)
        self.offline = {"vi": EspeakEngine(voice="vi"), "en": EspeakEngine(voice="en")}
        self.online = {lang: GTTSEngine(lang=lang) for lang in LANGUAGES} if online else {}
        self.health = EngineHealth()
        self.online_wait_s, self.deadline_s = online_wait_s, deadline_s
        self._online_workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="robot-voice-gtts")
        self._offline_workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="robot-voice-espeak")
        self._in_flight: dict[tuple[str, str], Future] = {}
        self._lock = threading.Lock()

    def cached(self, text: str, lang: str) -> bool:
        """Whether `text` can be spoken from the cache, without an engine."""
        engines = [self.online.get(lang), self.offline[lang]]
        return any(engine is not None and self.cache.get(engine, text) for engine in engines)

    def render(self, text: str, lang: str) -> tuple[Path, str]:
        """(WAV path, engine name) for `text` (already speakable) in `lang`. Raises VoiceUnavailable."""
        online, offline = self.online.get(lang), self.offline[lang]
        if online is not None:
            cached = self.cache.get(online, text)
            if cached:
                return cached, online.name
        fallback = self.cache.get(offline, text)
        if online is not None and not self.health.is_resting(online.cache_identity):
            future = self._online(online, text)
            if future is not None and fallback is None:
                try:
                    return future.result(timeout=self.online_wait_s), online.name
                except FutureTimeout:
                    log.info("robot voice: gTTS slower than %.1f s, espeak-ng speaks now", self.online_wait_s)
                except Exception:  # EngineError, already counted by EngineHealth
                    pass
        if fallback:
            return fallback, offline.name
        future = self._offline_workers.submit(self.cache.fill, offline, text)
        try:
            return future.result(timeout=self.deadline_s), offline.name
        except FutureTimeout:
            raise VoiceUnavailable(f"espeak-ng took over {self.deadline_s} s") from None
        except Exception as error:
            raise VoiceUnavailable(f"no voice engine could say it: {error}") from error

    def _online(self, engine: GTTSEngine, text: str) -> Future | None:
        """The gTTS rendering of `text` into the cache, started once; None when too many are waiting."""
        key = (engine.lang, text)
        with self._lock:
            future = self._in_flight.get(key)
            if future is None:
                if len(self._in_flight) >= MAX_ONLINE_IN_FLIGHT:
                    return None
                future = self._in_flight[key] = self._online_workers.submit(self._fill_online, engine, text)
                future.add_done_callback(lambda _: self._forget(key))
            return future

    def _forget(self, key) -> None:
        with self._lock:
            self._in_flight.pop(key, None)

    def _fill_online(self, engine: GTTSEngine, text: str) -> Path:
        try:
            path = self.cache.fill(engine, text)
        except EngineError as error:
            self.health.failed(engine.cache_identity, error)
            raise
        self.health.succeeded(engine.cache_identity)
        return path

