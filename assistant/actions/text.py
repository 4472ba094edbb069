"""Text helpers shared by the training-data generator and the actions (no Rasa import here).

Visitors type with or without diacritics ("chứng thực" / "chung thuc"), so matching happens on a
normalised form: lower case, diacritics stripped (đ → d), punctuation folded to spaces.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")

# Leading verbs that visitors usually leave out ("Đăng ký khai sinh" → "khai sinh").
_LEADING_VERBS = (
    "đăng ký", "cấp lại", "cấp đổi", "cấp", "giải quyết", "thực hiện, điều chỉnh, thôi hưởng",
    "xác định, xác định lại mức độ", "đổi, cấp lại", "công nhận", "xét duyệt", "hỗ trợ",
)


def strip_diacritics(text: str) -> str:
    """'Đăng ký khai sinh' → 'Dang ky khai sinh'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def fold(text: str) -> str:
    """Lower case, punctuation to spaces, spaces collapsed (diacritics kept)."""
    text = unicodedata.normalize("NFC", text).lower()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text).replace("_", " ")).strip()


def normalise(text: str) -> str:
    """Lower case, no diacritics, no punctuation: the form every match is made in."""
    return fold(strip_diacritics(text))


# Chat spelling writes "i" as "j" inside a word ("khai sjnh", "mjnh", "bjt", "thj"): Vietnamese has no "j", so a
# "j" after a consonant and before a final consonant (or at the word's end) is an "i". "j" alone is "gì"
# (shorthand); English words ("adjust", "major") keep theirs: their "j" starts a syllable.
_CHAT_J = re.compile(r"(?<=[bcdđghklmnpqrstvx])j(?=[nmtcp]|$)")


def chat_word(word: str, shorthand: dict[str, str]) -> str:
    """One folded word as the visitor meant it: "k" → "không", "sjnh" → "sinh"."""
    if word in shorthand:
        return shorthand[word]
    return _CHAT_J.sub("i", word) if "j" in word else word


def has_diacritics(text: str) -> bool:
    return strip_diacritics(text) != text


def derived_names(name: str) -> list[str]:
    """Shorter forms of an official procedure name that visitors actually say.

    'Chứng thực bản sao từ bản chính giấy tờ, văn bản' → ['Chứng thực bản sao từ bản chính giấy tờ'];
    'Đăng ký khai sinh' → ['khai sinh']; quoted words in English names ('sao y') are returned too.
    """
    forms: list[str] = []
    quoted = re.findall(r"'([^']+)'", name)
    base = re.split(r"\s*[(:–]\s*|\s+-\s+", name)[0].strip()
    first_clause = base.split(",")[0].strip()
    for candidate in (base, first_clause):
        lowered = candidate.lower()
        for verb in _LEADING_VERBS:
            if lowered.startswith(verb + " "):
                forms.append(candidate[len(verb) + 1:].strip())
                break
        forms.append(candidate)
    forms.extend(quoted)
    out: list[str] = []
    for form in forms:
        if len(normalise(form)) >= 4 and form.lower() != name.lower() and form not in out:
            out.append(form)
    return out


@dataclass
class Match:
    """Result of looking for procedures in a message."""

    procedure_ids: list[str] = field(default_factory=list)
    field_ids: list[str] = field(default_factory=list)

    @property
    def unique(self) -> str | None:
        return self.procedure_ids[0] if len(self.procedure_ids) == 1 else None


class ProcedureIndex:
    """Finds catalogue procedures (and fields) named in free text.

    Built from the catalogue the queue server publishes (`GET /api/v1/catalogue`) plus optional extra
    aliases (colloquial names, life events). The longest alias found wins; a tie between procedures
    is reported as ambiguous so that the caller asks the visitor which one they mean.
    """

    def __init__(self, procedures: Iterable[dict], fields: Iterable[dict] = (),
                 extra_aliases: dict[str, list[str]] | None = None):
        self.procedures = {p["id"]: p for p in procedures}
        self.fields = {f["id"]: f for f in fields}
        self._aliases: list[tuple[str, str, str, str]] = []  # (normalised, folded, kind, id)
        field_names = {normalise(n) for f in self.fields.values() for n in _names(f.get("name", f))}
        for proc in self.procedures.values():
            for alias in self.aliases_of(proc, (extra_aliases or {}).get(proc["id"], [])):
                if normalise(alias) not in field_names:  # "Đất đai" names a field, not one procedure
                    self._add(alias, "procedure", proc["id"])
        for fld in self.fields.values():
            for alias in _names(fld.get("name", fld)):
                self._add(alias, "field", fld["id"])
        # Longest first: "làm lại khai sinh" must beat "khai sinh".
        self._aliases.sort(key=lambda a: -len(a[0].split()))

    @staticmethod
    def aliases_of(proc: dict, extra: Iterable[str] = ()) -> list[str]:
        names = _names(proc.get("name", proc))
        aliases = list(names)
        for name in names:
            aliases.extend(derived_names(name))
        aliases.extend(proc.get("synonyms") or [])
        aliases.extend(extra)
        seen, out = set(), []
        for alias in aliases:
            key = fold(alias)
            if key and key not in seen:
                seen.add(key)
                out.append(alias)
        return out

    def _add(self, alias: str, kind: str, ident: str) -> None:
        normalised = normalise(alias)
        if normalised:
            self._aliases.append((normalised, fold(alias), kind, ident))

    def find(self, text: str) -> Match:
        norm = f" {normalise(text)} "
        folded = f" {fold(text)} "
        best_len, procs, fields = 0, [], []
        for alias_norm, alias_folded, kind, ident in self._aliases:
            length = len(alias_norm.split())
            if length < best_len:
                break
            if length == 1:
                # One-word aliases ("cưới") must match with their diacritics: "cuoi" may be "cuối".
                hit = f" {alias_folded} " in folded or (alias_folded == alias_norm and f" {alias_norm} " in norm)
            else:
                hit = f" {alias_norm} " in norm
            if hit:
                best_len = length
                target = procs if kind == "procedure" else fields
                if ident not in target:
                    target.append(ident)
        if procs:
            return Match(procedure_ids=procs)
        if fields:
            ids = [p for p in self.procedures if self.procedures[p].get("field_id") in fields]
            return Match(procedure_ids=ids, field_ids=fields)
        return Match()


def _names(name) -> list[str]:
    """Names from {'vi','en'} (API shape) or {'vi','en', ...} (catalogue file shape)."""
    if isinstance(name, str):
        return [name]
    return [name[k] for k in ("vi", "en") if name.get(k)]
