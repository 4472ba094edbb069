"""Google Translate's voice through gTTS: natural Vietnamese, but needs the internet.

gTTS POSTs to translate.google.<tld>/_/TranslateWebserverUi/data/batchexecute with `requests` and decodes
base64 MP3 from the answer. We convert that MP3 to the cache WAV format at once, so the call path never
decodes MP3.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import requests
from gtts import gTTS, gTTSError

from ..sox_convert import ConversionError, convert_to_cache_wav
from .base import EngineError, SpeechEngine

# (connect, read) seconds. Short: a slow Google must fail fast so the fallback runs while still useful.
DEFAULT_TIMEOUT = (3.0, 5.0)


class GTTSEngine(SpeechEngine):
    name = "gtts"
    needs_network = True

    def __init__(self, lang: str = "vi", tld: str = "com", slow: bool = False,
                 timeout: float | tuple[float, float] = DEFAULT_TIMEOUT):
        self.lang = lang
        self.tld = tld
        self.slow = slow
        self.timeout = timeout

    @property
    def cache_identity(self) -> str:
        return f"{self.name}:{self.lang}:{self.tld}:{'slow' if self.slow else 'normal'}"

    def synthesize(self, text: str, target: Path) -> Path:
        # lang_check=False: "vi" is known, and the check would only cost time.
        tts = gTTS(text, lang=self.lang, tld=self.tld, slow=self.slow, lang_check=False,
                   timeout=self.timeout)
        with tempfile.TemporaryDirectory(prefix="gtts-") as workdir:
            mp3 = Path(workdir) / "speech.mp3"
            try:
                tts.save(mp3)
            except (gTTSError, requests.RequestException) as error:
                raise EngineError(f"gTTS failed: {error}") from error
            except Exception as error:  # gTTS scrapes an unofficial API: any surprise is an engine failure
                raise EngineError(f"gTTS failed unexpectedly: {error!r}") from error
            if mp3.stat().st_size == 0:
                raise EngineError("gTTS returned no audio")
            try:
                return convert_to_cache_wav(mp3, target, source_type="mp3")
            except ConversionError as error:
                raise EngineError(f"gTTS audio could not be decoded: {error}") from error
