"""Which language to answer in: Vietnamese unless the visitor's message looks English."""

from __future__ import annotations

from .text import fold, has_diacritics

# Frequent words of questions typed without diacritics ("lam giay khai sinh o quay nao").
_VI = set("""lam o quay nao bao nhieu khong giay toi em anh chi can gi phi tien mat lau so lay cho hoi thu tuc
dang ky con ban sao co duoc may gio ngay thi the va cua nguoi xin chao cam on di dau roi chua nua ad oi vay nhe
voi nha ho dat sinh khai ket hon chung thuc bo me vo chong ba ong be muon phai nhan ket qua tam tru cuoi lan
minh mo cua chieu sang trua nghi uu tien gia khuyet tat bau""".split())
_EN = set("""the an is are what where how much which do does i my for to of can you please counter fee ticket number
need want long take when open hello hi thanks thank bye goodbye documents document copy certified birth certificate
it about there get go pay cost costs free day days people ahead me wait queue priority elderly pregnant disabled
yes no help human staff hours time register registration marriage death land am have with from in on at be""".split())


def detect(text: str, previous: str | None = None) -> str:
    """'vi' or 'en' for one message; button payloads ('/intent{...}') keep the previous language."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return previous or "vi"
    if has_diacritics(text):
        return "vi"
    words = fold(text).split()
    en = sum(w in _EN for w in words)
    vi = sum(w in _VI for w in words)
    if en > vi:
        return "en"
    if vi > en:
        return "vi"
    return previous or "vi"
