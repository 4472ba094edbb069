"""Speech engines behind one interface (SpeechEngine): gTTS online, espeak-ng offline, and a chain."""

from .base import EngineError, SpeechEngine
from .espeak_engine import EspeakEngine
from .fallback import FallbackEngine, as_chain, default_chain
from .gtts_engine import GTTSEngine

__all__ = ["EngineError", "SpeechEngine", "EspeakEngine", "GTTSEngine", "FallbackEngine", "as_chain",
           "default_chain"]
