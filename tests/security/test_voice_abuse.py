"""Issue 14, finding 1: the voice routes filled the disk anonymously. Now they speak only calls the centre can
make and short texts, new speech is limited per address, and the cache has a size cap with eviction, outside
the database's folder by default."""

import os
import time
import wave
from pathlib import Path

import pytest

from displays.announcements import VoiceService, voice_budget
from displays.voice.audio import CACHE_RATE
from displays.voice.cache_budget import CacheBudget
from displays.voice.engines import SpeechEngine
from queue_server.settings import Settings
from queue_server.context import centre_of

@pytest.fixture
def database_url(tmp_path):  # nothing here depends on the database engine
    return f"sqlite:///{tmp_path / 'voice.db'}"


class ToneEngine(SpeechEngine):
    """An offline engine that 'speaks' a tone as long as the text: real WAV files, no espeak needed."""

    name, lang = "tone", "vi"

    def __init__(self):
        self.spoken = []

    def synthesize(self, text, target):
        self.spoken.append(text)
        frames = max(1, len(text)) * 400
        with wave.open(str(target), "wb") as wav:
            wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(CACHE_RATE)
            wav.writeframes(b"\x00\x40" * frames)
        return target


@pytest.fixture
def voiced(tmp_path):
    """voiced(app) → the app with the tone engine on its voice cache (the server's cap and folder)."""
    def install(app):
        engine = ToneEngine()
        centre = centre_of(app)
        centre.voice = VoiceService(centre, tmp_path / "voice-cache", engine, deadline_s=10,
                                    budget=voice_budget(centre))
        centre.voice.announcer.filler = None
        return engine
    return install


def call(client, number, counter=1, address="10.0.0.7"):
    response = client.get(f"/announcements/call.wav?number={number}&counter={counter}",
                          environ_base={"REMOTE_ADDR": address})
    response.get_data()
    response.close()
    return response


def cache_files(tmp_path) -> list[Path]:
    return [p for p in (tmp_path / "voice-cache").rglob("*") if p.is_file()]


def test_finding_1_only_numbers_the_centre_can_issue_are_spoken(app, voiced, tmp_path):
    engine = voiced(app)
    client = app.test_client()
    # the issue's number, a prefix no field has, beyond a field's cap (đất đai: 200 a day), not as the centre
    # writes it (3 digits), sequence 0, a counter the centre does not have
    for number, counter, code in [("QZ-48213", 1, "unknown_number"), ("Z-025", 1, "unknown_number"),
                                  ("C-201", 5, "unknown_number"), ("A-25", 1, "unknown_number"),
                                  ("A-0025", 1, "unknown_number"), ("A-000", 1, "unknown_number"),
                                  ("A-025", 99, "unknown_counter")]:
        refused = call(client, number, counter)
        assert refused.status_code == 400 and refused.get_json()["error"]["code"] == code, number
    assert engine.spoken == [] and cache_files(tmp_path) == []
    assert call(client, "C-200", 5).status_code == 200 and call(client, "A-999").status_code == 200
    assert call(client, "F-012", 7).status_code == 200  # a prefix two fields share


def test_finding_1_new_speech_is_limited_per_address_and_cached_calls_are_not(make_app, centre_with, voiced):
    app = make_app(centre_with({"rate_limits": {"voice": {"limit": 3, "window_seconds": 60}}}))
    voiced(app)
    client = app.test_client()
    assert [call(client, f"A-{n:03d}").status_code for n in (1, 2, 3)] == [200, 200, 200]
    refused = call(client, "A-004")
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert call(client, "A-001").status_code == 200  # a recall, from the cache: every display may fetch it
    assert call(client, "A-004", address="10.0.0.8").status_code == 200  # another display's address


