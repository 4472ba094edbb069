"""GET /api/v1/centres: the city's centres for a visitor choosing where to go (issue 17), on the city demo
(seven Hanoi wards), with waits that are the kiosk's own estimates for a ticket issued now."""

import time
from pathlib import Path

import pytest
from tests_support import staff_counter

from queue_server import models
from queue_server.context import city_of
from queue_server.services import centre_settings

CITY = Path(__file__).resolve().parents[2] / "config" / "city-demo"
NEAR_HOAN_KIEM = {"lat": 21.0290, "lon": 105.8520}  # Hồ Gươm


@pytest.fixture
def database_url(tmp_path):  # SQLite here; the PostgreSQL schemas are checked by the last test
    return f"sqlite:///{tmp_path / 'city.db'}"


@pytest.fixture
def city_app(make_app):
    return make_app(CITY)


def issuer_of(centre):
    """A staff token of the centre, which issues as its kiosk does (a kiosk's pace limit would slow the test)."""
    from queue_server.services import access
    return {"Authorization": "Bearer " + access.create_token(centre, "staff", "reception")}


def issue(client, centre, procedure_id, headers):
    response = client.post(f"/api/v1/centres/{centre.id}/tickets", json={"procedure_id": procedure_id},
                           headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["ticket"]


def test_the_city_lists_its_centres_and_a_single_centre_its_one(city_app, app):
    listing = city_app.test_client().get("/api/v1/centres").get_json()
    assert listing["city"] == {"name": "Thành phố Hà Nội", "name_en": "Hanoi"}
    ids = [c["id"] for c in listing["centres"]]
    assert ids == ["ba-dinh", "hoan-kiem", "cua-nam", "dong-da", "cau-giay", "tay-ho", "hoang-mai"]  # city.yaml's order
    ba_dinh = listing["centres"][0]
    assert ba_dinh == {"id": "ba-dinh", "name": "Trung tâm Phục vụ hành chính công phường Ba Đình",
                       "name_en": "Ba Dinh Ward Public Administration Service Centre",
                       "address": "25 Phan Đình Phùng, phường Ba Đình, Hà Nội", "lat": 21.0405, "lon": 105.8437,
                       "open_now": True, "waiting": 0, "eta_minutes": None, "url": "/c/ba-dinh/"}  # nobody staffed
    # the url is the centre's pages
    assert city_app.test_client().get(ba_dinh["url"]).status_code == 200
    one = app.test_client().get("/api/v1/centres").get_json()["centres"]
    assert [c["id"] for c in one] == ["demo"] and one[0]["url"] == "/c/demo/"
    assert app.test_client().get("/api/v1/centres/demo").get_json()["name"] == one[0]["name"]


def test_nearest_first_and_only_those_serving_the_procedure(city_app):
    client = city_app.test_client()
    near = client.get("/api/v1/centres", query_string=NEAR_HOAN_KIEM).get_json()["centres"]
    assert [c["id"] for c in near][:3] == ["hoan-kiem", "cua-nam", "ba-dinh"]
    assert near[0]["distance_km"] < 0.3 and 1.2 < near[2]["distance_km"] < 1.6  # Hồ Gươm → Ba Đình, by air
    assert [c["distance_km"] for c in near] == sorted(c["distance_km"] for c in near)
    # land (sổ đỏ): Cửa Nam, Cầu Giấy and Tây Hồ have no land counter
    land = client.get("/api/v1/centres", query_string={**NEAR_HOAN_KIEM, "procedure_id": "cap_gcn_lan_dau"})
    assert [c["id"] for c in land.get_json()["centres"]] == ["hoan-kiem", "ba-dinh", "dong-da", "hoang-mai"]
    assert client.get("/api/v1/centres/cau-giay?procedure_id=cap_gcn_lan_dau").status_code == 404
    unknown = client.get("/api/v1/centres?procedure_id=khong_co")
    assert unknown.status_code == 404 and unknown.get_json()["error"]["code"] == "unknown_procedure"
    assert client.get("/api/v1/centres/khong-co").status_code == 404


def test_a_centres_robot_reads_the_same_list_under_its_own_path(city_app):
    """The robot's actions call their centre's API (`/c/<id>/api/v1/...`, assistant/actions/queue_api.py)."""
    client = city_app.test_client()
    query = {"procedure_id": "khai_sinh", **NEAR_HOAN_KIEM}
    assert client.get("/c/hoan-kiem/api/v1/centres", query_string=query).get_json() == \
        client.get("/api/v1/centres", query_string=query).get_json()


def test_a_procedure_disabled_at_one_centre_is_not_served_there(city_app):
    centre = city_of(city_app).get("dong-da")
    with centre.db.transaction() as (session, _):  # an admin's edit (made by another server process)
        session.get(models.Procedure, "khai_sinh").enabled = False
        centre_settings.bump_version(session, "test", centre.config)
    ids = [c["id"] for c in city_app.test_client().get("/api/v1/centres?procedure_id=khai_sinh").get_json()["centres"]]
    assert "dong-da" not in ids and len(ids) == 6


def test_the_wait_is_what_the_kiosk_tells_a_ticket_issued_now(city_app):
    client, city = city_app.test_client(), city_of(city_app)
    ba_dinh, hoan_kiem = city.get("ba-dinh"), city.get("hoan-kiem")
    staff_counter(ba_dinh, 1)  # civil status at Ba Đình: one desk of one field (counted)
    kiosk = issuer_of(ba_dinh)
    for _ in range(3):
        issue(client, ba_dinh, "khai_sinh", kiosk)
    listed = client.get("/api/v1/centres/ba-dinh?procedure_id=khai_sinh").get_json()
    assert listed["waiting"] == 3 and listed["eta_minutes"] > 0
    assert issue(client, ba_dinh, "khai_sinh", kiosk)["eta_minutes"] == listed["eta_minutes"]
    # Hoàn Kiếm: counter 5 takes every field beside counter 1 (civil status): only a replay tells
    staff_counter(hoan_kiem, 1)
    staff_counter(hoan_kiem, 5)
    kiosk = issuer_of(hoan_kiem)
    for procedure in ("khai_sinh", "chung_thuc_ban_sao", "khai_sinh", "cap_gcn_lan_dau", "khai_sinh", "khai_sinh"):
        issue(client, hoan_kiem, procedure, kiosk)
    listed = client.get("/api/v1/centres/hoan-kiem?procedure_id=khai_sinh").get_json()
    assert listed["waiting"] == 4
    assert issue(client, hoan_kiem, "khai_sinh", kiosk)["eta_minutes"] == listed["eta_minutes"]
    # the whole centre: everyone waiting, and the longest of its fields' waits
    whole = client.get("/api/v1/centres/hoan-kiem").get_json()
    assert whole["waiting"] == 7 and whole["eta_minutes"] >= listed["eta_minutes"]
    # nobody at a land desk of Cầu Giấy... and none staffed at Tây Hồ: no figure
    assert client.get("/api/v1/centres/tay-ho?procedure_id=khai_sinh").get_json()["eta_minutes"] is None


@pytest.mark.parametrize("query", [{"lat": "abc", "lon": "105.8"}, {"lat": "95", "lon": "105.8"},
                                   {"lat": "21", "lon": "-181"}, {"lat": "nan", "lon": "105"},
                                   {"lat": "inf", "lon": "105"}, {"lat": "91"}, {"lon": "1e3"},
                                   {"lat": "21.03", "lon": ""}])
def test_a_wrong_position_is_refused_in_both_languages(app, query):
    for path in ("/api/v1/centres", "/api/v1/centres/demo"):
        response = app.test_client().get(path, query_string=query)
        assert response.status_code == 400
        error = response.get_json()["error"]
        assert error["code"] == "invalid_position" and "Vị trí không hợp lệ" in error["message"]
        assert "latitude from -90 to 90" in error["message_en"]


@pytest.mark.parametrize("query", [{"lat": "21.03"}, {"lon": "105.8"}])
def test_half_a_position_is_asked_to_be_completed(app, query):
    response = app.test_client().get("/api/v1/centres", query_string=query)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "position_incomplete" and "kinh độ (lon)" in error["message"]
    assert "longitude (lon)" in error["message_en"]


def test_anonymous_reads_are_limited_per_address_not_for_devices(make_app, tokens_for, tmp_path):
    from tests_support import demo_centre_yaml
    config = tmp_path / "limited" / "centre.yaml"
    config.parent.mkdir()
    config.write_text(demo_centre_yaml("security: {rate_limits: {queue_reads: {limit: 3, window_seconds: 60}}}"),
                      encoding="utf-8")
    app = make_app(config)
    client = app.test_client()
    read = lambda path="/api/v1/centres", address="10.0.0.7", **headers: client.get(  # noqa: E731
        path, headers=headers, environ_base={"REMOTE_ADDR": address})
    assert [read().status_code for _ in range(3)] + [read("/api/v1/centres/demo").status_code] == [200] * 3 + [429]
    refused = read()
    assert refused.status_code == 429 and "Xin chờ" in refused.get_json()["error"]["message"]
    assert read(address="10.0.0.8").status_code == 200
    assert client.get("/api/v1/queue", environ_base={"REMOTE_ADDR": "10.0.0.7"}).status_code == 200  # its own window
    kiosk = tokens_for(app)
    assert all(read(**kiosk).status_code == 200 for _ in range(5))  # a kiosk with its token is not counted


@pytest.mark.postgres
def test_the_list_on_postgresql_reads_each_centres_schema(make_app, postgres):
    app = make_app(CITY, url=postgres.new(empty=True))  # its own database: the city adds a schema per centre
    client, city = app.test_client(), city_of(app)
    dong_da = city.get("dong-da")
    staff_counter(dong_da, 2)
    issue(client, dong_da, "chung_thuc_ban_sao", issuer_of(dong_da))
    listing = client.get("/api/v1/centres", query_string={"lat": 21.0136, "lon": 105.8262,
                                                          "procedure_id": "chung_thuc_ban_sao"}).get_json()
    first = listing["centres"][0]
    assert first["id"] == "dong-da" and first["distance_km"] == 0 and first["waiting"] == 1
    assert first["eta_minutes"] is not None
    assert all(c["waiting"] == 0 and c["eta_minutes"] is None for c in listing["centres"][1:])  # nothing crossed
    assert len(listing["centres"]) == 7


def test_a_change_made_by_another_server_process_shows_within_seconds(make_app, monkeypatch):
    from queue_server.services import centre_directory
    monkeypatch.setattr(centre_directory, "FRESH_SECONDS", 2.0)
    mine, other = make_app(CITY), make_app(CITY)  # two server processes on the same databases
    read = lambda: mine.test_client().get("/api/v1/centres/tay-ho").get_json()["waiting"]  # noqa: E731
    tay_ho = city_of(other).get("tay-ho")
    headers = issuer_of(tay_ho)
    assert read() == 0
    started = time.monotonic()
    issue(other.test_client(), tay_ho, "khai_sinh", headers)
    assert read() == 0, time.monotonic() - started  # kept a moment in this process...
    time.sleep(2.1)
    assert read() == 1  # ...then read again
    issue(mine.test_client(), city_of(mine).get("tay-ho"), "khai_sinh", issuer_of(city_of(mine).get("tay-ho")))
    assert read() == 2  # a change made in this process shows at once


@pytest.mark.slow
def test_a_city_of_160_centres(make_app, tmp_path, sqlite_template):
    """160 centres copied from the city demo's seven wards (bench/many_centres.py): all listed, nearest first,
    filtered by procedure as their ward is, each centre's queue its own, in well under a second when kept."""
    import sys
    sys.path.insert(0, str(CITY.parents[1] / "bench"))
    from many_centres import sqlite_files, write_city
    ids = write_city(tmp_path / "city160", 160)
    sqlite_files(tmp_path / "db" / "city.db", ids, sqlite_template)
    app = make_app(tmp_path / "city160", url=f"sqlite:///{tmp_path / 'db' / 'city.db'}")
    city, client = city_of(app), app.test_client()
    far = city.get(ids[-1])
    staff_counter(far, 1)
    issue(client, far, "khai_sinh", issuer_of(far))
    started = time.perf_counter()
    listing = client.get("/api/v1/centres", query_string={"lat": far.config.lat, "lon": far.config.lon,
                                                          "procedure_id": "cap_gcn_lan_dau"}).get_json()["centres"]
    cold = time.perf_counter() - started
    land_wards = {"ba-dinh", "hoan-kiem", "dong-da", "hoang-mai"}
    assert {c["id"] for c in listing} == {i for i in ids if i.rsplit("-", 1)[0] in land_wards or i in land_wards}
    assert [c["distance_km"] for c in listing] == sorted(c["distance_km"] for c in listing)
    everyone = client.get("/api/v1/centres", query_string={"lat": far.config.lat, "lon": far.config.lon})
    everyone = everyone.get_json()["centres"]
    assert len(everyone) == 160 and everyone[0]["id"] == far.id and everyone[0]["waiting"] == 1
    assert sum(c["waiting"] for c in everyone) == 1
    started = time.perf_counter()
    client.get("/api/v1/centres", query_string={"lat": 21.03, "lon": 105.85})
    assert time.perf_counter() - started < 0.3 and cold < 5  # kept: a few ms; cold: ~0.3 s here when quiet
