"""Copy the fields and procedures of the shared reference catalogue into a centre's config folder.

The reference catalogue (../shared/domain/catalogue.yaml) carries research notes (sources, reliability
tags) that a running centre does not need; the centre keeps only what it shows visitors, with the
procedure ids unchanged so that procedures can be referred to across versions.

English: the reference gives names in English but documents, fees and processing times only in Vietnamese.
`--english FILE` (a YAML mapping of Vietnamese text → English, e.g. config/demo/catalogue-en.yaml) adds
`documents_en`, `fee.text_en` and `processing_time.text_en`; a text it lacks stays Vietnamese-only.

Usage: python scripts/import_catalogue.py ../shared/domain/catalogue.yaml config/demo/catalogue.yaml \
           [--english config/demo/catalogue-en.yaml]
"""

import argparse
import re

import yaml

# Reliability tags such as "[M]" are research notes, not text for visitors.
RELIABILITY_TAG = re.compile(r"\s*\[[LMNGU/]+\]\s*$")

KEPT_PROCEDURE_KEYS = ("id", "code", "vi", "en", "processing_time", "fee", "documents", "synonyms",
                       "person_must_attend", "online", "redirect")


def slim_procedure(procedure: dict) -> dict:
    slim = {key: procedure[key] for key in KEPT_PROCEDURE_KEYS if key in procedure}
    slim["processing_time"] = {k: v for k, v in slim.get("processing_time", {}).items() if k != "source"}
    slim["fee"] = {k: v for k, v in slim.get("fee", {}).items() if k != "source"}
    slim["documents"] = [RELIABILITY_TAG.sub("", doc) for doc in slim.get("documents", [])]
    return slim


def slim_field(field: dict) -> dict:
    return {
        "id": field["id"],
        "vi": field["vi"],
        "en": field["en"],
        "ticket_prefix": field.get("ticket_prefix"),
        "procedures": [slim_procedure(p) for p in field["procedures"]],
    }


def add_english(procedure: dict, english: dict) -> dict:
    """The procedure with the English of its documents, fee and processing time, where `english` has it."""
    for part in ("fee", "processing_time"):
        text = (procedure.get(part) or {}).get("text")
        if text in english:
            procedure[part]["text_en"] = english[text]
    documents = procedure.get("documents") or []
    if documents and all(doc in english for doc in documents):
        position = list(procedure).index("documents") + 1
        items = list(procedure.items())
        items.insert(position, ("documents_en", [english[doc] for doc in documents]))
        procedure = dict(items)
    return procedure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("target")
    parser.add_argument("--english", help="YAML mapping of Vietnamese text to English")
    args = parser.parse_args()
    with open(args.source, encoding="utf-8") as f:
        reference = yaml.safe_load(f)
    english = {}
    if args.english:
        with open(args.english, encoding="utf-8") as f:
            english = yaml.safe_load(f) or {}
    fields = [slim_field(field) for field in reference["fields"]]
    for field in fields:
        field["procedures"] = [add_english(p, english) for p in field["procedures"]]
    with open(args.target, "w", encoding="utf-8") as f:
        f.write("# Generated from the shared reference catalogue by scripts/import_catalogue.py; edit freely.\n")
        yaml.safe_dump({"fields": fields}, f, allow_unicode=True, sort_keys=False, width=110)


if __name__ == "__main__":
    main()
