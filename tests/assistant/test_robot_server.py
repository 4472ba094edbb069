"""The robot's parts inside the queue server, without Rasa: the relay as registered by create_app (fallback
tiles from the live catalogue), the /robot page, the speech endpoint and its engines' deadline, and the
on-screen keyboard's tone placement (run in node)."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from rasa_processes import ROOT, free_port
from sqlalchemy import update

from displays.voice.engines import EngineError, EspeakEngine


@pytest.fixture
def database_url(tmp_path):  # SQLite only: nothing here depends on the database engine
    return f"sqlite:///{tmp_path / 'robot.db'}"


@pytest.fixture
def robot_app(app, centre, tmp_path):
    centre.settings = dataclasses.replace(centre.settings, voice_engine="espeak",
                                          voice_cache_dir=str(tmp_path / "voice-cache"))
    app.config["MOTCUA_RASA_URL"] = f"http://127.0.0.1:{free_port()}"  # nobody listens: Rasa is down
    return app


def test_relay_is_registered_and_its_tiles_follow_the_live_catalogue(robot_app, centre):
    from queue_server import models

    assert "assistant_relay.relay_message" in robot_app.view_functions
    with centre.db.transaction() as (session, _):
        session.execute(update(models.Field).where(models.Field.id == "xay_dung").values(enabled=False))
    started = time.monotonic()
    response = robot_app.test_client().post("/api/v1/assistant/messages", json={"sender": "s", "text": "xin chào"})
    assert time.monotonic() - started < 2
    [reply] = response.get_json()["replies"]
    assert reply["fallback"] is True
    payloads = [b["payload"] for b in reply["buttons"]]
    assert '/inform_field{"field": "ho_tich"}' in payloads
    assert '/inform_field{"field": "xay_dung"}' not in payloads  # disabled in the database, still in the YAML


def test_robot_page_has_no_inline_script_and_knows_its_printer(robot_app):
    response = robot_app.test_client().get("/robot")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    for tag in html.split("<script")[1:]:
        head = tag.split(">", 1)[0]
        assert "src=" in head or 'type="application/json"' in head, head
    data = json.loads(html.split('id="page-data">', 1)[1].split("</script>", 1)[0])
    assert data["print_at"] == "Kiosk sảnh chính" and data["sender_prefix"].startswith("robot-1-")
    assert "Robot lễ tân" in html and "Bàn phím" in html and 'lang="vi"' in html
    english = robot_app.test_client().get("/robot?lang=en&idle=30").get_data(as_text=True)
    assert '<html lang="en">' in english and '"idle_seconds": 30' in english


def speech(client, text: str):
    """GET /robot/speech.wav, read and closed (send_file's file must not outlive the test)."""
    response = client.get("/robot/speech.wav", query_string={"text": text})
    response.body = response.get_data()
    response.close()
    return response


def test_speech_endpoint_speaks_answers_in_their_language(robot_app):
    client = robot_app.test_client()
    vi = speech(client, "Mời anh/chị đến quầy số 1, số của anh/chị là A-025.")
    assert vi.status_code == 200 and vi.mimetype == "audio/wav" and vi.body[:4] == b"RIFF"
    assert vi.headers["X-Voice-Engine"] == "espeak-ng" and vi.headers["Content-Language"] == "vi"
    en = speech(client, "Birth registration is handled at counter 1 – Quầy 1 – Hộ tịch (Tầng 1, bên trái).")
    assert en.status_code == 200 and en.headers["Content-Language"] == "en"
    started = time.monotonic()
    again = speech(client, "Mời anh/chị đến quầy số 1, số của anh/chị là A-025.")
    assert again.status_code == 200 and again.body == vi.body and time.monotonic() - started < 0.5  # cached
    for text in ("", "😀🙏", "!!!"):
        bad = speech(client, text)
        assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "nothing_to_say"
    too_long = speech(client, "xin chào " * 500)  # the page sends chunks of speech_max_chars at most
    assert too_long.status_code == 400 and too_long.get_json()["error"]["code"] == "text_too_long"


def test_speakable_text_reads_ticket_numbers_and_drops_symbols():
    from robot_screen.speech import guess_language, speakable

    assert speakable("Số của anh/chị: A-025 🙂", "vi") == "Số của anh/chị: a không hai mươi lăm"
    assert guess_language("Fee for Certification of copies: 2,000 dong") == "en"
    assert guess_language("Birth registration is handled at counter 1 – Quầy 1 – Hộ tịch (Tầng 1, bên trái).") == "en"
    assert guess_language("Anh/chị mang theo giấy tờ sau, tại quầy số 1") == "vi"
    assert guess_language("Thủ tục Đăng ký khai sinh") == "vi"


class SlowOnlineEngine(EspeakEngine):
    """Stands in for gTTS: a network engine that answers late (or fails)."""

    name = "fake-gtts"
    needs_network = True

    def __init__(self, delay: float, fail: bool = False):
        super().__init__(voice="vi")
        self.delay, self.fail, self.calls = delay, fail, 0

    def synthesize(self, text, target):
        self.calls += 1
        time.sleep(self.delay)
        if self.fail:
            raise EngineError("no network")
        return super().synthesize(text, target)


def test_a_slow_online_engine_never_holds_the_answer(tmp_path):
    from robot_screen.speech import RobotVoice

    voice = RobotVoice(tmp_path, online=True, online_wait_s=0.3)
    slow = voice.online["vi"] = SlowOnlineEngine(delay=1.0)
    started = time.monotonic()
    path, engine = voice.render("xin chào", "vi")
    assert engine == "espeak-ng" and time.monotonic() - started < 0.3 + 0.8 and path.exists()
    deadline = time.monotonic() + 5
    while voice.cache.get(slow, "xin chào") is None and time.monotonic() < deadline:
        time.sleep(0.05)  # the online rendering finishes in the background, into the cache
    assert voice.render("xin chào", "vi")[1] == "fake-gtts"

    failing = voice.online["vi"] = SlowOnlineEngine(delay=0, fail=True)
    assert voice.render("cảm ơn", "vi")[1] == "espeak-ng"
    assert voice.render("tạm biệt", "vi")[1] == "espeak-ng" and failing.calls == 1  # resting after a failure


def test_keyboard_puts_the_tone_on_the_right_vowel():
    assert shutil.which("node"), "node is missing: run `make setup`"
    script = (Path(ROOT) / "queue_server" / "static" / "js" / "vietnamese.js").read_text(encoding="utf-8")
    cases = {"hoa huyen": "hòa", "quy sac": "quý", "gia sac": "giá", "ngươi huyen": "người",
             "viêc nang": "việc", "toan sac": "toán", "ngoai huyen": "ngoài", "thuy hoi": "thủy", "sô hoi": "sổ",
             "đo hoi": "đỏ", "mua huyen": "mùa", "tiêng sac": "tiếng", "Viêt nang": "Việt", "khuyu hoi": "khuỷu",
             "hòa sac": "hóa", "hóa sac": "hoa", "xin nga": "xĩn", "bc sac": None}
    check = script + "\nconst cases = " + json.dumps(cases, ensure_ascii=False) + ";\n" + (
        "const out = {}; for (const [k, v] of Object.entries(cases)) { const [w, t] = k.split(' ');"
        " out[k] = Vietnamese.toneWord(w, t); } console.log(JSON.stringify(out));")
    done = subprocess.run(["node", "-e", check], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == cases
