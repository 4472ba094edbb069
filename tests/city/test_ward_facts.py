"""Each ward of a city says its own facts (issue 17): the wards share one catalogue, whose texts name the ward's
police as {police} (queue_server/local_facts.py), so a visitor at Cầu Giấy's kiosk, robot, printed ticket or
tracking page is sent to Cầu Giấy's police, never to Ba Đình's."""

from __future__ import annotations

import json
import re
import textwrap
from itertools import takewhile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from printer.layout import printed_text
from printer.profiles import DEFAULT_PROFILE
from printer.ticket import TicketJob
from queue_server.centre_config import ConfigError, load_centre_config
from queue_server.context import city_of
from queue_server.services import access

ROOT = Path(__file__).resolve().parents[2]
CITY_DEMO = ROOT / "config" / "city-demo"
WARDS = {"ba-dinh": "Ba Đình", "hoan-kiem": "Hoàn Kiếm", "cua-nam": "Cửa Nam", "dong-da": "Đống Đa",
         "cau-giay": "Cầu Giấy", "tay-ho": "Tây Hồ", "hoang-mai": "Hoàng Mai"}
RESIDENCE = "Công an xã/phường nơi anh/chị cư trú (người ở phường {0}: Công an phường {0})"


@pytest.fixture
def city_app(make_app):
    return make_app(CITY_DEMO)


def kiosk(app, centre_id: str) -> dict:
    return {"Authorization": "Bearer " + access.create_token(city_of(app).get(centre_id), "kiosk", "kiosk-1")}


def redirect_of(client, centre_id: str, procedure_id: str) -> str:
    catalogue = client.get(f"/c/{centre_id}/api/v1/catalogue").get_json()
    return next(p for p in catalogue["procedures"] if p["id"] == procedure_id)["redirect"]


def test_two_wards_send_residence_to_their_own_police(city_app):
    client = city_app.test_client()
    assert redirect_of(client, "cau-giay", "tam_tru") == RESIDENCE.format("Cầu Giấy")
    assert redirect_of(client, "hoan-kiem", "tam_tru") == RESIDENCE.format("Hoàn Kiếm")
    assert redirect_of(client, "ba-dinh", "thuong_tru") == RESIDENCE.format("Ba Đình")  # also at /api/v1 (first)
    assert client.get("/api/v1/catalogue").get_json()["procedures"] == \
        client.get("/c/ba-dinh/api/v1/catalogue").get_json()["procedures"]
    # the robot and the kiosk are told the same when they ask for a ticket anyway
    refused = client.post("/c/cau-giay/api/v1/tickets", json={"procedure_id": "tam_tru"},
                          headers=kiosk(city_app, "cau-giay"))
    assert refused.status_code == 409
    assert refused.get_json()["error"]["redirect"] == RESIDENCE.format("Cầu Giấy")
    assert "Công an phường Cầu Giấy" in refused.get_json()["error"]["message"]


def wards_named(text: str) -> set[str]:
    """"phường Cầu Giấy", "phường Ô Chợ Dừa": the capitalised words after "phường" (not "xã/phường nơi")."""
    return {" ".join(takewhile(lambda word: word[0].isupper(), m.group(1).split()))
            for m in re.finditer(r"phường (\w+(?: \w+)*)", text) if m.group(1)[0].isupper()}


def other_wards(centre_id: str) -> list[str]:
    return [name for other, name in WARDS.items() if other != centre_id]


