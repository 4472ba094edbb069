"""Counter work over the API: call next, recall, start, done, no-show, transfer, open and close."""

import pytest
from page_csrf import page_csrf


def issue(client, auth, procedure="khai_sinh", priority=None):
    response = client.post("/api/v1/tickets", json={"procedure_id": procedure, "priority": priority},
                           headers=auth("kiosk"))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["ticket"]


def post(client, desks, path, body=None):
    """As the staff member sitting at the counter the path names."""
    return client.post(f"/api/v1/counters/{path}", json=body or {}, headers=desks(int(path.split("/")[0])))


def test_call_next_gives_the_oldest_ticket_of_the_counters_fields(client, auth, desks):
    issue(client, auth, "chung_thuc_ban_sao")
    first = issue(client, auth, "khai_sinh")
    issue(client, auth, "ket_hon")
    called = post(client, desks, "1/call-next")
    assert called.status_code == 200
    ticket = called.get_json()["ticket"]
    assert ticket["number"] == first["number"] and ticket["status"] == "called" and ticket["counter_number"] == 1
    snapshot = client.get("/api/v1/queue").get_json()
    counter_1 = next(c for c in snapshot["counters"] if c["number"] == 1)
    assert counter_1["serving"]["number"] == "A-001"
    assert snapshot["last_calls"][0] == {**snapshot["last_calls"][0], "number": "A-001", "counter_number": 1,
                                         "kind": "called"}
    assert [t["number"] for t in snapshot["waiting"]] == ["B-001", "A-002"]


def test_call_next_with_nobody_waiting_returns_null(client, auth, desks):
    issue(client, auth, "chung_thuc_ban_sao")
    assert post(client, desks, "1/call-next").get_json() == {"ticket": None}


def test_full_service_is_recorded_in_order(client, auth, desks):
    ticket = issue(client, auth)
    post(client, desks, "2/call-next")
    assert post(client, desks, "2/recall").get_json()["ticket"]["recall_count"] == 1
    assert post(client, desks, "2/start").get_json()["ticket"]["status"] == "serving"
    assert post(client, desks, "2/done").get_json()["ticket"]["status"] == "done"
    events = client.get(f"/api/v1/tickets/{ticket['id']}", headers=auth("staff")).get_json()["ticket"]["events"]
    assert [e["kind"] for e in events] == ["issued", "called", "recalled", "started", "completed"]
    assert all(e["counter_number"] == 2 for e in events[1:])
    assert events[1]["actor"] == "canbo-quay-2"  # the staff member who holds counter 2


def test_calling_next_closes_the_visitor_still_at_the_desk(client, auth, desks):
    first, second = issue(client, auth), issue(client, auth)
    post(client, desks, "1/call-next")
    post(client, desks, "1/start")
    assert post(client, desks, "1/call-next").get_json()["ticket"]["number"] == second["number"]
    events = client.get(f"/api/v1/tickets/{first['id']}", headers=auth("staff")).get_json()["ticket"]["events"]
    assert events[-1]["kind"] == "completed" and events[-1]["detail"] == {"closed_by": "call_next"}


def test_no_show_then_the_visitor_comes_back_and_is_called_by_number(client, auth, desks):
    ticket = issue(client, auth)
    post(client, desks, "1/call-next")
    assert post(client, desks, "1/no-show").get_json()["ticket"]["status"] == "no_show"
    again = post(client, desks, "1/call-number", {"number": ticket["number"].lower()})
    assert again.status_code == 200 and again.get_json()["ticket"]["status"] == "called"


def test_illegal_transitions_are_refused_with_a_clear_reason(client, auth, desks):
    issue(client, auth)
    response = post(client, desks, "1/done")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "no_current_ticket"
    post(client, desks, "1/call-next")
    post(client, desks, "1/start")
    refused = post(client, desks, "1/no-show")
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "transition_refused"
    assert "cannot no show a ticket that is serving" in refused.get_json()["error"]["message"]


def test_transfer_keeps_the_number_and_the_place_in_line(client, auth, desks):
    early = issue(client, auth, "khai_sinh")
    later_land = issue(client, auth, "cap_gcn_lan_dau")
    post(client, desks, "1/call-next")
    moved = post(client, desks, "1/transfer", {"field_id": "dat_dai", "reason": "hồ sơ đất"})
    assert moved.status_code == 200
    ticket = moved.get_json()["ticket"]
    assert ticket["number"] == early["number"] and ticket["status"] == "transferred"
    assert ticket["field_id"] == "dat_dai"
    # it was issued before the land visitor, so the land counter calls it first
    assert post(client, desks, "5/call-next").get_json()["ticket"]["number"] == early["number"]
    assert post(client, desks, "5/call-next").get_json()["ticket"]["number"] == later_land["number"]


