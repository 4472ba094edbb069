"""Copy the fields and procedures of the shared reference catalogue into a centre's config folder.

The reference catalogue (../shared/domain/catalogue.yaml) carries research notes (sources, reliability
tags) that a running centre does not need; the centre keeps only what it shows visitors, with the
procedure ids unchanged so that procedures can be referred to across versions.

Usage: python scripts/import_catalogue.py ../shared/domain/catalogue.yaml config/demo/catalogue.yaml
"""

import re
import sys

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


def main(source: str, target: str) -> None:
    with open(source, encoding="utf-8") as f:
        reference = yaml.safe_load(f)
    catalogue = {"fields": [slim_field(field) for field in reference["fields"]]}
    with open(target, "w", encoding="utf-8") as f:
        f.write("# Generated from the shared reference catalogue by scripts/import_catalogue.py; edit freely.\n")
        yaml.safe_dump(catalogue, f, allow_unicode=True, sort_keys=False, width=110)


if __name__ == "__main__":
    main(*sys.argv[1:3])
