"""What the tracking page is given to tell of shorter waits nearby (issue 17; the page itself:
tests/browser/test_tracking_nearby.py): in a city only, with the threshold of the kiosk that issued the ticket."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from queue_server.context import city_of
from queue_server.services import access

ROOT = Path(__file__).resolve().parents[2]
CITY_DEMO = ROOT / "config" / "city-demo"
PAGE_DATA = re.compile(r'<script type="application/json" id="page-data">(.*?)</script>', re.S)


def tracking_page_data(app, centre_id: str) -> dict:
    client = app.test_client()
    kiosk = access.create_token(city_of(app).get(centre_id), "kiosk", "kiosk-1")
    issued = client.post(f"/c/{centre_id}/api/v1/tickets", json={"procedure_id": "khai_sinh"},
                         headers={"Authorization": "Bearer " + kiosk})
    assert issued.status_code == 201, issued.get_json()
    page = client.get(urlsplit(issued.get_json()["ticket"]["track_url"]).path)
    assert page.status_code == 200
    return json.loads(PAGE_DATA.search(page.get_data(as_text=True)).group(1))


def test_a_city_ticket_carries_its_kiosks_threshold_and_where_its_centre_is(make_app):
    data = tracking_page_data(make_app(CITY_DEMO), "hoan-kiem")
    assert data["nearby"] == {"centre_id": "hoan-kiem", "lat": 21.0296, "lon": 105.8507, "wait_minutes": 30,
                              "procedure_id": "khai_sinh"}  # the kiosk's default nearby_wait_minutes


def test_a_single_centre_or_a_kiosk_that_never_points_elsewhere_gives_nothing(make_app, tmp_path):
    single = make_app()
    assert "nearby" not in tracking_page_data(single, "demo")
    ward = yaml.safe_load((CITY_DEMO / "tay-ho" / "centre.yaml").read_text(encoding="utf-8"))
    ward["catalogue"] = str(ROOT / "config" / "demo" / "catalogue.yaml")
    ward["devices"]["kiosks"][0]["nearby_wait_minutes"] = 0  # this kiosk never points to other centres
    (tmp_path / "tay-ho").mkdir()
    (tmp_path / "tay-ho" / "centre.yaml").write_text(yaml.safe_dump(ward, allow_unicode=True), encoding="utf-8")
    (tmp_path / "city.yaml").write_text(yaml.safe_dump({
        "city": {"name": "Thành phố Hà Nội"},
        "centres": [{"id": "hoan-kiem", "path": str(CITY_DEMO / "hoan-kiem")}, {"id": "tay-ho", "path": "tay-ho"}]},
        allow_unicode=True), encoding="utf-8")
    assert "nearby" not in tracking_page_data(make_app(tmp_path), "tay-ho")
