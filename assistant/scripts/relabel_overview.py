#!/usr/bin/env python3
"""Applies the sets' labelling convention of 2026-12-06 to question sets (assistant/tests/*.yml).

    relabel_overview.py [--quiet] FILE...

A question about a procedure that asks how, whether or which procedure ("làm thế nào?", "có được không?",
"How do I…?": its only ask_documents cues are vocabulary.yml's `cues: overview:` phrases, and it names no
papers), or asks nothing the vocabulary reads and names no papers, is `procedure_overview`; `ask_documents`
stays for what to bring. A conversation turn after an ask_documents turn that asks nothing of its own keeps
ask_documents (a follow-up). Only `i: ask_documents` → `i: procedure_overview` is ever written.

Writers split on "How do I…?": the older sets said ask_documents, the three written on 2026-12-06 from the
catalogue alone said procedure_overview. Run this on a new set before measuring it, so that its figure counts
what the robot understood, not which of the two labels its writer chose. --quiet prints counts only (held-out
sets: their messages are never looked at). docs/assistant.md, "How do I…?" is the overview.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from actions.intents import asks_how_only  # noqa: E402
from actions.lexicon import Lexicon, default_lexicon  # noqa: E402


def relabel(path: Path, lexicon: Lexicon, quiet: bool) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    changed, previous = 0, None
    for n, line in enumerate(lines):
        if line.strip().startswith("- turns:"):
            previous = None
        if not line.strip().startswith("- {"):
            continue
        item = yaml.safe_load(line.strip()[2:])
        in_conversation = line.startswith("  - {")
        if item.get("i") == "ask_documents" and asks_how_only(
                lexicon, lexicon.scan(item["q"]), in_conversation and previous == "ask_documents"):
            lines[n] = line.replace("i: ask_documents", "i: procedure_overview", 1)
            changed += 1
            if not quiet:
                print("  ->", item["q"])
        previous = item.get("i") if in_conversation else None
    path.write_text("\n".join(lines), encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--quiet", action="store_true", help="counts only")
    args = parser.parse_args(argv)
    lexicon = default_lexicon()
    for path in args.files:
        print(f"{path.name}: {relabel(path, lexicon, args.quiet)} relabelled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
