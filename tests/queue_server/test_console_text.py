"""The counter console's words are one catalogue (queue_server/static/js/console-text.js, read with
Messages.reader as the kiosk's are): every text exists in both languages, a text with values shows each of
them in both, and no console script writes its own Vietnamese/English pairs."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

JS = Path(__file__).resolve().parents[2] / "queue_server" / "static" / "js"
CONSOLE_SCRIPTS = ["counter.js", "console-words.js", "console-help.js", "console-appointments.js"]

# Each text as the console shows it: fixed texts as they are, nested ones by key, and a text with values
# called with distinct values (V0, V1, …) so a value dropped in one language shows.
SHAPE = """
const catalogue = require(process.argv[1]);
const show = (text) => typeof text === "function"
  ? { values: text.length, text: text(...Array.from({ length: text.length }, (_, i) => `V${i}`)) }
  : typeof text === "object" ? Object.fromEntries(Object.entries(text).map(([k, v]) => [k, show(v)])) : text;
console.log(JSON.stringify({ vi: show(catalogue.vi), en: show(catalogue.en) }));
"""


def flatten(texts, prefix=""):
    for key, text in texts.items():
        if isinstance(text, dict) and "values" not in text:
            yield from flatten(text, f"{prefix}{key}.")
        else:
            yield prefix + key, text


def test_every_console_text_is_in_both_languages_with_its_values():
    if shutil.which("node") is None:
        pytest.skip("node is missing: run `make setup`")
    done = subprocess.run(["node", "-e", SHAPE, str(JS / "console-text.js")], capture_output=True, text=True,
                          timeout=30)
    assert done.returncode == 0, done.stderr
    catalogue = json.loads(done.stdout)
    vietnamese, english = dict(flatten(catalogue["vi"])), dict(flatten(catalogue["en"]))
    assert vietnamese.keys() == english.keys()
    for key, vi in vietnamese.items():
        en = english[key]
        if isinstance(vi, dict):
            assert vi["values"] == en["values"], key
            for value in (f"V{i}" for i in range(vi["values"])):
                assert value in vi["text"] and value in en["text"], (key, value)
        else:
            assert vi.strip() and en.strip() and vi != en, key


def test_console_scripts_read_the_catalogue_instead_of_writing_pairs():
    for name in CONSOLE_SCRIPTS:
        source = (JS / name).read_text(encoding="utf-8")
        assert "(vi, en)" not in source, f"{name} writes its own vi/en pairs: put them in console-text.js"
