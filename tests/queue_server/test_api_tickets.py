"""Issuing tickets over the API, on SQLite and PostgreSQL."""

import textwrap

import pytest
from sqlalchemy import select

from queue_server import models


def issue(client, auth, procedure="khai_sinh", priority=None, role="kiosk", **extra):
    return client.post("/api/v1/tickets", json={"procedure_id": procedure, "priority": priority, **extra},
                       headers=auth(role))


def test_ticket_carries_number_counters_place_in_line_and_tracking_link(client, auth, desks):
    desks(1), desks(2)  # two of the three Hộ tịch counters are staffed
    first = issue(client, auth)
    assert first.status_code == 201
    ticket = first.get_json()["ticket"]
    assert ticket["number"] == "A-001"
    assert ticket["status"] == "issued"
    assert ticket["field_id"] == "ho_tich" and ticket["procedure_id"] == "khai_sinh"
    assert [c["number"] for c in ticket["counters"]] == [1, 2]  # the staffed ones: not 8, where nobody is
    assert ticket["counters"][0] == {"number": 1, "name": "Quầy 1 – Hộ tịch", "location": "Tầng 1, bên trái",
                                     "staffed": True}
    assert ticket["people_ahead"] == 0 and ticket["eta_minutes"] == 0
    assert ticket["issued_at"].endswith("+07:00")
    assert ticket["track_url"].startswith("http://localhost/t/")
    assert ticket["procedure_name"] == {"vi": "Đăng ký khai sinh", "en": "Birth registration"}

    second = issue(client, auth, "ket_hon").get_json()["ticket"]
    assert second["number"] == "A-002"
    assert second["people_ahead"] == 1
    assert second["eta_minutes"] == 0  # two idle staffed counters: A-001 goes to one, A-002 to the other
    third = issue(client, auth).get_json()["ticket"]
    assert third["people_ahead"] == 2 and third["eta_minutes"] == 8  # after the first visitor: 8 minutes


def test_each_field_prefix_counts_on_its_own(client, auth):
    numbers = [issue(client, auth, p).get_json()["ticket"]["number"]
               for p in ("khai_sinh", "chung_thuc_ban_sao", "khai_sinh", "chung_thuc_ban_sao")]
    assert numbers == ["A-001", "B-001", "A-002", "B-002"]


def test_numbers_restart_each_local_day_and_yesterday_is_kept(client, auth, clock, centre):
    clock.set("2026-11-23T16:50:00+07:00")
    assert issue(client, auth).get_json()["ticket"]["number"] == "A-001"
    assert issue(client, auth).get_json()["ticket"]["number"] == "A-002"
    clock.set("2026-11-24T07:05:00+07:00")
    assert issue(client, auth).get_json()["ticket"]["number"] == "A-001"
    snapshot = client.get("/api/v1/queue").get_json()
    assert [t["number"] for t in snapshot["waiting"]] == ["A-001"]  # yesterday's are not in today's queue
    with centre.db.reading() as session:
        days = session.execute(select(models.Ticket.service_day, models.Ticket.number)
                               .order_by(models.Ticket.id)).all()
    assert [(d.isoformat(), n) for d, n in days] == [
        ("2026-11-23", "A-001"), ("2026-11-23", "A-002"), ("2026-11-24", "A-001")]


def test_issued_ticket_is_recorded_in_the_event_history(client, auth):
    ticket = issue(client, auth, priority="elderly_60").get_json()["ticket"]
    history = client.get(f"/api/v1/tickets/{ticket['id']}", headers=auth("staff")).get_json()["ticket"]["events"]
    assert [e["kind"] for e in history] == ["issued"]
    assert history[0]["actor"] == "kiosk-1"
    assert history[0]["detail"] == {"kiosk_id": "kiosk-1", "priority": "elderly_60"}


def test_residence_procedures_send_visitors_to_the_commune_police(client, auth):
    response = issue(client, auth, "tam_tru")
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "redirect"
    assert "Công an" in error["message"] and "Công an" in error["redirect"]
    assert client.get("/api/v1/queue").get_json()["waiting"] == []


@pytest.mark.parametrize("body, status, code", [
    ({"procedure_id": "no_such_thing"}, 404, "unknown_procedure"),
    ({}, 400, "missing_field"),
    ({"procedure_id": 42}, 400, "invalid_field"),
    ({"procedure_id": "khai_sinh", "priority": "vip"}, 422, "unknown_priority"),
    ({"procedure_id": "khai_sinh", "kiosk_id": "kiosk-9"}, 403, "wrong_kiosk"),
])
def test_bad_requests_get_a_clear_error_and_issue_nothing(client, auth, body, status, code):
    response = client.post("/api/v1/tickets", json=body, headers=auth("kiosk"))
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code
    assert response.get_json()["error"]["message"]
    assert client.get("/api/v1/queue").get_json()["waiting"] == []


