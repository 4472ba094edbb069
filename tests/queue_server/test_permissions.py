"""Every state-changing route, found by walking the app's route map, is tried as anonymous, staff, manager,
admin and city against EXPECTED below: a fixed table, not the route's own guard, so a route given the wrong roles fails
here, and so does a new route missing from the table. Each must also have a guard (`required_roles`, set by
api.auth.require and web.admin.page) or be listed in PUBLIC on purpose."""

import re

import pytest

from queue_server.services import access
from page_csrf import page_csrf

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
PUBLIC = {
    "staff.login": "the sign-in form itself (CSRF-checked)",
    "staff.logout": "signing out needs no role (CSRF-checked)",
    "assistant_relay.relay_message": "visitors chat with the reception robot; changes no state",
    "api.rate_from_phone": "a visitor rates from the ticket's QR page (the unguessable token is the proof)",
    "api.book_appointment": "visitors book from their phone or the national portal (limited per phone, address)",
    "api.cancel_appointment": "through the booking's manage link (the unguessable token is the proof)",
    "api.move_appointment": "through the booking's manage link (the unguessable token is the proof)",
}
PEOPLE = ("staff", "manager", "admin")
STAFF, MANAGERS, ADMINS = PEOPLE, ("manager", "admin"), ("admin",)  # admins may always; devices: ADMINS
# Who among the people may use each state-changing route (docs/administration.md, docs/api.md). Written out
# by hand on purpose: change it only when the rule itself changes.
EXPECTED = {
    # the counter console
    "api.call_next": STAFF, "api.call_number": STAFF, "api.recall": STAFF, "api.start": STAFF, "api.done": STAFF,
    "api.no_show": STAFF, "api.cancel": STAFF, "api.transfer": STAFF, "api.hold": STAFF, "api.resume": STAFF,
    "api.open_counter": STAFF, "api.close_counter": STAFF, "api.claim_counter": STAFF,
    "api.release_counter": STAFF, "api.heartbeat": STAFF, "api.reprint": STAFF, "api.dossier_code": STAFF,
    "api.acknowledge_help_request": STAFF, "api.issue": STAFF, "api.check_in_appointment": STAFF,
    # devices (kiosks, the robot): no person but an admin
    "api.ack_job": ADMINS, "api.report_status": ADMINS, "api.raise_help_request": ADMINS,
    "api.rate_at_counter": ADMINS,  # the counter's own tablet (issue 14, finding 4)
    # administration: counters, staff and displays for managers; the rest for admins
    "admin.create_counter": MANAGERS, "admin.update_counter": MANAGERS, "admin.delete_counter": MANAGERS,
    "admin.open_counter": MANAGERS, "admin.close_counter": MANAGERS, "admin.create_staff": MANAGERS,
    "admin.update_staff": MANAGERS, "admin.reset_password": MANAGERS, "admin.set_notice": MANAGERS,
    "admin.update_display": MANAGERS,
    "admin_appointments.closed_day": MANAGERS, "admin_appointments.capacity": MANAGERS,
    "admin.create_field": ADMINS, "admin.update_field": ADMINS, "admin.create_procedure": ADMINS,
    "admin.update_procedure": ADMINS, "admin.set_priority": ADMINS, "admin.set_hours": ADMINS,
    "admin.set_caps": ADMINS, "admin.register_device": ADMINS, "admin.renew_token": ADMINS,
    "admin.revoke_device": ADMINS,
}
REFUSED = (401, 403)


def state_changing_routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & STATE_CHANGING):
            yield rule, method


def concrete_path(rule) -> str:
    """The rule with each argument filled by a value no record has: allowed callers get 404/409/422, never
    a change to real data."""
    def fill(match):
        converter = match.group(1) or ""
        return "99999" if converter.startswith("int") else "khong-co"
    return re.sub(r"<(?:([^:>]+):)?[^>]+>", fill, rule.rule)


