"""The browser's Vietnamese folding (queue_server/static/js/vietnamese.js, used by the kiosk's search and the
one on-screen keyboard, static/js/vi-keyboard.js) agrees with the robot's (assistant/actions/text.py): a
visitor's words are folded the same way whether the kiosk or the robot reads them."""

import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from assistant.actions import text as robot_text  # noqa: E402  (pure Python, no Rasa)

SAMPLES = ["Đăng ký Khai sinh!", "ĐẤT ĐAI", "Chứng thực bản sao – từ bản chính", "  sổ   đỏ  ", "ơ ư ă â ê ô đ",
           "Giấy xác nhận tình trạng hôn nhân (độc thân)", "Cấp lại GCN quyền sử dụng đất do bị mất",
           "hộ kinh doanh: tạm ngừng", "thủ tục ly hôn có yếu tố nước ngoài?", "Quỹ hỗ trợ người khuyết tật",
           "khai sanh cho con", "so do bi mat", "THƯỜNG TRÚ, tạm trú", "bằng lái xe B2", "nghỉ hưu sớm 2025",
           "Đường", "hòa bình", "Visa & passport: 2 copies"]


def run_node(script: str) -> str:
    if shutil.which("node") is None:
        pytest.skip("node is missing: run `make setup`")
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_browser_folds_vietnamese_as_the_robot_does():
    module = (ROOT / "queue_server" / "static" / "js" / "vietnamese.js").read_text(encoding="utf-8")
    script = module + f"\nconst samples = {json.dumps(SAMPLES, ensure_ascii=False)};\n" + (
        "console.log(JSON.stringify(samples.map((s) => [Vietnamese.normalise(s), Vietnamese.fold(s),"
        " Vietnamese.normalise(s.normalize('NFD'))])));")
    browser = json.loads(run_node(script))
    robot = [[robot_text.normalise(s), robot_text.fold(s), robot_text.normalise(unicodedata.normalize("NFD", s))]
             for s in SAMPLES]  # typed decomposed (some phones' keyboards) folds the same
    assert browser == robot


def test_kiosk_and_robot_type_on_one_keyboard_with_one_tone_placement():
    pages = [ROOT / "kiosk" / "templates" / "kiosk" / "kiosk.html",
             ROOT / "robot_screen" / "templates" / "robot" / "robot.html"]
    for page in pages:
        assert "filename='js/vi-keyboard.js'" in page.read_text(encoding="utf-8"), page
    scripts = [p for folder in ("kiosk", "robot_screen", "queue_server/static/js") for p in (ROOT / folder).rglob("*.js")]
    keyboards = [p.name for p in scripts if "\"tone:" in p.read_text(encoding="utf-8")]
    assert keyboards == ["vi-keyboard.js"], "a second on-screen keyboard"
    for source in scripts:
        if source.name != "vietnamese.js":
            assert "\\u0301" not in source.read_text(encoding="utf-8"), f"a second copy of the tone marks: {source}"
