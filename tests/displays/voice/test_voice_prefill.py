"""What prefill caches, and the `python -m displays.voice` command line."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from displays.voice.cli import parse_counters
from displays.voice.engine_health import EngineHealth
from displays.voice.engines import EspeakEngine, FallbackEngine, GTTSEngine
from displays.voice.phrases import announcement_for
from displays.voice.prefill import VoiceConfig, prefill_cache, segments_needed

needs_espeak = pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
REPO = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("reading", ["words", "digits"])
def test_segments_needed_cover_every_call(reading):
    config = VoiceConfig(prefixes=("A", "B", "C"), digits=3, counters=range(1, 13), reading=reading)
    needed = set(segments_needed(config))
    for prefix in config.prefixes:
        for n in range(1000):
            for counter in config.counters:
                call = announcement_for(f"{prefix}-{n:03d}", counter, reading=reading)
                assert {s.text for s in call.segments} <= needed


def test_vocabulary_stays_small():
    three = segments_needed(VoiceConfig(prefixes=("A", "B", "C"), digits=3, counters=range(1, 9)))
    four = segments_needed(VoiceConfig(prefixes=("A", "B", "C"), digits=4, counters=range(1, 9)))
    assert len(three) < 150 and len(four) < 170
    assert len(three) == len(set(three))


def test_config_from_mapping_accepts_a_single_template():
    config = VoiceConfig.from_mapping({"prefixes": ["A"], "digits": 2, "counters": [1],
                                       "template": "Mời số {so} tới quầy {quay}", "unknown": 1})
    assert "Mời số" in segments_needed(config)


def test_parse_counters():
    assert parse_counters("1-3,5,7-8") == [1, 2, 3, 5, 7, 8]


@needs_espeak
def test_prefill_offline_then_upgrade_when_gtts_answers(offline_google, cache_dir, request):
    config = {"prefixes": ["A"], "digits": 1, "counters": [1, 2]}
    chain = FallbackEngine([GTTSEngine(), EspeakEngine()], EngineHealth(rest_s=3600))
    offline = prefill_cache(config, cache_dir, chain)
    assert offline.by_engine == {EspeakEngine().cache_identity: len(segments_needed(VoiceConfig.from_mapping(config)))}
    assert len(offline_google.requests) == 1  # gTTS rested after its first failure

    offline_google.mode, offline_google.mp3 = "ok", request.getfixturevalue("google_mp3")  # skips without MP3
    online = prefill_cache(config, cache_dir, FallbackEngine([GTTSEngine(), EspeakEngine()]))
    assert set(online.by_engine) == {GTTSEngine().cache_identity}
    again = prefill_cache(config, cache_dir, FallbackEngine([GTTSEngine(), EspeakEngine()]))
    assert again.already_cached == again.total and not again.by_engine


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "displays.voice", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120)


def test_cli_lists_segments():
    result = run_cli("prefill", "--prefixes", "A,B", "--digits", "3", "--counters", "1-8", "--list")
    lines = result.stdout.splitlines()
    assert result.returncode == 0
    assert {"Xin mời công dân có số thứ tự", "đến quầy số", "a", "bê", "hai mươi lăm", "lẻ một"} <= set(lines)


@needs_espeak
def test_cli_prefill_and_say_offline(tmp_path):
    config = tmp_path / "centre.json"
    config.write_text(json.dumps({"prefixes": ["A"], "digits": 2, "counters": "1-3"}), encoding="utf-8")
    cache = tmp_path / "cache"
    result = run_cli("prefill", "--config", str(config), "--cache-dir", str(cache), "--offline")
    assert result.returncode == 0, result.stderr
    assert "rendered by espeak-ng" in result.stdout
    assert (cache / "chime.wav").exists()

    said = run_cli("say", "A-25", "3", "--cache-dir", str(cache), "--offline")
    assert said.returncode == 0, said.stderr
    text, path = said.stdout.splitlines()
    assert text == "Xin mời công dân có số thứ tự a hai mươi lăm, đến quầy số ba"
    assert Path(path).exists()