class Caller:
    """Anonymous, or a person of one role: a bearer token for /api, a signed-in session (with CSRF) for pages."""

    def __init__(self, app, centre, role):
        self.role, self.token, self.client, self.csrf = role, None, app.test_client(), ""
        if role is None:
            return
        self.token = access.create_token(centre, role, f"token-{role}")
        access.create_staff(centre, f"user-{role}", "mat-khau-dai", role.title(), role)
        csrf = page_csrf(self.client)
        self.client.post("/login", data={"username": f"user-{role}", "password": "mat-khau-dai", "csrf": csrf})
        self.csrf = page_csrf(self.client)

    def send(self, method, path):
        if path.startswith("/api/"):
            headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
            return self.client.open(path, method=method, json={}, headers=headers)
        return self.client.open(path, method=method, data={"csrf": self.csrf})


def refused(response) -> bool:
    return response.status_code in REFUSED or (
        response.status_code == 302 and "/login" in response.headers.get("Location", ""))


@pytest.fixture
def callers(app, centre):
    # the city's account (issue 17) is in no row of EXPECTED: every state-changing route must refuse it
    return {role: Caller(app, centre, role) for role in (None, *PEOPLE, "city")}


def test_every_state_changing_route_has_a_rule(app):
    missing = [f"{method} {rule.rule} ({rule.endpoint})" for rule, method in state_changing_routes(app)
               if rule.endpoint not in PUBLIC
               and getattr(app.view_functions[rule.endpoint], "required_roles", None) is None]
    assert missing == [], "routes without a permission rule (guard them, or add them to PUBLIC on purpose):\n" \
        + "\n".join(missing)


def test_every_state_changing_route_is_in_the_table(app):
    endpoints = {rule.endpoint for rule, _ in state_changing_routes(app)} - set(PUBLIC)
    assert sorted(endpoints - set(EXPECTED)) == [], "add these routes to EXPECTED with the roles they must allow"
    assert sorted(set(EXPECTED) - endpoints) == [], "these routes are gone: drop them from EXPECTED"


def test_every_state_changing_route_refuses_and_allows_exactly_its_roles(app, callers):
    problems = []
    for rule, method in state_changing_routes(app):
        if rule.endpoint in PUBLIC:
            continue
        roles = EXPECTED.get(rule.endpoint, ())  # a route missing from the table fails the test above
        path = concrete_path(rule)
        for role, caller in callers.items():
            allowed = role in roles
            response = caller.send(method, path)
            if allowed == refused(response):
                problems.append(f"{method} {path} as {role or 'anonymous'}: {response.status_code} "
                                f"({'should be allowed' if allowed else 'should be refused'}) "
                                f"{response.get_data(as_text=True)[:160]!r}")
            if response.status_code >= 500:
                problems.append(f"{method} {path} as {role or 'anonymous'}: server error {response.status_code}")
    assert problems == [], "\n".join(problems)


def test_admin_pages_are_for_managers_and_admins(app, callers):
    pages = [rule for rule in app.url_map.iter_rules()
             if rule.rule.startswith("/admin") and "GET" in rule.methods and "<" not in rule.rule
             and hasattr(app.view_functions[rule.endpoint], "required_roles")]
    assert len(pages) >= 8
    for rule in pages:
        roles = app.view_functions[rule.endpoint].required_roles
        for role, caller in callers.items():
            response = caller.client.get(rule.rule)
            allowed = role is not None and (role == "admin" or role in roles)
            assert refused(response) != allowed, (rule.rule, role, response.status_code)


def test_forged_csrf_token_is_refused_on_every_admin_form(app, callers):
    admin = callers["admin"]
    for rule, method in state_changing_routes(app):
        if rule.rule.startswith("/admin"):
            response = admin.client.open(concrete_path(rule), method=method, data={"csrf": "forged"})
            assert response.status_code == 403, rule.rule


