"""Managers close days to bookings, set a field's bookings per slot, and read the appointment report (volume,
no-shows, punctuality) on /admin/appointments and GET /api/v1/reports/appointments."""

from page_csrf import page_csrf
from tests_support import heartbeat


def book(client, slot, phone):
    response = client.post("/api/v1/appointments", json={"procedure_id": "khai_sinh", "slot_start": slot,
                                                         "name": "Phạm Văn Nam", "phone": phone})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["appointment"]


def signed_in(client, centre, role="manager"):
    from queue_server.services import access
    access.create_staff(centre, "quanly", "mat-khau-dai", "Quản lý", role)
    client.post("/login", data={"username": "quanly", "password": "mat-khau-dai", "csrf": page_csrf(client)})
    with client.session_transaction() as session:
        assert session.get("user") == "quanly"
    return page_csrf(client, "/admin/appointments")


def test_closed_days_and_capacity_change_the_offered_slots(client, centre):
    csrf = signed_in(client, centre)
    page = client.get("/admin/appointments")
    assert page.status_code == 200 and "Hộ tịch" in page.get_data(as_text=True)
    client.post("/admin/appointments/closed-days", data={"csrf": csrf, "day": "2026-11-24", "reason": "Tập huấn"})
    slots = client.get("/api/v1/appointments/slots?procedure_id=khai_sinh&date=2026-11-24").get_json()
    assert slots["closed"] is True and slots["closed_reason"] == "Tập huấn" and slots["slots"] == []
    assert "2026-11-24 Tập huấn" in client.get("/admin/appointments").get_data(as_text=True)
    client.post("/admin/appointments/closed-days", data={"csrf": csrf, "day": "2026-11-24", "reopen": "1"})
    client.post("/admin/appointments/capacity", data={"csrf": csrf, "field_id": "ho_tich", "per_slot": "1"})
    slots = client.get("/api/v1/appointments/slots?procedure_id=khai_sinh&date=2026-11-24").get_json()["slots"]
    assert slots and {s["free"] for s in slots} == {1}
    refused = client.post("/admin/appointments/capacity", data={"csrf": csrf, "field_id": "ho_tich", "per_slot": "500"},
                          follow_redirects=True)
    assert "Bookings per slot must be from 0 to 100" in refused.get_data(as_text=True)
    assert client.post("/admin/appointments/capacity", data={"field_id": "ho_tich", "per_slot": "1"}).status_code == 403


def test_the_report_counts_no_shows_and_punctuality(client, centre, clock, auth, desks):
    on_time = book(client, "2026-11-24T09:00:00+07:00", "0911111111")
    book(client, "2026-11-24T10:00:00+07:00", "0922222222")  # never comes
    cancelled = book(client, "2026-11-24T11:00:00+07:00", "0933333333")
    client.delete("/api/v1/appointments/manage/" + cancelled["manage_url"].rsplit("/", 1)[1])
    clock.set("2026-11-24T08:55:00+07:00")
    assert client.post(f"/api/v1/appointments/{on_time['code']}/check-in", json={}, headers=auth("kiosk")).status_code == 201
    desk = desks(1)
    clock.set("2026-11-24T09:04:00+07:00")
    heartbeat(client, desk)
    assert client.post("/api/v1/counters/1/call-next", json={}, headers=desk).get_json()["ticket"]["number"] == "L-001"
    clock.set("2026-11-24T12:00:00+07:00")
    report = client.get("/api/v1/reports/appointments?start=2026-11-24", headers=auth("manager")).get_json()
    assert (report["booked"], report["cancelled"], report["checked_in"], report["no_show"]) == (3, 1, 1, 1)
    assert report["no_show_rate"] == 0.5
    assert report["punctuality"]["median_minutes"] == 4.0 and report["punctuality"]["within_10_minutes"] == 1.0
    assert client.get("/api/v1/reports/appointments", headers=auth("staff")).status_code == 403
    signed_in(client, centre)
    text = client.get("/admin/appointments?start=2026-11-24").get_data(as_text=True)
    assert "4.0 phút / min" in text and "(50.0 %)" in text