def test_malformed_json_is_refused(client, auth):
    response = client.post("/api/v1/tickets", data="{procedure", headers={**auth("kiosk"),
                                                                         "Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "malformed_json"


@pytest.mark.parametrize("headers, status", [
    ({}, 401), ({"Authorization": "Bearer not-a-token"}, 401), ({"Authorization": "Basic abc"}, 401),
])
def test_issuing_needs_a_valid_token(client, headers, status):
    response = client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=headers)
    assert response.status_code == status
    assert response.get_json()["error"]["code"] in ("unauthorized", "invalid_token")


def test_a_display_token_cannot_issue(client, auth):
    response = issue(client, auth, role="display")
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_revoked_token_stops_working(client, auth, centre):
    from queue_server.services import access
    assert issue(client, auth).status_code == 201
    access.revoke_tokens(centre, "kiosk-1")
    assert issue(client, auth).status_code == 401


def write_centre(tmp_path, extra: str) -> str:
    from tests_support import demo_centre_yaml  # noqa: PLC0415
    folder = tmp_path / "centre"
    folder.mkdir()
    (folder / "centre.yaml").write_text(demo_centre_yaml(extra), encoding="utf-8")
    return str(folder)


def test_closed_centre_refuses_with_the_next_opening_time(make_app, tmp_path, clock, tokens_for):
    app = make_app(write_centre(tmp_path, textwrap.dedent("""
        opening_hours:
          mon: ["07:00-11:30", "13:30-17:00"]
          tue: ["07:00-11:30", "13:30-17:00"]
    """)))
    client, headers = app.test_client(), tokens_for(app)
    clock.set("2026-11-23T12:15:00+07:00")  # Monday lunch break
    response = client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=headers)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "centre_closed"
    assert "13:30" in error["message"] and "13:30" in error["message_en"]
    catalogue = client.get("/api/v1/catalogue").get_json()["centre"]
    assert catalogue["open_now"] is False and catalogue["next_opening"].startswith("2026-11-23T13:30")
    clock.set("2026-11-23T13:30:00+07:00")
    assert client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=headers).status_code == 201


def test_daily_cap_stops_issuing_for_that_field_only(make_app, tmp_path, tokens_for):
    app = make_app(write_centre(tmp_path, "numbering: {digits: 3, daily_cap: 50, field_caps: {ho_tich: 2}}"))
    client, headers = app.test_client(), tokens_for(app)
    for _ in range(2):
        assert client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=headers).status_code == 201
    refused = client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=headers)
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == "daily_cap_reached"
    assert "Hộ tịch" in refused.get_json()["error"]["message"]
    assert client.post("/api/v1/tickets", json={"procedure_id": "chung_thuc_ban_sao"},
                       headers=headers).status_code == 201
    assert len(client.get("/api/v1/queue").get_json()["waiting"]) == 3


def test_lookup_by_number_says_position_and_wait_only(client, auth):
    issue(client, auth)
    issue(client, auth)
    for typed in ("A-002", "a002", "A 2"):
        found = client.get("/api/v1/tickets/lookup", query_string={"number": typed})
        assert found.status_code == 200
        body = found.get_json()
        assert body["number"] == "A-002" and body["people_ahead"] == 1
        assert set(body) == {"number", "status", "people_ahead", "eta_minutes", "counters", "called_counter"}
    assert client.get("/api/v1/tickets/lookup", query_string={"number": "A-099"}).status_code == 404
    assert client.get("/api/v1/tickets/lookup", query_string={"number": "hello"}).status_code == 400


def test_tracking_link_shows_the_ticket(client, auth):
    ticket = issue(client, auth).get_json()["ticket"]
    tracked = client.get(f"/api/v1/track/{ticket['track_token']}").get_json()["ticket"]
    assert tracked["number"] == ticket["number"]
    assert client.get("/api/v1/track/guessed-token").status_code == 404
    assert client.get(f"/t/{ticket['track_token']}").status_code == 200
    assert client.get("/t/guessed-token").status_code == 404


def test_catalogue_lists_fields_procedures_counters_in_both_languages(client):
    catalogue = client.get("/api/v1/catalogue").get_json()
    assert catalogue["centre"]["timezone"] == "Asia/Ho_Chi_Minh" and catalogue["centre"]["open_now"] is True
    fields = {f["id"]: f for f in catalogue["fields"]}
    assert fields["ho_tich"]["prefix"] == "A" and fields["ho_tich"]["name"]["vi"] == "Hộ tịch"
    assert fields["cu_tru_redirect"]["prefix"] is None
    procedures = {p["id"]: p for p in catalogue["procedures"]}
    assert len(procedures) == 67  # every procedure of the reference catalogue, with its id
    khai_sinh = procedures["khai_sinh"]
    assert khai_sinh["field_id"] == "ho_tich" and khai_sinh["name"]["en"] == "Birth registration"
    assert khai_sinh["fee"]["amount_vnd"] == 0 and khai_sinh["documents"]
    assert not any("[M]" in d for p in procedures.values() for d in p["documents"])
    counters = {c["number"]: c for c in catalogue["counters"]}
    assert counters[5]["field_ids"] == ["dat_dai", "xay_dung"] and counters[5]["open"] is True
