"""English catalogue texts: the admin's procedure page edits the English documents, fee and processing time,
and an open kiosk in English shows them at once; the import script merges a translations file."""

import re
import subprocess
import sys

import pytest
import yaml
from playwright.sync_api import expect

from live_server import ROOT
from test_admin_pages import sign_in_admin


def test_an_admin_edits_the_english_texts_and_the_kiosk_shows_them(live_server, new_page, assert_accessible):
    kiosk = new_page(1080, 1920)
    kiosk.goto(f"{live_server.url}/kiosk#token={live_server.tokens['kiosk']}")
    kiosk.get_by_role("button", name="English").click()
    kiosk.locator("#field-tiles").get_by_role("button", name=re.compile("Certification")).click()
    kiosk.get_by_role("button", name=re.compile("^Signature certification")).click()
    details = kiosk.locator("#procedure-details")
    expect(details).to_contain_text("Fee: 10,000 VND per case")

    admin = new_page(1366, 768)
    sign_in_admin(admin, live_server)
    admin.goto(live_server.url + "/admin/procedures/chung_thuc_chu_ky")
    expect(admin.get_by_label("Lệ phí, tiếng Anh / Fee in English")).to_have_value("10,000 VND per case")
    assert_accessible(admin)
    admin.get_by_label("Lệ phí, tiếng Anh / Fee in English").fill("10,000 VND for each signature")
    admin.get_by_label(re.compile("^Giấy tờ cần mang, tiếng Anh")).fill(
        "Valid ID papers\nThe papers to sign, signed in front of the officer")
    admin.get_by_role("button", name="Lưu thủ tục / Save procedure").click()
    expect(admin.get_by_role("status")).to_contain_text("Đã lưu thủ tục “Chứng thực chữ ký trong giấy tờ, văn bản”")
    expect(details).to_contain_text("Fee: 10,000 VND for each signature")  # pushed to the open kiosk
    expect(details).to_contain_text("The papers to sign, signed in front of the officer")


def test_the_import_script_merges_the_english(tmp_path):
    reference = ROOT.parent / "shared" / "domain" / "catalogue.yaml"
    if not reference.exists():
        pytest.skip("the shared reference catalogue is not beside the project")
    target = tmp_path / "catalogue.yaml"
    subprocess.run([sys.executable, "scripts/import_catalogue.py", str(reference), str(target),
                    "--english", "config/demo/catalogue-en.yaml"], cwd=ROOT, check=True)
    fields = yaml.safe_load(target.read_text(encoding="utf-8"))["fields"]
    birth = next(p for f in fields for p in f["procedures"] if p["id"] == "khai_sinh")
    assert birth["fee"]["text_en"] == "Free if registered on time"
    assert birth["documents_en"][0] == "Birth registration form (standard form)"
