"""The engines on their own: gTTS against the stand-in Google, espeak-ng for real."""

import shutil
import wave

import pytest

from displays.voice.audio import CACHE_RATE, wav_duration
from displays.voice.engines import EngineError, EspeakEngine, GTTSEngine
from displays.voice.engines.gtts_engine import DEFAULT_TIMEOUT
from displays.voice.sox_convert import sox_reads_mp3

needs_espeak = pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
needs_mp3 = pytest.mark.skipif(not sox_reads_mp3(), reason="sox cannot read MP3: install libsox-fmt-mp3")


def assert_cache_format(path):
    with wave.open(str(path), "rb") as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (CACHE_RATE, 1, 2)


@needs_mp3
def test_gtts_decodes_googles_answer_into_a_cache_wav(fake_google, tmp_path):
    out = GTTSEngine().synthesize("Xin mời công dân", tmp_path / "out.wav")
    assert_cache_format(out)
    assert wav_duration(out) == pytest.approx(0.8, abs=0.1)  # the 0.8 s tone Google "sent"
    [request] = fake_google.requests
    assert request["url"].endswith("translate.google.com/_/TranslateWebserverUi/data/batchexecute")
    assert (request["text"], request["lang"]) == ("Xin mời công dân", "vi")
    assert request["timeout"] == DEFAULT_TIMEOUT  # never gTTS's default of waiting forever


@needs_mp3
@pytest.mark.parametrize("mode", ["offline", "timeout", "no_audio", "http_500"])
def test_gtts_failures_become_engine_errors(fake_google, tmp_path, mode):
    fake_google.mode = mode
    with pytest.raises(EngineError):
        GTTSEngine().synthesize("Xin mời", tmp_path / "out.wav")


@needs_espeak
def test_espeak_speaks_vietnamese_offline(tmp_path):
    short = EspeakEngine().synthesize("ba", tmp_path / "short.wav")
    long = EspeakEngine().synthesize("Xin mời công dân có số thứ tự a không hai mươi lăm", tmp_path / "long.wav")
    assert_cache_format(long)
    assert 0.1 < wav_duration(short) < 1.5
    assert 1.5 < wav_duration(long) < 8.0
    assert wav_duration(long) > 2 * wav_duration(short)


def test_espeak_missing_binary_is_an_engine_error(tmp_path):
    with pytest.raises(EngineError):
        EspeakEngine(binary="no-such-espeak").synthesize("ba", tmp_path / "x.wav")


def test_engines_have_distinct_cache_identities():
    assert EspeakEngine().cache_identity != EspeakEngine(speed_wpm=120).cache_identity
    assert GTTSEngine().cache_identity != GTTSEngine(tld="com.vn").cache_identity