def test_transfer_to_one_counter_only_reaches_that_counter(client, auth, desks):
    issue(client, auth, "khai_sinh")
    second = issue(client, auth, "khai_sinh")
    post(client, desks, "1/call-next")
    post(client, desks, "1/transfer", {"counter_number": 8, "reason": "cần quầy ưu tiên"})
    assert post(client, desks, "2/call-next").get_json()["ticket"]["number"] == second["number"]
    assert post(client, desks, "2/call-next").get_json()["ticket"] is None
    assert post(client, desks, "8/call-next").get_json()["ticket"]["number"] == "A-001"


def test_visitors_sent_to_a_counter_wait_through_its_break_and_go_back_to_the_queue_when_it_closes(client, auth, desks):
    first = issue(client, auth, "khai_sinh")
    issue(client, auth, "khai_sinh")
    post(client, desks, "1/call-next")
    post(client, desks, "1/transfer", {"counter_number": 8, "reason": "cần quầy ưu tiên"})
    post(client, desks, "8/close", {"reason": "break"})  # a break: the same desk comes back
    assert post(client, desks, "2/call-next").get_json()["ticket"]["number"] == "A-002"
    assert post(client, desks, "2/call-next").get_json()["ticket"] is None
    post(client, desks, "8/open")
    post(client, desks, "8/close")  # closed for the day: A-001 goes back to Hộ tịch, ahead of later arrivals
    third = issue(client, auth, "khai_sinh")
    assert post(client, desks, "2/call-next").get_json()["ticket"]["number"] == first["number"]
    assert post(client, desks, "1/call-next").get_json()["ticket"]["number"] == third["number"]
    events = client.get(f"/api/v1/tickets/{first['id']}", headers=auth("staff")).get_json()["ticket"]["events"]
    assert [e["kind"] for e in events] == ["issued", "called", "transferred", "transferred", "called"]
    assert events[3]["counter_number"] == 8 and events[3]["detail"]["reason"] == "counter_closed"


def test_a_counter_acts_only_on_waiting_tickets_it_could_call(client, auth, desks):
    land = issue(client, auth, "cap_gcn_lan_dau")  # dat_dai: counters 5 and 8
    sent = issue(client, auth)  # ho_tich, sent below to counter 3 (chung_thuc)
    own = issue(client, auth)
    post(client, desks, "1/call-next")
    post(client, desks, "1/transfer", {"counter_number": 3, "reason": "cần chứng thực"})
    for path, body in (("1/cancel", {"ticket_id": land["id"]}),
                       ("1/transfer", {"ticket_id": land["id"], "field_id": "ho_tich"}),
                       ("2/cancel", {"ticket_id": sent["id"]})):  # ho_tich, but waiting for counter 3 only
        refused = post(client, desks, path, body)
        error = refused.get_json()["error"]
        assert refused.status_code == 409 and error["code"] == "not_served_here", (path, error)
        assert "không phục vụ" in error["message"] and "does not serve" in error["message_en"]
    status = lambda t: client.get("/api/v1/tickets/lookup?number=" + t["number"]).get_json()["status"]
    assert (status(land), status(sent)) == ("issued", "transferred")
    # Its own fields' tickets, and those sent to it, it may act on.
    assert post(client, desks, "1/cancel", {"ticket_id": own["id"]}).get_json()["ticket"]["status"] == "cancelled"
    assert post(client, desks, "3/cancel", {"ticket_id": sent["id"]}).get_json()["ticket"]["status"] == "cancelled"
    moved = post(client, desks, "5/transfer", {"ticket_id": land["id"], "counter_number": 8})
    assert moved.status_code == 200 and moved.get_json()["ticket"]["status"] == "transferred"


@pytest.mark.parametrize("body, status, code", [
    ({}, 422, "missing_target"), ({"field_id": "nope"}, 404, "unknown_field"),
    ({"counter_number": 99}, 404, "unknown_counter"),
    ({"field_id": "dat_dai", "counter_number": 3}, 409, "field_not_served"),
])
def test_bad_transfers_are_refused_and_the_ticket_stays(client, auth, body, status, code, desks):
    issue(client, auth)
    post(client, desks, "1/call-next")
    response = post(client, desks, "1/transfer", body)
    assert response.status_code == status and response.get_json()["error"]["code"] == code
    counter = next(c for c in client.get("/api/v1/queue").get_json()["counters"] if c["number"] == 1)
    assert counter["serving"]["number"] == "A-001"


