"""Issue 14's sign-in findings: login CSRF (6), locking anyone's account (7) and what the audit log keeps of a
refused sign-in (13)."""

import time

import pytest
from sqlalchemy import select

from queue_server import models
from queue_server.services import access
from page_csrf import page_csrf
from queue_server.context import centre_of


@pytest.fixture
def database_url(tmp_path):  # sign-in limits are counted in the app: SQLite only
    return f"sqlite:///{tmp_path / 'sign-in.db'}"


@pytest.fixture
def staff_app(app, centre):
    access.create_staff(centre, "lan", "mat-khau-dai", "Lan", "staff")
    access.create_staff(centre, "quantri", "mat-khau-quan-tri", "Quản trị", "admin")
    return app


def browser(app, address="10.0.0.7"):
    """A browser at `address`: sign_in(username, password) → the answer, with the page's own CSRF token."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    client.get("/login")

    def sign_in(username, password):
        csrf = page_csrf(client)
        return client.post("/login", data={"username": username, "password": password, "csrf": csrf})

    client.sign_in = sign_in
    return client


def signed_in(client) -> bool:
    with client.session_transaction() as session:
        return bool(session.get("user"))


# --- finding 6: login CSRF ---------------------------------------------------------------------------------------

def test_finding_6_a_sign_in_without_a_session_and_an_empty_token_is_refused(staff_app):
    """Another site's page posts the attacker's credentials with `csrf=`: the victim's browser has no session
    (so no token) yet. Empty equals empty used to pass and signed the victim into the attacker's account."""
    victim = staff_app.test_client()
    forged = victim.post("/login", data={"username": "lan", "password": "mat-khau-dai", "csrf": ""})
    assert forged.status_code == 400 and "Session expired" in forged.get_data(as_text=True)
    assert not signed_in(victim)
    victim.get("/login")
    odd = victim.post("/login", data={"username": "lan", "password": "mat-khau-dai", "csrf": "mã-giả"})
    assert odd.status_code == 400 and not signed_in(victim)  # a non-ASCII token is refused, not a 500
    assert browser(staff_app).sign_in("lan", "mat-khau-dai").status_code == 302  # the real form still works


# --- finding 7: nobody can lock anyone out ------------------------------------------------------------------------

def test_finding_7_wrong_passwords_from_one_address_never_lock_the_real_user(staff_app):
    attacker = browser(staff_app, "203.0.113.5")
    assert [attacker.sign_in("quantri", f"doan-{i}").status_code for i in range(5)] == [401] * 5
    paused = attacker.sign_in("quantri", "doan-5")
    assert paused.status_code == 429 and int(paused.headers["Retry-After"]) > 0
    assert "Sai mật khẩu nhiều lần" in paused.get_data(as_text=True)
    # the admin, from the centre's own address, signs in at once: the account itself was never locked
    admin = browser(staff_app, "10.0.0.7")
    assert admin.sign_in("quantri", "mat-khau-quan-tri").status_code == 302 and signed_in(admin)


def test_finding_7_a_known_browser_signs_in_even_when_its_address_is_paused(staff_app):
    """Staff behind the centre's NAT share one address with whoever guesses there: the browser that signed in
    as the account before is counted on its own."""
    desk = browser(staff_app, "10.0.0.7")
    assert desk.sign_in("lan", "mat-khau-dai").status_code == 302
    desk.post("/logout", data={"csrf": _csrf(desk)})
    desk.get("/login")
    stranger = browser(staff_app, "10.0.0.7")
    for _ in range(6):
        stranger.sign_in("lan", "sai-roi")
    assert stranger.sign_in("lan", "mat-khau-dai").status_code == 429  # this address without the cookie waits
    assert desk.sign_in("lan", "mat-khau-dai").status_code == 302  # the desk's own browser does not


def _csrf(client) -> str:
    return page_csrf(client)


def test_finding_7_unknown_names_get_the_same_answers_as_real_ones(staff_app):
    """An unknown name is refused and paused exactly like a real one, so the answers never tell which exist."""
    def answers(name):
        client = browser(staff_app, f"198.51.100.{len(name)}")
        return [(r.status_code, _message(r)) for r in (client.sign_in(name, "sai") for _ in range(6))]

    assert answers("lan") == answers("khong-co-ai")


def _message(response) -> str:
    text = response.get_data(as_text=True)  # the login page's message (role="alert")
    return text.split('role="alert">', 1)[1].split("</", 1)[0] if 'role="alert">' in text else text


