"""Ticket numbers ("A-025", "a025", "A 25") and appointment booking codes ("K7M-3QX") as visitors type them
(no Rasa import here)."""

from __future__ import annotations

import re

# A ticket letter then up to three digits; not an age ("e 22 tuổi": "em, 22 years old") nor a count of things
# ("cho e 1 số khai tử", "bấm giùm e 1 phiếu", "kêu giùm e 1 anh cán bộ", "gọi giúp e 1 bạn nhân viên": "em" asks for one ticket, one officer).
# Only words that never follow a ticket number; not "con"/"co"/"la" (unaccented "còn", "có", "là").
_COUNTED = ("tuổi|tuoi|years?|yrs?|số|so|phiếu|phieu|vé|cái|cai|bản|tờ|người|nguoi|ng|đứa|lần|phút|phut|tháng|thang|năm|"
            "tiếng|tieng|tuần|tuan|quyển|quyen|cuốn|cuon|chiếc|chiec|triệu|trieu|nghìn|nghin|ngàn|trăm|tram|mét|"
            "(?:anh |chị |chi |cô |chú |chu |bạn |ban )?(?:cán bộ|can bo|nhân viên|nhan vien)")
# Nor a driving licence's class ("học lái xe B2", "bằng A1").
_LICENCE = r"(?<!xe )(?<!hạng )(?<!hang )(?<!bằng )(?<!bang )(?<!lái )(?<!lai )(?<!class )"
TICKET_RE = re.compile(rf"(?<![\w]){_LICENCE}([A-Za-z])\s*[-–.]?\s*(\d{{1,3}})(?![\w])(?!\s*(?:{_COUNTED})\b)", re.IGNORECASE)


def ticket_number_in(text: str, prefixes: set[str]) -> str | None:
    """The first ticket number in the text whose letter is one of the centre's prefixes, as "A-025"."""
    for letter, digits in TICKET_RE.findall(text or ""):
        if letter.upper() in prefixes:
            return f"{letter.upper()}-{int(digits):03d}"
    return None


# A booking code (issue 18: 6 characters from an unambiguous alphabet; any length 4-12 is accepted here, the
# server decides): letters and digits, maybe cut by a dash or a space ("K7M-3QX", "k7m 3qx").
_CODE_RE = re.compile(r"(?<![\w-])([A-Za-z0-9]{2,8}(?:[- ][A-Za-z0-9]{2,8})?)(?![\w-])")
_NOT_A_CODE = re.compile(r"^(?:[A-Za-z]\d{1,3}|\d{1,2}[hHgG]\d{0,2}|\d{1,2}(?:am|pm|AM|PM))$")  # a ticket, a time


def appointment_code_in(text: str, expected: bool) -> str | None:
    """The booking code in a message, capitals without dashes: a token of letters and digits mixed, or
    typed in capitals; when a code is `expected` (the robot asked for it, or the message says "lịch hẹn"), also
    a message that is one token alone ("k7m3qx")."""
    text = text or ""
    for match in _CODE_RE.finditer(text):
        raw = match.group(1)
        parts = re.split(r"[- ]", raw)
        for token in ([raw] if len(parts) > 1 and all(len(p) == 3 for p in parts) else []) + parts:
            code = re.sub(r"[- ]", "", token)
            if not 4 <= len(code) <= 12 or _NOT_A_CODE.match(code) or not code.isascii():
                continue
            mixed = any(c.isdigit() for c in code) and any(c.isalpha() for c in code)
            if mixed or (code.isupper() and len(code) >= 5) or (expected and len(parts) == 1 and text.strip() == raw):
                return code.upper()
    return None
