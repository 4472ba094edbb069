"""Several centres in one deployment (issue 17): each centre's numbering, queue, tokens, staff and events are
its own, on SQLite (a file per centre) and PostgreSQL (a schema per centre); a single-centre database becomes
the city's first centre without losing anything."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from page_csrf import page_csrf
from queue_server.context import centre_of, city_of
from queue_server.services import access

ROOT = Path(__file__).resolve().parents[2]
CITY_DEMO = ROOT / "config" / "city-demo"


@pytest.fixture
def city_app(make_app):
    return make_app(CITY_DEMO)


def kiosk(app, centre_id: str) -> dict:
    token = access.create_token(city_of(app).get(centre_id), "kiosk", "kiosk-1")
    return {"Authorization": "Bearer " + token}


def issue(client, centre_id: str, headers: dict, procedure: str = "khai_sinh"):
    return client.post(f"/api/v1/centres/{centre_id}/tickets", json={"procedure_id": procedure}, headers=headers)


def test_each_centre_numbers_and_queues_its_own_tickets(city_app):
    client = city_app.test_client()
    at_hoan_kiem, at_ba_dinh = kiosk(city_app, "hoan-kiem"), kiosk(city_app, "ba-dinh")
    first = issue(client, "hoan-kiem", at_hoan_kiem)
    second = issue(client, "hoan-kiem", at_hoan_kiem)
    other = issue(client, "ba-dinh", at_ba_dinh)
    assert [r.status_code for r in (first, second, other)] == [201, 201, 201]
    assert [first.json["ticket"]["number"], second.json["ticket"]["number"]] == ["A-001", "A-002"]
    assert other.json["ticket"]["number"] == "A-001"  # Ba Đình's own numbering
    # the ticket's QR link opens at its own centre
    assert "/c/hoan-kiem/t/" in first.json["ticket"]["track_url"]
    assert client.get(urlsplit(first.json["ticket"]["track_url"]).path).status_code == 200
    hoan_kiem = client.get("/c/hoan-kiem/api/v1/queue").json
    ba_dinh = client.get("/api/v1/queue").json  # no centre in the path: the first centre's, as before
    assert hoan_kiem != ba_dinh
    assert str(hoan_kiem).count("A-00") == 2 and str(ba_dinh).count("A-00") == 1
    # the same ticket is not visible from another centre's tracking page
    track = first.json["ticket"]["track_url"].rsplit("/t/", 1)[1]
    assert client.get(f"/c/hoan-kiem/api/v1/track/{track}").status_code == 200
    assert client.get(f"/c/cau-giay/api/v1/track/{track}").status_code == 404


def test_a_centres_device_token_is_refused_at_another_centre(city_app):
    client = city_app.test_client()
    at_hoan_kiem = kiosk(city_app, "hoan-kiem")
    refused = issue(client, "cau-giay", at_hoan_kiem)
    assert refused.status_code == 401
    assert issue(client, "hoan-kiem", at_hoan_kiem).status_code == 201
    assert client.get("/api/v1/centres/nowhere/queue").status_code == 404
    assert client.get("/c/nowhere/kiosk").json["error"]["code"] == "unknown_centre"


def test_staff_of_one_centre_are_strangers_at_another(city_app):
    hoan_kiem = city_of(city_app).get("hoan-kiem")
    access.create_staff(hoan_kiem, "lan", "mat-khau-dai", "Lê Thị Lan", "staff")
    browser = city_app.test_client()
    csrf = page_csrf(browser, "/c/hoan-kiem/login")
    signed_in = browser.post("/c/hoan-kiem/login", data={"username": "lan", "password": "mat-khau-dai", "csrf": csrf})
    assert signed_in.status_code == 302
    assert signed_in.headers["Location"].startswith("/c/hoan-kiem/")
    assert browser.get("/c/hoan-kiem/api/v1/console").status_code == 200
    # the same browser at another centre (its cookie is Hoàn Kiếm's): not signed in there
    assert browser.get("/c/dong-da/api/v1/console").status_code == 401
    assert browser.get("/api/v1/console").status_code == 401  # the first centre's pages likewise
    # and the account does not exist there: signing in at Đống Đa fails
    csrf = page_csrf(browser, "/c/dong-da/login")
    refused = browser.post("/c/dong-da/login", data={"username": "lan", "password": "mat-khau-dai", "csrf": csrf})
    assert refused.status_code != 302
    assert browser.get("/c/hoan-kiem/api/v1/console").status_code == 200  # still signed in at her own centre


def test_a_single_centre_database_becomes_the_first_centre_losing_nothing(make_app, tmp_path, database_url):
    alone = make_app(ROOT / "config" / "demo")
    client = alone.test_client()
    token = access.create_token(centre_of(alone), "kiosk", "kiosk-1")
    access.create_staff(centre_of(alone), "an", "mat-khau-dai", "Nguyễn Văn An", "staff")
    issued = [client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"},
                          headers={"Authorization": "Bearer " + token}).json["ticket"] for _ in range(3)]

    city_folder = tmp_path / "city"
    city_folder.mkdir()
    (city_folder / "city.yaml").write_text(
        "city: {name: Thành phố Hà Nội}\n"
        f"centres:\n  - {{id: ba-dinh, path: {ROOT / 'config' / 'demo'}}}\n"
        f"  - {{id: hoan-kiem, path: {CITY_DEMO / 'hoan-kiem'}}}\n", encoding="utf-8")
    city = make_app(city_folder, url=database_url)
    client = city.test_client()
    for path in ("/api/v1/queue", "/c/ba-dinh/api/v1/queue"):  # the old URLs and the centre's own
        queue = str(client.get(path).json)
        assert all(ticket["number"] in queue for ticket in issued)
    assert "A-00" not in str(client.get("/c/hoan-kiem/api/v1/queue").json)
    # its token and its staff still work, at the first centre only
    headers = {"Authorization": "Bearer " + token}
    after = client.post("/c/ba-dinh/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=headers)
    assert after.status_code == 201 and after.json["ticket"]["number"] == "A-004"
    assert client.post("/c/hoan-kiem/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=headers).status_code == 401
    assert access.staff_exists(city_of(city).get("ba-dinh"), "an")
    assert not access.staff_exists(city_of(city).get("hoan-kiem"), "an")


def test_a_kiosk_at_its_pace_limit_does_not_slow_the_kiosk_of_the_same_name_elsewhere(city_app):
    client = city_app.test_client()
    at_hoan_kiem, at_ba_dinh = kiosk(city_app, "hoan-kiem"), kiosk(city_app, "ba-dinh")
    answers = [issue(client, "hoan-kiem", at_hoan_kiem).status_code for _ in range(8)]
    assert 429 in answers  # a kiosk's human pace (security.rate_limits.kiosk_issue: 5 per 15 s)
    assert issue(client, "ba-dinh", at_ba_dinh).status_code == 201  # Ba Đình's kiosk-1 is another kiosk
