"""Runs the actions' unit tests (assistant/tests/unit) inside the assistant's Python 3.10 venv."""

import subprocess

from conftest import ROOT, VENV, assistant_env


def test_action_unit_tests_pass_in_the_assistant_venv(assistant_venv):
    done = subprocess.run([str(VENV / "bin" / "python"), "-m", "pytest", "assistant/tests/unit", "-q"], cwd=ROOT,
                          env=assistant_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
