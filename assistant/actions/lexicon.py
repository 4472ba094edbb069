"""Finds the phrases of assistant/vocabulary.yml in a visitor's message (no Rasa import here).

A message is cut into words (lower case, punctuation folded), chat spellings are expanded ("lm" → "làm"),
then every phrase of the vocabulary — procedure facets, question cues, out-of-scope topics — is looked for,
longest first, and each word is given to one phrase only ("mất bao lâu" is a time question, so its "mất" is
not "lost"). Text typed without diacritics is compared without them; a one-word phrase is compared with its
diacritics when the visitor typed diacritics ("cưới" is not "cuối").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .language import detect
from .text import chat_word, fold as _fold, has_diacritics, normalise, strip_diacritics
from .tones import same_tones


def fold(text: str) -> str:
    """text.fold, with one placement of a tone on an open "oa", "oe", "uy" ("xoá" = "xóa", tones.py)."""
    return _fold(same_tones(text))

VOCABULARY = Path(__file__).resolve().parent.parent / "vocabulary.yml"
FACET = "facet"
CUE = "cue"
ELSEWHERE = "out_of_scope"
MAX_CHARS = 1000  # a visitor's question is shorter; the relay lets 5,000 through, the rest is not read
NEUTRAL = "neutral"  # phrases that only keep their words from shorter phrases ("dịch vụ" is not a translation)
PURPOSE = "purpose"  # "để", "in order to": what follows says why, not what is asked for (resolver.py)
ASIDE = "aside"  # "besides", "ngoài việc": what follows in that clause is set aside, not asked for (resolver.py)
HELD = "held"  # "đã có", "already has": the paper named next is one the visitor holds (resolver.py)
FACILITY = "facility"  # the centre's toilets, parking, wifi...: scanned only on their own (facilities.py)
_CLAUSE_END = re.compile(r"[.?!;,\n]+|\s(?=(?:but|nhưng|nhung|nên|because|vì)\s)")  # where one clause of a long question ends
# Words between a negator and what it denies ("nothing IS lost", "không BỊ mất", "không CẦN PHẢI sao y", "don't
# NEED A photocopy": a sibling named only to say it is not the one), and words that carry a
# denial on to the next circumstance ("not lost OR damaged").
_LINKING = {"is", "was", "are", "were", "been", "be", "bi", "he", "duoc", "da", "phai", "can", "muon", "a", "an",
            "need", "want", "to", "la"}  # "to": "I don't want to close for good" (round 13); "không phải là"
_OR = {"or", "nor", "hay", "hoac"}
_SENTENCE_END = re.compile(r"[.?!\n]+")  # a cue's pattern never runs across it (scan)
_PUNCTUATION = re.compile(r"[.?!;,\n]+")  # a phrase never runs across it: "…bầu tổ trưởng mới, đề nghị…" is no "mới đẻ"


@dataclass(frozen=True)
class Facet:
    name: str
    kind: str  # object | action | qualifier
    implies: tuple[str, ...] = ()
    default: bool = False  # left unsaid by visitors (a first issue): no penalty when a message lacks it
    weak: bool = False  # counts only next to another facet or a question
    explains: tuple[str, ...] = ()  # message facets a procedure with this one is not penalised for
    not_with: tuple[str, ...] = ()  # procedure facets this message facet contradicts ("already has" vs a first issue)
    backgrounds: tuple[str, ...] = ()  # message facets that are only the story next to this one (a death, by an inheritance)
    not_after: tuple[str, ...] = ()  # words after which it is not said ("phải có giấy phép": a requirement, not held)
    bare: tuple[str, ...] = ()  # its phrases that say it only next to a thing in their clause ("mất": died, lost sleep)


@dataclass(frozen=True)
class Hit:
    group: str  # facet | cue | out_of_scope
    label: str
    start: int  # word span [start, end)
    end: int

    @property
    def words(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class _Phrase:
    norm: tuple[str, ...]
    folded: tuple[str, ...]
    group: str
    label: str
    derived: bool = False  # an inflected form of an English phrase (not listed in vocabulary.yml)


@dataclass
class Scan:
    """The words of a message and the phrases found in them."""

    words: list[str]  # normalised (no diacritics)
    hits: list[Hit]
    clauses: list[int] = field(default_factory=list)  # clause number of each word (sentences, commas)
    pieces: list[int] = field(default_factory=list)  # the same cut at punctuation only ("nhung" may be "những")

    def clause_of(self, hit: Hit) -> int:
        return self.clauses[hit.start] if hit.start < len(self.clauses) else 0

    def labels(self, group: str) -> list[str]:
        return [h.label for h in self.hits if h.group == group]

    def uncovered(self) -> list[str]:
        covered = {i for h in self.hits for i in range(h.start, h.end)}
        return [w for i, w in enumerate(self.words) if i not in covered]


_COST_KINDS = {"nhung", "cac", "khoan", "loai", "muc"}  # "mất những khoản phí gì" (_cost_verbs_joined)


class Lexicon:
    def __init__(self, data: dict):
        self.facets: dict[str, Facet] = {}
        self.shorthand = {fold(k): fold(v) for k, v in (data.get("shorthand") or {}).items() if " " not in fold(k)}
        self._by_first: dict[str, list[_Phrase]] = {}
        self._patterns: list[tuple[re.Pattern, str, str]] = []
        self._weak = {name for name, spec in (data.get("facets") or {}).items() if spec.get("weak")}
        explains = {name: list(spec.get("explains") or ()) for name, spec in (data.get("facets") or {}).items()}
        for name, spec in (data.get("facets") or {}).items():  # `explained_by`: the same, written the other way
            for other in spec.get("explained_by") or ():
                explains.setdefault(other, []).append(name)
        for name, spec in (data.get("facets") or {}).items():
            self.facets[name] = Facet(name, spec.get("kind", "object"), tuple(spec.get("implies") or ()),
                                      bool(spec.get("default")), bool(spec.get("weak")), tuple(explains[name]),
                                      tuple(spec.get("not_with") or ()), tuple(spec.get("backgrounds") or ()),
                                      tuple(normalise(str(w)) for w in spec.get("not_after") or ()),
                                      tuple(normalise(str(w)) for w in spec.get("bare") or ()))
            self._add_all(spec, FACET, name)
        cues = dict(data.get("cues") or {})
        self.weak_cues = {normalise(str(c)) for c in cues.pop("weak", None) or []}
        overview = cues.pop("overview", None) or {}  # ask_documents phrases that ask how or whether (reading.py)
        self.overview_cues = {normalise(str(c)) for lang in ("vi", "en", "whole") for c in overview.get(lang) or []}
        for phrase in overview.get("whole") or []:  # the overview's own phrases ("bắt đầu từ đâu"), read as asks
            self._add(str(phrase), CUE, "ask_documents")
        self.paper_words = {normalise(str(c)) for c in overview.get("papers") or []}
        for name, spec in cues.items():
            self._add_all(spec, CUE, name)
        self._add_all(data.get("out_of_scope") or {}, ELSEWHERE, ELSEWHERE)
        self._add_all(data.get("neutral") or {}, NEUTRAL, NEUTRAL)
        self._add_all(data.get("purpose") or {}, PURPOSE, PURPOSE)
        self._add_all(data.get("held") or {}, HELD, HELD)
        self._add_all(data.get("aside") or {}, ASIDE, ASIDE)
        for name, spec in (data.get("facilities") or {}).items():  # never in a reading's scan (its groups)
            self._add_all(spec or {}, FACILITY, name)
        self.cost_verbs = {normalise(str(w)) for w in data.get("cost_verbs") or []}
        negators = data.get("negators") or []
        by_language = negators if isinstance(negators, dict) else {"vi": negators}
        self.negators = {normalise(str(w)) for w in by_language.get("vi") or []}
        # English ones only in an English message: typed without marks, "no" is "nó" (he, it) far more often
        self.english_negators = {normalise(str(w)) for w in by_language.get("en") or []}
        self.stopwords = {normalise(w) for lang in ("vi", "en") for w in (data.get("stopwords") or {}).get(lang, [])}
        self._name_objects_in_actions()
        for phrases in self._by_first.values():
            phrases.sort(key=lambda p: -len(p.norm))

    def _name_objects_in_actions(self) -> None:
        """An action's phrase that names its object ("đổi bản vẽ", "không làm giám hộ nữa", "xóa hộ khẩu") reads
        the object too: the longer phrase takes the words, and the object would be lost with them."""
        objects: dict[tuple[str, ...], set[str]] = {}
        for phrase in (p for ps in self._by_first.values() for p in ps):
            facet = self.facets.get(phrase.label)
            if phrase.group == FACET and facet and facet.kind == "object" and not facet.weak and len(phrase.norm) > 1:
                objects.setdefault(phrase.folded, set()).add(phrase.label)  # "còn sổ" is no "con so" (first child)
        for phrase in [p for ps in self._by_first.values() for p in ps]:
            facet = self.facets.get(phrase.label)
            if phrase.group != FACET or not facet or facet.kind == "object" or len(phrase.norm) < 3:
                continue
            n = len(phrase.folded)
            named = {label for size in range(2, n) for i in range(n - size + 1)
                     for label in objects.get(phrase.folded[i:i + size], ())}
            for label in sorted(named - set(facet.implies)):
                self._by_first[phrase.norm[0]].append(_Phrase(phrase.norm, phrase.folded, FACET, label, phrase.derived))

    def _add_all(self, spec: dict, group: str, label: str) -> None:
        for lang in ("vi", "en"):
            for phrase in spec.get(lang) or []:
                self._add(str(phrase), group, label)
        if group in (FACET, CUE, FACILITY):  # "extending", "issued", "replaces": an English phrase's last word
            # in its other forms
            for phrase in spec.get("en") or []:
                words = str(phrase).split()
                forms = english_forms(words[-1])
                if len(words) > 1 and words[-2].lower() in _DETERMINERS:
                    forms = forms[:1]  # a noun: "the process" → "the processes", never "the processing"
                for form in forms:
                    self._add(" ".join(words[:-1] + [form]), group, label, derived=True)
        for pattern in spec.get("patterns") or []:
            self._patterns.append((re.compile(pattern), group, label))

    def _add(self, phrase: str, group: str, label: str, derived: bool = False) -> None:
        folded = tuple(self._expand(fold(phrase).split()))
        if folded:
            norm = tuple(strip_diacritics(w) for w in folded)
            self._by_first.setdefault(norm[0], []).append(_Phrase(norm, folded, group, label, derived))

    def _expand(self, words: list[str]) -> list[str]:
        out: list[str] = []
        for word in words:
            out.extend(chat_word(word, self.shorthand).split())
        return out

    def scan(self, text: str, groups: tuple[str, ...] = (FACET, CUE, ELSEWHERE)) -> Scan:
        groups = groups + (NEUTRAL, PURPOSE, HELD, ASIDE)
        folded = self._expand(fold(text[:MAX_CHARS]).split())
        norm = strip_diacritics(" ".join(folded)).split()  # one pass over the text, not one per word
        if len(norm) != len(folded):  # a word made of marks alone (never after fold): word by word then
            norm = [strip_diacritics(w) for w in folded]
        accented = has_diacritics(text[:MAX_CHARS])
        # An English message keeps its one-word meaning: "my" is not "Mỹ", "do" is not "đỏ".
        # ...and so does one with a loanword or two typed with marks ("our café", "a phở stall", "my fiancé").
        loans = sum(has_diacritics(w) for w in text[:MAX_CHARS].split()) if accented else 0
        english = loans <= 2 and detect(strip_diacritics(text) if accented else text) == "en"
        marked = [w != n for w, n in zip(folded, norm)] if accented else []
        pieces = self._clauses(text[:MAX_CHARS], len(norm), _PUNCTUATION)
        found: list[tuple[int, int, str, str, int]] = []  # (start, end, group, label, source: pattern 0, phrase 1, form 2)
        for i, word in enumerate(norm):
            for phrase in self._by_first.get(word, ()):
                n = len(phrase.norm)
                if phrase.group not in groups or tuple(norm[i:i + n]) != phrase.norm or pieces[i] != pieces[i + n - 1]:
                    continue
                if n == 1 and folded[i] != phrase.folded[0] and (accented or english or phrase.label in self._weak
                                                                 or len(word) <= 2 or phrase.group == ELSEWHERE):
                    # without diacritics "sap" is "sắp" (about to) as often as "sạp" (a stall), "o" is "ở"; a topic
                    # handled elsewhere needs its marks: "mua" is "mua" (buy) before it is "mưa" (rain)
                    continue
                if n > 1 and accented and any(marked[i + k] and folded[i + k] != phrase.folded[k] for k in range(n)):
                    continue  # a word typed with its marks is that word: "đòi giấy" (asks for a paper) is not "đổi giấy"
                found.append((i, i + n, phrase.group, phrase.label, 2 if phrase.derived else 1))
        joined = " ".join(norm)
        sentences: list[int] = []  # sentence of each word, cut only when a priority pattern needs it
        for pattern, group, label in self._patterns:
            if group in groups:
                for m in pattern.finditer(joined):
                    # a group named `free` leaves its words to other phrases: "mediation (with my neighbour about
                    # our boundary) didn't work" is the chairman's, the boundary still a dispute
                    free = m.span("free") if "free" in pattern.groupindex and (m.group("free") or "").strip() else None
                    for a, b in ((m.start(), free[0]), (free[1], m.end())) if free else ((m.start(), m.end()),):
                        start, n = joined[:a].count(" "), len(joined[a:b].split())
                        if n and label == "priority" and not sentences:
                            sentences = self._clauses(text[:MAX_CHARS], len(norm), _SENTENCE_END)
                        if n and not (label == "priority" and sentences[start] != sentences[start + n - 1]):
                            # a question's words stay in one sentence: "…pick up my kids at five. How many people
                            # are still ahead of me?" is no priority for children
                            # a facet's pattern reads its words before a phrase of the same length does
                            found.append((start, start + n, group, label, 0 if group == FACET else 1))
        hits: list[Hit] = []
        taken: set[int] = set()
        spans: dict[tuple[int, int, str], int] = {}  # span taken → the source of its reading
        for start, end, group, label, source in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0], f[4])):
            if not taken.intersection(range(start, end)):
                taken.update(range(start, end))
                spans[(start, end, group)] = source
                hits.append(Hit(group, label, start, end))
            elif group == FACET and source < 2 and spans.get((start, end, group)) == source \
                    and Hit(group, label, start, end) not in hits:
                # one phrase, two facets: "cắt khẩu" removes a residence (not "combined", a form of "combine"; a
                # pattern's reading of the words comes first and alone: "mediation … failed" is the chairman's)
                hits.append(Hit(group, label, start, end))
        hits.sort(key=lambda h: h.start)
        hits = self._not_negated(norm, self._cost_verbs_joined(norm, hits), english, pieces)
        return Scan(norm, hits, self._clauses(text[:MAX_CHARS], len(norm)), pieces)

    def _clauses(self, text: str, count: int, ends: re.Pattern = _CLAUSE_END) -> list[int]:
        """Clause number of each word: a long question tells its story first and asks last."""
        out: list[int] = []
        for number, part in enumerate(ends.split(text)):
            out.extend([number] * len(self._expand(fold(part).split())))
        return out if len(out) == count else [0] * count

    def _not_negated(self, words: list[str], hits: list[Hit], english: bool = False,
                     pieces: list[int] | None = None) -> list[Hit]:
        """"chứ không dẹp luôn", "không bị mất", "nothing on it isn't wrong": what is done or a circumstance right
        after a negation is not said (a thing is: "không có sổ đỏ" is still about a land certificate). A negation
        never runs across punctuation: "làm ăn không được, đóng cửa hẳn luôn" closes the shop (round 13)."""
        negators = self.negators | self.english_negators if english else self.negators
        # a negator ending a cue still denies what follows ("ghi thêm thôi không sửa gì": "thôi không" changes mind)
        covered = {i for h in hits for i in range(h.start, h.end)} - \
            {h.end - 1 for h in hits if h.group == CUE and words[h.end - 1] in negators}

        def word_before(i: int) -> str | None:
            # never across punctuation: "làm ăn không được, đóng cửa hẳn luôn" closes the shop
            if pieces and 0 < i < len(pieces) and pieces[i - 1] != pieces[i]:
                return None
            return words[i - 1] if i > 0 and i - 1 not in covered else None

        def negated(start: int, links: int = 2) -> bool:
            """A negator right before, or before one or two linking words ("nothing is lost", "không cần phải
            sao y", "I don't need a photocopy")."""
            before = word_before(start)
            if before == "ai":  # "không (có) ai là người nước ngoài": nobody is (robot-long15)
                return negated(start - (2 if word_before(start - 1) == "co" else 1), links)
            return before in negators or links > 0 and before in _LINKING and negated(start - 1, links - 1)

        kept: list[Hit] = []
        denied_until = -1  # "nothing is lost or wrong", "không mất hay rách": the negation runs through "or"
        for h in hits:
            facet = self.facets.get(h.label) if h.group == FACET else None
            if facet is None:
                if h.group == NEUTRAL and any(w in negators for w in words[h.start:h.end]):
                    denied_until = h.end - 1  # a denial the vocabulary lists whole: "not lost (or damaged)"
                kept.append(h)
                continue
            if facet.kind != "object" and (negated(h.start) or h.start - 2 == denied_until
                                           and words[h.start - 1] in _OR):
                denied_until = h.end - 1
                continue
            if word_before(h.start) in facet.not_after:
                continue
            kept.append(h)
        return kept

    def _cost_verbs_joined(self, words: list[str], hits: list[Hit]) -> list[Hit]:
        """"mất (khoảng) bao lâu", "tốn nhiêu": a cost verb before a time or fee question is part of it, not a
        lost paper."""
        questions = [h.start for h in hits if h.group == CUE and h.label in ("ask_fee", "ask_processing_time")]
        # ...and "mất những khoản phí gì", "tốn các loại phí nào": the kinds of cost listed between (round 15)
        return [h for h in hits if not (h.group == FACET and h.words == 1 and words[h.start] in self.cost_verbs
                                        and any(0 < q - h.start <= 2 or 0 < q - h.start <= 3 and set(
                                            words[h.start + 1:q]) <= _COST_KINDS for q in questions))]

    def phrases_by_label(self, group: str) -> dict[str, list[str]]:
        """The vocabulary's phrases of one group by label (diacritics kept), for the backoff (backoff.py)."""
        out: dict[str, list[str]] = {}
        for phrases in self._by_first.values():
            for p in phrases:
                if p.group == group and not p.derived:
                    out.setdefault(p.label, []).append(" ".join(p.folded))
        return out

    def facet_set(self, labels) -> set[str]:
        """Facets with what they imply ("lost" → "reissue")."""
        out: set[str] = set()
        todo = [label for label in labels if label in self.facets]
        while todo:
            name = todo.pop()
            if name not in out:
                out.add(name)
                todo.extend(i for i in self.facets[name].implies if i in self.facets)
        return out


_DETERMINERS = {"the", "a", "an", "my", "our", "your", "his", "her", "their", "this", "that", "its"}


def english_forms(word: str) -> list[str]:
    """Other forms of an English verb or noun ("extend" → extends, extended, extending; "modify" → modified,
    "stop" → stopped); none for short words. A form English does not have is harmless: it never matches."""
    if len(word) < 4 or not word.isalpha() or not word.isascii():
        return []
    if word.endswith(("ing", "ed")):
        return []
    if word[-1] == "y" and word[-2] not in "aeiou":  # modify → modifies, modified, modifying
        return [word[:-1] + "ies", word[:-1] + "ied", word + "ing"]
    stem = word[:-1] if word.endswith("e") else word
    forms = [word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s"), stem + "ed", stem + "ing"]
    if word[-1] not in "aeiouwxy" and word[-2] in "aeiou" and word[-3] not in "aeiou":  # stop → stopped
        forms += [word + word[-1] + "ed", word + word[-1] + "ing"]
    return forms


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Lexicon:
    with open(path, encoding="utf-8") as f:
        return Lexicon(yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {})


def default_lexicon(path: Path = VOCABULARY) -> Lexicon:
    """The vocabulary file's lexicon, reloaded when the file changes."""
    return _load(str(path), path.stat().st_mtime)


def extra_aliases(path: Path = VOCABULARY) -> dict[str, list[str]]:
    """vocabulary.yml's `vi:`/`en:` lists: more names of a procedure, by catalogue id."""
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except OSError:
        return {}
    extra: dict[str, list[str]] = {}
    for lang in ("vi", "en"):
        for pid, aliases in (data.get(lang) or {}).items():
            extra.setdefault(pid, []).extend(aliases)
    return extra
