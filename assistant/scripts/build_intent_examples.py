#!/usr/bin/env python3
"""Writes assistant/intent_examples.yml and procedure_examples.yml, the labelled examples of the intent model
and of the procedure model (actions/intent_model.py).

    build_intent_examples.py [--check]

The examples are what the project already has, written the way visitors ask and tuned on already: the sets in
SETS below (general-intent probes, visitor_questions.yml, the unseen *dev* sets, probe rounds with general
questions) and, for the procedure model only, those in PROCEDURE_SETS (rounds of procedure questions), plus the
general intents of the generated NLU data (assistant/data/nlu/general.yml). Each message's label is its expected
intent when that is a general one (opening_hours, counter_location, queue_position, priority, human_handoff,
ask_nearby, take_ticket, appointment_checkin, greet, thanks, goodbye, out_of_scope), `procedure` for a question
about a procedure (documents, fee, time, counter, an overview), `other` for the NLU's yes/no and priority-group
answers. Held-out sets are never read: the unseen *test* sets and the probe rounds written to measure this model
(general_probes6.yml, general_probes7.yml).
Procedure examples: every question (not a conversation's turn: a follow-up names nothing) of those sets and
of the procedure probes that expects one procedure, labelled with it, and the sibling pairs' minimal pairs.
robot_eval.py --exclude-examples FILE builds them without one set, to measure the model on it fairly.
--check exits 1 when a committed file is not what the sources give (tests/assistant/test_intent_model.py).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ASSISTANT_DIR = Path(__file__).resolve().parent.parent
TESTS = ASSISTANT_DIR / "tests"
OUTPUT = ASSISTANT_DIR / "intent_examples.yml"
SETS = [TESTS / f"general_probes{n}.yml" for n in ("", "2", "3", "4", "5", "8", "8b")] + [TESTS / "visitor_questions.yml"] + [
    TESTS / f"visitor_questions_unseen_dev{n}.yml" for n in ("", "2", "3", "4", "5", "6", "7", "8", "9", "10")] + [TESTS / "life_probes_r8.yml"]
SETS += [TESTS / "english_probes_r8.yml", TESTS / "english_probes_r8b.yml"]  # English visitors (robot round 8)
SETS += [TESTS / "informal_probes_r9.yml"]  # chat spelling and regional words, general ones too (round 9)
SETS += [TESTS / "asks_probes_r10.yml"]  # what is asked (same day, where, tickets vs the queue), round 10
SETS += [TESTS / "asks_probes_r11.yml"]  # money received, deadlines, the queue after a story, where to start (round 11)
SETS += [TESTS / "land_probes_r10.yml"]  # land/building/HKD/certification/school/belief siblings, out of scope near them (round 10)
SETS += [TESTS / "visitor_questions_unseen_dev11.yml"]  # life situations and long stories, general ones too (round 12)
SETS += [TESTS / "visitor_questions_unseen_dev14.yml"]  # city life and siblings, general questions too (round 12)
SETS += [TESTS / "visitor_questions_unseen_dev13.yml"]  # informal typing, abbreviations, siblings (round 12)
SETS += [TESTS / "asks_probes_r12.yml"]  # a fee in everyday words, "kiểu gì", which permits (round 12)
SETS += [TESTS / "visitor_questions_unseen_dev12.yml", TESTS / "english_probes_r12.yml"]  # English, general, out of scope (round 12)
SETS += [TESTS / "asks_probes_r13.yml"]  # money received, fines, facilities, general asks (round 13)
SETS += [TESTS / f"visitor_questions_unseen_dev{n}.yml" for n in ("15", "16", "17", "18")]  # fresh sets (rounds 13, 14)
SETS += [TESTS / "which_probes_r14.yml"]  # Central and Southern stories, which procedure; rent as out of scope (round 14)
SETS += [TESTS / "english_probes_r14.yml"]  # foreign spouses in English, the procedure inside a counter/paper/fee/time question (round 14)
SETS += [TESTS / "english_probes_r15.yml"]  # English how/which, partners by city, waits, residence, translation (round 15)
SETS += [TESTS / "visitor_questions_unseen_dev19.yml"]  # English visitors, general questions too (round 15)
SETS += [TESTS / "visitor_questions_unseen_dev20.yml"]  # life situations and long stories, mostly Vietnamese (round 15)
SETS += [TESTS / "long_probes_r15.yml"]  # a queue told before another ask, story words, follow-ups (robot-long15)
SETS += [TESTS / "visitor_questions_unseen_dev21.yml"]  # long questions and conversations that switch (round 15)
SETS += [TESTS / "english_probes_r15b.yml"]  # English everyday names of papers, life events, a person at a desk (round 15)
SETS += [TESTS / "visitor_questions_unseen_dev22.yml"]  # English from visitors other than the usual expat (round 15)
SETS += [TESTS / "visitor_questions_unseen_dev23.yml"]  # life situations and long stories, regional words (round 16)
SETS += [TESTS / "visitor_questions_unseen_dev24.yml"]  # English: procedures inside asks, siblings, life stories (round 16)
PROCEDURE_OUTPUT = ASSISTANT_DIR / "procedure_examples.yml"
# Sets of procedure questions only: examples of the procedure model, not of the intent model (as "procedure"
# examples by the hundred they would outvote general questions worded alike: "người tàn tật có được làm nhanh không";
# long questions' many words made neighbours of short general ones: "Do veterans have to line up?").
PROCEDURE_SETS = SETS + [TESTS / "procedure_probes.yml", TESTS / "procedure_probes2.yml", TESTS / "words_probes_r8.yml",
                         TESTS / "long_probes_r8.yml"]
PROCEDURE_SETS += [TESTS / "life_probes_r9.yml"]  # life situations, round 9: procedure questions only
PROCEDURE_SETS += [TESTS / "siblings_probes_r9.yml"]  # siblings, mostly typed without marks (robot round 9)
PROCEDURE_SETS += [TESTS / "family_probes_r10.yml"]  # civil status, family, merit, told as stories (round 10)
PROCEDURE_SETS += [TESTS / "civil_probes_r11.yml"]  # which civil-status, family, allowance procedure (round 11)
# which contract/land/HKD sibling (round 11): as `procedure` examples of the intent model its questions outvote
# general ones worded alike ("Do I need to register it here?" next to "Do veterans have to line up?")
PROCEDURE_SETS += [TESTS / "land_probes_r11.yml"]
PROCEDURE_SETS += [TESTS / "life_probes_r12.yml"]  # life stories, round 12: procedure questions only
PROCEDURE_SETS += [TESTS / "city_probes_r12.yml"]  # a side detail, everyday words, guardianship/care/HKD siblings (round 12)
PROCEDURE_SETS += [TESTS / "informal_probes_r12.yml"]  # the form or paper asked for: "tờ khai gì", "kèm theo gì" (round 12)
PROCEDURE_SETS += [TESTS / "stories_probes_r13.yml"]  # life events in everyday words, the clause that says what happened (round 13)
PROCEDURE_SETS += [TESTS / "siblings_probes_r13.yml"]  # siblings offered, denied, ended, never registered (round 13)
PROCEDURE_SETS += [TESTS / "stories_probes_r15.yml"]  # shops paused, houses rebuilt, papers lost, merit and martyrs (round 15)
SIBLING_PAIRS = TESTS / "sibling_pairs.yml"
GENERATED = ASSISTANT_DIR / "data" / "nlu" / "general.yml"
GENERAL = ("opening_hours", "counter_location", "queue_position", "priority", "human_handoff", "ask_nearby",
           "take_ticket", "appointment_checkin", "greet", "thanks", "goodbye", "out_of_scope")
# The generated NLU's other intents: what they mean to the intent model.
NLU_LABELS = {"choose_priority": "other", "affirm": "other", "deny": "other", "inform_field": "procedure"}
_MARKUP = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")

sys.path.insert(0, str(ASSISTANT_DIR))
from actions.text import normalise  # noqa: E402


def label_of(item: dict) -> str | None:
    intent = item.get("i")
    if intent in GENERAL:
        return intent
    if intent is None and not (item.get("p") or item.get("accept")):
        return None  # nothing expected of it
    return "procedure"


def set_examples(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data["questions"] + [t for c in data.get("conversations") or [] for t in c["turns"]]
    return [(item["q"], label) for item in items if (label := label_of(item))]


def generated_examples(path: Path = GENERATED) -> list[tuple[str, str]]:
    out = []
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
        label = NLU_LABELS.get(block.get("intent"), block.get("intent"))
        if label not in GENERAL + ("procedure", "other"):
            continue
        for line in str(block.get("examples") or "").splitlines():
            text = _MARKUP.sub(r"\1\2", line.strip().removeprefix("- ").strip())
            if text:
                out.append((text, label))
    return out


def examples(exclude: str | None = None) -> dict[str, list[str]]:
    """label → texts, each text once (folded); a text given two labels keeps the first, a set's; `exclude`: a
    set's file name left out."""
    seen: set[str] = set()
    out: dict[str, list[str]] = {}
    for text, label in [e for path in SETS if path.name != exclude for e in set_examples(path)] + generated_examples():
        key = normalise(text)
        if key and key not in seen:
            seen.add(key)
            out.setdefault(label, []).append(text)
    return {label: out[label] for label in sorted(out)}


