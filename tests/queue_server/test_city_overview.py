"""The city view (issue 17): what the city's account sees of every centre, the reports compared across centres,
and who may see them. A city of three wards on SQLite (one test on PostgreSQL), the clock moved by hand."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import timedelta

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import create_engine, text

from city_support import write_city
from page_csrf import page_csrf
from queue_server.context import city_of
from queue_server.services import access, ratings

PASSWORD = "mat-khau-dai"


def build_city_app(tmp_path, clock, database_url: str):
    from queue_server import create_app
    from queue_server.settings import Settings

    settings = Settings(config_path=str(write_city(tmp_path / "city")), database_url=database_url,
                        var_dir=str(tmp_path / "var"), secret_key="test-secret",
                        voice_cache_dir=str(tmp_path / "voice-cache"))
    app = create_app(settings, clock=clock)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def city_app(tmp_path, clock, sqlite_template):
    shutil.copyfile(sqlite_template, tmp_path / "motcua.db")
    app = build_city_app(tmp_path, clock, f"sqlite:///{tmp_path / 'motcua.db'}")
    yield app
    for centre in city_of(app):
        centre.db.dispose()


def signed_in(app, username: str, prefix: str = ""):
    client = app.test_client()
    response = client.post(prefix + "/login", data={"username": username, "password": PASSWORD,
                                                    "csrf": page_csrf(client, prefix + "/login")})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def city_client(app):
    access.create_staff(city_of(app).default, "thanhpho", PASSWORD, "Văn phòng Thành phố", "city")
    return signed_in(app, "thanhpho")


class Ward:
    """One centre's devices and a clerk, through its own /api/v1/centres/<id>/ paths."""

    def __init__(self, app, centre_id: str):
        self.centre = city_of(app).get(centre_id)
        self.client, self.base = app.test_client(), f"/api/v1/centres/{centre_id}"
        self.kiosk = {"Authorization": "Bearer " + access.create_token(self.centre, "kiosk", "kiosk-1")}
        self.staff = {"Authorization": "Bearer " + access.create_token(self.centre, "staff", "canbo")}

    def post(self, path, headers, **body):
        response = self.client.post(self.base + path, json=body, headers=headers)
        assert response.status_code in (200, 201), (path, response.get_json())
        return response.get_json()

    def issue(self, procedure="khai_sinh"):
        return self.post("/tickets", self.kiosk, procedure_id=procedure)["ticket"]

    def at_counter(self, number):
        self.post("/console/claim", self.staff, counter_number=number)


def overview(client) -> dict:
    response = client.get("/api/v1/city/overview")
    assert response.status_code == 200, response.get_json()
    return {c["id"]: c for c in response.get_json()["centres"]} | {"_all": response.get_json()}


def test_the_city_sees_each_centre_live_with_alerts_in_words(city_app, clock):
    ba_dinh, hoan_kiem = Ward(city_app, "ba-dinh"), Ward(city_app, "hoan-kiem")
    issued = [ba_dinh.issue() for _ in range(3)]
    hoan_kiem.issue()
    hoan_kiem.issue()
    ba_dinh.at_counter(1)
    clock.moment += timedelta(minutes=5)
    ba_dinh.post("/counters/1/call-next", ba_dinh.staff)  # waited 5 min: within the 20-minute target
    clock.moment += timedelta(minutes=5)
    ba_dinh.post("/counters/1/done", ba_dinh.staff)
    best = ratings.scale_of(ba_dinh.centre).levels[0].value
    rated = ba_dinh.client.post(f"{ba_dinh.base}/track/{issued[0]['track_token']}/rating", json={"score": best})
    assert rated.status_code in (200, 201), rated.get_json()
    clock.moment += timedelta(minutes=20)
    ba_dinh.post("/counters/1/call-next", ba_dinh.staff)  # waited 30 min: over the target
    ba_dinh.post("/console/heartbeat", ba_dinh.staff)

    seen = overview(city_client(city_app))
    ward = seen["ba-dinh"]
    assert ward["waiting"] == 1 and ward["longest_wait_minutes"] == 30
    assert (ward["counters_staffed"], ward["counters"]) == (1, 5)
    assert (ward["called_today"], ward["within_target"]) == (2, 0.5)
    assert (ward["ratings_today"], ward["satisfaction_rate"]) == (1, 1.0)
    # a new visitor for civil status waits for the visitor at counter 1 and the one still waiting (~7 min each)
    assert 10 < ward["eta_minutes"] == ward["eta_by_field"]["ho_tich"] < 20
    assert [a["kind"] for a in ward["alerts"]] == ["long_wait"]
    assert ward["alerts"][0]["vi"] == f"Thời gian chờ dự kiến {ward['eta_minutes']} phút, quá ngưỡng 10 phút"
    # Hoàn Kiếm's two visitors wait with nobody at a counter: said so, and no estimate is made up
    other = seen["hoan-kiem"]
    assert (other["waiting"], other["counters_staffed"], other["eta_minutes"]) == (2, 0, None)
    assert other["alerts"][0]["vi"] == "2 người đang chờ nhưng chưa quầy nào có cán bộ"
    quiet = seen["tay-ho"]
    assert (quiet["waiting"], quiet["issued_today"], quiet["alerts"]) == (0, 0, [])
    totals = seen["_all"]["totals"]
    assert (totals["centres"], totals["waiting"], totals["centres_with_alerts"]) == (3, 3, 2)


