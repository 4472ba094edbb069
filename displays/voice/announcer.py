"""Turns an Announcement into one WAV file, using only the cache and offline engines.

Design rule: no network engine runs between "call next" and the sound. A segment missing from the cache
is spoken by the chain's offline engine (espeak-ng, fast) and the preferred engine (gTTS) is scheduled in
the background, so the next call with that segment sounds better.

The call file holds the speech only. The display page plays the chime (chime.chime_path) first and
repeats the call (twice by default); it also queues calls so they never overlap.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .audio import CACHE_RATE, concatenate, read_wav, write_wav_atomic
from .background_fill import BackgroundFiller
from .cache_budget import CacheBudget
from .engines.base import SpeechEngine
from .engines.fallback import FallbackEngine, as_chain, default_chain
from .phrases import Announcement
from .segment_cache import SegmentCache


class Announcer:
    def __init__(self, cache_dir: Path | str, engine: SpeechEngine | None = None,
                 background: bool = True, budget: CacheBudget | None = None):
        self.cache = SegmentCache(cache_dir, budget)
        self.budget = budget
        self.calls_dir = Path(cache_dir) / "calls"
        self.chain: FallbackEngine = as_chain(engine) if engine is not None else default_chain()
        self.filler = BackgroundFiller(self.chain, self.cache) if background else None

    def segment_path(self, text: str) -> Path:
        found = self.chain.cached(text, self.cache)
        if found is None:
            found = self.chain.fill(text, self.cache, offline_only=self._has_offline_engine())
        path, engine = found
        if self.filler is not None and self.chain.upgradable(engine):
            self.filler.schedule(text, engine)
        return path

    def render(self, announcement: Announcement) -> Path:
        """Path of the call's WAV; built from cached segments on first request, then reused."""
        parts = [(self.segment_path(s.text), s.pause_after_ms) for s in announcement.segments]
        target = self._call_path(parts)
        if not target.exists():
            clip = concatenate([(read_wav(path), pause) for path, pause in parts], CACHE_RATE)
            write_wav_atomic(target, clip)
            if self.budget is not None:
                self.budget.added(target)
        elif self.budget is not None:
            self.budget.used(target)
        return target

    def cached(self, announcement: Announcement) -> Path | None:
        """The call's WAV when it can be served without speaking anything anew (every segment and the call
        itself in the cache), else None."""
        parts = []
        for segment in announcement.segments:
            found = self.chain.cached(segment.text, self.cache)
            if found is None:
                return None
            parts.append((found[0], segment.pause_after_ms))
        target = self._call_path(parts)
        return target if target.exists() else None

    def _call_path(self, parts: list[tuple[Path, int]]) -> Path:
        # Keyed by the segment files used, so a call is rebuilt once gTTS has replaced an espeak segment.
        key_source = "\n".join(f"{path.stem}:{pause}" for path, pause in parts)
        return self.calls_dir / f"{hashlib.sha256(key_source.encode('utf-8')).hexdigest()[:32]}.wav"

    def _has_offline_engine(self) -> bool:
        return any(not e.needs_network for e in self.chain.engines)
