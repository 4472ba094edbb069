#!/usr/bin/env python3
"""Generate the robot's NLU training data from the procedure catalogue.

Usage: generate_training_data.py [CATALOGUE] [--check]
CATALOGUE defaults to $MOTCUA_CATALOGUE, then the catalogue of the centre $MOTCUA_CONFIG names (a folder
holding centre.yaml, or that file: its `catalogue:` file, catalogue.yaml beside it by default), then
config/demo/catalogue.yaml, then ../shared/domain/catalogue.yaml (only its `fields:` part is read).
With --check, exits 1 when the generated files are out of date and writes nothing.

Writes (all marked as generated; committed, regenerated when the inputs change):
  data/nlu/procedures.yml   entity synonyms (every name, colloquial name, with and without
                            diacritics → procedure id) and the `procedure` lookup table
  data/nlu/questions.yml    ask_counter / ask_documents / ask_fee / ask_processing_time /
                            take_ticket / inform_procedure examples (templates × procedure names)
  data/nlu/general.yml      greetings, hours, queue position, priority, hand-off, out of scope...
  tests/nlu_heldout.yml     the held-out 20 % used by `rasa test nlu`
  generated-from.sha256     hash of the inputs (catalogue, vocabulary, this script, its phrases, text helpers)
Needs only PyYAML. Deterministic (fixed seed): same inputs, same files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
from pathlib import Path

import yaml

ASSISTANT_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = ASSISTANT_DIR.parent
sys.path.insert(0, str(ASSISTANT_DIR))

from actions.text import ProcedureIndex, fold, has_diacritics, normalise, strip_diacritics  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from training_phrases import FOLLOW_UPS, GENERAL, TEMPLATES, TICKETS  # noqa: E402

VOCABULARY = ASSISTANT_DIR / "vocabulary.yml"
HASH_FILE = ASSISTANT_DIR / "generated-from.sha256"
PHRASES = Path(__file__).resolve().parent / "training_phrases.py"
HELD_OUT_SHARE = 0.2
SEED = 20250701
PER_PROCEDURE = 3  # examples per procedure and intent (before the held-out split)

def load_catalogue(path: Path) -> tuple[list[dict], list[dict]]:
    """Fields and procedures in the API's shape ({'id','field_id','name':{'vi','en'},'synonyms'})."""
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    fields, procedures = [], []
    raw_fields = data["catalogue"] if isinstance(data.get("catalogue"), list) else data["fields"]  # inline in centre.yaml
    for fld in raw_fields:
        fields.append({"id": fld["id"], "prefix": fld.get("ticket_prefix"), "name": {"vi": fld["vi"], "en": fld["en"]}})
        for proc in fld["procedures"]:
            procedures.append({"id": proc["id"], "field_id": fld["id"], "name": {"vi": proc["vi"], "en": proc["en"]},
                               "synonyms": proc.get("synonyms") or [], "redirect": proc.get("redirect")})
    return fields, procedures


def centre_catalogue(config: Path) -> Path:
    """The catalogue of the centre MOTCUA_CONFIG names, as the queue server reads it: a folder holding
    centre.yaml, or that YAML file; its `catalogue:` file (catalogue.yaml beside it if unset), or the centre
    file itself when the catalogue is written inline."""
    centre = config / "centre.yaml" if config.is_dir() else config
    if not centre.is_file():
        return config / "catalogue.yaml" if config.is_dir() else config.parent / "catalogue.yaml"
    with open(centre, encoding="utf-8") as f:
        reference = (yaml.safe_load(f) or {}).get("catalogue", "catalogue.yaml")
    return centre.parent / reference if isinstance(reference, str) else centre


def default_catalogue(env=os.environ) -> Path:
    if env.get("MOTCUA_CATALOGUE"):
        return Path(env["MOTCUA_CATALOGUE"])
    if env.get("MOTCUA_CONFIG"):
        return centre_catalogue(Path(env["MOTCUA_CONFIG"]))
    project = REPO_ROOT / "config" / "demo" / "catalogue.yaml"
    return project if project.exists() else REPO_ROOT.parent / "shared" / "domain" / "catalogue.yaml"


