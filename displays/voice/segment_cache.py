"""On-disk cache of spoken segments, one WAV per (engine, language, text).

Files are stored trimmed and peak-normalised, so joining them at call time is a plain concatenation.
With a CacheBudget (the server's), hits and new files are reported to it, which keeps the cache under its cap.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from .audio import normalise_peak, read_wav, trim_silence, write_wav_atomic
from .cache_budget import CacheBudget
from .engines.base import EngineError, SpeechEngine


def cache_key(engine_identity: str, text: str) -> str:
    return hashlib.sha256(f"{engine_identity}\n{text}".encode("utf-8")).hexdigest()[:32]


class SegmentCache:
    def __init__(self, root: Path | str, budget: CacheBudget | None = None):
        self.root = Path(root)
        self.segments_dir = self.root / "segments"
        self.budget = budget

    def path_for(self, engine: SpeechEngine, text: str) -> Path:
        key = cache_key(engine.cache_identity, text)
        return self.segments_dir / key[:2] / f"{key}.wav"

    def get(self, engine: SpeechEngine, text: str) -> Path | None:
        path = self.path_for(engine, text)
        if not path.exists():
            return None
        if self.budget is not None:
            self.budget.used(path)
        return path

    def fill(self, engine: SpeechEngine, text: str) -> Path:
        """Synthesise `text` with `engine` and store it. Raises EngineError."""
        target = self.path_for(engine, text)
        with tempfile.TemporaryDirectory(prefix="voice-") as workdir:
            raw = engine.synthesize(text, Path(workdir) / "raw.wav")
            clip = trim_silence(read_wav(raw))
            if not clip.samples:
                raise EngineError(f"{engine!r} produced only silence for {text!r}")
            write_wav_atomic(target, normalise_peak(clip))
        (target.with_suffix(".txt")).write_text(f"{engine.cache_identity}\n{text}\n", encoding="utf-8")
        if self.budget is not None:
            self.budget.added(target, target.with_suffix(".txt"))
        return target
