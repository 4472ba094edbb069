"""Which language to answer in: Vietnamese unless the visitor's message looks English — or neither
('other': French, German, Chinese..., answered in both Vietnamese and English)."""

from __future__ import annotations

import unicodedata

from .text import fold, has_diacritics

OTHER = "other"

# Frequent words of questions typed without diacritics ("lam giay khai sinh o quay nao").
_VI = set("""lam o quay nao bao nhieu khong giay toi em anh chi can gi phi tien mat lau so lay cho hoi thu tuc
dang ky con ban sao co duoc may gio ngay thi the va cua nguoi xin chao cam on di dau roi chua nua ad oi vay nhe
voi nha ho dat sinh khai ket hon chung thuc bo me vo chong ba ong be muon phai nhan ket qua tam tru cuoi lan
minh mo cua chieu sang trua nghi uu tien gia khuyet tat bau""".split())
_EN = set("""the an is are what where how much which do does i my for to of can you please counter fee ticket number
need want long take when open hello hi thanks thank bye goodbye documents document copy certified birth certificate
it about there get go pay cost costs free day days people ahead me wait queue priority elderly pregnant disabled
yes no help human staff hours time register registration marriage death land am have with from in on at be
tell joke weather passport licence license driving divorce tax income gold price apply this that your who why we
good morning afternoon evening cheers been called none regular over veteran yeah correct sure nope cancel never
mind""".split())
# Frequent words of French, German and Spanish questions that are neither English nor Vietnamese typed
# without diacritics ("le", "de", "la" are: lệ, để, là).
_OTHER = set("""bonjour bonsoir salut merci où est sont pour une les des vous je suis voudrais veux avez
combien quel quelle quand guichet acte naissance mariage décès papiers documents prix coûte
trouve faire aide plaît madame monsieur avec dans sur hallo guten tag wo ist der das und ich bitte danke
brauche möchte wie viel kostet nicht ein eine einen schalter geburtsurkunde hola buenos buenas dónde donde
gracias por favor cuánto cuanto cuesta necesito quiero ventanilla certificado nacimiento""".split()) - _EN

# Marks Vietnamese puts on letters (NFD): tones (grave, acute, tilde, hook, dot below), breve, circumflex, horn.
_VI_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0306", "\u0302", "\u031b"}


def _foreign_letters(text: str) -> bool:
    """Letters Vietnamese and English never use: another script (汉字, кириллица, ไทย) or Latin letters such
    as ç ü ß ñ œ."""
    for ch in text:
        if ch.isascii() or ch in "đĐ" or not ch.isalpha():
            continue
        base, *marks = unicodedata.normalize("NFD", ch)
        if not base.isascii() or base.lower() not in "aeiouy" or any(m not in _VI_MARKS for m in marks):
            return True
    return False


def detect(text: str, previous: str | None = None) -> str:
    """'vi', 'en' or 'other' for one message; button payloads ('/intent{...}') keep the previous language."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return previous or "vi"
    if _foreign_letters(text):
        return OTHER
    words = fold(text).split()
    other = sum(w in _OTHER for w in words)
    if has_diacritics(text):
        accented = sum(has_diacritics(w) and w not in _OTHER for w in words)
        return OTHER if other > accented + sum(w in _VI for w in words) else "vi"
    en = sum(w in _EN for w in words)
    vi = sum(w in _VI for w in words)
    if other > max(en, vi):
        return OTHER
    if en > vi:
        return "en"
    if vi > en:
        return "vi"
    return previous or "vi"
