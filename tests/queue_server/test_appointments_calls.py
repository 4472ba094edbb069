"""A checked-in appointment at the counter: called soon after its slot, ahead of the walk-ins but never
more than `in_a_row` in a row; the console's list of who is booked next and who has checked in."""



def book(client, slot, phone):
    response = client.post("/api/v1/appointments", json={"procedure_id": "khai_sinh", "slot_start": slot,
                                                         "name": "Trần Văn Minh", "phone": phone})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["appointment"]["code"]


def test_a_checked_in_appointment_is_called_at_its_slot_before_earlier_walk_ins(client, clock, auth, desks):
    codes = [book(client, f"2026-11-24T09:{m:02d}:00+07:00", f"09{n}1234567") for n, m in enumerate((0, 0, 0))]
    clock.set("2026-11-24T08:30:00+07:00")
    kiosk = auth("kiosk")
    walk_ins = [client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=kiosk)
                .get_json()["ticket"]["number"] for _ in range(3)]
    for code in codes:
        assert client.post(f"/api/v1/appointments/{code}/check-in", json={}, headers=kiosk).status_code == 201
    desk = desks(1)

    def call():
        return client.post("/api/v1/counters/1/call-next", json={}, headers=desk).get_json()["ticket"]["number"]

    assert call() == walk_ins[0]  # 08:30: the slot has not begun, the appointments wait for it
    clock.set("2026-11-24T09:01:00+07:00")
    from tests_support import heartbeat
    heartbeat(client, desk)
    assert [call() for _ in range(5)] == ["L-001", "L-002", walk_ins[1], "L-003", walk_ins[2]]


def test_the_console_lists_who_is_booked_and_who_checked_in_masked(client, clock, auth, desks, centre):
    first = book(client, "2026-11-24T09:00:00+07:00", "0911111111")
    book(client, "2026-11-24T10:00:00+07:00", "0922222222")
    clock.set("2026-11-24T08:50:00+07:00")
    assert client.post(f"/api/v1/appointments/{first}/check-in", json={}, headers=auth("kiosk")).status_code == 201
    board = client.get("/api/v1/appointments/counter/1", headers=desks(1)).get_json()
    assert [b["time"] for b in board["booked_next"]] == ["10:00"]
    assert board["checked_in"][0]["ticket_number"] == "L-001" and board["checked_in"][0]["name"] == "T. … Minh"
    assert "Trần Văn Minh" not in str(board) and "0911111111" not in str(board)
    assert client.get("/api/v1/appointments/counter/3", headers=desks(3)).get_json()["booked_next"] == []
    # never on public routes: the snapshot displays read carries no name
    assert "Minh" not in client.get("/api/v1/queue").get_data(as_text=True)
    assert client.get("/api/v1/appointments/counter/1").status_code == 401
    assert client.get("/api/v1/appointments/counter/1", headers=auth("display")).status_code == 403


def test_a_due_appointment_is_seen_behind_an_older_priority_visitor(client, clock, auth, desks):
    """The counter reads the oldest of each line from the index (services/waiting_lines.py): appointments are
    a line of their own, not hidden behind an older priority ticket."""
    codes = [book(client, "2026-11-24T09:00:00+07:00", f"09{n}7654321") for n in range(2)]
    clock.set("2026-11-24T08:30:00+07:00")
    kiosk = auth("kiosk")
    elderly = client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh", "priority": "elderly_60"},
                          headers=kiosk).get_json()["ticket"]["number"]
    for code in codes:
        assert client.post(f"/api/v1/appointments/{code}/check-in", json={}, headers=kiosk).status_code == 201
    clock.set("2026-11-24T09:00:00+07:00")
    desk = desks(1)
    numbers = [client.post("/api/v1/counters/1/call-next", json={}, headers=desk).get_json()["ticket"]["number"]
               for _ in range(3)]
    assert numbers == ["L-001", "L-002", elderly]
