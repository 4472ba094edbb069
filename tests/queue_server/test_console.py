"""The counter console's server side: taking a counter (and taking it over), one counter per person,
hold and resume, break and close, printer alerts, reprint by number; refusals that lose no ticket."""

from datetime import timedelta

import pytest

from queue_server.services import access
from page_csrf import page_csrf


def issue(client, auth, procedure="khai_sinh", priority=None):
    response = client.post("/api/v1/tickets", json={"procedure_id": procedure, "priority": priority},
                           headers=auth("kiosk"))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["ticket"]


class Staff:
    """A browser session of one staff member: signs in through the form, then calls the API with its CSRF."""

    def __init__(self, app, centre, username, role="staff", password="mat-khau-dai"):
        if not access.staff_exists(centre, username):
            access.create_staff(centre, username, password, username.title(), role)
        self.client = app.test_client()
        csrf = page_csrf(self.client)
        response = self.client.post("/login", data={"username": username, "password": password, "csrf": csrf})
        assert response.status_code == 302, response.data
        self.csrf = page_csrf(self.client)

    def post(self, path, body=None):
        return self.client.post("/api/v1" + path, json=body or {}, headers={"X-CSRF-Token": self.csrf})

    def get(self, path):
        return self.client.get("/api/v1" + path)


@pytest.fixture
def staff(app, centre):
    return lambda username, role="staff": Staff(app, centre, username, role)


def test_staff_takes_a_counter_and_serves_it(client, auth, staff):
    an = staff("an")
    ticket = issue(client, auth)
    assert an.post("/console/claim", {"counter_number": 1}).status_code == 200
    state = an.get("/console").get_json()
    assert state["counter_number"] == 1 and state["user"]["username"] == "an"
    assert next(c for c in state["counters"] if c["number"] == 1)["holder"] == "an"
    assert state["kiosks"] == [{"id": "kiosk-1", "name": "Kiosk sảnh chính"}]  # the robot prints there: not listed
    called = an.post("/counters/1/call-next").get_json()["ticket"]
    assert called["number"] == ticket["number"]
    assert an.post("/counters/1/done").get_json()["ticket"]["status"] == "done"


def test_a_second_person_is_refused_unless_taking_over_explicitly(client, auth, staff):
    an, binh = staff("an"), staff("binh")
    issue(client, auth)
    an.post("/console/claim", {"counter_number": 1})
    refused = binh.post("/console/claim", {"counter_number": 1})
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "counter_taken" and "an" in refused.get_json()["error"]["message"]
    taken = binh.post("/console/claim", {"counter_number": 1, "takeover": True})
    assert taken.status_code == 200 and taken.get_json()["taken_from"] == "an"
    # The first one can no longer act on it, and is told who holds it.
    blocked = an.post("/counters/1/call-next")
    assert blocked.status_code == 403 and blocked.get_json()["error"]["code"] == "not_your_counter"
    assert "binh" in blocked.get_json()["error"]["message"]
    assert binh.post("/counters/1/call-next").status_code == 200


def test_one_counter_per_person_and_signing_in_again_gives_it_back_without_a_takeover(app, centre, client, auth,
                                                                                      staff):
    """Issue 13: a staff member who signs in again (another browser, a lost cookie) was told their own counter
    was held by themselves and had to take it over before any button worked."""
    an = staff("an")
    an.post("/console/claim", {"counter_number": 1})
    an.post("/console/claim", {"counter_number": 2})
    state = an.get("/console").get_json()
    holders = {c["number"]: c["holder"] for c in state["counters"]}
    assert holders[1] is None and holders[2] == "an"
    issue(client, auth)
    second_browser = Staff(app, centre, "an")
    assert second_browser.get("/console").get_json()["counter_number"] == 2  # back at once
    assert second_browser.post("/counters/2/call-next").status_code == 200
    assert second_browser.post("/console/claim", {"counter_number": 2}).status_code == 200  # no takeover asked
    assert an.post("/counters/2/recall").status_code == 403  # the old browser no longer works there
    binh = staff("binh")
    taken = binh.post("/console/claim", {"counter_number": 2})
    assert taken.status_code == 409 and taken.get_json()["error"]["code"] == "counter_taken"  # another person
    assert binh.post("/console/claim", {"counter_number": 2, "takeover": True}).status_code == 200


