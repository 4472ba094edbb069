"""Appointments through the API, on SQLite and PostgreSQL: slots, booking, limits, the manage link, and
check-in at the kiosk or the robot (docs/api.md, "Appointments")."""

import pytest

from queue_server.services import access

# The clock fixture: Monday 2026-11-23 09:00 in Hà Nội; the demo centre is open round the clock, so slots run
# the whole day (rules/appointments.py) and ho_tich has 3 bookings per 30-minute slot.
TUESDAY = "2026-11-24"
PROCEDURE = "khai_sinh"


def book(client, slot="2026-11-24T09:00:00+07:00", phone="0912345678", name="Nguyễn Thị Lan", **extra):
    return client.post("/api/v1/appointments", json={"procedure_id": PROCEDURE, "slot_start": slot,
                                                     "name": name, "phone": phone, **extra})


def slots(client, day=TUESDAY):
    response = client.get(f"/api/v1/appointments/slots?procedure_id={PROCEDURE}&date={day}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["slots"]


def test_free_slots_follow_hours_capacity_and_bookings(client):
    tuesday = slots(client)
    assert tuesday[0]["time"] == "00:00" and tuesday[-1]["time"] == "23:30" and len(tuesday) == 48
    nine = next(s for s in tuesday if s["time"] == "09:00")
    assert nine["free"] == 3  # counters 1, 2 and a ninth of 8 at 8 minutes a visitor, half kept for walk-ins
    for n in range(3):
        assert book(client, phone=f"09000000{n:02d}").status_code == 201
    assert "09:00" not in [s["time"] for s in slots(client)]  # full: no longer offered
    refused = book(client, phone="0900000099")
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "slot_full"
    today = slots(client, "2026-11-23")
    assert today[0]["time"] == "09:30"  # what has begun is not offered
    assert slots(client, "2026-12-31") == []  # beyond the 14-day horizon


def test_booking_answers_the_contract_and_hides_the_person(client, centre):
    response = book(client)
    assert response.status_code == 201
    appointment = response.get_json()["appointment"]
    assert {"code", "slot_start", "procedure_id", "manage_url"} <= set(appointment)
    assert appointment["slot_start"] == "2026-11-24T09:00+07:00" and appointment["procedure_id"] == PROCEDURE
    assert "/lich-hen/" in appointment["manage_url"] and len(appointment["code"]) == 6
    token = appointment["manage_url"].rsplit("/", 1)[1]
    seen = client.get(f"/api/v1/appointments/manage/{token}").get_json()["appointment"]
    assert "0912345678" not in str(seen) and "Nguyễn Thị Lan" not in str(seen)
    assert seen["phone"].endswith("678") and seen["name"].endswith("Lan")
    assert client.get("/api/v1/appointments/manage/not-a-token").status_code == 404


@pytest.mark.parametrize("body, code", [
    ({"phone": "12345"}, "invalid_phone"), ({"name": ""}, "invalid_name"),
    ({"slot": "2026-11-24T09:10:00+07:00"}, "slot_unavailable"), ({"slot": "tomorrow"}, "invalid_slot"),
    ({"slot": "2026-11-23T08:00:00+07:00"}, "slot_unavailable")])
def test_a_wrong_booking_says_what_is_wrong(client, body, code):
    response = book(client, **body)
    assert response.status_code in (400, 409, 422) and response.get_json()["error"]["code"] == code


def test_hoarding_is_limited_per_phone_and_per_address(client):
    assert book(client, slot="2026-11-24T09:00:00+07:00").status_code == 201
    assert book(client, slot="2026-11-24T10:00:00+07:00", phone="+84 912 345 678").status_code == 201
    third = book(client, slot="2026-11-24T11:00:00+07:00", phone="0912.345.678")
    assert third.status_code == 409 and third.get_json()["error"]["code"] == "too_many_bookings"
    statuses = [book(client, slot="2026-11-25T09:00:00+07:00", phone=f"09100000{n:02d}").status_code
                for n in range(10)]
    assert 429 in statuses  # 10 bookings (or attempts) per address per hour, the third one above counted
    assert statuses.count(201) <= 7


def test_move_and_cancel_through_the_manage_link(client):
    token = book(client).get_json()["appointment"]["manage_url"].rsplit("/", 1)[1]
    moved = client.patch(f"/api/v1/appointments/manage/{token}", json={"slot_start": "2026-11-25T14:00:00+07:00"})
    assert moved.status_code == 200 and moved.get_json()["appointment"]["time"] == "14:00"
    assert next(s for s in slots(client) if s["time"] == "09:00")["free"] == 3  # the old place is free again
    cancelled = client.delete(f"/api/v1/appointments/manage/{token}")
    assert cancelled.get_json()["appointment"]["status"] == "cancelled"
    again = client.delete(f"/api/v1/appointments/manage/{token}")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "appointment_cancelled"


def test_check_in_on_time_gives_a_kiosk_ticket_queued_at_the_slot(client, centre, clock, auth):
    code = book(client).get_json()["appointment"]["code"]
    clock.set("2026-11-24T08:40:00+07:00")  # 20 minutes early: accepted, the ticket waits for 09:00
    response = client.post(f"/api/v1/appointments/{code.lower()}/check-in", json={}, headers=auth("kiosk"))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["ticket"]["number"] == "L-001" and body["ticket"]["priority"] == "appointment"
    assert body["ticket"]["priority_name"] == {"vi": "Lịch hẹn", "en": "Appointment"}
    assert body["outcome"] == "on_time" and "09:00" in body["message"]["vi"]
    jobs = client.get("/api/v1/print-jobs?kiosk_id=kiosk-1", headers=auth("kiosk")).get_json()
    assert any(job["ticket"]["number"] == "L-001" for job in jobs["jobs"])  # printed as usual
    twice = client.post(f"/api/v1/appointments/{code}/check-in", json={}, headers=auth("kiosk"))
    assert twice.status_code == 409 and twice.get_json()["error"]["number"] == "L-001"


def test_check_in_early_late_and_by_the_robot(client, centre, clock):
    robot = {"Authorization": "Bearer " + access.create_token(centre, "kiosk", "robot-1")}
    early = book(client, slot="2026-11-24T10:00:00+07:00").get_json()["appointment"]
    late = book(client, slot="2026-11-24T08:00:00+07:00", phone="0987654321").get_json()["appointment"]
    clock.set("2026-11-24T08:30:00+07:00")
    too_early = client.post(f"/api/v1/appointments/{early['code']}/check-in", json={}, headers=robot)
    assert too_early.status_code == 422 and too_early.get_json()["error"]["from_time"] == "09:15"
    walk_in = client.post(f"/api/v1/appointments/{late['code']}/check-in", json={}, headers=robot)
    assert walk_in.status_code == 201
    body = walk_in.get_json()
    assert body["outcome"] == "late" and body["ticket"]["number"].startswith("A-")
    assert body["ticket"]["priority"] is None and "khách đến trực tiếp" in body["message"]["vi"]
    # the QR's manage link, as a scanner types it, checks in too
    clock.set("2026-11-24T09:20:00+07:00")
    scanned = early["manage_url"].rsplit("/", 1)[1]
    assert client.post(f"/api/v1/appointments/{scanned}/check-in", json={}, headers=robot).status_code == 201
    # the robot's tickets print at the kiosk it stands by (robot-1: print_via kiosk-1)
    kiosk = {"Authorization": "Bearer " + access.create_token(centre, "kiosk", "kiosk-1")}
    printed = [job["ticket"]["number"] for job in client.get("/api/v1/print-jobs", headers=kiosk).get_json()["jobs"]]
    assert printed == [body["ticket"]["number"], "L-001"]
    # the audit log names the booking's code, never the manage link's token
    from queue_server.services import audit
    targets = [entry.target for entry in audit.entries(centre)[0]]
    assert f"/api/v1/appointments/{early['code']}/check-in" in targets and not any(scanned in t for t in targets)


def test_check_in_needs_a_device_and_a_known_code(client, auth):
    code = book(client).get_json()["appointment"]["code"]
    assert client.post(f"/api/v1/appointments/{code}/check-in", json={}).status_code == 401
    assert client.post(f"/api/v1/appointments/{code}/check-in", json={}, headers=auth("display")).status_code == 403
    unknown = client.post("/api/v1/appointments/XXXXXX/check-in", json={}, headers=auth("kiosk"))
    assert unknown.status_code == 404


def test_name_and_phone_are_purged_after_the_retention(client, centre, clock):
    from queue_server import models
    from queue_server.services import retention
    book(client)
    book(client, slot="2026-12-01T09:00:00+07:00", phone="0987654321")
    clock.set("2026-12-26T10:00:00+07:00")  # 32 days after the first slot (retention_days: 30), 25 after the second
    assert retention.purge(centre, dry_run=True).appointment_people == 1
    result = retention.purge(centre)
    assert result.appointment_people == 1 and "name and phone of 1 appointment(s)" in result.summary()
    with centre.db.reading() as session:
        kept = {a.slot_start.day: (a.name, a.phone) for a in session.query(models.Appointment)}
    assert kept == {24: (None, None), 1: ("Nguyễn Thị Lan", "0987654321")}
