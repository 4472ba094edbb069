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
  generated-from.sha256     hash of the inputs (catalogue, vocabulary, this script, text helpers)
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

VOCABULARY = ASSISTANT_DIR / "vocabulary.yml"
HASH_FILE = ASSISTANT_DIR / "generated-from.sha256"
HELD_OUT_SHARE = 0.2
SEED = 20250701
PER_PROCEDURE = 3  # examples per procedure and intent (before the held-out split)

# Question templates; {p} is a procedure name in the template's language.
TEMPLATES = {
    "ask_counter": {
        "vi": ["{p} ở quầy nào", "làm {p} ở quầy nào", "{p} quầy mấy", "làm {p} ở đâu", "{p} nộp ở đâu ạ",
               "ad ơi làm {p} quầy nào", "cho hỏi {p} ở quầy số mấy", "tôi muốn làm {p} thì đến quầy nào",
               "{p} thì đi đâu", "quầy nào nhận hồ sơ {p}", "muốn làm {p} thì ra quầy nào", "{p} làm ở chỗ nào",
               "nộp hồ sơ {p} ở quầy nào vậy", "em muốn hỏi {p} thì vào quầy nào"],
        "en": ["where do I go for {p}", "which counter for {p}", "which desk handles {p}", "where can I do {p}",
               "where is the counter for {p}", "{p} which counter", "where do I apply for {p}",
               "which window is {p}"],
    },
    "ask_documents": {
        "vi": ["{p} cần giấy tờ gì", "{p} cần mang gì", "làm {p} cần những gì", "hồ sơ {p} gồm những gì",
               "thủ tục {p} cần giấy tờ gì", "{p} cần chuẩn bị gì", "đi làm {p} phải mang theo gì",
               "làm {p} cần những giấy tờ gì ạ", "hồ sơ làm {p} gồm gì", "{p} cần mang theo giấy tờ gì"],
        "en": ["what documents do I need for {p}", "what do I need to bring for {p}", "documents for {p}",
               "what papers are required for {p}", "what should I bring for {p}", "requirements for {p}"],
    },
    "ask_fee": {
        "vi": ["{p} bao nhiêu tiền", "{p} phí bao nhiêu", "lệ phí {p} là bao nhiêu", "{p} có mất tiền không",
               "làm {p} hết bao nhiêu tiền", "{p} mất phí không", "phí làm {p} bao nhiêu ạ",
               "{p} có miễn phí không", "{p} lệ phí thế nào"],
        "en": ["how much is {p}", "how much does {p} cost", "what is the fee for {p}", "is {p} free",
               "fee for {p}", "how much do I pay for {p}", "what does {p} cost"],
    },
    "ask_processing_time": {
        "vi": ["{p} mất bao lâu", "{p} bao lâu thì có", "làm {p} mấy ngày thì xong", "{p} có lấy ngay được không",
               "bao giờ có kết quả {p}", "{p} mấy ngày", "làm {p} có nhanh không", "{p} bao lâu thì có giấy"],
        "en": ["how long does {p} take", "how many days for {p}", "when will {p} be ready",
               "processing time for {p}", "how long to get {p}", "is {p} done the same day"],
    },
    "take_ticket": {
        "vi": ["lấy số {p}", "cho tôi lấy số {p}", "tôi muốn lấy số thứ tự làm {p}", "lấy số làm {p}",
               "bốc số {p}", "in phiếu {p}", "cho em xin số {p}", "lấy số thứ tự {p}"],
        "en": ["I want a ticket for {p}", "give me a queue number for {p}", "take a number for {p}",
               "ticket for {p} please", "can I get a number for {p}", "queue ticket for {p}"],
    },
    "inform_procedure": {
        "vi": ["{p}", "tôi muốn làm {p}", "tôi cần làm {p}", "làm {p}", "thủ tục {p}", "hỏi về {p}",
               "em muốn hỏi về {p}", "{p} ạ"],
        "en": ["{p}", "I need {p}", "I want to do {p}", "about {p}", "I'm here for {p}"],
    },
}

