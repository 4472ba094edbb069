"""Copy the fields and procedures of the shared reference catalogue into a centre's config folder.

The reference catalogue (../shared/domain/catalogue.yaml) carries research notes (sources, reliability
tags) that a running centre does not need; the centre keeps only what it shows visitors, with the
procedure ids unchanged so that procedures can be referred to across versions.

English: the reference gives names in English but documents, fees and processing times only in Vietnamese.
`--english FILE` (a YAML mapping of Vietnamese text → English, e.g. config/demo/catalogue-en.yaml) adds
`documents_en`, `fee.text_en` and `processing_time.text_en`; a text it lacks stays Vietnamese-only.
`--local FILE` (`procedures: {id: {key: value}}`, e.g. config/demo/catalogue-local.yaml) puts the centre's own
wording over the reference's, procedure by procedure (the demo's residence and ID-card redirects).

Usage: python scripts/import_catalogue.py ../shared/domain/catalogue.yaml config/demo/catalogue.yaml \
           --english config/demo/catalogue-en.yaml --local config/demo/catalogue-local.yaml   (the demo's)
"""

import argparse
import re

import yaml

# Reliability tags such as "[M]" are research notes, not text for visitors.
RELIABILITY_TAG = re.compile(r"\s*\[[LMNGU/]+\]\s*$")
# The reference notes where a figure was seen ("– ví dụ Đồng Nai", "(ví dụ 15.000 đồng trong nhiều bộ dữ
# liệu; ...)"): another province's example is not this centre's fact, so the robot must never say it.
EXAMPLE_IN_BRACKETS = re.compile(r"\s*\(ví dụ [^;()]*(?:;\s*([^()]*))?\)")
EXAMPLE_CLAUSE = re.compile(r"\s*[–-]\s*ví dụ [^;()]*")
# The same notes in the English of config/demo/catalogue-en.yaml ("(e.g. Đồng Nai)", ", e.g. Đồng Nai;").
EXAMPLE_IN_BRACKETS_EN = re.compile(r"\s*\(e\.g\. [^;()]*(?:;\s*([^()]*))?\)")
EXAMPLE_CLAUSE_EN = re.compile(r"\s*(?:[–-]|,)\s*e\.g\. [^;()]*")

KEPT_PROCEDURE_KEYS = ("id", "code", "vi", "en", "processing_time", "fee", "documents", "synonyms",
                       "person_must_attend", "online", "redirect")


def without_examples(text, brackets=EXAMPLE_IN_BRACKETS, clause=EXAMPLE_CLAUSE):
    """'Lệ phí 50.000 đ/giấy (ví dụ Đồng Nai)' → 'Lệ phí 50.000 đ/giấy'; what follows a ';' in the brackets stays."""
    if not isinstance(text, str):
        return text
    text = brackets.sub(lambda m: f" ({m.group(1).strip()})" if m.group(1) else "", text)
    return re.sub(r"\s+([;,.])", r"\1", clause.sub("", text)).strip()


def without_examples_en(text):
    return without_examples(text, EXAMPLE_IN_BRACKETS_EN, EXAMPLE_CLAUSE_EN)


def this_centre(part: dict) -> dict:
    """A fee or processing time without research notes: no source, no other province's example."""
    cleaners = {"text": without_examples, "text_en": without_examples_en}
    return {k: cleaners[k](v) if k in cleaners else v for k, v in (part or {}).items()
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


def read_yaml(path: str | None) -> dict:
    if not path:
        return {}
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def main(source: str | None = None, target: str | None = None, english_path: str | None = None,
         local_path: str | None = None) -> None:
    if source is None:
        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("source")
        parser.add_argument("target")
        parser.add_argument("--english", help="YAML mapping of Vietnamese text to English")
        parser.add_argument("--local", help="YAML of this centre's own wording per procedure id")
        args = parser.parse_args()
        source, target, english_path, local_path = args.source, args.target, args.english, args.local
    with open(source, encoding="utf-8") as f:
        reference = yaml.safe_load(f)
    english = read_yaml(english_path)
    local = read_yaml(local_path).get("procedures") or {}
    # Its keys are the reference's texts; fees and times are looked up once their examples are dropped.
    english.update({without_examples(k): v for k, v in list(english.items())})
    fields = [slim_field(field) for field in reference["fields"]]
    for field in fields:
        field["procedures"] = [add_english(p, english) for p in field["procedures"]]
        for procedure in field["procedures"]:
            procedure.update(local.get(procedure["id"]) or {})
            for part in ("fee", "processing_time"):
                procedure[part] = this_centre(procedure.get(part))
    with open(target, "w", encoding="utf-8") as f:
        f.write("# Generated from the shared reference catalogue by scripts/import_catalogue.py; edit freely.\n")
        yaml.safe_dump({"fields": fields}, f, allow_unicode=True, sort_keys=False, width=110)


if __name__ == "__main__":
    main()