def procedure_examples(exclude: str | None = None) -> dict[str, list[str]]:
    """procedure id → texts, each text once (folded); `exclude`: a set's file name left out."""
    pairs = []
    for path in PROCEDURE_SETS:
        if path.name != exclude:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            pairs += [(item["q"], item["p"]) for item in data["questions"] if item.get("p")]
    if SIBLING_PAIRS.name != exclude:
        groups = yaml.safe_load(SIBLING_PAIRS.read_text(encoding="utf-8"))["groups"]
        pairs += [(text, pid) for group in groups.values() for pid, texts in group.items() for text in texts]
    seen: set[str] = set()
    out: dict[str, list[str]] = {}
    for text, label in pairs:
        key = normalise(text)
        if key and key not in seen:
            seen.add(key)
            out.setdefault(label, []).append(text)
    return {label: out[label] for label in sorted(out)}


def render(by_label: dict[str, list[str]], model: str = "intent") -> str:
    header = ("# Generated by assistant/scripts/build_intent_examples.py: do not edit (edit the sets it reads).\n"
              f"# The {model} model's labelled examples (actions/intent_model.py).\n")
    return header + yaml.safe_dump(by_label, allow_unicode=True, sort_keys=False, width=1000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the committed file is out of date")
    args = parser.parse_args(argv)
    stale = 0
    for output, text in ((OUTPUT, render(examples())), (PROCEDURE_OUTPUT, render(procedure_examples(), "procedure"))):
        if args.check:
            if (output.read_text(encoding="utf-8") if output.exists() else "") != text:
                print(f"{output} is out of date: run {Path(__file__).name}", file=sys.stderr)
                stale = 1
            continue
        output.write_text(text, encoding="utf-8")
        counts = {label: len(texts) for label, texts in yaml.safe_load(text).items()}
        print(f"wrote {output}: {sum(counts.values())} examples in {len(counts)} labels")
    return stale


if __name__ == "__main__":
    sys.exit(main())