def test_no_centre_of_the_city_names_another_wards_police_or_ward(city_app):
    """Everything a visitor of each centre reads: the catalogue (kiosk, robot), a printed ticket, its
    tracking page. Only the city-wide nearby page names every ward, by design."""
    client = city_app.test_client()
    for centre_id, ward in WARDS.items():
        centre = city_of(city_app).get(centre_id)
        assert centre.config.name == f"Trung tâm Phục vụ hành chính công phường {ward}"  # the ward's own spelling
        catalogue = client.get(f"/c/{centre_id}/api/v1/catalogue").get_json()
        redirects = {p["redirect"] for p in catalogue["procedures"] if p["redirect"]}
        assert RESIDENCE.format(ward) in redirects
        assert all("{" not in text for text in redirects), redirects  # no placeholder left unfilled
        headers = kiosk(city_app, centre_id)
        issued = client.post(f"/c/{centre_id}/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=headers)
        assert issued.status_code == 201, issued.get_json()
        (job,) = client.get(f"/c/{centre_id}/api/v1/print-jobs", headers=headers).get_json()["jobs"]
        paper = "\n".join(printed_text(TicketJob.from_payload(job), DEFAULT_PROFILE))
        assert f"phường {ward}" in paper
        tracking = client.get(urlsplit(issued.get_json()["ticket"]["track_url"]).path).get_data(as_text=True)
        assert f"phường {ward}" in tracking
        seen = json.dumps(catalogue, ensure_ascii=False) + paper + tracking
        for other in other_wards(centre_id):
            assert other not in seen, f"{centre_id} names {other}"
        assert wards_named(seen) == {ward}  # nor a ward outside the city (a fact seen there, not here)


def test_the_single_centre_demo_still_names_ba_dinhs_police(make_app):
    client = make_app().test_client()
    assert redirect_of(client, "demo", "tam_tru") == RESIDENCE.format("Ba Đình")
    assert redirect_of(client, "demo", "xoa_thuong_tru") == RESIDENCE.format("Ba Đình")


def test_a_ward_seeded_with_another_wards_police_is_put_right_at_start(make_app):
    """A city database seeded before the wards had their own facts (every ward said Ba Đình's police)."""
    from queue_server import models
    client = make_app(CITY_DEMO).test_client()
    cau_giay = city_of(client.application).get("cau-giay")
    with cau_giay.db.transaction() as (session, _):
        for row in session.query(models.Procedure).filter(models.Procedure.redirect.like("%(người ở%")):
            row.redirect = RESIDENCE.format("Ba Đình")
    assert redirect_of(make_app(CITY_DEMO).test_client(), "cau-giay", "tam_tru") == RESIDENCE.format("Cầu Giấy")


def test_a_centre_that_does_not_give_a_fact_the_catalogue_names_does_not_start(tmp_path):
    data = yaml.safe_load((CITY_DEMO / "cau-giay" / "centre.yaml").read_text(encoding="utf-8"))
    data["catalogue"] = str(ROOT / "config" / "demo" / "catalogue.yaml")
    del data["local"]["police"]
    (tmp_path / "centre.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_centre_config(tmp_path)
    assert refused.value.path == str(ROOT / "config" / "demo" / "catalogue.yaml")
    assert re.fullmatch(r"fields\[\d+\]\.procedures\[\d+\]\.redirect", refused.value.key)
    assert "names {police}" in refused.value.problem and "under `local:` in centre.yaml" in refused.value.problem


def test_a_fact_is_put_into_every_text_of_an_inline_catalogue(tmp_path):
    (tmp_path / "centre.yaml").write_text(textwrap.dedent("""
        centre: {name: Trung tâm Phục vụ hành chính công phường Tây Hồ}
        local: {ward: phường Tây Hồ, hotline: 024 0000 0000}
        catalogue:
          - id: ho_tich
            vi: Hộ tịch
            ticket_prefix: A
            procedures:
              - {id: khai_sinh, vi: Đăng ký khai sinh, documents: ['Tờ khai (mẫu tại {ward})'],
                 fee: {text: 'Hỏi {hotline}'}}
        counters: [{number: 1, fields: [ho_tich]}]
        """), encoding="utf-8")
    procedure = load_centre_config(tmp_path).procedure("khai_sinh")
    assert procedure.documents == ("Tờ khai (mẫu tại phường Tây Hồ)",) and procedure.fee_text == "Hỏi 024 0000 0000"


# The robot's real actions (assistant venv) asked at two wards' robots: the relay names the centre in the
# message's metadata, and the actions read that centre's catalogue through its API (no Rasa model needed:
# the fallback's reader routes the question, as in tests/assistant/test_nearby_robot.py).
ROBOT = r"""
import asyncio, json, sys
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from actions import conversation, procedures  # noqa: F401  (registers the reader's actions)

out = []
for centre, text in json.loads(sys.argv[1]):
    metadata = {"centre": centre, "centre_path": f"/c/{centre}"}
    message = {"text": text, "intent": {"name": "nlu_fallback"}, "entities": [], "metadata": metadata}
    tracker = Tracker("s-" + centre, {}, message, [{"event": "user", "text": text}], False, None, None, None)
    dispatcher = CollectingDispatcher()
    asyncio.run(conversation.ActionFallback().run(dispatcher, tracker, {}))
    out.append(dispatcher.messages[-1]["text"])
print(json.dumps(out, ensure_ascii=False))
"""


@pytest.mark.rasa
def test_the_robot_of_each_ward_sends_residence_to_its_own_police(live_server_factory):
    import subprocess
    server = live_server_factory(config_path=CITY_DEMO)
    venv = ROOT / ".venv-assistant" / "bin" / "python"
    if not venv.exists():  # built on first use, as tests/assistant's fixture does
        subprocess.run(["bash", "assistant/scripts/setup-venv.sh"], cwd=ROOT, check=True, timeout=1800)
    env = {"PATH": "/usr/bin:/bin", "MOTCUA_SERVER_URL": server.url, "RASA_TELEMETRY_ENABLED": "false"}
    asked = [["cau-giay", "đăng ký tạm trú ở đâu"], ["hoang-mai", "dang ky tam tru lam o dau"]]
    done = subprocess.run([str(venv), "-c", ROBOT, json.dumps(asked)], cwd=ROOT / "assistant", env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    at_cau_giay, at_hoang_mai = json.loads(done.stdout.strip().splitlines()[-1])
    assert at_cau_giay.startswith("Thủ tục Đăng ký tạm trú không làm tại trung tâm này: anh/chị vui lòng liên hệ "
                                  + RESIDENCE.format("Cầu Giấy")), at_cau_giay
    assert RESIDENCE.format("Hoàng Mai") in at_hoang_mai, at_hoang_mai
    for text in (at_cau_giay, at_hoang_mai):
        assert "Ba Đình" not in text
