"""The interface every speech engine implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path


class EngineError(RuntimeError):
    """The engine could not produce audio (network down, timeout, missing binary, bad answer)."""


class SpeechEngine(ABC):
    name: str  # part of the cache key: audio from different engines never mixes up
    lang: str
    # Whether synthesis needs the network: such engines must stay off the call path (see announcer).
    needs_network: bool = False

    @abstractmethod
    def synthesize(self, text: str, target: Path) -> Path:
        """Write `text` as speech to `target`: mono 16-bit WAV at audio.CACHE_RATE. Raise EngineError."""

    @property
    def cache_identity(self) -> str:
        """What distinguishes this engine's audio in the cache besides the text."""
        return f"{self.name}:{self.lang}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.cache_identity})"
