"""Assembling calls: cache only on the call path, espeak-ng for gaps, gTTS in the background."""

import shutil
import wave
from pathlib import Path

import pytest

from displays.voice.announcer import Announcer
from displays.voice.audio import CACHE_RATE, EDGE_MS, SILENCE_THRESHOLD, read_wav, wav_duration
from displays.voice.chime import chime_path
from displays.voice.engine_health import EngineHealth
from displays.voice.engines import EngineError, EspeakEngine, FallbackEngine, GTTSEngine, SpeechEngine
from displays.voice.phrases import announcement_for
from displays.voice.prefill import VoiceConfig, prefill_cache
from displays.voice.sox_convert import sox_reads_mp3

needs_espeak = pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
needs_mp3 = pytest.mark.skipif(not sox_reads_mp3(), reason="sox cannot read MP3: install libsox-fmt-mp3")


class Forbidden(SpeechEngine):
    """Same cache identity as `engine`, but any synthesis is a test failure."""

    def __init__(self, engine: SpeechEngine):
        self.name, self.lang, self.needs_network = engine.name, engine.lang, engine.needs_network
        self._identity = engine.cache_identity

    @property
    def cache_identity(self):
        return self._identity

    def synthesize(self, text, target):
        raise AssertionError(f"engine called at announcement time for {text!r}")


@needs_espeak
@needs_mp3
def test_prefilled_cache_means_no_engine_call(fake_google, cache_dir):
    config = VoiceConfig(prefixes=("A", "B"), digits=3, counters=range(1, 4))
    report = prefill_cache(config, cache_dir, FallbackEngine([GTTSEngine(), EspeakEngine()]))
    assert not report.failed and set(report.by_engine) == {GTTSEngine().cache_identity}

    forbidden = FallbackEngine([Forbidden(GTTSEngine()), Forbidden(EspeakEngine())])
    announcer = Announcer(cache_dir, forbidden)
    for ticket, counter in [("A-001", 1), ("A-025", 3), ("B-101", 2), ("B-999", 3)]:
        path = announcer.render(announcement_for(ticket, counter))
        assert path.exists()
    assert announcer.filler._thread is None  # nothing to upgrade: no background work either


@needs_espeak
@needs_mp3
def test_uncached_segments_use_espeak_now_and_gtts_later(fake_google, cache_dir):
    announcer = Announcer(cache_dir, FallbackEngine([GTTSEngine(), EspeakEngine()]))
    call = announcement_for("A-025", 3)
    first = announcer.render(call)
    assert first.exists()
    assert announcer.filler.wait_idle(timeout=60)
    # gTTS ran only on the background thread, once per segment
    assert {r["thread"] for r in fake_google.requests} == {"voice-cache-fill"}
    assert sorted(fake_google.texts) == sorted(s.text for s in call.segments)

    fake_google.mode = "offline"  # from now on the cache must be enough
    second = announcer.render(call)
    assert second != first  # rebuilt from the gTTS segments
    assert announcer.render(call) == second
    assert len(fake_google.requests) == len(call.segments)


@needs_espeak
def test_call_sounds_like_one_sentence(cache_dir):
    announcer = Announcer(cache_dir, EspeakEngine())
    call = announcement_for("B-101", 3)
    path = announcer.render(call)
    with wave.open(str(path), "rb") as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (CACHE_RATE, 1, 2)
    segment_seconds = sum(wav_duration(announcer.segment_path(s.text)) for s in call.segments)
    pause_seconds = sum(s.pause_after_ms for s in call.segments) / 1000
    assert wav_duration(path) == pytest.approx(segment_seconds + pause_seconds, abs=0.01)
    assert 2.0 < wav_duration(path) < 10.0


def silent_edges(pcm) -> tuple[float, float, float]:
    """Seconds of silence before the first sound, after the last, and the longest silence in between."""
    loud = [i for i, s in enumerate(pcm.samples) if abs(s) > SILENCE_THRESHOLD]
    longest = max((b - a - 1 for a, b in zip(loud, loud[1:])), default=0)
    return loud[0] / pcm.rate, (len(pcm.samples) - loud[-1] - 1) / pcm.rate, longest / pcm.rate


@needs_espeak
def test_joined_call_has_the_engines_silences_trimmed(cache_dir, tmp_path):
    engine = EspeakEngine()
    call = announcement_for("B-101", 3)
    joined = silent_edges(read_wav(Announcer(cache_dir, engine).render(call)))
    raw = [silent_edges(read_wav(engine.synthesize(s.text, tmp_path / f"raw-{i}.wav")))
           for i, s in enumerate(call.segments)]
    # espeak-ng pads every phrase (~0.4 s at its end): joined as they come, a call would halt between words.
    assert min(trailing for _, trailing, _ in raw) > 0.2
    edge = EDGE_MS / 1000
    assert joined[0] <= min(raw[0][0], edge) + 0.001 and joined[1] <= edge + 0.001
    # Between segments: the template's pause and the kept edges only (plus a word's own inner silence).
    longest_pause = max(s.pause_after_ms for s in call.segments) / 1000
    inner = max(longest for _, _, longest in raw)
    assert joined[2] <= max(inner, longest_pause + 2 * edge) + 0.001
    assert joined[2] < min(trailing + leading for (_, trailing, _), (leading, _, _) in zip(raw, raw[1:]))


@needs_espeak
def test_call_file_is_reused(cache_dir):
    announcer = Announcer(cache_dir, EspeakEngine())
    path = announcer.render(announcement_for("A-025", 3))
    stamp = path.stat().st_mtime_ns
    assert announcer.render(announcement_for("A-025", 3)) == path
    assert path.stat().st_mtime_ns == stamp
    assert announcer.render(announcement_for("A-025", 4)) != path


@needs_espeak
def test_gtts_down_at_call_time_is_not_even_tried(offline_google, cache_dir):
    chain = FallbackEngine([GTTSEngine(), EspeakEngine()], EngineHealth(rest_s=3600))
    announcer = Announcer(cache_dir, chain, background=False)
    assert announcer.render(announcement_for("C-024", 5)).exists()
    assert offline_google.requests == []


def test_no_working_engine_raises(offline_google, cache_dir):
    announcer = Announcer(cache_dir, FallbackEngine([EspeakEngine(binary="no-such-espeak")]))
    with pytest.raises(EngineError):
        announcer.render(announcement_for("A-001", 1))


@needs_espeak
def test_render_api(cache_dir):
    path = Announcer(cache_dir, EspeakEngine()).render(announcement_for("A-010", 2))
    assert isinstance(path, Path) and path.parent == cache_dir / "calls"


def test_chime_is_generated_once(cache_dir):
    path = chime_path(cache_dir)
    assert wav_duration(path) == pytest.approx(1.6, abs=0.01)
    stamp = path.stat().st_mtime_ns
    assert chime_path(cache_dir).stat().st_mtime_ns == stamp
