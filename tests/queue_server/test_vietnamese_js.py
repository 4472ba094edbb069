"""The browser's Vietnamese folding (queue_server/static/js/vietnamese.js, used by the kiosk's search and both
on-screen keyboards) agrees with the robot's (assistant/actions/text.py): a visitor's words are folded the
same way whether the kiosk or the robot reads them."""

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


def test_kiosk_and_robot_keyboards_share_one_tone_placement():
    kiosk_keyboard = (ROOT / "kiosk" / "static" / "kiosk-keyboard.js").read_text(encoding="utf-8")
    robot_keyboard = (ROOT / "robot_screen" / "static" / "vi_keyboard.js").read_text(encoding="utf-8")
    assert "Vietnamese.toneLastWord" in kiosk_keyboard and "Vietnamese.toneWord" in robot_keyboard
    for source in (kiosk_keyboard, robot_keyboard, (ROOT / "kiosk" / "static" / "kiosk-search.js").read_text()):
        assert "\\u0301" not in source, "a second copy of the tone marks"
