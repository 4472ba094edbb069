#!/usr/bin/env python3
"""Which procedure the reader makes of each minimal pair (assistant/tests/sibling_pairs.yml), group by group.

    sibling_pairs.py [--pairs FILE] [--catalogue FILE] [--misses]

Each message is read fresh (no conversation) as a question about the procedure ("… thì cần gì?" is not
added: the message is read as written). A line per message: ✓ when it names the expected procedure or offers it
among 2-3 choices that include it (marked ?), ✗ with what it named instead. The last line counts them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ASSISTANT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ASSISTANT_DIR))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from actions.lexicon import extra_aliases  # noqa: E402
from actions.reading import Context, Reader  # noqa: E402
from generate_training_data import default_catalogue, load_catalogue  # noqa: E402

PAIRS = ASSISTANT_DIR / "tests" / "sibling_pairs.yml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--catalogue", type=Path, default=None)
    parser.add_argument("--misses", action="store_true", help="print only the messages not named right")
    args = parser.parse_args(argv)
    fields, procedures = load_catalogue(args.catalogue or default_catalogue())
    reader = Reader({"fields": fields, "procedures": procedures}, extra_aliases=extra_aliases())
    groups = yaml.safe_load(args.pairs.read_text(encoding="utf-8"))["groups"]
    right = asked = asking = 0
    for group, expected in groups.items():
        lines = []
        for pid, messages in expected.items():
            for text in messages:
                reading = reader.read(text, Context())
                asked += 1
                if reading.procedure_id == pid:
                    right, mark = right + 1, "✓"
                elif pid in reading.choices:
                    asking, mark = asking + 1, "?"
                else:
                    mark = "✗"
                got = reading.procedure_id or ("?" + "|".join(reading.choices) if reading.choices else "-")
                if mark != "✓" or not args.misses:
                    lines.append(f"  {mark} {pid:<30} {text}" + ("" if mark == "✓" else f"  → {got}"))
        if lines:
            print(f"[{group}]")
            print("\n".join(lines))
    print(f"named right {right}/{asked}, asked among choices {asking}, wrong {asked - right - asking}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
