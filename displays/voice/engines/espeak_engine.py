"""espeak-ng: robotic but offline and fast (tens of milliseconds a phrase), so it can run at call time."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

from ..audio import CACHE_RATE
from ..sox_convert import ConversionError, convert_to_cache_wav
from .base import EngineError, SpeechEngine

ESPEAK_TIMEOUT_S = 10


class EspeakEngine(SpeechEngine):
    name = "espeak-ng"
    needs_network = False

    def __init__(self, voice: str = "vi", speed_wpm: int = 150, binary: str = "espeak-ng"):
        self.lang = voice
        self.speed_wpm = speed_wpm
        self.binary = binary

    @property
    def cache_identity(self) -> str:
        return f"{self.name}:{self.lang}:{self.speed_wpm}"

    def available(self) -> bool:
        return shutil.which(self.binary) is not None

    def synthesize(self, text: str, target: Path) -> Path:
        if not text.strip():
            raise EngineError("nothing to say")
        with tempfile.TemporaryDirectory(prefix="espeak-") as workdir:
            raw = Path(workdir) / "speech.wav"
            command = [self.binary, "-v", self.lang, "-s", str(self.speed_wpm), "-w", str(raw), "--stdin"]
            try:
                result = subprocess.run(command, input=text, capture_output=True, text=True,
                                        timeout=ESPEAK_TIMEOUT_S)
            except (OSError, subprocess.TimeoutExpired) as error:
                raise EngineError(f"espeak-ng failed: {error}") from error
            if result.returncode != 0 or not raw.exists():
                raise EngineError(f"espeak-ng failed ({result.returncode}): {result.stderr.strip()}")
            if _is_cache_format(raw):
                shutil.move(raw, target)
                return target
            try:  # another voice (e.g. mbrola) may speak at 16 kHz
                return convert_to_cache_wav(raw, target)
            except ConversionError as error:
                raise EngineError(str(error)) from error


def _is_cache_format(path: Path) -> bool:
    with wave.open(str(path), "rb") as wav:
        return (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (CACHE_RATE, 1, 2)
