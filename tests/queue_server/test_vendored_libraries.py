"""The browser libraries the pages load are the versions package.json pins (issue 15: hand-copied files in
static/vendor that nothing checked)."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_vendoring_script():
    spec = importlib.util.spec_from_file_location("vendor_browser_libraries",
                                                  ROOT / "scripts" / "vendor_browser_libraries.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_served_libraries_are_the_pinned_npm_packages():
    script = load_vendoring_script()
    if not (ROOT / "node_modules" / ".installed").exists():
        pytest.skip("node_modules not installed (make setup)")
    assert script.differing() == [], "run: .venv/bin/python scripts/vendor_browser_libraries.py"


def test_a_changed_copy_is_reported(tmp_path):
    script = load_vendoring_script()
    fake_modules = tmp_path / "node_modules"
    for name, source in script.LIBRARIES.items():
        (fake_modules / source).parent.mkdir(parents=True, exist_ok=True)
        (fake_modules / source).write_bytes((script.VENDOR / name).read_bytes() + b"\n//# sourceMappingURL=x.map\n")
    assert script.differing(fake_modules) == []  # the source-map comment is not served, so not a difference
    first = next(iter(script.LIBRARIES.values()))
    (fake_modules / first).write_bytes(b"/* another version */")
    assert script.differing(fake_modules) == [next(iter(script.LIBRARIES))]
