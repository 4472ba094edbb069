"""The robot's own evaluation set (assistant/tests/visitor_questions.yml), kept apart from the training data,
and the accuracy the robot's reader reaches on it (no Rasa: the reader is what the actions run first; the
wiring through Rasa is checked by test_rasa.py)."""

from __future__ import annotations

import re
import sys
from collections import Counter

import pytest
import yaml
from conftest import ASSISTANT, CATALOGUE

sys.path.insert(0, str(ASSISTANT / "scripts"))
from actions.text import normalise  # noqa: E402
from robot_eval import evaluate, offline_asker  # noqa: E402

QUESTIONS = yaml.safe_load((ASSISTANT / "tests" / "visitor_questions.yml").read_text(encoding="utf-8"))
# Written before tuning (issue 19's hidden kinds); only "dev" may be tuned on, "test" is measured once.
UNSEEN = {half: yaml.safe_load((ASSISTANT / "tests" / f"visitor_questions_unseen_{half}.yml").read_text(encoding="utf-8"))
          for half in ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12",
                       "dev13", "dev14", "dev15", "dev16", "dev17", "dev18", "dev19", "dev20", "dev21", "dev22",
                       "dev23", "dev24", "test", "test2", "test3", "test7", "test8", "test9", "test10", "test11", "test12",
                       "test13", "test14")}
# Many ways of asking the general intents, out of scope, English questions embedding a procedure and context,
# each round written before the reader was changed for it, then tuned on: a regression set (docs/assistant.md).
PROBES = {name: yaml.safe_load((ASSISTANT / "tests" / f"{name}.yml").read_text(encoding="utf-8"))
          for name in ("general_probes", "general_probes2", "general_probes3", "general_probes4", "general_probes5",
                       "general_probes8")}
PROBES_AT_LEAST = 0.95
# Procedure rounds written in the hidden sets' style (branch robot-procedures-2; life situations, robot-life):
# kept apart from the training data and the other sets like the probes; accuracy tracked in docs/assistant.md.
ROUNDS = {name: yaml.safe_load((ASSISTANT / "tests" / f"{name}.yml").read_text(encoding="utf-8"))
          for name in ("procedure_probes2", "life_probes_r8", "life_probes_r9")}
# General-intent rounds written to measure the intent model (branch robot-general-2), never tuned on: kept
# apart like the others and out of the model's examples (test_intent_model.py); figures in docs/assistant.md.
HELD_OUT_PROBES = {name: yaml.safe_load((ASSISTANT / "tests" / f"{name}.yml").read_text(encoding="utf-8"))
                   for name in ("general_probes6", "general_probes7")}
STYLES = {"vi", "no_diacritics", "informal", "en"}
# The issue's bar (docs/assistant.md has today's figures). The set was used while tuning the vocabulary's
# weights and general phrases, so hidden questions score lower: raise these, never lower them.
OVERALL_AT_LEAST = 0.95
STYLE_AT_LEAST = 0.90


def all_items(data: dict = QUESTIONS) -> list[dict]:
    return data["questions"] + [t for c in data["conversations"] for t in c["turns"]]


def every_set_item() -> list[dict]:
    return all_items() + [item for data in [*UNSEEN.values(), *PROBES.values(), *ROUNDS.values(),
                                            *HELD_OUT_PROBES.values()] for item in all_items(data)]


def training_examples() -> set[str]:
    examples = set()
    for path in list((ASSISTANT / "data" / "nlu").glob("*.yml")) + [ASSISTANT / "tests" / "nlu_heldout.yml"]:
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in str(block.get("examples") or "").splitlines():
                text = re.sub(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}", r"\1\2", line.strip().lstrip("- "))
                if text:
                    examples.add(normalise(text))
    return examples


