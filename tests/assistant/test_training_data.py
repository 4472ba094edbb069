"""Fast tests of the training-data generator (assistant/scripts/generate_training_data.py), without Rasa:
a new procedure in a catalogue reaches the NLU data, the catalogue follows the queue server's MOTCUA_CONFIG,
and the held-out split has no sentence the model was trained on."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

import yaml
from conftest import ASSISTANT, CATALOGUE

spec = importlib.util.spec_from_file_location("generate_training_data",
                                              ASSISTANT / "scripts" / "generate_training_data.py")
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

NEW = {"id": "nuoi_bo_cau", "vi": "Đăng ký nuôi chim bồ câu", "en": "Pigeon keeping registration",
       "synonyms": ["giấy phép nuôi bồ câu"]}


def nlu(files: dict, name: str) -> list[dict]:
    return yaml.safe_load(files[ASSISTANT / name])["nlu"]


def rows(items: list[dict]) -> list[str]:
    return [line[2:] for item in items if "intent" in item for line in item["examples"].splitlines()]


def test_a_new_procedure_in_the_catalogue_reaches_synonyms_lookup_and_examples(tmp_path):
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    data["fields"][0]["procedures"].append(NEW)
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    files = gen.generate(catalogue)
    procedures = nlu(files, "data/nlu/procedures.yml")
    [synonym] = [item for item in procedures if item.get("synonym") == "nuoi_bo_cau"]
    forms = synonym["examples"].splitlines()
    for form in ("giấy phép nuôi bồ câu", "giay phep nuoi bo cau", "nuôi chim bồ câu", "pigeon keeping registration"):
        assert f"- {form}" in forms, forms
    [lookup] = [item for item in procedures if item.get("lookup") == "procedure"]
    assert "- nuôi chim bồ câu" in lookup["examples"].splitlines()
    examples = rows(nlu(files, "data/nlu/questions.yml")) + rows(nlu(files, "tests/nlu_heldout.yml"))
    assert any('"value": "nuoi_bo_cau"' in row for row in examples)
    # and the demo centre's data knows nothing of it
    assert "nuoi_bo_cau" not in (ASSISTANT / "data" / "nlu" / "procedures.yml").read_text(encoding="utf-8")


def test_the_catalogue_is_the_configured_centres(tmp_path):
    """run.sh → train.sh → the generator: MOTCUA_CONFIG (the queue server's centre) picks the catalogue."""
    folder = tmp_path / "centre"
    folder.mkdir()
    (folder / "centre.yaml").write_text("centre: {name: X}\ncatalogue: thu-tuc.yaml\n", encoding="utf-8")
    assert gen.default_catalogue({"MOTCUA_CONFIG": str(folder)}) == folder / "thu-tuc.yaml"
    assert gen.default_catalogue({"MOTCUA_CONFIG": str(folder / "centre.yaml")}) == folder / "thu-tuc.yaml"
    (folder / "centre.yaml").write_text("centre: {name: X}\n", encoding="utf-8")
    assert gen.default_catalogue({"MOTCUA_CONFIG": str(folder)}) == folder / "catalogue.yaml"
    assert gen.default_catalogue({"MOTCUA_CONFIG": str(folder), "MOTCUA_CATALOGUE": "/x/c.yaml"}).as_posix() == "/x/c.yaml"
    assert gen.default_catalogue({}) == CATALOGUE

    inline = tmp_path / "inline.yaml"  # a centre file with its catalogue written in it
    fields = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))["fields"]
    inline.write_text(yaml.safe_dump({"centre": {"name": "X"}, "catalogue": fields}, allow_unicode=True), encoding="utf-8")
    assert gen.default_catalogue({"MOTCUA_CONFIG": str(inline)}) == inline
    assert gen.load_catalogue(inline) == gen.load_catalogue(CATALOGUE)

    train_sh = (ASSISTANT / "scripts" / "train.sh").read_text()
    run_sh = (ASSISTANT / "scripts" / "run.sh").read_text()
    assert "config/demo" not in run_sh and 'realpath -m "$MOTCUA_CONFIG"' in train_sh


def test_the_committed_data_is_generated_from_the_demo_catalogue():
    done = subprocess.run([sys.executable, str(ASSISTANT / "scripts" / "generate_training_data.py"), str(CATALOGUE),
                           "--check"], capture_output=True, text=True)
    assert done.returncode == 0, "stale: run assistant/scripts/generate_training_data.py " + done.stderr


def test_no_held_out_example_is_a_training_example_once_folded():
    """Accents, case, punctuation and entity markup folded away ('Còn phí?' = 'con phi')."""
    def load(path):
        return rows(yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"])

    train = {gen.plain_text(r) for name in ("questions.yml", "general.yml") for r in load(ASSISTANT / "data" / "nlu" / name)}
    held_out = load(ASSISTANT / "tests" / "nlu_heldout.yml")
    assert len(held_out) > 300
    assert [r for r in held_out if gen.plain_text(r) in train] == []
    assert gen.plain_text('Còn [Khai Sinh]{"entity": "procedure", "value": "khai_sinh"} phí?') == "con khai sinh phi"
    assert re.sub(r"\s", "", gen.plain_text("[A-025](ticket_number) !")) == "a025"
