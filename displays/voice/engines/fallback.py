"""An ordered chain of engines: the first that works wins (by default gTTS, then espeak-ng).

Failures are reported to EngineHealth, which logs each engine's failure once and rests a failing engine
for a while instead of waiting on its timeout again and again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..engine_health import EngineHealth
from ..segment_cache import SegmentCache
from .base import EngineError, SpeechEngine


class FallbackEngine(SpeechEngine):
    def __init__(self, engines: Sequence[SpeechEngine], health: EngineHealth | None = None):
        if not engines:
            raise ValueError("a fallback chain needs at least one engine")
        self.engines = list(engines)
        self.health = health or EngineHealth()
        self.name = "chain(" + ",".join(e.name for e in self.engines) + ")"
        self.lang = self.engines[0].lang
        self.needs_network = all(e.needs_network for e in self.engines)

    @property
    def cache_identity(self) -> str:
        return "chain(" + ",".join(e.cache_identity for e in self.engines) + ")"

    def synthesize(self, text: str, target: Path) -> Path:
        for engine in self._usable(self.engines):
            try:
                path = engine.synthesize(text, target)
            except EngineError as error:
                self.health.failed(engine.cache_identity, error)
                continue
            self.health.succeeded(engine.cache_identity)
            return path
        raise EngineError(f"no voice engine could say {text!r}")

    # --- cache-aware use (what the announcer and prefill call) ---

    def cached(self, text: str, cache: SegmentCache) -> tuple[Path, SpeechEngine] | None:
        """The best cached rendering of `text`, in the chain's order of preference."""
        for engine in self.engines:
            path = cache.get(engine, text)
            if path:
                return path, engine
        return None

    def fill(self, text: str, cache: SegmentCache, *, offline_only: bool = False,
             better_than: SpeechEngine | None = None) -> tuple[Path, SpeechEngine]:
        """Synthesise and cache `text` with the first engine that works.

        offline_only skips network engines (the call path); better_than stops before that engine
        (background upgrade of a segment that only has a fallback rendering).
        """
        candidates = self.engines
        if better_than is not None:
            candidates = candidates[: candidates.index(better_than)]
        if offline_only:
            candidates = [e for e in candidates if not e.needs_network]
        # An upgrade is optional: it leaves a resting engine alone; a first rendering tries everything.
        for engine in self._usable(candidates, last_resort=better_than is None):
            try:
                path = cache.fill(engine, text)
            except EngineError as error:
                self.health.failed(engine.cache_identity, error)
                continue
            self.health.succeeded(engine.cache_identity)
            return path, engine
        raise EngineError(f"no voice engine could say {text!r}")

    def upgradable(self, engine: SpeechEngine) -> bool:
        """Whether a better (earlier, network) engine could replace `engine`'s rendering later."""
        return any(e.needs_network for e in self.engines[: self.engines.index(engine)])

    def _usable(self, engines: Sequence[SpeechEngine], last_resort: bool = True) -> list[SpeechEngine]:
        """Skip resting engines; if all rest, try them anyway when this is the `last_resort`."""
        awake = [e for e in engines if not self.health.is_resting(e.cache_identity)]
        return awake or (list(engines) if last_resort else [])


def as_chain(engine: SpeechEngine) -> FallbackEngine:
    return engine if isinstance(engine, FallbackEngine) else FallbackEngine([engine])


def default_chain(lang: str = "vi") -> FallbackEngine:
    from .espeak_engine import EspeakEngine
    from .gtts_engine import GTTSEngine

    return FallbackEngine([GTTSEngine(lang=lang), EspeakEngine(voice=lang)])
