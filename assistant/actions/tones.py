"""One place for a tone on an open "oa", "oe", "uy" (lexicon.py): keyboards type "xoá", "hoà", "thuỷ" as often as
"xóa", "hòa", "thủy". Both read as the latter (the tone on the vowel before the last), so "xoá thường trú" is
"xóa thường trú" for a phrase typed with marks; not after "q" ("quý": the "u" belongs to "qu"). Kept out of
text.py, whose hash decides when the NLU data is regenerated: this only changes how the reader compares words."""

from __future__ import annotations

import re
import unicodedata

_TONE_ON_LAST = re.compile(r"(?<![q\w])(\w*?)(?<!q)(oa|oe|uy)([\u0300\u0301\u0309\u0303\u0323])(?![\w\u0300-\u036f])")
_TONED = set("àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ")


def same_tones(text: str) -> str:
    if not _TONED.intersection(text):
        return text
    decomposed = unicodedata.normalize("NFD", text)
    moved = _TONE_ON_LAST.sub(lambda m: m.group(1) + m.group(2)[0] + m.group(3) + m.group(2)[1], decomposed)
    return unicodedata.normalize("NFC", moved)
