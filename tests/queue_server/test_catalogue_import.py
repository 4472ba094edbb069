"""scripts/import_catalogue.py: the demo catalogue is the shared reference without research notes — and without
another province's examples ("ví dụ Đồng Nai"), which the robot used to read out as this centre's fee."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "domain" / "catalogue.yaml"
DEMO = ROOT / "config" / "demo" / "catalogue.yaml"
DEMO_ENGLISH = ROOT / "config" / "demo" / "catalogue-en.yaml"
DEMO_LOCAL = ROOT / "config" / "demo" / "catalogue-local.yaml"


def importer():
    spec = importlib.util.spec_from_file_location("import_catalogue", ROOT / "scripts" / "import_catalogue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_examples_of_other_provinces_are_dropped_and_what_follows_stays():
    clean = importer().without_examples
    assert clean("Lệ phí 50.000 đ/giấy + giá dịch vụ (ví dụ Đồng Nai)") == "Lệ phí 50.000 đ/giấy + giá dịch vụ"
    assert clean("25.000 đ (chỉnh lý) – ví dụ Đồng Nai") == "25.000 đ (chỉnh lý)"
    assert clean("Lệ phí cấp GCN 25.000 đ – ví dụ Đồng Nai; phí thẩm định 300.000 đ") == \
        "Lệ phí cấp GCN 25.000 đ; phí thẩm định 300.000 đ"
    assert clean("300.000 đ/hồ sơ (ví dụ Đồng Nai; theo TT 56/2024/TT-BTC)") == "300.000 đ/hồ sơ (theo TT 56/2024/TT-BTC)"
    assert clean("Theo mức HĐND tỉnh (ví dụ 50.000–75.000 đ/giấy phép)") == "Theo mức HĐND tỉnh"
    assert clean("Miễn lệ phí") == "Miễn lệ phí"


def test_the_demo_catalogue_is_the_importers_output_with_this_centres_values_only(tmp_path):
    out = tmp_path / "catalogue.yaml"
    importer().main(str(REFERENCE), str(out), str(DEMO_ENGLISH), str(DEMO_LOCAL))
    assert out.read_text(encoding="utf-8") == DEMO.read_text(encoding="utf-8"), "regenerate config/demo/catalogue.yaml"
    catalogue = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    for field in catalogue["fields"]:
        for procedure in field["procedures"]:
            for part in ("fee", "processing_time"):
                values = procedure.get(part) or {}
                assert "province_example" not in values, procedure["id"]
                assert "ví dụ" not in str(values.get("text") or ""), (procedure["id"], values)
            assert "e.g." not in str(values.get("text_en") or ""), (procedure["id"], values)
    assert "Đồng Nai" not in DEMO.read_text(encoding="utf-8")