# Questions without a procedure: follow-ups that rely on the procedure already in the conversation.
FOLLOW_UPS = {
    "ask_counter": {"vi": ["ở quầy nào", "quầy nào", "thế làm ở đâu", "nộp ở đâu", "quầy số mấy", "vậy ra quầy nào"],
                    "en": ["which counter?", "where do I go?", "where is it?", "which desk"]},
    "ask_documents": {"vi": ["cần giấy tờ gì", "cần mang gì", "hồ sơ gồm gì", "thế cần những giấy tờ gì",
                             "phải chuẩn bị gì", "còn giấy tờ?"],
                      "en": ["what documents do I need", "what about the documents?", "what should I bring?"]},
    "ask_fee": {"vi": ["còn phí?", "phí bao nhiêu", "thế bao nhiêu", "hết bao nhiêu tiền", "có mất tiền không",
                       "lệ phí thế nào", "còn lệ phí?", "bao nhiêu tiền"],
                "en": ["what about the fee?", "how much is it", "is it free?", "how much?", "and the fee?"]},
    "ask_processing_time": {"vi": ["mất bao lâu?", "bao lâu thì có giấy?", "mấy ngày thì xong", "có lấy ngay được không",
                                   "bao giờ có kết quả", "mất bao lâu thế", "còn thời gian?"],
                            "en": ["how long does it take?", "how long?", "when will it be ready", "and how long?"]},
    "take_ticket": {"vi": ["lấy số", "cho tôi lấy số thứ tự", "tôi muốn lấy số", "lấy phiếu", "cho tôi xin số",
                           "in số thứ tự cho tôi", "bốc số"],
                    "en": ["I want a ticket", "get a queue number", "give me a number", "take a ticket"]},
}

TICKETS = ["A-025", "a025", "A 25", "B-101", "c7", "D-003", "E 12", "b-014", "F-002", "A-110", "U-005", "g 9"]

