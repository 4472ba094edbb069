#!/usr/bin/env python3
"""`make robot-eval`: how often the robot is right on assistant/tests/visitor_questions.yml.

    robot_eval.py [--catalogue FILE] [--questions FILE] [--exclude-examples FILE] [--live URL] [--json FILE] [--quiet]

Without --questions it also reports the unseen sets (visitor_questions_unseen_dev.yml, _dev2 to _dev24, _test,
_test2, _test3, _test7, _test8, _test9, _test10, _test11, _test12, _test13, _test14: written before tuning; only the dev sets may be tuned on; dev6, dev7 and dev8
were held out as test4, test5 and test6 until 2026-12-06) under "sets" in the JSON and in short on screen.
--questions FILE measures one set alone, e.g. a round of general probes
(general_probes.yml, _2 to _5: tuned on; general_probes6.yml, general_probes7.yml: held out, never tuned on).

Offline (default, seconds, no Rasa): every message goes through the robot's own reader
(actions/reading.py, the code the actions run before answering) with the conversation's context kept the
way the actions keep it (slot `procedure`, the last question). --live URL sends the same messages through
the queue server's relay (POST URL/api/v1/assistant/messages) to the running Rasa + actions instead, and
reads the reply's `intent`, `procedure_id` and `choices`.

A question is right when the reply's intent is the expected one (when one is given) and it names the
expected procedure (null: none), or — for `accept:` — names one of them or offers one of them as a choice.
Prints the accuracy overall, per style and per kind, the confusions; writes the JSON report.
--exclude-examples NAME (a set's file name, e.g. procedure_probes2.yml) builds the procedure and intent models'
examples without that set, so that the set measures the model as a fresh one would (cross-validation by set).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ASSISTANT_DIR = Path(__file__).resolve().parent.parent
ROOT = ASSISTANT_DIR.parent
QUESTIONS = ASSISTANT_DIR / "tests" / "visitor_questions.yml"
UNSEEN = {"unseen_dev": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev.yml",
          "unseen_dev2": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev2.yml",
          "unseen_dev3": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev3.yml",
          "unseen_dev4": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev4.yml",
          "unseen_dev5": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev5.yml",
          "unseen_dev6": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev6.yml",
          "unseen_dev7": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev7.yml",
          "unseen_dev8": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev8.yml",
          "unseen_dev9": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev9.yml",
          "unseen_dev10": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev10.yml",
          "unseen_dev11": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev11.yml",
          "unseen_dev12": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev12.yml",
          "unseen_dev13": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev13.yml",
          "unseen_dev14": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev14.yml",
          "unseen_dev15": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev15.yml",
          "unseen_dev16": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev16.yml",
          "unseen_dev17": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev17.yml",
          "unseen_dev18": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev18.yml",
          "unseen_dev19": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev19.yml",
          "unseen_dev20": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev20.yml",
          "unseen_dev21": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev21.yml",
          "unseen_dev22": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev22.yml",
          "unseen_dev23": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev23.yml",
          "unseen_dev24": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_dev24.yml",
          "unseen_test": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_test.yml",
          "unseen_test2": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_test2.yml",
          "unseen_test3": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_test3.yml",
          "unseen_test7": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_test7.yml",
          "unseen_test8": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_test8.yml",
          "unseen_test9": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_test9.yml",
          "unseen_test10": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_test10.yml",
          "unseen_test11": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_test11.yml",
          "unseen_test12": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_test12.yml",
          "unseen_test13": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_test13.yml",
          "unseen_test14": ASSISTANT_DIR / "tests" / "visitor_questions_unseen_test14.yml"}
sys.path.insert(0, str(ASSISTANT_DIR))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from actions.reading import NEARBY, PROCEDURE_QUESTIONS, Context, Reader  # noqa: E402
from actions.intent_model import IntentModel  # noqa: E402
from actions.lexicon import extra_aliases  # noqa: E402
from build_intent_examples import examples as intent_examples, procedure_examples  # noqa: E402
from generate_training_data import default_catalogue, load_catalogue  # noqa: E402


def reply_of(reader: Reader, redirects: set[str], text: str, context: Context) -> dict:
    """The reply the actions give for this reading (intent, procedure_id, choices), context updated."""
    reading = reader.read(text, context)
    intent = reading.intent or "nlu_fallback"
    if intent == "inform_procedure":
        intent = "procedure_overview"
    pid = reading.procedure_id
    if pid in redirects and intent in PROCEDURE_QUESTIONS + ("procedure_overview", NEARBY):
        intent = "out_of_scope"
    if reading.intent not in PROCEDURE_QUESTIONS + ("inform_procedure", NEARBY):
        pid = None
    if pid:
        context.procedure_id = pid
    # as the actions (turn.last_question): "còn X thì sao?" repeats only the robot's last answer, and an answer
    # about the opening hours or the queue in between is no question about a procedure (robot-long15)
    context.question = reading.intent if reading.intent in PROCEDURE_QUESTIONS else None
    return {"intent": intent, "procedure_id": pid, "choices": reading.choices[:3] if not pid else []}


class LiveRobot:
    def __init__(self, url: str):
        import requests

        self.session, self.url = requests.Session(), url.rstrip("/") + "/api/v1/assistant/messages"

    def ask(self, text: str, sender: str) -> dict:
        replies = self.session.post(self.url, json={"sender": sender, "text": text}, timeout=30).json()["replies"]
        last = next((r for r in reversed(replies) if r.get("intent")), replies[-1])
        return {"intent": last.get("intent"), "procedure_id": last.get("procedure_id"),
                "choices": [c.get("procedure_id") for c in last.get("choices") or []]}


def names_the_procedure(item: dict, reply: dict) -> bool | None:
    """For a question about a procedure: is the procedure right and the reply about it, whatever kind of
    question (documents, fee, time, counter, overview) it answered? None for other questions. Writers label
    "how do I…?" as the documents or the overview; this figure does not depend on that choice."""
    if not (item.get("p") or item.get("accept")) or item.get("i") not in PROCEDURE_INTENTS + (None,):
        return None
    return is_right({k: v for k, v in item.items() if k != "i"}, reply) and reply["intent"] in PROCEDURE_INTENTS + ("out_of_scope",)


def is_right(item: dict, reply: dict) -> bool:
    if item.get("i") and not item.get("skip_intent") and reply["intent"] != item["i"]:
        return False
    if "accept" in item:
        return reply["procedure_id"] in item["accept"] or bool(set(reply["choices"]) & set(item["accept"]))
    return reply["procedure_id"] == item.get("p") and (item.get("p") is not None or not reply["choices"])


def evaluate(data: dict, ask) -> dict:
    """ask(text, conversation_key) → reply dict; a new key starts a new conversation."""
    rows = []
    for n, item in enumerate(data["questions"]):
        reply = ask(item["q"], f"q{n}")
        rows.append({**item, "reply": reply, "right": is_right(item, reply), "named": names_the_procedure(item, reply),
                     "conversation": None})
    for n, conv in enumerate(data["conversations"]):
        for turn_no, item in enumerate(conv["turns"]):
            reply = ask(item["q"], f"c{n}")
            rows.append({**item, "k": "conversation", "reply": reply, "right": is_right(item, reply),
                         "named": names_the_procedure(item, reply),
                         "conversation": n, "turn": turn_no})
    return report(rows, data)


PROCEDURE_INTENTS = ("ask_documents", "ask_fee", "ask_processing_time", "ask_counter", "procedure_overview")


def report(rows: list[dict], data: dict) -> dict:
    def share(selected):
        return {"right": sum(r["right"] for r in selected), "asked": len(selected),
                "accuracy": round(sum(r["right"] for r in selected) / len(selected), 4) if selected else None}

    by_style, by_kind = defaultdict(list), defaultdict(list)
    for row in rows:
        by_style[row["s"]].append(row)
        by_kind[row["k"]].append(row)
    conversations = defaultdict(list)
    for row in rows:
        if row["conversation"] is not None:
            conversations[row["conversation"]].append(row["right"])
    confusions = Counter()
    for row in rows:
        if not row["right"]:
            expected = row.get("p") or ",".join(row.get("accept") or []) or "-"
            got = row["reply"]["procedure_id"] or ("?" + "|".join(row["reply"]["choices"]) if row["reply"]["choices"] else "-")
            confusions[(f"{row.get('i', '')} {expected}", f"{row['reply']['intent']} {got}")] += 1
    return {
        "overall": share(rows),
        "procedure_named": {"right": sum(r["named"] for r in rows if r["named"] is not None),
                            "asked": sum(r["named"] is not None for r in rows)},
        "by_style": {k: share(v) for k, v in sorted(by_style.items())},
        "by_kind": {k: share(v) for k, v in sorted(by_kind.items())},
        "conversations_all_right": {"right": sum(all(v) for v in conversations.values()), "asked": len(conversations)},
        "confusions": [{"expected": e, "got": g, "count": c} for (e, g), c in confusions.most_common()],
        "misses": [{"q": r["q"], "style": r["s"], "kind": r["k"], "expected_intent": r.get("i"),
                    "expected": r.get("p", r.get("accept")), "reply": r["reply"]} for r in rows if not r["right"]],
    }


def offline_asker(catalogue_path: Path, exclude_examples: str | None = None):
    fields, procedures = load_catalogue(catalogue_path)
    reader = Reader({"fields": fields, "procedures": procedures}, extra_aliases=extra_aliases())
    if exclude_examples:
        examples = procedure_examples(exclude=Path(exclude_examples).name)
        reader.procedure_model = IntentModel([(t, pid) for pid, texts in examples.items() for t in texts],
                                             reader.lexicon.shorthand, hold_back=())
        labelled = intent_examples(exclude=Path(exclude_examples).name)  # a general set: the intent model too
        reader.intent_model = IntentModel([(t, label) for label, texts in labelled.items() for t in texts],
                                          reader.lexicon.shorthand)
    contexts: dict[str, Context] = {}
    return lambda text, key: reply_of(reader, reader.redirects, text, contexts.setdefault(key, Context()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", type=Path, default=None)
    parser.add_argument("--questions", type=Path, default=None)
    parser.add_argument("--exclude-examples", metavar="NAME", help="procedure and intent models built without this set")
    parser.add_argument("--live", metavar="URL", help="ask through the relay of a running queue server")
    parser.add_argument("--json", type=Path, help="write the report here")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    started = time.monotonic()
    sets = {"main": args.questions or QUESTIONS}
    if args.questions is None:
        sets.update({name: path for name, path in UNSEEN.items() if path.exists()})
    results = {name: run(yaml.safe_load(path.read_text(encoding="utf-8")), args) for name, path in sets.items()}
    result = results.pop("main")
    result["sets"] = {name: {k: r[k] for k in ("overall", "procedure_named", "by_style", "by_kind",
                                                       "conversations_all_right")}
                      for name, r in results.items()}
    result["mode"] = "live" if args.live else "offline"
    result["seconds"] = round(time.monotonic() - started, 1)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.quiet:
        print_report(result)
    return 0


def run(data: dict, args) -> dict:
    if args.live:
        robot, run_id = LiveRobot(args.live), uuid.uuid4().hex[:8]
        return evaluate(data, lambda text, key: robot.ask(text, f"eval-{run_id}-{key}"))
    return evaluate(data, offline_asker(args.catalogue or default_catalogue(), args.exclude_examples))


def print_report(result: dict) -> None:
    def line(name, s):
        print(f"  {name:<16} {s['accuracy']:.3f}  ({s['right']}/{s['asked']})")

    print(f"robot eval ({result['mode']}, {result['seconds']} s)")
    line("overall", result["overall"])
    named = result["procedure_named"]
    print(f"  procedure named  {named['right']}/{named['asked']} (procedure questions: right procedure, any kind of answer)")
    print("per style:")
    for name, s in result["by_style"].items():
        line(name, s)
    print("per kind:")
    for name, s in result["by_kind"].items():
        line(name, s)
    conv = result["conversations_all_right"]
    print(f"conversations with every turn right: {conv['right']}/{conv['asked']}")
    for name, other in result.get("sets", {}).items():
        o = other["overall"]
        styles = ", ".join(f"{k} {v['accuracy']:.3f}" for k, v in other["by_style"].items())
        kinds = ", ".join(f"{k} {v['right']}/{v['asked']}" for k, v in other["by_kind"].items())
        n = other["procedure_named"]
        print(f"{name}: {o['accuracy']:.3f} ({o['right']}/{o['asked']}); procedure named {n['right']}/{n['asked']}; "
              f"{styles}; {kinds}")
    print("confusions (expected intent procedure → got):")
    for c in result["confusions"][:40]:
        print(f"  {c['count']}× {c['expected']} → {c['got']}")


if __name__ == "__main__":
    sys.exit(main())
