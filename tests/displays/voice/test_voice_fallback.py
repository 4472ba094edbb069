"""gTTS failing or hanging: espeak-ng takes over, and the failure is logged once."""

import logging
import shutil

import pytest

from displays.voice.engine_health import EngineHealth
from displays.voice.engines import EngineError, EspeakEngine, FallbackEngine, GTTSEngine
from displays.voice.segment_cache import SegmentCache

needs_espeak = pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")


def warnings_about(caplog, word):
    return [r for r in caplog.records if r.levelno == logging.WARNING and word in r.getMessage()]


@needs_espeak
@pytest.mark.parametrize("mode", ["offline", "timeout"])
def test_gtts_failure_falls_back_to_espeak_and_logs_once(offline_google, tmp_path, caplog, mode):
    offline_google.mode = mode
    # rest_s=0: gTTS is retried on every call, so "logged once" is not just "tried once"
    chain = FallbackEngine([GTTSEngine(), EspeakEngine()], EngineHealth(rest_s=0))
    cache = SegmentCache(tmp_path)
    with caplog.at_level(logging.DEBUG, logger="displays.voice"):
        used = [chain.fill(text, cache)[1] for text in ("một", "hai", "ba")]
    assert [e.name for e in used] == ["espeak-ng"] * 3
    assert len(offline_google.requests) == 3
    assert len(warnings_about(caplog, "gtts")) == 1


@needs_espeak
def test_failing_engine_rests_instead_of_timing_out_again(offline_google, tmp_path):
    now = [0.0]
    chain = FallbackEngine([GTTSEngine(), EspeakEngine()], EngineHealth(rest_s=60, clock=lambda: now[0]))
    cache = SegmentCache(tmp_path)
    chain.fill("một", cache)
    chain.fill("hai", cache)
    assert len(offline_google.requests) == 1  # resting: not asked again
    now[0] = 61.0
    chain.fill("ba", cache)
    assert len(offline_google.requests) == 2


def test_recovery_is_logged_and_failure_logged_again_next_time(caplog):
    health = EngineHealth(rest_s=0)
    with caplog.at_level(logging.INFO, logger="displays.voice"):
        health.failed("gtts", RuntimeError("down"))
        health.failed("gtts", RuntimeError("down"))
        health.succeeded("gtts")
        health.failed("gtts", RuntimeError("down again"))
    messages = [r.getMessage() for r in caplog.records]
    assert sum("failed" in m for m in messages) == 2
    assert sum("works again" in m for m in messages) == 1


def test_all_engines_failing_raises(offline_google, tmp_path):
    chain = FallbackEngine([GTTSEngine(), EspeakEngine(binary="no-such-espeak")])
    with pytest.raises(EngineError):
        chain.synthesize("một", tmp_path / "x.wav")