def test_reports_compared_across_centres_carry_a_centre_column(city_app, clock):
    ba_dinh, tay_ho = Ward(city_app, "ba-dinh"), Ward(city_app, "tay-ho")
    ba_dinh.issue()
    ba_dinh.issue("chung_thuc_ban_sao")
    tay_ho.issue()
    client = city_client(city_app)
    day = clock.moment.date().isoformat()
    response = client.get(f"/api/v1/city/reports/export.csv?from={day}&to={day}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1][:3] == ["Mã trung tâm / Centre id", "Trung tâm / Centre", "Nhóm / Dimension"]
    totals = {row[0]: int(row[5]) for row in rows[2:] if row[2] == "Tổng"}
    assert totals == {"ba-dinh": 2, "tay-ho": 1}  # Hoàn Kiếm issued nothing: no total row
    fields = [(row[0], row[4]) for row in rows[2:] if row[2] == "Lĩnh vực"]
    assert ("ba-dinh", "Chứng thực") in fields and ("tay-ho", "Hộ tịch") in fields
    assert ("tay-ho", "Chứng thực") not in fields

    workbook = client.get(f"/api/v1/city/reports/export.xlsx?from={day}&to={day}")
    assert workbook.status_code == 200
    book = load_workbook(io.BytesIO(workbook.data))
    compared = [row for row in book["So sánh"].iter_rows(values_only=True)]
    header = compared.index(next(r for r in compared if r and r[0] == "Mã trung tâm / Centre id"))
    by_centre = {r[0]: r for r in compared[header + 1:]}
    assert list(by_centre) == ["ba-dinh", "hoan-kiem", "tay-ho"]
    assert by_centre["ba-dinh"][1] == "Trung tâm Phục vụ hành chính công phường Ba Đình"
    assert by_centre["ba-dinh"][3] == 2 and by_centre["hoan-kiem"][3] is None
    assert book["Lĩnh vực"]["A1"].value == "Mã trung tâm / Centre id"


def test_only_the_city_role_reads_the_city_and_it_acts_in_no_centre(city_app):
    first = city_of(city_app).default
    for role in ("staff", "manager", "admin"):
        access.create_staff(first, f"user-{role}", PASSWORD, role.title(), role)
        person = signed_in(city_app, f"user-{role}")
        token = {"Authorization": "Bearer " + access.create_token(first, role, f"token-{role}")}
        for path in ("/api/v1/city/overview", "/api/v1/city/reports/export.csv", "/api/v1/city/reports/export.xlsx"):
            assert person.get(path).status_code == 403, (role, path)
            assert city_app.test_client().get(path, headers=token).status_code == 403, (role, path)
        assert person.get("/city").status_code == 403
    assert city_app.test_client().get("/api/v1/city/overview").status_code == 401

    city = city_client(city_app)
    csrf = page_csrf(city, "/login")
    for path in ("/api/v1/counters/1/call-next", "/api/v1/console/claim"):
        refused = city.post(path, json={"counter_number": 1}, headers={"X-CSRF-Token": csrf})
        assert refused.status_code == 403, path
    assert city.get("/admin").status_code == 403
    assert city.get("/counter").headers["Location"].endswith("/city")  # no console for the city
    # Another centre's paths: the city's session is nobody there; the city's API is not a centre's
    assert city.post("/c/hoan-kiem/api/v1/counters/1/call-next", json={}).status_code == 401
    city_token = {"Authorization": "Bearer " + access.create_token(first, "city", "bang-thanh-pho")}
    assert city_app.test_client().get("/api/v1/city/overview", headers=city_token).status_code == 200
    assert city_app.test_client().get("/c/ba-dinh/api/v1/city/overview", headers=city_token).status_code == 404
    assert city_app.test_client().post("/api/v1/counters/1/call-next", json={}, headers=city_token).status_code == 403


def test_city_accounts_are_made_on_the_command_line_only(city_app):
    from queue_server.cli import cli

    first = city_of(city_app).default
    access.create_staff(first, "quanly", PASSWORD, "Quản trị", "admin")
    admin = signed_in(city_app, "quanly")
    made = admin.post("/admin/staff", data={"csrf": page_csrf(admin, "/admin/staff"), "username": "tp2",
                                            "password": PASSWORD, "display_name": "Giả mạo", "role": "city"})
    assert made.status_code == 303 and not access.staff_exists(first, "tp2")
    runner = CliRunner()
    env = {"MOTCUA_CONFIG": first.settings.config_path, "DATABASE_URL": first.settings.database_url,
           "MOTCUA_VAR_DIR": first.settings.var_dir, "MOTCUA_SECRET_KEY": "test-secret"}
    refused = runner.invoke(cli, ["--centre", "tay-ho", "staff", "create", "--username", "tp3", "--password", PASSWORD,
                                  "--name", "Sai chỗ", "--role", "city"], env=env)
    assert refused.exit_code == 2 and "first centre (ba-dinh)" in refused.output
    done = runner.invoke(cli, ["staff", "create", "--username", "tp4", "--password", PASSWORD, "--name", "Thành phố",
                               "--role", "city"], env=env)
    assert done.exit_code == 0, done.output
    assert access.staff_exists(first, "tp4")


def test_the_city_page_signs_in_and_comes_back(city_app):
    access.create_staff(city_of(city_app).default, "thanhpho", PASSWORD, "Văn phòng Thành phố", "city")
    client = city_app.test_client()
    first = client.get("/city")
    assert first.status_code == 302 and "/login?next=/city" in first.headers["Location"]
    signed = client.post("/login", data={"username": "thanhpho", "password": PASSWORD, "next": "/city",
                                         "csrf": page_csrf(client)})
    assert signed.headers["Location"] == "/city"
    page = client.get("/city").get_data(as_text=True)
    assert "Thành phố Hà Nội" in page and "Cảnh báo / Alerts" in page
    assert "/api/v1/city/reports/export.xlsx?from=" in page


@pytest.mark.postgres
def test_the_city_view_on_postgresql(tmp_path, clock, postgres):
    url = postgres.new()
    app = build_city_app(tmp_path, clock, url)
    try:
        Ward(app, "tay-ho").issue()
        Ward(app, "ba-dinh").issue()
        Ward(app, "ba-dinh").issue()
        seen = overview(city_client(app))
        assert [seen[c]["waiting"] for c in ("ba-dinh", "hoan-kiem", "tay-ho")] == [2, 0, 1]
        assert seen["tay-ho"]["longest_wait_minutes"] == 0 and seen["tay-ho"]["within_target"] is None
        assert (seen["ba-dinh"]["issued_today"], seen["tay-ho"]["served_today"]) == (2, 0)
        csv_text = city_client_csv(app, clock)
        assert "tay-ho" in csv_text and "hoan-kiem" not in csv_text
    finally:
        for centre in city_of(app):
            centre.db.dispose()
        engine = create_engine(url)
        with engine.begin() as conn:  # the recycled database keeps only its public tables
            for (schema,) in conn.execute(text("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'centre\\_%'")):
                conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        engine.dispose()
        postgres.release(url)


def city_client_csv(app, clock) -> str:
    client = signed_in(app, "thanhpho")
    day = clock.moment.date().isoformat()
    return client.get(f"/api/v1/city/reports/export.csv?from={day}").get_data(as_text=True)
