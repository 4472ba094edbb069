"""GET /announcements/call.wav and /chime.wav: real espeak-ng audio from the cache, clear errors, and an
engine that fails or hangs costs the call its speech (503, logged once), never the server."""

import io
import logging
import shutil
import time
import wave
from pathlib import Path

import pytest

from displays.announcements import VoiceService
from displays.voice.engines import EngineError, SpeechEngine
from queue_server.context import centre_of

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def get(client, url):
    """The response, read and closed (send_file keeps the file open until then)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def wav_seconds(data: bytes) -> float:
    with wave.open(io.BytesIO(data), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
        return wav.getnframes() / wav.getframerate()


class FailingEngine(SpeechEngine):
    name, lang = "failing", "vi"

    def synthesize(self, text, target):
        raise EngineError("engine is broken")


class HangingEngine(SpeechEngine):
    name, lang = "hanging", "vi"

    def __init__(self, seconds):
        self.seconds = seconds

    def synthesize(self, text, target):
        time.sleep(self.seconds)
        raise EngineError("gave up")


@pytest.fixture
def voice_with(app, tmp_path):
    def install(engine, deadline_s=0.5):
        service = VoiceService(centre_of(app), tmp_path / "voice", engine, deadline_s=deadline_s)
        centre_of(app).voice = service
        return service
    return install


@needs_espeak
def test_call_audio_is_a_real_espeak_recording_of_the_call(client, app, tmp_path):
    response = get(client, "/announcements/call.wav?number=A-025&counter=3")
    assert response.status_code == 200 and response.mimetype == "audio/wav"
    # "Xin mời công dân có số thứ tự a không hai mươi lăm, đến quầy số ba": a few seconds of speech
    assert 2.0 < wav_seconds(response.data) < 9.0
    cache = Path(centre_of(app).voice.cache_dir)
    assert cache == tmp_path / "voice-cache" and len(list((cache / "calls").glob("*.wav"))) == 1
    again = get(client, "/announcements/call.wav?number=a-025&counter=3")  # a recall: the same file, cached
    assert again.status_code == 200 and again.data == response.data


@needs_espeak
def test_a_missing_cache_file_is_rebuilt(client, app):
    first = get(client, "/announcements/call.wav?number=B-101&counter=4")
    cache = Path(centre_of(app).voice.cache_dir)
    for path in list(cache.glob("calls/*.wav")) + list(cache.glob("segments/*/*.wav")):
        path.unlink()
    second = get(client, "/announcements/call.wav?number=B-101&counter=4")
    assert second.status_code == 200 and abs(wav_seconds(second.data) - wav_seconds(first.data)) < 0.2


@needs_espeak
def test_the_centres_template_and_digit_reading_make_the_served_call(make_app, tmp_path):
    from test_display_pages import demo_config_with

    from displays.voice.audio import wav_duration

    app = make_app(demo_config_with(tmp_path, announcement={"template": "Mời số {number}, tới quầy {counter}",
                                                            "reading": "digits"}))
    response = get(app.test_client(), "/announcements/call.wav?number=A-025&counter=3")
    assert response.status_code == 200
    cache = Path(centre_of(app).voice.cache_dir)
    spoken = {path.read_text(encoding="utf-8").splitlines()[1]: path.with_suffix(".wav")
              for path in cache.glob("segments/*/*.txt")}
    # digit by digit ("hai năm", not "hai mươi lăm"), in the centre's own words
    assert set(spoken) == {"Mời số", "a", "không", "hai", "năm", "tới quầy", "ba"}
    pauses = 5 * 0.06 + 0.25  # between words, and the template's comma after the number
    assert wav_seconds(response.data) == pytest.approx(sum(map(wav_duration, spoken.values())) + pauses, abs=0.01)


def test_chime_is_served_and_generated_on_first_use(client):
    response = get(client, "/announcements/chime.wav")
    assert response.status_code == 200 and response.mimetype == "audio/wav"
    assert 1.0 < wav_seconds(response.data) < 2.5


@pytest.mark.parametrize("query, code", [
    ("", "invalid_number"),
    ("?number=A25&counter=3", "invalid_number"),
    ("?number=A-025-1&counter=3", "invalid_number"),
    ("?number=%3Cscript%3E&counter=3", "invalid_number"),
    ("?number=A-025", "invalid_counter"),
    ("?number=A-025&counter=three", "invalid_counter"),
    ("?number=A-025&counter=-1", "invalid_counter"),
    ("?number=A-025&counter=99", "unknown_counter"),
])
def test_bad_parameters_are_a_clear_400(client, query, code):
    response = get(client, "/announcements/call.wav" + query)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]


def test_a_failing_engine_gives_503_and_is_logged_once(client, voice_with, caplog):
    voice_with(FailingEngine())
    caplog.set_level(logging.DEBUG, logger="displays.voice")
    for number in ("A-001", "A-002", "A-003"):
        response = get(client, f"/announcements/call.wav?number={number}&counter=1")
        assert response.status_code == 503 and response.get_json()["error"]["code"] == "voice_unavailable"
    assert get(client, "/announcements/chime.wav").status_code == 200  # the chime still plays
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len([r for r in warnings if "cannot render" in r.getMessage()]) == 1
    assert len([r for r in warnings if "failing" in r.getMessage()]) == 1  # EngineHealth: once per engine


def test_a_hanging_engine_does_not_hold_the_display_up(client, voice_with, caplog):
    voice_with(HangingEngine(3.0), deadline_s=0.5)
    caplog.set_level(logging.WARNING, logger="displays.voice")
    started = time.monotonic()
    for number in ("A-001", "A-002"):
        assert get(client, f"/announcements/call.wav?number={number}&counter=1").status_code == 503
    assert time.monotonic() - started < 2.5
    assert len([r for r in caplog.records if "took over" in r.getMessage()]) == 1


def test_status_reports_the_cache_and_prefill(client, voice_with):
    service = voice_with(FailingEngine())
    status = get(client, "/announcements/status").get_json()
    assert status["prefill"]["state"] == "idle" and status["repeat"] == 2
    assert status["cache_dir"] == str(service.cache_dir)


@needs_espeak
def test_background_prefill_fills_every_segment_the_centre_needs(app, tmp_path):
    from displays.voice import segments_needed
    from displays.voice.centre import voice_config_for
    from displays.voice.engines import EspeakEngine

    service = VoiceService(centre_of(app), tmp_path / "voice", EspeakEngine())
    assert service.start_prefill() and not service.start_prefill()
    deadline = time.monotonic() + 60
    while service.prefill.state == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    needed = segments_needed(voice_config_for(centre_of(app).config))
    assert service.prefill.state == "done" and service.prefill.rendered == len(needed)
    assert (tmp_path / "voice" / "chime.wav").exists()
