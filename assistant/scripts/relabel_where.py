#!/usr/bin/env python3
"""Applies the sets' labelling convention of round 15 to the tuning sets (assistant/tests/*.yml).

    relabel_where.py [FILE...]      (no FILE: every tuning set; the held-out sets are never opened)

"Where do I do/apply/register X" ("làm ở đâu", "đăng ký ở đâu", "xin ở đâu", "nộp ở đâu", "where do I…") asks
where: `ask_counter`. 64 such questions in the sets said so, 16 said `procedure_overview`; this moves those 16
(only `i: procedure_overview` → `i: ask_counter` is ever written). "Where do I start/begin" asks how and stays the
overview. docs/assistant.md, "Labelling conventions".
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ASSISTANT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ASSISTANT))
from actions.text import normalise  # noqa: E402

HELD_OUT = ("_unseen_test", "general_probes6", "general_probes7", "test_stories", "nlu_heldout", "sibling_pairs")
WHERE = re.compile(r"\b(lam|dang ky|dki|dk|xin|nop|bao|khai|ho so|thu tuc)\b[^.?!,]{0,40}\b(o dau|cho nao)\b(?! ca\b)"
                   r"|\bwhere (do|can|should) (i|we|he|she|they) (?!(even )?(start|begin))")


def relabel(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    changed = 0
    for n, line in enumerate(lines):
        question = re.search(r'q: "(.*)"', line)
        if "i: procedure_overview" in line and question and WHERE.search(normalise(question.group(1))):
            lines[n] = line.replace("i: procedure_overview", "i: ask_counter")
            changed += 1
            print(f"{path.name}: {question.group(1)}")
    if changed:
        path.write_text("\n".join(lines), encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ASSISTANT / "tests").glob("*.yml"))
    paths = [p for p in paths if not any(h in p.name for h in HELD_OUT)]
    print(sum(relabel(p) for p in paths), "relabelled")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
