"""A second opinion on which procedure a message is about: TF-IDF similarity to each procedure's whole
catalogue text (no Rasa import, plain Python).

The facet reader (resolver.py) only sees the phrases of vocabulary.yml. This backoff reads everything the
catalogue and the vocabulary say about a procedure — its Vietnamese and English names, `synonyms`, the extra
aliases of vocabulary.yml, its field's name and every phrase of each facet it has (life events and everyday words
included) — as one bag of features on diacritics-folded text: words, word pairs and
character 4-grams inside words (so "khuyết tật" ≈ "khuyet tat", "registration" ≈ "register"). A message is
compared with every procedure by cosine similarity; words that name many procedures ("giấy", "đăng ký") weigh
little (inverse document frequency). It is used only where the facet reader is unsure: no procedure found,
or two or three about as good (reading.py decides).
"""

from __future__ import annotations

import math
from collections import Counter

from .lexicon import FACET, Lexicon
from .text import normalise

CHAR_N = 4
CHAR_WEIGHT = 0.5  # character n-grams catch spelling, words and pairs carry the meaning
PAIR_WEIGHT = 1.5
SOURCE_WEIGHT = {"name": 2.0, "facet": 2.0, "field": 0.5}  # names and facet phrases alike; the field hints


class Backoff:
    def __init__(self, lexicon: Lexicon, texts: dict[str, dict[str, list[str]]]):
        """texts: procedure id → {source ("name", "facet", "field", "documents"): [texts]}."""
        self.stopwords = lexicon.stopwords
        bags = {pid: self._bag_of(sources) for pid, sources in texts.items()}
        df = Counter(f for bag in bags.values() for f in bag)
        n = len(bags) or 1
        self.idf = {f: math.log((1 + n) / (1 + d)) + 1.0 for f, d in df.items()}
        self.vectors: dict[str, dict[str, float]] = {}
        self.index: dict[str, list[tuple[str, float]]] = {}  # feature → [(pid, weight)]: only shared features cost
        for pid, bag in bags.items():
            vec = self._weigh(bag)
            self.vectors[pid] = vec
            for f, w in vec.items():
                self.index.setdefault(f, []).append((pid, w))

    def _bag_of(self, sources: dict[str, list[str]]) -> Counter:
        bag: Counter = Counter()
        for source, texts in sources.items():
            seen: set[str] = set()
            for text in texts:
                seen.update(self.features(text))
            for f in seen:  # a feature counts once per source: a long list of phrases does not drown the name
                bag[f] += SOURCE_WEIGHT.get(source, 1.0)
        return bag

    def features(self, text: str) -> Counter:
        words = [w for w in normalise(text).split() if w not in self.stopwords and not w.isdigit()]
        out: Counter = Counter()
        for w in words:
            out["w:" + w] += 1.0
            padded = f"_{w}_"
            for i in range(max(1, len(padded) - CHAR_N + 1)):
                out["c:" + padded[i:i + CHAR_N]] += CHAR_WEIGHT
        for a, b in zip(words, words[1:]):
            out[f"p:{a} {b}"] += PAIR_WEIGHT
        return out

    def _weigh(self, bag) -> dict[str, float]:
        vec = {f: (1.0 + math.log(c)) * self.idf.get(f, 0.0) if c >= 1 else c * self.idf.get(f, 0.0)
               for f, c in bag.items() if f in self.idf}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {f: v / norm for f, v in vec.items()}

    def rank(self, text: str, among: list[str] | None = None) -> list[tuple[str, float]]:
        """[(procedure id, cosine similarity)], best first."""
        query = self._weigh(self.features(text))
        scores: Counter = Counter()
        allowed = set(among) if among else None
        for f, qw in query.items():
            for pid, w in self.index.get(f, ()):
                if allowed is None or pid in allowed:
                    scores[pid] += qw * w
        return [(pid, round(s, 4)) for pid, s in scores.most_common()]


def catalogue_texts(lexicon: Lexicon, procedures: list[dict], fields: list[dict], facets_of: dict[str, set[str]],
                    aliases: dict[str, list[str]]) -> dict[str, dict[str, list[str]]]:
    """Each procedure's text by source, from the catalogue and the vocabulary (facets_of: its facets)."""
    phrases = lexicon.phrases_by_label(FACET)
    field_names = {f["id"]: _names(f.get("name", f)) for f in fields}
    out = {}
    for proc in procedures:
        out[proc["id"]] = {
            "name": _names(proc.get("name", proc)) + list(proc.get("synonyms") or []) + aliases.get(proc["id"], []),
            "facet": [p for facet in sorted(facets_of.get(proc["id"], ())) for p in phrases.get(facet, [])],
            "field": field_names.get(proc.get("field_id"), []),
        }
    return out


def _names(name) -> list[str]:
    if isinstance(name, str):
        return [name]
    return [name[k] for k in ("vi", "en") if name.get(k)]
