"""Help requests: the reception robot calls a staff member; the first console to answer takes it.

Runs on SQLite and PostgreSQL (database_url fixture). Live events are caught with Flask-SocketIO's test client
on the same app (the public room, where the consoles listen)."""

from datetime import timedelta

import pytest

from queue_server import models
from queue_server.realtime import socketio
from queue_server.services import access, help_requests


@pytest.fixture
def robot(centre):
    """The demo's robot-1 (a kiosk-role device named "Robot lễ tân")."""
    return {"Authorization": "Bearer " + access.create_token(centre, "kiosk", "robot-1")}


@pytest.fixture
def listener(app):
    client = socketio.test_client(app)
    assert client.is_connected()
    client.get_received()
    yield client
    client.disconnect()


def events_named(listener, name):
    return [e["args"][0] for e in listener.get_received() if e["name"] == name]


def test_robot_raises_an_alert_that_consoles_hear_and_one_staff_member_takes(client, centre, auth, robot,
                                                                               listener):
    response = client.post("/api/v1/help-requests", headers=robot, json={
        "ticket_number": "a25", "language": "en",
        "reason": "  I lost my   ID card,\nnumber 001 203 004 567 — what now?  "})
    assert response.status_code == 201, response.get_json()
    raised = response.get_json()["help_request"]
    assert response.get_json()["repeated"] is False
    assert raised["device_id"] == "robot-1" and raised["device_name"] == "Robot lễ tân"
    assert raised["status"] == "open" and raised["time_local"] == "09:00"  # the test clock: 09:00 in Hà Nội
    heard = events_named(listener, "help_requested")
    assert [e["help_request"]["id"] for e in heard] == [raised["id"]]
    assert "reason" not in heard[0]["help_request"] and "ticket_number" not in heard[0]["help_request"]

    listed = client.get("/api/v1/help-requests", headers=auth("staff")).get_json()["help_requests"]
    assert len(listed) == 1
    alert = listed[0]
    assert alert["ticket_number"] == "A-025" and alert["language"] == "en"
    assert alert["reason"] == "I lost my ID card, number ••• — what now?"  # one line, long digit runs masked

    taken = client.post(f"/api/v1/help-requests/{raised['id']}/acknowledge", headers=auth("staff"),
                        json={"counter_number": 2})
    assert taken.status_code == 200, taken.get_json()
    view = taken.get_json()["help_request"]
    assert (view["status"], view["acknowledged_by"], view["acknowledged_counter"]) == ("acknowledged", "canbo", 2)
    heard = events_named(listener, "help_request_acknowledged")
    assert heard[0]["help_request"]["status"] == "acknowledged" and "acknowledged_by" not in heard[0]["help_request"]

    again = client.post(f"/api/v1/help-requests/{raised['id']}/acknowledge", headers=auth("staff"))
    assert again.status_code == 200  # the same person pressing twice: fine
    second = client.post(f"/api/v1/help-requests/{raised['id']}/acknowledge", headers=auth("manager"))
    assert second.status_code == 409
    assert second.get_json()["error"]["code"] == "already_acknowledged"
    assert second.get_json()["error"]["acknowledged_by"] == "canbo"
    assert client.get(f"/api/v1/help-requests/{raised['id']}/status").get_json() == {
        "id": raised["id"], "status": "acknowledged", "acknowledged_at": view["acknowledged_at"]}
    assert client.post("/api/v1/help-requests/4242/acknowledge", headers=auth("staff")).status_code == 404
    assert client.get("/api/v1/help-requests/4242/status").status_code == 404


def test_repeated_taps_give_the_same_alert_and_too_many_are_limited(client, centre, robot, listener, clock):
    first = client.post("/api/v1/help-requests", headers=robot, json={"reason": "gặp cán bộ"})
    again = client.post("/api/v1/help-requests", headers=robot, json={})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["repeated"] is True
    assert again.get_json()["help_request"]["id"] == first.get_json()["help_request"]["id"]
    assert len(events_named(listener, "help_requested")) == 1  # no second tone on the consoles
    for _ in range(help_requests.RATE_LIMIT - 2):
        client.post("/api/v1/help-requests", headers=robot, json={})
    limited = client.post("/api/v1/help-requests", headers=robot, json={})
    assert limited.status_code == 429 and limited.get_json()["error"]["code"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) >= 1


def test_alerts_expire_from_the_consoles_and_old_rows_are_deleted(client, centre, auth, robot, clock):
    client.post("/api/v1/help-requests", headers=robot, json={"reason": "hỏi về sổ đỏ"})
    clock.moment += timedelta(minutes=help_requests.OPEN_MINUTES + 1)
    assert client.get("/api/v1/help-requests", headers=auth("staff")).get_json()["help_requests"] == []
    clock.moment += timedelta(hours=help_requests.KEEP_HOURS)
    kiosk = {"Authorization": "Bearer " + access.create_token(centre, "kiosk", "kiosk-1")}
    assert client.post("/api/v1/help-requests", headers=kiosk, json={}).status_code == 201
    with centre.db.reading() as session:
        rows = session.query(models.HelpRequest).all()
        assert [r.device_id for r in rows] == ["kiosk-1"]  # the day-old question is gone


def test_only_devices_raise_and_only_staff_see_and_take(client, centre, auth, robot):
    assert client.post("/api/v1/help-requests", json={}).status_code == 401
    assert client.post("/api/v1/help-requests", headers=auth("display"), json={}).status_code == 403
    assert client.post("/api/v1/help-requests", headers=auth("staff"), json={}).status_code == 403
    raised = client.post("/api/v1/help-requests", headers=robot, json={}).get_json()["help_request"]
    assert client.get("/api/v1/help-requests", headers=robot).status_code == 403
    assert client.get("/api/v1/help-requests").status_code == 401
    assert client.post(f"/api/v1/help-requests/{raised['id']}/acknowledge", headers=robot).status_code == 403
    assert client.post(f"/api/v1/help-requests/{raised['id']}/acknowledge", json={}).status_code == 401


def test_bad_bodies_are_refused_or_tolerated_but_never_break_the_alert(client, centre, auth, robot):
    assert client.post("/api/v1/help-requests", headers=robot, data="{nope",
                       content_type="application/json").status_code == 400
    assert client.post("/api/v1/help-requests", headers=robot, json={"reason": 5}).status_code == 400
    response = client.post("/api/v1/help-requests", headers=robot, json={
        "ticket_number": "not a number", "language": "fr", "reason": "x\u0000y" + "é" * 500})
    assert response.status_code == 201
    alert = client.get("/api/v1/help-requests", headers=auth("staff")).get_json()["help_requests"][0]
    assert alert["ticket_number"] is None and alert["language"] == "vi"
    assert len(alert["reason"]) == help_requests.REASON_MAX and alert["reason"].startswith("x y")


def test_the_audit_log_says_who_asked_and_who_went_without_the_question(client, centre, auth, robot):
    raised = client.post("/api/v1/help-requests", headers=robot, json={"reason": "con tôi tên Minh, 0912345678"})
    client.post(f"/api/v1/help-requests/{raised.get_json()['help_request']['id']}/acknowledge",
                headers=auth("staff"), json={"counter_number": 1})
    with centre.db.reading() as session:
        entries = session.query(models.AuditEntry).order_by(models.AuditEntry.id).all()
        actions = [(e.actor, e.action) for e in entries]
        assert ("robot-1", "help_request.raised") in actions
        assert ("canbo", "api.acknowledge_help_request") in actions
        assert not any("Minh" in str(e.detail) or "0912345678" in str(e.detail) for e in entries)
