"""The procedure model (actions/intent_model.py over assistant/procedure_examples.yml): a second opinion on
which procedure a visitor's question names, used by the reader only where the facets offer choices or find none."""

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "assistant"))

from actions.intent_model import PROCEDURE_EXAMPLES, default_procedure_model  # noqa: E402
from actions.reading import Reader  # noqa: E402
from actions.resolver import Resolution  # noqa: E402

SCRIPT = ROOT / "assistant" / "scripts" / "build_intent_examples.py"


def test_committed_examples_are_what_the_tuning_sets_give():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_examples_come_from_tuning_sets_only():
    sys.path.insert(0, str(SCRIPT.parent))
    from build_intent_examples import PROCEDURE_SETS

    assert not [p.name for p in PROCEDURE_SETS if "test" in p.name or p.name in ("general_probes6.yml",
                                                                               "general_probes7.yml")]
    by_pid = yaml.safe_load(PROCEDURE_EXAMPLES.read_text(encoding="utf-8"))
    assert len(by_pid) >= 50 and sum(map(len, by_pid.values())) >= 1500


def test_a_question_like_a_labelled_one_names_its_procedure():
    model = default_procedure_model()
    assert model.guess("I lost my building permit, how do I get a new one?").label == "cap_lai_gpxd"
    assert model.guess("cuon so do bi rach nat het roi, muon doi cuon moi").label == "cap_doi_gcn"


def test_choices_are_picked_only_when_the_neighbours_all_but_agree(monkeypatch):
    from actions.intent_model import Guess

    reader = Reader.__new__(Reader)
    asked = {}

    class Model:
        def guess(self, text, among=None):
            asked["among"] = among
            return Guess("khai_sinh", confidence=confidence, similarity=0.5)

    reader.procedure_model = Model()
    choices = Resolution(choices=["khai_sinh", "dang_ky_lai_khai_sinh"])
    confidence = 0.9
    assert reader._learnt_procedure(choices, "làm giấy khai sinh", asks=True) == "khai_sinh"
    assert asked["among"] == {"khai_sinh", "dang_ky_lai_khai_sinh"}
    confidence = 0.6  # about as many neighbours for each: the robot asks, it does not guess
    assert reader._learnt_procedure(choices, "làm giấy khai sinh", asks=True) is None
    confidence = 1.0  # the facets' own pick is never replaced
    assert reader._learnt_procedure(Resolution(procedure_id="ket_hon"), "x", asks=True) is None
