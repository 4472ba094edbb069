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
# The reference notes where a figure was seen ("– ví dụ Đồng Nai", "(ví dụ 15.000 đồng trong nhiều bộ dữ
# liệu; ...)"): another province's example is not this centre's fact, so the robot must never say it.
EXAMPLE_IN_BRACKETS = re.compile(r"\s*\(ví dụ [^;()]*(?:;\s*([^()]*))?\)")
EXAMPLE_CLAUSE = re.compile(r"\s*[–-]\s*ví dụ [^;()]*")

KEPT_PROCEDURE_KEYS = ("id", "code", "vi", "en", "processing_time", "fee", "documents", "synonyms",
                       "person_must_attend", "online", "redirect")


def without_examples(text):
    """'Lệ phí 50.000 đ/giấy (ví dụ Đồng Nai)' → 'Lệ phí 50.000 đ/giấy'; what follows a ';' in the brackets stays."""
    if not isinstance(text, str):
        return text
    text = EXAMPLE_IN_BRACKETS.sub(lambda m: f" ({m.group(1).strip()})" if m.group(1) else "", text)
    return re.sub(r"\s+([;,.])", r"\1", EXAMPLE_CLAUSE.sub("", text)).strip()


def this_centre(part: dict) -> dict:
    """A fee or processing time without research notes: no source, no other province's example."""
    return {k: without_examples(v) if k == "text" else v for k, v in (part or {}).items()
            if k not in ("source", "province_example")}


def slim_procedure(procedure: dict) -> dict:
    slim = {key: procedure[key] for key in KEPT_PROCEDURE_KEYS if key in procedure}
    slim["processing_time"] = this_centre(slim.get("processing_time"))
    slim["fee"] = this_centre(slim.get("fee"))
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