def test_help_requests_are_raised_by_devices_and_taken_by_people(app, centre, callers):
    """The walk above tries people; a call for staff comes from a device: a kiosk (the robot is one) raises it,
    a display cannot, and no device may read the visitors' questions or take the alert."""
    kiosk = {"Authorization": "Bearer " + access.create_token(centre, "kiosk", "robot-1")}
    display = {"Authorization": "Bearer " + access.create_token(centre, "display", "hall")}
    client = app.test_client()
    assert app.view_functions["api.raise_help_request"].required_roles == ("kiosk",)
    assert app.view_functions["api.acknowledge_help_request"].required_roles == ("staff", "manager")
    raised = client.post("/api/v1/help-requests", json={}, headers=kiosk)
    assert raised.status_code == 201
    assert client.post("/api/v1/help-requests", json={}, headers=display).status_code == 403
    number = raised.get_json()["help_request"]["id"]
    for headers in (kiosk, display):
        assert client.get("/api/v1/help-requests", headers=headers).status_code == 403
        assert client.post(f"/api/v1/help-requests/{number}/acknowledge", json={}, headers=headers).status_code == 403
    assert callers["staff"].send("POST", f"/api/v1/help-requests/{number}/acknowledge").status_code == 200


def test_a_staff_member_acts_only_on_the_counter_they_hold_by_session_or_token(app, centre, callers):
    """Issue 14, finding 5: staff restricted to counter 2 was refused the claim of counter 3, but while holding no
    counter got 200 on POST /counters/3/call-next and /counters/4/close. Now a staff principal, signed in or with
    an API token, works only at the counter it holds; a token bound to a counter (a call-button device) too."""
    from queue_server.services import administration, counter_claims

    administration.update_staff(centre, access.Principal("admin", "admin", "session"), "user-staff", "Staff",
                                "staff", True, [2])
    person = callers["staff"]
    token = {"Authorization": f"Bearer {person.token}"}
    client = app.test_client()
    refused = person.client.post("/api/v1/console/claim", json={"counter_number": 3}, headers={"X-CSRF-Token": person.csrf})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "counter_not_assigned"
    for path in ("/api/v1/counters/3/call-next", "/api/v1/counters/4/close"):
        by_session = person.client.post(path, json={}, headers={"X-CSRF-Token": person.csrf})
        by_token = client.post(path, json={}, headers=token)
        for response in (by_session, by_token):
            assert response.status_code == 403, (path, response.get_json())
            assert response.get_json()["error"]["code"] == "counter_not_held"
    assert client.get("/api/v1/queue").get_json()["counters"][3]["open"] is True  # counter 4 was not closed
    # The token takes counter 2 (its own): it works there, and still nowhere else.
    assert client.post("/api/v1/console/claim", json={"counter_number": 2}, headers=token).status_code == 200
    assert client.post("/api/v1/counters/2/call-next", json={}, headers=token).status_code == 200
    assert client.post("/api/v1/counters/3/call-next", json={}, headers=token).get_json()["error"]["code"] == \
        "not_your_counter"
    # A call-button device: a token bound to counter 5 when created (token create --counter 5).
    button = access.create_token(centre, "staff", "nut-goi-5")
    counter_claims.claim(centre, 5, "nut-goi-5", counter_claims.token_key("nut-goi-5"))
    pressed = {"Authorization": f"Bearer {button}"}
    assert client.post("/api/v1/counters/5/call-next", json={}, headers=pressed).status_code == 200
    assert client.post("/api/v1/counters/6/call-next", json={}, headers=pressed).status_code == 403
    # Managers and admins may still act on any counter (the table above).
    manager = {"Authorization": f"Bearer {callers['manager'].token}"}
    assert client.post("/api/v1/counters/6/call-next", json={}, headers=manager).status_code == 200


def test_a_device_token_can_be_given_to_the_print_agent_as_it_is(centre):
    """A token starting with "-" made `python -m printer.agent --token TOKEN` stop ("expected one argument"):
    one token in 64 did, so 400 of them found it almost always."""
    tokens = [access.create_token(centre, "kiosk", f"kiosk-{n}") for n in range(400)]
    assert len(set(tokens)) == 400
    assert [t for t in tokens if t.startswith("-")] == []