def test_finding_1_the_robot_speaks_only_short_texts_and_new_ones_at_a_limited_pace(make_app, centre_with, tmp_path,
                                                                                     monkeypatch):
    monkeypatch.setenv("MOTCUA_VOICE_ENGINE", "espeak")
    app = make_app(centre_with({"rate_limits": {"voice": {"limit": 2, "window_seconds": 60}}}))
    client = app.test_client()
    rendered = []
    from robot_screen import robot_voice
    with app.test_request_context():
        voice = robot_voice()
    monkeypatch.setattr(voice, "render", lambda text, lang: rendered.append(text) or (_tone(tmp_path), "tone"))

    def speak(text, address="10.0.0.7"):
        response = client.get("/robot/speech.wav", query_string={"text": text}, environ_base={"REMOTE_ADDR": address})
        response.get_data()
        response.close()
        return response

    too_long = speak("Xin chào " + "a" * 600)  # the issue's 600 new characters
    assert too_long.status_code == 400 and too_long.get_json()["error"]["code"] == "text_too_long"
    assert too_long.get_json()["error"]["max_chars"] == 300 and rendered == []
    assert [speak(f"Quầy số {n} ở tầng một.").status_code for n in (1, 2, 3)] == [200, 200, 429]
    assert speak("Quầy số 3 ở tầng một.", address="10.0.0.8").status_code == 200


def _tone(tmp_path) -> Path:
    path = tmp_path / "tone.wav"
    ToneEngine().synthesize("abc", path)
    return path


def test_finding_1_the_voice_cache_keeps_under_its_cap_dropping_the_least_recently_used(tmp_path):
    root = tmp_path / "cache"
    budget = CacheBudget(root, max_bytes=10_000, keep_recent_s=0)
    (root / "calls").mkdir(parents=True)
    (root / "chime.wav").write_bytes(b"c" * 5000)  # not a recording the cache makes again: kept
    files = []
    for i in range(4):
        path = root / "calls" / f"{i}.wav"
        path.write_bytes(b"x" * 3000)
        os.utime(path, (time.time() - 100 + i, time.time() - 100 + i))  # 0 oldest ... 3 newest
        files.append(path)
    budget.used(files[0])  # the oldest is heard again: now the most recently used
    budget.added(files[3])  # 12,000 bytes > 10,000: the least recently used go until 9,000 at most
    assert [p.exists() for p in files] == [True, False, True, True]
    assert (root / "chime.wav").exists() and budget.total == 9000


def test_finding_1_the_cap_holds_while_calls_are_rendered(make_app, tmp_path, voiced):
    app = make_app()
    centre_of(app).settings = Settings(voice_cache_mb=1, voice_cache_dir=str(tmp_path / "voice-cache"))
    centre_of(app).voice_budget = None
    voiced(app)
    centre_of(app).voice_budget.keep_recent_s = 0
    client = app.test_client()
    for n in range(1, 40):
        assert call(client, f"B-{n:03d}", counter=3, address=f"10.0.1.{n}").status_code == 200
    assert sum(p.stat().st_size for p in cache_files(tmp_path)) <= 1_000_000
    assert call(client, "B-001", counter=3).status_code == 200  # an evicted call is simply made again


def test_finding_1_the_voice_cache_lives_outside_the_database_folder_by_default(tmp_path):
    env = {"HOME": str(tmp_path / "home"), "MOTCUA_VAR_DIR": str(tmp_path / "var")}
    settings = Settings.from_environment(env)
    database_folder = Path(settings.database_url.removeprefix("sqlite:///")).parent
    assert Path(settings.voice_cache_dir) == tmp_path / "home" / ".cache" / "motcua" / "voice"
    assert database_folder not in Path(settings.voice_cache_dir).parents and settings.voice_cache_mb == 512
    systemd = Settings.from_environment({**env, "CACHE_DIRECTORY": "/var/cache/motcua"})
    assert systemd.voice_cache_dir == "/var/cache/motcua/voice"
    chosen = Settings.from_environment({**env, "MOTCUA_VOICE_CACHE": "/srv/voice", "MOTCUA_VOICE_CACHE_MB": "64"})
    assert (chosen.voice_cache_dir, chosen.voice_cache_mb) == ("/srv/voice", 64)
