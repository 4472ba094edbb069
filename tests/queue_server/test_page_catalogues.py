"""Every page reads its {vi, en} words one way (queue_server/static/js/messages.js, issue 15 point 9): a
script with a catalogue reads it through Messages.reader rather than indexing it by language itself, and
each page loads messages.js before the scripts that use it (otherwise the page would show no text at all)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT_FOLDERS = [ROOT / "queue_server" / "static" / "js", ROOT / "kiosk" / "static", ROOT / "robot_screen" / "static"]
# Catalogue-only files, read by another script: kiosk-text.js by kiosk.js, console-text.js by console-words.js
CATALOGUES = {"kiosk-text.js", "console-text.js"}
CATALOGUE = re.compile(r"^\s*vi: \{", re.MULTILINE)
SCRIPT_TAG = re.compile(r"filename='(?:js/)?([\w.-]+\.js)'")


def scripts():
    return {path.name: path.read_text(encoding="utf-8") for folder in SCRIPT_FOLDERS for path in folder.glob("*.js")}


def test_scripts_with_a_catalogue_read_it_through_messages_reader():
    with_catalogue = {name for name, source in scripts().items() if CATALOGUE.search(source)} - CATALOGUES
    assert {"nearby.js", "rating.js", "kiosk-nearby.js", "vi-keyboard.js", "tracking.js"} <= with_catalogue
    for name in sorted(with_catalogue):
        assert "Messages.reader(" in scripts()[name], f"{name} indexes its {{vi, en}} words itself"


def test_pages_load_messages_js_before_the_scripts_that_use_it():
    users = {name for name, source in scripts().items() if "Messages." in source and name != "messages.js"}
    checked = set()
    for template in ROOT.glob("*/templates/**/*.html"):
        loaded = SCRIPT_TAG.findall(template.read_text(encoding="utf-8"))
        for name in set(loaded) & users:
            assert "messages.js" in loaded[:loaded.index(name)], f"{template.name} loads {name} before messages.js"
            checked.add(name)
    assert {"nearby.js", "rating.js", "kiosk-nearby.js", "vi-keyboard.js"} <= checked