def test_staff_acting_on_another_counter_is_refused_and_no_ticket_moves(client, auth, staff):
    an = staff("an")
    ticket = issue(client, auth)
    an.post("/console/claim", {"counter_number": 1})
    refused = an.post("/counters/2/call-next")
    assert refused.status_code == 403
    error = refused.get_json()["error"]  # in each language on its own: the console shows its one
    assert "quầy 1, không phải quầy 2" in error["message"] and "counter 1, not counter 2" in error["message_en"]
    waiting = client.get("/api/v1/queue").get_json()["waiting"]
    assert [t["number"] for t in waiting] == [ticket["number"]]


def test_managers_may_act_on_any_counter(client, auth, staff):
    issue(client, auth)
    staff("an").post("/console/claim", {"counter_number": 1})
    assert staff("sep", "manager").post("/counters/1/call-next").status_code == 200


def test_sign_out_frees_the_counter(app, staff):
    an = staff("an")
    an.post("/console/claim", {"counter_number": 3})
    an.client.post("/logout", data={"csrf": an.csrf})
    assert staff("binh").post("/console/claim", {"counter_number": 3}).status_code == 200


def test_a_session_cookie_kept_from_before_the_sign_out_opens_nothing(staff):
    """A console request in flight during the sign-out brings the old cookie back with its answer: that copy,
    like the session of another browser, must not keep the account signed in."""
    an = staff("an")
    assert an.get("/console").status_code == 200
    kept = an.client.get_cookie("session").value
    an.client.post("/logout", data={"csrf": an.csrf})
    an.client.set_cookie("session", kept)  # the copy comes back
    assert an.get("/console").status_code == 401
    assert an.client.get("/counter").status_code == 302  # to the sign-in page


def test_assigned_counters_limit_what_staff_may_take(centre, staff):
    from queue_server.services import administration
    an = staff("an")
    admin = access.Principal("boss", "admin", "session")
    administration.update_staff(centre, admin, "an", "An", "staff", True, [3, 4])
    an = staff("an")  # the change signed the old session out
    refused = an.post("/console/claim", {"counter_number": 1})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "counter_not_assigned"
    assert an.post("/console/claim", {"counter_number": 4}).status_code == 200


def test_hold_then_serve_others_then_resume(client, auth, staff):
    an = staff("an")
    first, second = issue(client, auth), issue(client, auth)
    an.post("/console/claim", {"counter_number": 1})
    an.post("/counters/1/call-next")
    an.post("/counters/1/start")
    held = an.post("/counters/1/hold").get_json()["ticket"]
    assert held["status"] == "held" and held["number"] == first["number"]
    assert an.get("/console").get_json()["held"][0]["number"] == first["number"]
    assert an.post("/counters/1/call-next").get_json()["ticket"]["number"] == second["number"]
    busy = an.post("/counters/1/resume", {"ticket_id": held["id"]})
    assert busy.status_code == 409 and busy.get_json()["error"]["code"] == "counter_busy"
    an.post("/counters/1/done")
    resumed = an.post("/counters/1/resume").get_json()["ticket"]
    assert resumed["number"] == first["number"] and resumed["status"] == "serving"
    assert an.post("/counters/1/done").get_json()["ticket"]["status"] == "done"
    events = client.get(f"/api/v1/tickets/{first['id']}", headers=auth("staff")).get_json()["ticket"]["events"]
    assert [e["kind"] for e in events] == ["issued", "called", "started", "held", "resumed", "completed"]


