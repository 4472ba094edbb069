"""A reason told in a story is why, not what is asked about (message_facets.py; no Rasa import here).

"Tôi xin phép xây nhà hai tầng, giờ vợ tôi mới sinh thêm đứa nữa nên muốn nâng lên ba tầng… Điều chỉnh có mất
lệ phí không?": the baby is why the house grows; the permit is what is adjusted. A clause followed by one that
opens with "nên" ("so"), or one that opens with "vì" / "because", tells a reason. The things named only there
weigh as the story's (message_facets.BACKGROUND) when the message names another thing outside every reason; a thing
told only in a reason ("sổ đỏ bị mất nên muốn làm lại") is still what the visit is about.
"""

from __future__ import annotations

from .lexicon import Scan

THEREFORE = {"nen", "so"}  # opens the consequence: the clause before it is the reason
BECAUSE = {"vi", "because"}  # opens the reason itself...
ASKING = {"sao", "dau", "gi", "j"}  # ...unless it asks why ("vì sao phải…")


def reason_clauses(scan: Scan) -> set[int]:
    """Numbers of the clauses that tell a reason."""
    clauses = scan.clauses if len(scan.clauses) == len(scan.words) else []
    firsts = {clause: i for i, clause in reversed(list(enumerate(clauses)))}
    opening = {clause: (scan.words[i], scan.words[i + 1] if i + 1 < len(scan.words) else "")
               for clause, i in firsts.items()}
    return {clause for clause, (word, then) in opening.items() if word in BECAUSE and then not in ASKING} \
        | {clause - 1 for clause, (word, _) in opening.items() if word in THEREFORE and clause > 0}


def told_as_reason(scan: Scan, things: list) -> set[int]:
    """ids of the thing hits (facet hits of kind object) named only in a reason, when another thing is named
    outside every reason."""
    reasons = reason_clauses(scan)
    inside = [h for h in things if scan.clause_of(h) in reasons]
    outside = {h.label for h in things if scan.clause_of(h) not in reasons}
    if not inside or not outside:
        return set()
    return {id(h) for h in inside if h.label not in outside}
