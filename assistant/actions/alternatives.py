"""What a visitor offers as a guess or denies is not what the visit is about (resolver.py; no Rasa import here).

Two kinds of sibling mix-ups come from words the message says without meaning them:
- **Alternatives asked about**: "…bỏ trống mục dân tộc, ghi thêm vào thì là sửa hay là bổ sung?", "is adding it a
  correction or a supplement?". The visitor does not know the procedure's name and offers two; when one of them is
  also told elsewhere in the message (the blank entry, "ghi thêm"), the other is only the wrong guess. When neither
  is told elsewhere both stay, and the robot asks which.
- **A thing denied**: "chứng thực hợp đồng tặng cho, chứ không phải (làm) di chúc", "…tại một điểm cố định, không
  phải lễ hội", "a gift contract certified, not a will". What is done after a negation is already not said
  (lexicon.py); a thing named right after "không phải" / "not a" at the end of its clause is the sibling the
  visitor rules out, so it is not said either. A thing after a plain negation still is ("không có sổ đỏ" is
  about a land certificate), and so is one the clause goes on about ("không phải mang giấy khai sinh à?").
"""

from __future__ import annotations

from .lexicon import FACET, Scan

OR_WORDS = {"hay", "hoac", "or"}
# words that may stand between the two alternatives besides "hay"/"or": "là sửa hay LÀ (LÀM) bổ sung", "a
# correction or A supplement", "hay PHẢI LÀM THỦ TỤC đăng ký lại"
BETWEEN = {"la", "lam", "phai", "thu", "tuc", "is", "it", "a", "an", "the", "do", "i", "need", "should"}
# ...and the first one asked as a question of its own: "ghi thêm VÔ ĐƯỢC KHÔNG hay phải làm lại" (round 14)
BETWEEN |= {"vao", "vo", "duoc", "khong", "thoi", "nua", "roi", "can", "or"}
MAX_BETWEEN = 6
# "không phải (là) (làm/lập/tổ chức) X", "chứ không phải X", "not (a/an/the) X", "rather than X", "instead of X"
DENIALS = (("khong", "phai"), ("chang", "phai"), ("not",), ("t",), ("rather", "than"), ("instead", "of"))  # "t": don't
DENIAL_FILLERS = {"la", "lam", "lap", "to", "chuc", "di", "xin", "viet", "mot", "cai", "a", "an", "the", "for",
                  "doing", "making", "do", "make", "need", "want",
                  "dien", "thuoc"}  # "không phải (thuộc) diện người có công" (round 15)
MAX_FILLERS = 2
# ...or right after it: "so a copy isn't possible", "a copy is not an option"
DENIED_AFTER = (("isn", "t", "possible"), ("is", "not", "possible"), ("is", "impossible"), ("isn", "t", "an", "option"),
                ("is", "not", "an", "option"), ("is", "no", "longer", "possible"), ("wasn", "t", "possible"),
                ("was", "not", "possible"), ("isn", "t", "available"), ("is", "not", "available"))


def unmeant(scan: Scan, kinds: dict) -> set[int]:
    """ids of the facet hits the visitor does not mean: the wrong guess of two alternatives, a thing denied."""
    hits = [h for h in scan.hits if h.group == FACET and h.label in kinds]
    return _wrong_guesses(scan, hits, kinds) | _denied(scan, hits, kinds)


def offered(scan: Scan, kinds: dict) -> list[tuple[str, str]]:
    """Two alternatives the visitor asks between, neither told elsewhere ("khai sinh thì sửa hay bổ sung?"): the
    robot asks which rather than guess (resolver.py)."""
    hits = [h for h in scan.hits if h.group == FACET and h.label in kinds]
    return [(a.label, b.label) for a, b in _pairs(scan, hits, kinds)
            if not {a.label, b.label} & {h.label for h in hits if h is not a and h is not b}]


def _pairs(scan: Scan, hits: list, kinds: dict):
    for a, b in zip(hits, hits[1:]):
        if a.label == b.label or (kinds[a.label].kind == "object") != (kinds[b.label].kind == "object"):
            continue
        between = scan.words[a.end:b.start]
        if between and len(between) <= MAX_BETWEEN and OR_WORDS & set(between) \
                and all(w in OR_WORDS | BETWEEN for w in between):
            yield a, b


def _wrong_guesses(scan: Scan, hits: list, kinds: dict) -> set[int]:
    out: set[int] = set()
    for a, b in _pairs(scan, hits, kinds):
        pair = {id(a), id(b)}
        told = {h.label for h in hits if id(h) not in pair}
        if a.label in told and b.label not in told:
            out.add(id(b))
        elif b.label in told and a.label not in told:
            out.add(id(a))
    return out


def _denied(scan: Scan, hits: list, kinds: dict) -> set[int]:
    out: set[int] = set()
    words = scan.words
    for hit in hits:
        facet = kinds[hit.label]
        if facet.kind != "object" or facet.weak:
            continue
        if any(tuple(words[hit.end:hit.end + len(d)]) == d for d in DENIED_AFTER):
            out.add(id(hit))
            continue
        if not _ends_clause(scan, hit):
            continue
        start = hit.start
        fillers = 0
        while start > 0 and words[start - 1] in DENIAL_FILLERS and fillers < MAX_FILLERS:
            start -= 1
            fillers += 1
        if any(tuple(words[max(0, start - len(d)):start]) == d for d in DENIALS):
            out.add(id(hit))
    return out


def _ends_clause(scan: Scan, hit) -> bool:
    """The thing is the last of its clause ("…, không phải lễ hội, cần văn bản gì"; "…, not a will.")."""
    if hit.end >= len(scan.words):
        return True
    return scan.clauses[hit.end] != scan.clauses[hit.end - 1] if len(scan.clauses) > hit.end else True