def test_a_held_ticket_is_not_shown_on_the_displays_nor_called_again(client, auth, staff):
    an = staff("an")
    issue(client, auth)
    an.post("/console/claim", {"counter_number": 1})
    an.post("/counters/1/call-next")
    an.post("/counters/1/hold")
    snapshot = client.get("/api/v1/queue").get_json()
    assert next(c for c in snapshot["counters"] if c["number"] == 1)["serving"] is None
    assert snapshot["waiting"] == []
    assert an.post("/counters/1/call-next").get_json() == {"ticket": None}


def test_break_and_close_stop_calls_and_show_on_the_snapshot(client, auth, staff):
    an = staff("an")
    issue(client, auth)
    an.post("/console/claim", {"counter_number": 1})
    paused = an.post("/counters/1/close", {"reason": "break"}).get_json()["counter"]
    assert paused["open"] is False and paused["closed_reason"] == "break"
    refused = an.post("/counters/1/call-next")
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "counter_closed"
    assert next(c for c in client.get("/api/v1/queue").get_json()["counters"] if c["number"] == 1)["open"] is False
    assert an.post("/counters/1/close", {"reason": "lunch?"}).status_code == 422
    assert an.post("/counters/1/open").get_json()["counter"]["closed_reason"] is None
    assert an.post("/counters/1/call-next").status_code == 200


def test_a_counter_on_break_neither_calls_a_number_nor_resumes(client, auth, staff):
    an = staff("an")
    first, second = issue(client, auth), issue(client, auth)
    an.post("/console/claim", {"counter_number": 1})
    an.post("/counters/1/call-next")
    held = an.post("/counters/1/hold").get_json()["ticket"]
    an.post("/counters/1/close", {"reason": "break"})
    for path, body in (("/counters/1/call-number", {"number": second["number"]}), ("/counters/1/resume", {}),
                       ("/counters/1/resume", {"ticket_id": held["id"]})):
        refused = an.post(path, body)
        error = refused.get_json()["error"]
        assert refused.status_code == 409 and error["code"] == "counter_closed", (path, error)
        assert "tạm nghỉ" in error["message"] and "on a break" in error["message_en"]
    # Nothing moved: the second visitor still waits, the first is still held.
    assert [t["number"] for t in client.get("/api/v1/queue").get_json()["waiting"]] == [second["number"]]
    assert [t["number"] for t in an.get("/console").get_json()["held"]] == [first["number"]]
    an.post("/counters/1/open")
    assert an.post("/counters/1/resume").get_json()["ticket"]["number"] == first["number"]