def test_transfer_to_a_closed_counter_is_refused(client, auth, desks):
    issue(client, auth)
    post(client, desks, "1/call-next")
    post(client, desks, "8/close")
    response = post(client, desks, "1/transfer", {"counter_number": 8})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "counter_closed"


def test_a_closed_counter_calls_nobody_and_shows_closed(client, auth, desks):
    issue(client, auth)
    assert post(client, desks, "1/close").get_json()["counter"]["open"] is False
    response = post(client, desks, "1/call-next")
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "counter_closed"
    counters = client.get("/api/v1/catalogue").get_json()["counters"]
    assert next(c for c in counters if c["number"] == 1)["open"] is False
    post(client, desks, "1/open")
    assert post(client, desks, "1/call-next").get_json()["ticket"]["number"] == "A-001"


def test_closing_a_counter_changes_the_wait_estimate(client, auth, desks):
    for number in (1, 2, 8):  # the three Hộ tịch counters are staffed
        desks(number)
    for _ in range(3):
        issue(client, auth)
    before = issue(client, auth)["eta_minutes"]
    post(client, desks, "1/close")
    post(client, desks, "2/close")
    assert issue(client, auth)["eta_minutes"] > before


def test_interleaved_priority_policy_over_the_api(client, auth, desks):
    for _ in range(4):
        issue(client, auth)
    issue(client, auth, priority="pregnant")
    order = [post(client, desks, "1/call-next").get_json()["ticket"]["number"] for _ in range(5)]
    assert order == ["A-001", "A-002", "A-003", "A-005", "A-004"]


def test_strictly_urgent_categories_go_first(client, auth, desks):
    issue(client, auth)
    issue(client, auth, priority="elderly_80")
    assert post(client, desks, "1/call-next").get_json()["ticket"]["number"] == "A-002"


@pytest.mark.parametrize("path", ["99/call-next", "99/recall", "99/close"])
def test_unknown_counter_is_404(client, auth, path):
    response = client.post(f"/api/v1/counters/{path}", json={}, headers=auth("staff"))
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "unknown_counter"


def test_a_kiosk_cannot_call_tickets(client, auth):
    issue(client, auth)
    response = client.post("/api/v1/counters/1/call-next", json={}, headers=auth("kiosk"))
    assert response.status_code == 403


def test_staff_session_needs_its_csrf_token(make_app, centre, client):
    from queue_server.services import access
    access.create_staff(centre, "canbo1", "mat-khau-dai", "Cán bộ Một")
    form = client.get("/login")
    csrf = page_csrf(client)
    assert form.status_code == 200
    logged_in = client.post("/login", data={"username": "canbo1", "password": "mat-khau-dai", "csrf": csrf})
    assert logged_in.status_code == 302
    csrf = page_csrf(client)
    assert client.post("/api/v1/console/claim", json={"counter_number": 1}).status_code == 403
    assert client.post("/api/v1/console/claim", json={"counter_number": 1},
                       headers={"X-CSRF-Token": csrf}).status_code == 200
    assert client.post("/api/v1/counters/1/call-next", json={}).status_code == 403
    ok = client.post("/api/v1/counters/1/call-next", json={}, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200 and ok.get_json() == {"ticket": None}
    assert client.get("/counter").status_code == 200


def test_wrong_passwords_pause_sign_ins_to_that_account_from_that_address(centre, client):
    from queue_server.services import access
    access.create_staff(centre, "canbo1", "mat-khau-dai", "Cán bộ Một")
    csrf = page_csrf(client)
    for _ in range(5):
        refused = client.post("/login", data={"username": "canbo1", "password": "sai", "csrf": csrf})
        assert refused.status_code == 401
    paused = client.post("/login", data={"username": "canbo1", "password": "mat-khau-dai", "csrf": csrf})
    assert paused.status_code == 429 and "Sai mật khẩu nhiều lần" in paused.get_data(as_text=True)
    elsewhere = client.post("/login", data={"username": "canbo1", "password": "mat-khau-dai", "csrf": csrf},
                            environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert elsewhere.status_code == 302  # the account itself is not locked (tests/security/test_sign_in_abuse.py)