def test_the_set_is_as_large_and_varied_as_the_issue_asks():
    questions = QUESTIONS["questions"]
    assert len(questions) >= 400
    assert {q["s"] for q in all_items()} == STYLES
    catalogue = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    ids = [p["id"] for f in catalogue["fields"] for p in f["procedures"]]
    styles_of = {pid: {q["s"] for q in questions if q.get("p") == pid and q["k"] == "procedure"} for pid in ids}
    assert {pid: s for pid, s in styles_of.items() if s != STYLES} == {}, "every procedure in the 4 styles"
    kinds = Counter(q["k"] for q in questions)
    assert kinds["life"] >= 40 and kinds["general"] + kinds["out_of_scope"] >= 40
    assert kinds["long"] >= 20 and kinds["sibling"] >= 20
    conversations = QUESTIONS["conversations"]
    assert len(conversations) >= 30 and all(2 <= len(c["turns"]) <= 3 for c in conversations)
    switching = [c for c in conversations if len({t.get("p") for t in c["turns"]}) > 1]
    assert len(switching) >= 20, "conversations that change topic"
    assert all(q.get("p") in ids or q.get("p") is None for q in all_items())


def test_no_question_is_a_training_example():
    examples = training_examples()
    assert len(examples) > 1000
    everything = "\n".join(f" {e} " for e in examples)  # a longer question inside an example counts too
    inside = [q["q"] for q in every_set_item() if normalise(q["q"]) in examples
              or len(normalise(q["q"])) > 12 and f" {normalise(q['q'])} " in everything]
    assert inside == []


def test_the_unseen_sets_are_kept_apart_and_valid():
    catalogue = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    ids = {p["id"] for f in catalogue["fields"] for p in f["procedures"]}
    sets = [{normalise(q["q"]) for q in all_items(data)}
            for data in [QUESTIONS, *UNSEEN.values(), *PROBES.values(), *ROUNDS.values(), *HELD_OUT_PROBES.values()]]
    assert sum(len(s) for s in sets[1:len(UNSEEN) + 1]) >= 300
    assert all(not a & b for i, a in enumerate(sets) for b in sets[i + 1:]), "a message in two sets"
    items = [q for data in UNSEEN.values() for q in all_items(data)]
    assert {q["s"] for q in items} == STYLES
    assert all(q.get("p") in ids or q.get("p") is None for q in items)
    assert all(set(q.get("accept") or []) <= ids for q in items)


@pytest.fixture(scope="module")
def report() -> dict:
    return evaluate(QUESTIONS, offline_asker(CATALOGUE))


def test_overall_accuracy(report):
    assert report["overall"]["accuracy"] >= OVERALL_AT_LEAST, report["confusions"][:20]


@pytest.mark.parametrize("style", sorted(STYLES))
def test_accuracy_per_style(report, style):
    assert report["by_style"][style]["accuracy"] >= STYLE_AT_LEAST, [m for m in report["misses"] if m["style"] == style]


@pytest.mark.parametrize("name", sorted(PROBES))
def test_general_intents_asked_many_ways(name):
    probes = PROBES[name]
    catalogue = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    ids = {p["id"] for f in catalogue["fields"] for p in f["procedures"]}
    items = all_items(probes)
    assert {q["s"] for q in items} == STYLES and all(q.get("p") in ids or q.get("p") is None for q in items)
    report = evaluate(probes, offline_asker(CATALOGUE))
    assert report["overall"]["accuracy"] >= PROBES_AT_LEAST, report["misses"]


@pytest.mark.parametrize("name", sorted(HELD_OUT_PROBES))
def test_held_out_probe_rounds_are_valid(name):
    """Measured, not held to a bar: tuning on them would make them one more tuned set."""
    catalogue = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    ids = {p["id"] for f in catalogue["fields"] for p in f["procedures"]}
    items = all_items(HELD_OUT_PROBES[name])
    assert len(items) >= 80 and {q["s"] for q in items} == STYLES
    assert all(q.get("p") in ids or q.get("p") is None for q in items) and all(q.get("i") for q in items)


def test_eval_script_writes_its_json_report(tmp_path):
    import robot_eval

    out = tmp_path / "eval.json"
    assert robot_eval.main(["--catalogue", str(CATALOGUE), "--json", str(out), "--quiet"]) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert set(data["by_style"]) == STYLES and {"procedure", "life", "conversation"} <= set(data["by_kind"])
    assert data["overall"]["asked"] == len(all_items())
    assert {"unseen_dev", "unseen_test"} <= set(data["sets"])
    assert data["sets"]["unseen_test"]["overall"]["asked"] == len(all_items(UNSEEN["test"]))