def test_transfer_to_a_closed_counter_is_refused_and_the_ticket_stays(client, auth, staff):
    an, binh = staff("an"), staff("binh")
    ticket = issue(client, auth)
    binh.post("/console/claim", {"counter_number": 2})
    binh.post("/counters/2/close")
    an.post("/console/claim", {"counter_number": 1})
    an.post("/counters/1/call-next")
    refused = an.post("/counters/1/transfer", {"counter_number": 2, "reason": "cần cán bộ khác"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "counter_closed"
    still = next(c for c in client.get("/api/v1/queue").get_json()["counters"] if c["number"] == 1)["serving"]
    assert still["number"] == ticket["number"] and still["status"] == "called"


def test_printer_alerts_and_reprint_by_number(client, auth, staff):
    an = staff("an")
    ticket = issue(client, auth)
    client.post("/api/v1/devices/me/status", json={"printer_status": "paper_out", "detail": "cover open"},
                headers=auth("kiosk"))
    alerts = an.get("/console").get_json()["printer_alerts"]
    assert alerts == [{**alerts[0], "device_id": "kiosk-1", "printer_status": "paper_out", "detail": "cover open"}]
    found = an.get("/console/ticket?number=" + ticket["number"]).get_json()["ticket"]
    assert found["id"] == ticket["id"] and found["kiosk_id"] == "kiosk-1"
    job = an.post(f"/tickets/{found['id']}/reprint", {"kiosk_id": "kiosk-1"})
    assert job.status_code == 201 and job.get_json()["job"]["kind"] == "reprint"
    assert an.get("/console/ticket?number=Z-999").status_code == 404


def test_wrong_password_is_refused_and_counted(app, centre):
    access.create_staff(centre, "an", "mat-khau-dai", "An")
    client = app.test_client()
    csrf = page_csrf(client)
    response = client.post("/login", data={"username": "an", "password": "sai-mat-khau", "csrf": csrf})
    assert response.status_code == 401 and "Wrong username or password" in response.get_data(as_text=True)
    for _ in range(4):
        client.post("/login", data={"username": "an", "password": "sai", "csrf": csrf})
    paused = client.post("/login", data={"username": "an", "password": "mat-khau-dai", "csrf": csrf})
    assert paused.status_code == 429 and "Too many wrong passwords" in paused.get_data(as_text=True)


def test_forged_csrf_on_login_and_api_is_refused(app, centre, staff):
    access.create_staff(centre, "an", "mat-khau-dai", "An")
    client = app.test_client()
    client.get("/login")
    forged = client.post("/login", data={"username": "an", "password": "mat-khau-dai", "csrf": "forged"})
    assert forged.status_code == 400 and "Session expired" in forged.get_data(as_text=True)
    binh = staff("binh")
    response = binh.client.post("/api/v1/console/claim", json={"counter_number": 1},
                                headers={"X-CSRF-Token": "forged"})
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "csrf_failed"


def test_expired_session_is_refused_and_the_page_asks_to_sign_in(app, staff):
    an = staff("an")
    app.permanent_session_lifetime = timedelta(seconds=-1)  # every cookie is now older than its lifetime
    response = an.post("/console/claim", {"counter_number": 1})
    assert response.status_code == 401
    page = an.client.get("/counter")
    assert page.status_code == 302 and "/login" in page.headers["Location"]


def test_disabled_account_and_reset_password_end_open_sessions(centre, staff):
    from queue_server.services import administration
    an = staff("an")
    boss = access.Principal("boss", "admin", "session")
    administration.reset_password(centre, boss, "an", "mat-khau-moi-1")
    assert an.get("/console").status_code == 401
    an = Staff(an.client.application, centre, "an", password="mat-khau-moi-1")
    administration.update_staff(centre, boss, "an", "An", "staff", False, [])
    assert an.get("/console").status_code == 401


def test_disabling_an_account_frees_its_counter_on_every_console_at_once(app, centre, staff):
    from queue_server.realtime import socketio
    from queue_server.services import administration
    staff("an").post("/console/claim", {"counter_number": 2})
    listener = socketio.test_client(app)
    listener.get_received()
    administration.update_staff(centre, access.Principal("boss", "admin", "session"), "an", "An", "staff", False, [])
    pushed = [e["args"][0] for e in listener.get_received() if e["name"] == "counter_claimed"]
    listener.disconnect()
    assert pushed == [{"counter_number": 2, "claim": None, "taken_over": False}]
    holders = {c["number"]: c["holder"] for c in staff("binh").get("/console").get_json()["counters"]}
    assert holders[2] is None


def test_the_console_speaks_the_language_chosen_in_this_browser(staff):
    an = staff("an")
    page = an.client.get("/counter").get_data(as_text=True)
    assert '<html lang="vi">' in page and "Gọi số tiếp (N)" in page and "Call next" not in page
    switched = an.client.get("/counter?lang=en")
    assert switched.status_code == 302 and switched.headers["Location"].endswith("/counter")
    cookie = switched.headers["Set-Cookie"]
    assert "motcua_lang=en" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = an.client.get("/counter").get_data(as_text=True)
    assert '<html lang="en">' in page and "Call next (N)" in page and "Gọi số tiếp" not in page
    assert '"lang": "en"' in page  # the script's strings follow
    an.client.get("/counter?lang=fr")  # not offered: ignored, English stays
    assert "Call next (N)" in an.client.get("/counter").get_data(as_text=True)
    an.client.set_cookie("motcua_lang", "<script>")  # a forged cookie falls back to Vietnamese
    assert '<html lang="vi">' in an.client.get("/counter").get_data(as_text=True)


def test_dossier_code_for_a_served_ticket_and_bad_codes(client, auth, staff):
    an = staff("an")
    an.post("/console/claim", {"counter_number": 1})
    ticket = issue(client, auth)
    an.post("/counters/1/call-next")
    saved = an.client.put(f"/api/v1/tickets/{ticket['id']}/dossier-code", json={"dossier_code": " H26-0001 "},
                          headers={"X-CSRF-Token": an.csrf})
    assert saved.status_code == 200 and saved.get_json()["dossier"]["dossier_code"] == "H26-0001"
    too_long = an.client.put(f"/api/v1/tickets/{ticket['id']}/dossier-code", json={"dossier_code": "x" * 65},
                             headers={"X-CSRF-Token": an.csrf})
    assert too_long.status_code == 422 and too_long.get_json()["error"]["code"] == "invalid_dossier_code"
    forged = an.client.put(f"/api/v1/tickets/{ticket['id']}/dossier-code", json={"dossier_code": "H26-0002"},
                           headers={"X-CSRF-Token": "forged"})
    assert forged.status_code == 403


def test_a_transfer_to_a_counter_reaches_its_holder_alone_with_the_reason(app, client, auth, staff):
    """The counter's room: only the staff member holding it in this browser session gets in, so a note one
    colleague writes to another is not heard by anonymous listeners (displays, phones) or other staff."""
    from queue_server.realtime import socketio
    an, binh, chi = staff("an"), staff("binh"), staff("chi")
    ticket = issue(client, auth)
    an.post("/console/claim", {"counter_number": 1})
    binh.post("/console/claim", {"counter_number": 2})
    chi.post("/console/claim", {"counter_number": 3})
    at_counter_2 = socketio.test_client(app, flask_test_client=binh.client)
    elsewhere = socketio.test_client(app, flask_test_client=chi.client)
    anonymous = socketio.test_client(app)
    assert at_counter_2.emit("watch_counter", {"counter": 2}, callback=True) == {"ok": True, "counter": 2}
    assert elsewhere.emit("watch_counter", {"counter": 2}, callback=True) == {"ok": False, "counter": 3}
    assert anonymous.emit("watch_counter", {"counter": 2}, callback=True) == {"ok": False, "counter": None}
    for listener in (at_counter_2, elsewhere, anonymous):
        listener.get_received()
    an.post("/counters/1/call-next")
    moved = an.post("/counters/1/transfer", {"counter_number": 2, "reason": "Cần đối chiếu bản chính sổ đỏ"})
    assert moved.status_code == 200, moved.get_json()

    def handed_over(listener):
        return [e["args"][0] for e in listener.get_received() if e["name"] == "ticket_handed_over"]

    heard = handed_over(at_counter_2)
    assert len(heard) == 1 and heard[0]["reason"] == "Cần đối chiếu bản chính sổ đỏ"
    assert heard[0]["ticket"]["number"] == ticket["number"] and heard[0]["from_counter"]["number"] == 1
    assert handed_over(elsewhere) == [] and handed_over(anonymous) == []
    # Leaving the counter leaves its room: the next transfer there reaches whoever holds it now.
    binh.post("/console/release")
    assert at_counter_2.emit("watch_counter", {"counter": 2}, callback=True) == {"ok": False, "counter": None}
    chi.post("/console/release")
    chi.post("/console/claim", {"counter_number": 2})
    assert elsewhere.emit("watch_counter", {"counter": 2}, callback=True) == {"ok": True, "counter": 2}
    second = issue(client, auth)
    an.post("/counters/1/call-next")
    assert an.post("/counters/1/transfer", {"counter_number": 2, "reason": ""}).status_code == 200
    assert [e["ticket"]["number"] for e in handed_over(elsewhere)] == [second["number"]]
    assert handed_over(at_counter_2) == []
    for listener in (at_counter_2, elsewhere, anonymous):
        listener.disconnect()
