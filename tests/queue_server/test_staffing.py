"""A counter is staffed while a person holds it and is at it, not merely open (issue 13): on SQLite and
PostgreSQL, through the API a kiosk, a display, a console and the reports use."""

from datetime import timedelta

from test_console import Staff
from tests_support import heartbeat, staff_counter
from queue_server.context import centre_of


def counters_of(client, path="/api/v1/queue") -> dict:
    return {c["number"]: c for c in client.get(path).get_json()["counters"]}


def staffed(client) -> dict:
    """Counter number → staffed, as /queue and /catalogue both say it (they must agree)."""
    queue = {n: c["staffed"] for n, c in counters_of(client).items()}
    assert queue == {n: c["staffed"] for n, c in counters_of(client, "/api/v1/catalogue").items()}
    return queue


def test_counters_start_the_day_unstaffed_though_open(client):
    counters = counters_of(client)
    assert all(c["open"] for c in counters.values())
    assert not any(staffed(client).values())
    fields = {f["id"]: f for f in client.get("/api/v1/queue").get_json()["fields"]}
    assert fields["ho_tich"]["staffed_counters"] == 0 and fields["ho_tich"]["eta_minutes"] is None


def test_claim_break_reopen_and_sign_out_staff_and_unstaff_a_counter(app, centre, client, auth):
    an = Staff(app, centre, "an")
    assert an.post("/console/claim", {"counter_number": 3}).status_code == 200
    assert staffed(client)[3] is True and an.get("/console").get_json()["counters"][2]["staffed"] is True
    assert an.post("/counters/3/close", {"reason": "break"}).get_json()["counter"]["staffed"] is False
    assert staffed(client)[3] is False and counters_of(client)[3]["open"] is False
    ticket = client.post("/api/v1/tickets", json={"procedure_id": "chung_thuc_ban_sao"},
                         headers=auth("kiosk")).get_json()["ticket"]
    assert [(c["number"], c["staffed"]) for c in ticket["counters"]] == [(4, False), (8, False)]  # 3 on a break
    assert ticket["eta_minutes"] is None
    assert an.post("/counters/3/open").get_json()["counter"]["staffed"] is True
    assert staffed(client)[3] is True
    an.client.post("/logout", data={"csrf": an.csrf})
    assert staffed(client)[3] is False


def test_a_console_not_seen_for_the_timeout_stops_staffing_until_it_beats_again(client, auth, centre, clock):
    desk = staff_counter(centre, 1)
    clock.moment += timedelta(minutes=1, seconds=59)
    assert staffed(client)[1] is True
    clock.moment += timedelta(seconds=2)  # 2 minutes without a heartbeat (the default): a closed laptop
    assert staffed(client)[1] is False
    answer = client.post("/api/v1/console/heartbeat", json={}, headers=desk).get_json()
    assert answer == {"counter_number": 1, "staffed": True} and staffed(client)[1] is True
    assert client.post("/api/v1/console/heartbeat", json={}, headers=auth("staff")).get_json() == {
        "counter_number": None, "staffed": False}  # holding no counter staffs nothing


def test_the_timeout_is_configurable(make_app, tmp_path, clock, tokens_for):
    from tests_support import demo_centre_yaml

    config = tmp_path / "centre.yaml"
    config.write_text(demo_centre_yaml("staffing: {console_timeout_minutes: 10}"), encoding="utf-8")
    app = make_app(config)
    staff_counter(centre_of(app), 2)
    clock.moment += timedelta(minutes=9)
    client = app.test_client()
    assert staffed(client)[2] is True
    clock.moment += timedelta(minutes=2)
    assert staffed(client)[2] is False


def test_a_session_that_ends_leaves_its_counter(app, centre, client):
    an = Staff(app, centre, "an")
    an.post("/console/claim", {"counter_number": 6})
    with an.client.session_transaction() as session:
        session["since"] -= 13 * 3600  # older than security.session_hours: the next request ends it
    assert an.get("/console").status_code == 401
    assert staffed(client)[6] is False and counters_of(client, "/api/v1/catalogue")[6]["open"] is True


def test_reports_count_staffed_minutes_per_counter(client, auth, centre, clock):
    desk = staff_counter(centre, 3)
    for _ in range(30):  # half an hour at the desk, the console beating every minute
        clock.moment += timedelta(minutes=1)
        heartbeat(client, desk)
    client.post("/api/v1/counters/3/close", json={"reason": "break"}, headers=desk)
    clock.moment += timedelta(minutes=15)  # a break does not count
    client.post("/api/v1/counters/3/open", json={}, headers=desk)
    clock.moment += timedelta(minutes=1)
    heartbeat(client, desk)
    ticket = client.post("/api/v1/tickets", json={"procedure_id": "chung_thuc_ban_sao"},
                         headers=auth("kiosk")).get_json()["ticket"]
    client.post("/api/v1/counters/3/call-next", json={}, headers=desk)
    assert client.post("/api/v1/counters/3/done", json={}, headers=desk).status_code == 200
    clock.moment += timedelta(hours=1)  # the laptop was closed: the last heartbeat ends the stretch
    live = client.get("/api/v1/reports/live", headers=auth("manager")).get_json()
    counter_3 = next(c for c in live["counters"] if c["number"] == 3)
    assert live["counters_staffed"] == 0 and counter_3["staffed_minutes_today"] == 31
    day = ticket["issued_at"][:10]
    report = client.get(f"/api/v1/reports?start={day}", headers=auth("manager")).get_json()
    assert {r["key"]: r["staffed_minutes"] for r in report["by"]["counter"]} == {"3": 31}
