"""The centre's own facilities, as the reception robot tells them (`facilities:` in centre.yaml).

Visitors ask the robot where the toilets are, where to park, whether there is wifi: questions about the centre
itself, not about a procedure. Each centre says its own answer, in Vietnamese and (optionally) English:

    facilities:
      toilet: {vi: "Nhà vệ sinh ở cuối hành lang tầng 1, bên trái.",
               en: "The toilets are at the end of the ground-floor corridor, on the left."}
      wifi: {vi: "Wifi: MotCua-Khach, mật khẩu 12345678.", en: "Wifi: MotCua-Khach, password 12345678."}

The keys are those the robot has words for (KEYS; assistant/vocabulary.yml, `facilities:`): a misspelt one
stops the server with the closest key, so no answer is silently never given. A centre without the section, or
without a key, gets the robot's answer of before for it (not something the centre handles). The texts reach
the robot in GET /api/v1/catalogue (`centre.facilities`).
"""

from __future__ import annotations

from typing import Callable

from queue_server.centre_config import nfc
from queue_server.config_schema import unknown_key

# What the robot can recognise, in the order the docs list them (docs/assistant.md, "Facilities of the centre").
KEYS = ("toilet", "parking", "photocopy", "photo_booth", "drinking_water", "wifi", "atm", "waiting_area",
        "phone_charging", "canteen")
LANGUAGES = ("vi", "en")
MAX_CHARS = 400  # one or two sentences, spoken by the robot

Fail = Callable[[str, str], None]  # (key as written, problem): raises


def read(raw, fail: Fail) -> dict[str, dict[str, str]]:
    """The `facilities:` section: {key: {"vi": text, "en": text}} ("en" absent: not translated); {} when none."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        fail("facilities", "expected a mapping of facilities to texts (toilet: {vi: …, en: …})")
    out: dict[str, dict[str, str]] = {}
    for name, value in raw.items():
        key = f"facilities.{name}"
        if name not in KEYS:
            fail(key, unknown_key(name, KEYS))
        if isinstance(value, str):  # `toilet: "Nhà vệ sinh …"`: Vietnamese only
            value = {"vi": value}
        if not isinstance(value, dict):
            fail(key, "expected {vi: …, en: …}: what the robot says about it")
        texts = {}
        for lang, text in value.items():
            if lang not in LANGUAGES:
                fail(f"{key}.{lang}", unknown_key(lang, LANGUAGES))
            if text is None:
                continue
            if not isinstance(text, str) or not text.strip():
                fail(f"{key}.{lang}", "expected a text (one or two sentences the robot says)")
            if len(text.strip()) > MAX_CHARS:
                fail(f"{key}.{lang}", f"longer than {MAX_CHARS} characters: the robot says it aloud")
            texts[lang] = nfc(" ".join(text.split()))
        if "vi" not in texts:
            fail(f"{key}.vi", "is missing")
        out[name] = texts
    return out