def inputs_hash(catalogue: Path) -> str:
    """Hash of what the generated data is made of: the catalogue's fields and procedures as read (ids, names,
    synonyms, redirects: not fees or documents), vocabulary.yml's `vi`/`en` aliases (not the facets and cues
    the actions read at run time), this script, its phrases and the text helpers. So the model is retrained
    when its training data would change, not when a fee is corrected or a facet added."""
    with open(VOCABULARY, encoding="utf-8") as f:
        vocabulary = yaml.safe_load(f) or {}
    digest = hashlib.sha256()
    digest.update(json.dumps([load_catalogue(catalogue), {k: vocabulary.get(k) for k in ("vi", "en")}],
                             ensure_ascii=False, sort_keys=True).encode())
    for path in (Path(__file__), PHRASES, ASSISTANT_DIR / "actions" / "text.py"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_english(alias: str) -> bool:
    return not has_diacritics(alias) and alias.isascii() and any(w in alias.lower().split() for w in (
        "registration", "certificate", "certification", "copy", "copies", "permit", "birth", "death", "marriage",
        "land", "id", "card", "residence", "business", "of", "for", "a", "my", "certified", "red", "book")) \
        or alias[:1].isupper() and alias.isascii() and " " in alias and not has_diacritics(alias)


def procedure_aliases(procedures: list[dict], vocabulary: dict,
                      fields: list[dict] = ()) -> dict[str, dict[str, list[str]]]:
    """id → {'vi': [...with diacritics...], 'plain': [...without...], 'en': [...]} ; clashing aliases dropped.

    A field's own name ('Đất đai') is never a procedure alias; neither is an alias shared by two procedures.
    """
    field_names = {fold(n) for f in fields for n in (f["name"]["vi"], strip_diacritics(f["name"]["vi"]), f["name"]["en"])}
    raw: dict[str, dict[str, list[str]]] = {}
    for proc in procedures:
        pid = proc["id"]
        extra_vi = (vocabulary.get("vi") or {}).get(pid, [])
        extra_en = (vocabulary.get("en") or {}).get(pid, [])
        vi, en = [], []
        for alias in ProcedureIndex.aliases_of({"name": {"vi": proc["name"]["vi"]}, "synonyms": proc["synonyms"]}, extra_vi):
            (en if is_english(alias) else vi).append(alias)
        quoted = re.findall(r"'([^']+)'", proc["name"]["en"])  # ('sao y', colloquially 'công chứng')
        vi.extend(quoted)
        for alias in ProcedureIndex.aliases_of({"name": {"en": proc["name"]["en"]}}, extra_en):
            if alias not in quoted:
                en.append(alias)
        vi = [a for a in vi if fold(a) not in field_names]
        en = [a for a in en if fold(a) not in field_names]
        vi = [a for a in vi if len(a) <= 70]
        en = [a for a in en if len(a) <= 70]
        plain = sorted({strip_diacritics(a) for a in vi if has_diacritics(a)} | {a for a in vi if not has_diacritics(a)})
        raw[pid] = {"vi": [a for a in vi if has_diacritics(a)] or vi, "plain": plain, "en": en}
    # An alias claimed by two procedures cannot be a synonym of either.
    owners: dict[str, set[str]] = {}
    for pid, forms in raw.items():
        for alias in forms["vi"] + forms["plain"] + forms["en"]:
            owners.setdefault(fold(alias), set()).add(pid)
    return {pid: {k: sorted({a for a in v if len(owners[fold(a)]) == 1}, key=str.lower) for k, v in forms.items()}
            for pid, forms in raw.items()}


def annotate(template: str, alias: str, pid: str) -> str:
    # Brackets, quotes and trailing punctuation would not line up with the tokens.
    alias = re.sub(r"[()\[\]{}'\"]", " ", alias)
    alias = re.sub(r"\s+", " ", alias).strip(" ,.;:–-/")
    entity = "[" + alias.lower() + "]" + json.dumps({"entity": "procedure", "value": pid}, ensure_ascii=False)
    return template.replace("{p}", entity)


def variants(rng: random.Random, text: str) -> str:
    """Visitors' typing: sometimes a capital, a question mark, 'ạ'."""
    if rng.random() < 0.3:
        text = text[:1].upper() + text[1:]
    if rng.random() < 0.25 and not text.endswith("?"):
        text += "?"
    return text


def build_examples(rng: random.Random, aliases: dict, procedures: list[dict],
                   colloquial: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Examples per intent; `colloquial` (vocabulary.yml: id → life events, colloquial names) are each also
    said alone ("bố tôi mất", "con tôi mới sinh") as inform_procedure."""
    examples: dict[str, list[str]] = {}
    for intent, templates in TEMPLATES.items():
        rows = []
        for proc in procedures:
            forms = aliases[proc["id"]]
            for _ in range(PER_PROCEDURE):
                lang = rng.choices(["vi", "plain", "en"], weights=[4, 3, 3])[0]
                pool = forms[lang] or forms["vi"] or forms["plain"]
                if not pool:
                    continue
                template = rng.choice(templates["en" if lang == "en" and forms["en"] else "vi"])
                if lang == "plain":
                    template = strip_diacritics(template)
                rows.append(variants(rng, annotate(template, rng.choice(pool), proc["id"])))
            if intent == "inform_procedure":
                usable = {fold(a) for k in ("vi", "plain", "en") for a in forms[k]}  # clashing aliases dropped
                for alias in (colloquial or {}).get(proc["id"], []):
                    said = strip_diacritics(alias) if rng.random() < 0.4 else alias
                    if fold(said) in usable:
                        rows.append(variants(rng, annotate("{p}", said, proc["id"])))
        for lang, texts in FOLLOW_UPS.get(intent, {}).items():
            for text in texts:
                rows.append(text)
                if lang == "vi" and has_diacritics(text):
                    rows.append(strip_diacritics(text))
        examples[intent] = sorted(set(rows))
    for intent, by_lang in GENERAL.items():
        rows = []
        for lang, texts in by_lang.items():
            for text in texts:
                forms = [text] + ([strip_diacritics(text)] if lang == "vi" and has_diacritics(text) else [])
                for form in forms:
                    if "{t}" in form:
                        for ticket in rng.sample(TICKETS, 3):
                            rows.append(form.replace("{t}", "[" + ticket + "](ticket_number)"))
                    else:
                        rows.append(form)
        examples[intent] = sorted(set(rows))
    return examples


def plain_text(row: str) -> str:
    """An example as the model sees it, folded: entity markup removed, no case, diacritics or punctuation
    ('Còn phí?' and 'con phi' are the same example)."""
    return normalise(re.sub(r"\[([^\]]*)\](?:\{[^}]*\}|\([^)]*\))", r"\1", row))


def split(rng: random.Random, examples: dict[str, list[str]],
          extra_train: dict[str, list[str]] | None = None) -> tuple[dict, dict]:
    """About HELD_OUT_SHARE of each intent's examples held out. Examples that are the same once folded
    (plain_text) go to the same side, and a held-out example equal to a training example of any intent
    (extra_train included) is dropped: the held-out split only has sentences the model never saw."""
    train, test = {}, {}
    for intent, rows in examples.items():
        groups: dict[str, list[str]] = {}
        for row in rows:
            groups.setdefault(plain_text(row), []).append(row)
        keys = sorted(groups)
        rng.shuffle(keys)
        n_test = max(1, int(len(rows) * HELD_OUT_SHARE)) if len(rows) >= 5 else 0
        held: list[str] = []
        while keys and len(held) < n_test:
            held.extend(groups[keys.pop()])
        test[intent], train[intent] = sorted(held), sorted(r for k in keys for r in groups[k])
    seen = {plain_text(r) for rows in [*train.values(), *(extra_train or {}).values()] for r in rows}
    test = {intent: [r for r in rows if plain_text(r) not in seen] for intent, rows in test.items()}
    return train, test


def nlu_yaml(header: str, items: list[dict]) -> str:
    body = yaml.safe_dump({"version": "3.1", "nlu": items}, allow_unicode=True, sort_keys=False, width=120)
    return header + body


def examples_block(rows: list[str]) -> str:
    return "".join(f"- {row}\n" for row in rows)


class _Literal(str):
    pass


yaml.SafeDumper.add_representer(_Literal, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|"))


def generate(catalogue: Path) -> dict[Path, str]:
    fields, procedures = load_catalogue(catalogue)
    with open(VOCABULARY, encoding="utf-8") as f:
        vocabulary = yaml.safe_load(f) or {}
    known = {p["id"] for p in procedures}
    for lang in ("vi", "en"):
        vocabulary[lang] = {k: v for k, v in (vocabulary.get(lang) or {}).items() if k in known}
    aliases = procedure_aliases(procedures, vocabulary, fields)
    field_synonyms, field_examples = [], []
    for fld in fields:
        names = sorted({re.split(r"\s*[(,]", n)[0].strip().lower()
                        for n in (fld["name"]["vi"], strip_diacritics(fld["name"]["vi"]), fld["name"]["en"])})
        field_synonyms.append({"synonym": fld["id"], "examples": _Literal(examples_block(names))})
        for name in names:
            field_examples.append("[" + name + "]" + json.dumps({"entity": "field", "value": fld["id"]}, ensure_ascii=False))
            field_examples.append("lĩnh vực [" + name + "]" + json.dumps({"entity": "field", "value": fld["id"]}, ensure_ascii=False))
    field_train = {"inform_field": sorted(set(field_examples))}
    rng = random.Random(SEED)
    colloquial = {pid: vocabulary["vi"].get(pid, []) + vocabulary["en"].get(pid, []) for pid in known}
    train, test = split(rng, build_examples(rng, aliases, procedures, colloquial), field_train)
    train.update(field_train)

    digest = inputs_hash(catalogue)
    header = (f"# GENERATED by assistant/scripts/generate_training_data.py from {catalogue.name} "
              f"(inputs sha256 {digest[:12]}). Do not edit: change the catalogue or vocabulary.yml.\n")
    question_intents = list(TEMPLATES)
    synonyms, lookup = [], set()
    for proc in procedures:
        forms = aliases[proc["id"]]
        all_forms = sorted({a.lower() for k in ("vi", "plain", "en") for a in forms[k]} - {proc["id"]})
        if all_forms:
            synonyms.append({"synonym": proc["id"], "examples": _Literal(examples_block(all_forms))})
        lookup.update(all_forms)

    files = {
        ASSISTANT_DIR / "data" / "nlu" / "procedures.yml": nlu_yaml(header, synonyms + [
            {"lookup": "procedure", "examples": _Literal(examples_block(sorted(lookup)))}] + field_synonyms),
        ASSISTANT_DIR / "data" / "nlu" / "questions.yml": nlu_yaml(header, [
            {"intent": i, "examples": _Literal(examples_block(train[i]))} for i in question_intents]),
        ASSISTANT_DIR / "data" / "nlu" / "general.yml": nlu_yaml(header, [
            {"intent": i, "examples": _Literal(examples_block(train[i]))} for i in list(GENERAL) + ["inform_field"]] + [
            {"regex": "ticket_number", "examples": _Literal("- \\b[A-Za-z]\\s?-?\\s?\\d{1,3}\\b\n")}]),
        ASSISTANT_DIR / "tests" / "nlu_heldout.yml": nlu_yaml(header, [
            {"intent": i, "examples": _Literal(examples_block(test[i]))} for i in test if test[i]]),
        HASH_FILE: digest + "\n",
    }
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("catalogue", nargs="?", type=Path, default=None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the generated files are stale")
    args = parser.parse_args(argv)
    catalogue = args.catalogue or default_catalogue()
    if args.check:
        current = HASH_FILE.read_text().strip() if HASH_FILE.exists() else ""
        return 0 if current == inputs_hash(catalogue) else 1
    files = generate(catalogue)
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    print(f"generated training data from {catalogue}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
