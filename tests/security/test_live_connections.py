"""Who may hold a live (Socket.IO) connection: only pages of the centre itself (Origin), and only as long as
the token or the session it was opened with (issue 14, findings 11 and 12)."""

import pytest
import requests
import socketio

from live_server import cli
from queue_server.realtime import socketio as server_socketio
from queue_server.services import access, device_admin
from page_csrf import page_csrf

PUBLIC_URL = "http://motcua.example.vn"  # http: the test signs in over http (a https one makes the cookie Secure)


def sign_in(server, username="an", password="mat-khau-dai") -> str:
    """A staff member's session cookie, signed in through the form as a browser would."""
    cli(server.env, "staff", "create", "--username", username, "--password", password, "--name", "Nguyễn Văn An")
    browser = requests.Session()
    form = browser.get(server.url + "/login", timeout=10).text
    csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    answer = browser.post(server.url + "/login", data={"username": username, "password": password, "csrf": csrf},
                          allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return "session=" + browser.cookies["session"]


def connect(server, transport: str, origin: str | None, cookie: str) -> socketio.Client:
    """A connection as a browser page at `origin` would open it (None: a device, which sends no Origin)."""
    if transport == "websocket":  # websocket-client writes the Origin header itself
        client = socketio.Client(reconnection=False, websocket_extra_options=(
            {"origin": origin} if origin else {"suppress_origin": True}))
        headers = {"Cookie": cookie}
    else:
        client = socketio.Client(reconnection=False)
        headers = {"Cookie": cookie, **({"Origin": origin} if origin else {})}
    client.connect(server.url, headers=headers, transports=[transport], wait_timeout=10)
    return client


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_finding_11_a_page_of_another_origin_cannot_listen_with_a_staff_cookie(live_server_factory, transport):
    """A page on another port of the same host, with a staff cookie, joined a counter's private room."""
    server = live_server_factory(extra_env={"MOTCUA_PUBLIC_URL": PUBLIC_URL})
    cookie = sign_in(server)
    other_port = server.url.rsplit(":", 1)[0] + ":8081"
    for foreign in (other_port, "http://motcua.example.vn.evil.test", "null"):
        with pytest.raises(socketio.exceptions.ConnectionError):
            connect(server, transport, foreign, cookie)
    # The centre's own pages (reached directly or at the public address) and devices without an Origin connect.
    for own in (server.url, PUBLIC_URL, None):
        client = connect(server, transport, own, cookie)
        assert client.connected
        client.disconnect()


def staff_session(app, centre, username):
    """A signed-in browser (Flask test client) of a new staff account, with its CSRF token."""
    if not access.staff_exists(centre, username):
        access.create_staff(centre, username, "mat-khau-dai", username.title())
    browser = app.test_client()
    csrf = page_csrf(browser)
    assert browser.post("/login", data={"username": username, "password": "mat-khau-dai",
                                        "csrf": csrf}).status_code == 302
    return browser, page_csrf(browser)


def test_finding_12_a_revoked_kiosk_token_stops_its_live_connection(app, centre, client, tokens, auth):
    """A revoked kiosk socket kept receiving print_job_created, tracking link included."""
    kiosk = server_socketio.test_client(app, auth={"token": tokens["kiosk"]})
    display = server_socketio.test_client(app)
    client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=auth("kiosk"))
    assert [e["name"] for e in kiosk.get_received()].count("print_job_created") == 1
    assert device_admin.revoke_device(centre, "kiosk-1") == 1  # what the admin Devices page does
    assert not kiosk.is_connected()
    assert display.is_connected()  # other connections go on
    renewed = access.create_token(centre, "kiosk", "kiosk-1")
    again = server_socketio.test_client(app, auth={"token": tokens["kiosk"]})
    assert not again.is_connected()  # the revoked token is refused on reconnect
    fresh = server_socketio.test_client(app, auth={"token": renewed})
    client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers={"Authorization": f"Bearer {renewed}"})
    assert [e["name"] for e in fresh.get_received()].count("print_job_created") == 1
    for socket in (display, fresh):
        socket.disconnect()


def test_finding_12_signing_out_closes_the_consoles_live_connections(app, centre, client, auth):
    """A signed-out console kept receiving its counter's transfer notes."""
    binh, binh_csrf = staff_session(app, centre, "binh")
    other_browser, _ = staff_session(app, centre, "binh")  # the same account in a second browser
    an, an_csrf = staff_session(app, centre, "an")
    assert binh.post("/api/v1/console/claim", json={"counter_number": 2},
                     headers={"X-CSRF-Token": binh_csrf}).status_code == 200
    console = server_socketio.test_client(app, flask_test_client=binh)
    second = server_socketio.test_client(app, flask_test_client=other_browser)
    colleague = server_socketio.test_client(app, flask_test_client=an)
    assert console.emit("watch_counter", {"counter": 2}, callback=True) == {"ok": True, "counter": 2}
    assert binh.post("/logout", data={"csrf": binh_csrf}).status_code == 302
    assert not console.is_connected() and not second.is_connected()
    assert colleague.is_connected()  # a colleague's console goes on

    # Whoever holds counter 2 next gets the note; the signed-out console heard nothing of it.
    client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=auth("kiosk"))
    an.post("/api/v1/console/claim", json={"counter_number": 1}, headers={"X-CSRF-Token": an_csrf})
    an.post("/api/v1/counters/1/call-next", headers={"X-CSRF-Token": an_csrf})
    moved = an.post("/api/v1/counters/1/transfer", json={"counter_number": 2, "reason": "Thiếu bản chính"},
                    headers={"X-CSRF-Token": an_csrf})
    assert moved.status_code == 200, moved.get_json()
    with pytest.raises(RuntimeError):  # not connected: nothing can reach it
        console.get_received()
    colleague.disconnect()


def test_finding_12_disabling_an_account_closes_its_live_connections(app, centre):
    binh, _ = staff_session(app, centre, "binh")
    console = server_socketio.test_client(app, flask_test_client=binh)
    admin = access.Principal(name="sep", role="admin", via="session")
    from queue_server.services import administration
    administration.update_staff(centre, admin, "binh", "Binh", "staff", active=False, counters=[])
    assert not console.is_connected()