GENERAL = {
    "greet": {"vi": ["xin chào robot", "chào bạn nhé", "chào cả nhà", "kính chào", "xin chào, cho hỏi", "chào em ơi", "xin chào", "chào bạn", "chào em", "alo", "chào robot", "chào buổi sáng", "hello em",
                     "xin chào ạ", "chào anh", "chào chị", "ơi", "chào"],
              "en": ["hello there", "hi, can you help", "good evening", "hello", "hi", "good morning", "hey there", "good afternoon", "hi robot"]},
    "goodbye": {"vi": ["chào tạm biệt", "thôi chào em", "tạm biệt robot", "tôi đi đây", "hẹn gặp lại nhé", "chào nhé em", "tạm biệt", "chào nhé", "thôi tôi đi đây", "hẹn gặp lại", "bye em", "tôi về đây"],
                "en": ["see you later", "ok bye", "goodbye", "bye", "see you", "bye bye", "that's all, goodbye"]},
    "thanks": {"vi": ["cảm ơn robot", "cảm ơn bạn nhiều", "ok cảm ơn em nhé", "tốt quá cảm ơn", "cám ơn", "cảm ơn đã giúp", "cảm ơn", "cảm ơn em", "cảm ơn nhiều", "ok cảm ơn", "cám ơn bạn", "thanks em", "xin cảm ơn"],
               "en": ["thanks for your help", "cheers", "thank you", "thanks", "thanks a lot", "thank you very much", "great, thanks"]},
    "opening_hours": {"vi": ["mấy giờ làm việc", "mấy giờ nghỉ", "giờ mở cửa", "thứ 7 có làm việc không", "mấy giờ chiều thì làm lại", "có làm ngày lễ không", "mấy giờ mở cửa", "thứ 7 có làm không", "chiều nay mấy giờ nghỉ", "chủ nhật có làm không",
                             "trưa có nhận hồ sơ không", "giờ làm việc thế nào", "mấy giờ đóng cửa",
                             "sáng mấy giờ bắt đầu làm", "hôm nay có làm việc không", "thứ bảy có mở cửa không",
                             "giờ hành chính là mấy giờ", "bây giờ còn nhận hồ sơ không", "mấy giờ thì nghỉ trưa",
                             "lịch làm việc của trung tâm"],
                      "en": ["what are your opening hours", "when do you open", "are you open on saturday",
                             "what time do you close", "opening hours", "are you open now", "when is the lunch break",
                             "are you open on sunday"]},
    "queue_position": {"vi": ["đã đến lượt tôi chưa", "số tôi còn xa không", "còn bao nhiêu số nữa", "bao giờ gọi đến tôi", "còn bao nhiêu người trước tôi", "số của tôi gọi chưa", "bao lâu nữa thì đến lượt",
                              "còn mấy người nữa", "tôi số {t}", "số {t} đến lượt chưa", "{t} còn bao lâu",
                              "đã gọi số {t} chưa", "bao giờ đến số {t}", "{t}", "số {t}", "phiếu {t} còn mấy người",
                              "khi nào đến lượt tôi", "tôi phải chờ bao lâu nữa"],
                       "en": ["how many people are ahead of me", "my number is {t}", "when is {t} called",
                              "has {t} been called", "how long until my turn", "where am I in the queue",
                              "ticket {t}", "how long do I still have to wait"]},
    "priority": {"vi": ["người có công có được ưu tiên không", "phụ nữ có thai có được ưu tiên không", "tôi khuyết tật có phải chờ không", "người già có quầy riêng không", "có được ưu tiên không", "tôi 75 tuổi có được ưu tiên không", "bà bầu có được làm trước không",
                        "người khuyết tật có quầy riêng không", "thương binh có được ưu tiên không", "ai được ưu tiên",
                        "người già có được ưu tiên không", "có quầy ưu tiên không", "ưu tiên những ai",
                        "người cao tuổi có phải xếp hàng không", "bế con nhỏ có được ưu tiên không"],
                 "en": ["do elderly people get priority", "is there priority for pregnant women", "who gets priority",
                        "is there a priority counter", "do disabled people have to queue", "priority service"]},
    "choose_priority": {"vi": ["tôi là người già", "tôi 65 tuổi", "tôi có bầu", "tôi là thương binh", "không, bình thường thôi", "tôi không thuộc diện nào", "người cao tuổi", "tôi trên 60 tuổi", "tôi khuyết tật", "tôi đang mang thai",
                               "tôi là người có công", "tôi bế con nhỏ", "không ưu tiên", "không thuộc diện ưu tiên",
                               "bình thường", "tôi trên 80 tuổi", "phụ nữ mang thai", "người khuyết tật",
                               "diện thường", "không có ưu tiên"],
                        "en": ["elderly", "no priority", "none", "pregnant", "disabled", "I have a baby with me",
                               "regular", "over 80", "veteran"]},
    "affirm": {"vi": ["đúng vậy", "vâng ạ", "có ạ", "ừ đúng", "dạ vâng", "đúng thế", "ok em", "đúng rồi", "vâng", "ừ", "có", "đồng ý", "ok", "được", "chuẩn rồi", "phải"],
               "en": ["yes that is right", "yeah", "yes", "yes please", "correct", "sure", "ok"]},
    "deny": {"vi": ["không ạ", "không đâu", "thôi khỏi", "không cần đâu", "hủy bỏ", "không muốn", "không", "không phải", "thôi", "hủy", "không cần", "thôi không lấy nữa", "sai rồi"],
             "en": ["no thank you", "nope", "no", "cancel", "no thanks", "not that one", "never mind"]},
    "human_handoff": {"vi": ["gọi nhân viên giúp tôi", "tôi muốn gặp cán bộ", "cho gặp người hướng dẫn", "cần cán bộ hỗ trợ", "gặp nhân viên", "có cán bộ nào không", "cho tôi gặp nhân viên", "tôi muốn nói chuyện với cán bộ", "gọi người hỗ trợ giúp tôi",
                             "tôi cần người giúp", "gặp người thật", "gọi cán bộ ra đây", "có ai hướng dẫn không",
                             "tôi không dùng được máy này", "nhờ nhân viên giúp"],
                      "en": ["I want to talk to staff", "get me an officer", "talk to a human", "I need staff help", "call an officer", "can a person help me",
                             "I want to speak to someone", "human please"]},
    "out_of_scope": {"vi": ["đăng ký xe máy ở đâu", "làm visa ở đâu", "mua bảo hiểm y tế tự nguyện", "nộp tiền điện ở đâu", "bạn có người yêu chưa", "hôm nay ăn gì", "xin việc làm ở đâu", "tôi muốn ly hôn thì nộp đơn ở đâu", "làm bằng lái xe ở đâu", "nộp thuế thu nhập cá nhân",
                            "thời tiết hôm nay thế nào", "kể chuyện cười đi", "đổi bằng lái xe", "làm hộ chiếu ở đâu",
                            "giá vàng hôm nay", "bạn bao nhiêu tuổi", "mua vé xe buýt ở đâu", "đóng bảo hiểm xe máy",
                            "nộp phạt giao thông ở đâu"],
                     "en": ["what's the weather", "tell me a joke", "where can I get a driving licence",
                            "how do I apply for a passport", "where do I pay income tax", "I want a divorce",
                            "what is the gold price"]},
}


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
    digest = hashlib.sha256()
    for path in (catalogue, VOCABULARY, Path(__file__), ASSISTANT_DIR / "actions" / "text.py"):
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
