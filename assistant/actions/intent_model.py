"""A second opinion on what a message asks, learnt from examples (no Rasa import, plain Python).

The reader (reading.py) recognises general intents — opening hours, counter N, the queue, priority, a
person, out of scope... — by cue patterns, and each fresh round of visitors' wordings found about one in
five that no pattern covered. This model reads a message the way a person compares it with questions seen
before: it finds the labelled examples most like it (k nearest neighbours, cosine similarity of TF-IDF
vectors of words, word pairs and character n-grams inside words, on diacritics-folded text with chat
spellings expanded) and lets them vote, weighted by similarity. A label of the examples is a general intent,
`procedure` (a question about a procedure: the reader's business) or `other` (yes/no, a priority group
answered): the two last ones only hold the model back.

Nearest neighbours rather than a trained linear model: scikit-learn is in Rasa's venv but not in the queue
server's (the offline evaluation runs there), training a linear model in plain Python would take seconds at every
start, and neighbours need no training — building the index of ~2,200 examples takes about 0.3 s — and give
the same answer in both venvs. An inverted index makes a message cost only the features it shares.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .lexicon import MAX_CHARS
from .text import chat_word, fold, strip_diacritics

EXAMPLES = Path(__file__).resolve().parent.parent / "intent_examples.yml"  # scripts/build_intent_examples.py
# The same machinery, labelled by procedure: which procedure a visitor-style question names (reading.py).
PROCEDURE_EXAMPLES = EXAMPLES.with_name("procedure_examples.yml")

NEIGHBOURS = 5
CHAR_SIZES = (3, 4)  # character n-grams inside words: spelling and word forms ("registered" ≈ "register")
CHAR_WEIGHT = 0.4
PAIR_WEIGHT = 1.0
MAX_DF_SHARE = 0.02  # a feature in more examples than this ("toi", "_th") says little and costs the most: left out
NUMBER = "0"  # every number is one word: "quầy số 6" is like "quầy số 2", "A-019" like "B-031"
HOLD_BACK = ("procedure", "other")  # labels that mean "not a general intent": the model then says nothing


@dataclass(frozen=True)
class Guess:
    label: str | None  # a general intent, out_of_scope, or None (a procedure question, or unsure)
    confidence: float = 0.0  # the label's share of the neighbours' similarity-weighted votes
    similarity: float = 0.0  # cosine similarity to the nearest neighbour

    def agrees(self, confidence: float, similarity: float) -> bool:
        return self.confidence >= confidence and self.similarity >= similarity


class IntentModel:
    def __init__(self, examples: list[tuple[str, str]], shorthand: dict[str, str] | None = None,
                 hold_back: tuple[str, ...] = HOLD_BACK):
        """examples: (text, label); shorthand: chat spellings expanded first ("k" → "không"); hold_back: labels
        guessed as None."""
        self.shorthand, self.hold_back = shorthand or {}, hold_back
        bags = [self.features(text) for text, _ in examples]
        self.labels = [label for _, label in examples]
        df = Counter(f for bag in bags for f in bag)
        n = len(bags) or 1
        self.idf = {f: math.log((1 + n) / (1 + d)) + 1.0 for f, d in df.items() if d <= MAX_DF_SHARE * n}
        self.index: dict[str, list[tuple[int, float]]] = {}  # feature → [(example, weight)]
        for i, bag in enumerate(bags):
            for f, w in self._weigh(bag).items():
                self.index.setdefault(f, []).append((i, w))

    def words(self, text: str) -> list[str]:
        out: list[str] = []
        for word in fold(text).split():
            out.extend(strip_diacritics(chat_word(word, self.shorthand)).split())
        return [NUMBER if w.isdigit() else w for w in out]

    def features(self, text: str) -> Counter:
        words = self.words(text)
        out: Counter = Counter()
        for w in words:
            out["w:" + w] += 1.0
            padded = f"_{w}_"
            for size in CHAR_SIZES:
                for i in range(max(1, len(padded) - size + 1)):
                    out["c:" + padded[i:i + size]] += CHAR_WEIGHT
        for a, b in zip(words, words[1:]):
            out[f"p:{a} {b}"] += PAIR_WEIGHT
        return out

    def _weigh(self, bag: Counter) -> dict[str, float]:
        vec = {f: (1.0 + math.log(c) if c >= 1 else c) * self.idf[f] for f, c in bag.items() if f in self.idf}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {f: v / norm for f, v in vec.items()}

    def guess(self, text: str, among: set[str] | None = None) -> Guess:
        """The neighbours' vote; among: only examples with one of these labels take part."""
        scores: Counter = Counter()
        for f, qw in self._weigh(self.features(text[:MAX_CHARS])).items():
            for i, w in self.index.get(f, ()):
                if among is None or self.labels[i] in among:
                    scores[i] += qw * w
        nearest = scores.most_common(NEIGHBOURS)
        if not nearest:
            return Guess(None)
        votes: Counter = Counter()
        for i, similarity in nearest:
            votes[self.labels[i]] += similarity
        label, weight = votes.most_common(1)[0]
        confidence = weight / (sum(votes.values()) or 1.0)
        return Guess(None if label in self.hold_back else label, round(confidence, 3), round(nearest[0][1], 3))


def load_examples(path: Path = EXAMPLES) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8") as f:
        by_label = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    return [(text, label) for label, texts in by_label.items() for text in texts]


@lru_cache(maxsize=4)
def _load(path: str, mtime: float, shorthand: tuple, hold_back: tuple) -> IntentModel:
    return IntentModel(load_examples(Path(path)), dict(shorthand), hold_back)


def default_intent_model(shorthand: dict[str, str] | None = None, path: Path = EXAMPLES) -> IntentModel:
    """The model of intent_examples.yml (built once, again when the file changes)."""
    return _load(str(path), path.stat().st_mtime, tuple(sorted((shorthand or {}).items())), HOLD_BACK)


def default_procedure_model(shorthand: dict[str, str] | None = None, path: Path = PROCEDURE_EXAMPLES) -> IntentModel:
    """The model of procedure_examples.yml: labels are procedure ids, none held back."""
    return _load(str(path), path.stat().st_mtime, tuple(sorted((shorthand or {}).items())), ())