def test_finding_7_the_pause_ends_and_its_length_is_configurable(make_app, centre_with, monkeypatch):
    app = make_app(centre_with({"rate_limits": {"login_failures": {"limit": 2, "window_seconds": 1}}}))
    access.create_staff(centre_of(app), "lan", "mat-khau-dai", "Lan")
    client = browser(app)
    assert [client.sign_in("lan", "sai").status_code for _ in range(3)] == [401, 401, 429]
    later = time.time() + 2  # two seconds later (the clock moved by hand: no sleeping in tests)
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.sign_in("lan", "mat-khau-dai").status_code == 302


def test_finding_7_a_flood_of_made_up_names_from_one_address_is_paused(make_app, centre_with, monkeypatch):
    """Each sign-in costs a password hash, made-up names included (so that they answer like real ones): one
    address may try so many whatever the names, then waits; the desk's known browser is not counted."""
    app = make_app(centre_with({"rate_limits": {"login_per_address": {"limit": 4, "window_seconds": 300}}}))
    access.create_staff(centre_of(app), "lan", "mat-khau-dai", "Lan")
    desk = browser(app)
    assert desk.sign_in("lan", "mat-khau-dai").status_code == 302
    desk.post("/logout", data={"csrf": _csrf(desk)})
    desk.get("/login")
    hashed = []
    original = access.check_password_hash
    monkeypatch.setattr(access, "check_password_hash", lambda *a: hashed.append(a) or original(*a))
    flood = browser(app)
    answers = [flood.sign_in(f"khach{i}", "x").status_code for i in range(6)]
    assert answers == [401, 401, 401, 429, 429, 429] and len(hashed) == 3  # 4 counted: the desk's sign-in too
    assert desk.sign_in("lan", "mat-khau-dai").status_code == 302


# --- finding 13: the audit log keeps no typed name and every address ---------------------------------------------

def test_finding_13_a_refused_sign_in_keeps_the_address_not_what_was_typed(staff_app, centre):
    browser(staff_app, "192.0.2.44").sign_in("Mat-Khau-Bi-Mat-123", "lan")  # a password in the username box
    browser(staff_app, "192.0.2.45").sign_in("lan", "sai-roi")
    browser(staff_app, "192.0.2.46").sign_in("lan", "mat-khau-dai")
    with centre.db.reading() as session:
        entries = session.scalars(select(models.AuditEntry).order_by(models.AuditEntry.id)).all()
        logged = [(e.action, e.actor, e.address, e.detail) for e in entries if e.action.startswith("staff.login")]
    everything = repr(logged)
    assert "Mat-Khau-Bi-Mat-123" not in everything
    assert logged[0] == ("staff.login_refused", None, "192.0.2.44", {"reason": "login_failed", "account": None})
    assert logged[1] == ("staff.login_refused", None, "192.0.2.45", {"reason": "login_failed", "account": "lan"})
    assert logged[2][:3] == ("staff.login", "lan", "192.0.2.46")


def test_finding_13_every_audit_entry_records_the_source_address(staff_app, centre):
    token = access.create_token(centre, "admin", "script")
    staff_app.test_client().post("/api/v1/console/claim", json={"counter_number": 1},
                                 headers={"Authorization": f"Bearer {token}"}, environ_base={"REMOTE_ADDR": "192.0.2.9"})
    with centre.db.reading() as session:
        entry = session.scalars(select(models.AuditEntry).order_by(models.AuditEntry.id.desc())).first()
    assert (entry.actor, entry.action, entry.address) == ("script", "api.claim_counter", "192.0.2.9")
    admin = browser(staff_app, "10.0.0.7")
    admin.sign_in("quantri", "mat-khau-quan-tri")
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "192.0.2.9" in page and "10.0.0.7" in page  # the script's claim and the admin's own sign-in


def test_a_non_ascii_csrf_token_is_refused_on_the_api_and_the_admin_forms_not_a_500(staff_app):
    """Finding 6's comparison crashed on a non-ASCII token everywhere else it was made: API calls made with a
    session (X-CSRF-Token) and the admin pages' forms."""
    admin = browser(staff_app)
    assert admin.sign_in("quantri", "mat-khau-quan-tri").status_code == 302
    api = admin.post("/api/v1/console/claim", json={"counter_number": 1}, headers={"X-CSRF-Token": "mã-giả"})
    assert api.status_code == 403 and api.get_json()["error"]["code"] == "csrf_failed"
    form = admin.post("/admin/counters/5/close", data={"csrf": "mã-giả"})
    assert form.status_code == 403
