"""Issue 14's limits on what one caller may take: live connections per address (finding 2), a kiosk's issuing
pace (finding 8), the robot relay per address and message length (finding 9), and the request size (finding 10).
Each is configured in the centre's `security:` section and answers with a clear JSON error."""

import json
import socket
from pathlib import Path

import pytest
import requests

from queue_server.api import assistant_relay

DEMO = Path(__file__).resolve().parents[2] / "config" / "demo"


@pytest.fixture
def database_url(tmp_path):  # limits are counted in the app, not the database: SQLite only
    return f"sqlite:///{tmp_path / 'limits.db'}"


def issue(client, headers):
    return client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=headers)


# --- finding 2: live connections per address ----------------------------------------------------------------

def open_websocket(port: int) -> tuple[socket.socket, str]:
    """An anonymous Engine.IO WebSocket upgrade, held open: (socket, the answer's status line)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall((f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                  "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  "Sec-WebSocket-Version: 13\r\n\r\n").encode())
    answer = b""
    while b"\r\n" not in answer:
        chunk = sock.recv(4096)
        if not chunk:
            break
        answer += chunk
    return sock, answer.split(b"\r\n", 1)[0].decode()


@pytest.mark.parametrize("gunicorn", [False, True], ids=["werkzeug", "gunicorn"])
def test_finding_2_one_address_holds_only_its_share_of_live_connections(live_server_factory, centre_with, gunicorn):
    server = live_server_factory(config_path=centre_with({"connections_per_address": 3}),
                                 gunicorn=gunicorn)
    held = []
    try:
        for _ in range(3):
            sock, status = open_websocket(server.port)
            held.append(sock)
            assert " 101 " in status + " "
        refused, status = open_websocket(server.port)
        refused.close()
        assert status.startswith("HTTP/1.1 429")
        response = requests.get(server.url + "/socket.io/?EIO=4&transport=polling", timeout=10)
        assert response.status_code == 429 and response.json()["error"]["code"] == "too_many_connections"
        assert requests.get(server.url + "/api/v1/queue", timeout=10).status_code == 200  # the rest still serves
        held.pop().close()  # one leaves: a new one may come (once the server has seen it go)
        for _ in range(200):
            sock, status = open_websocket(server.port)
            if " 101 " in status + " ":
                held.append(sock)
                break
            sock.close()
        else:
            pytest.fail("a closed connection was never given back to its address")
    finally:
        for sock in held:
            sock.close()


def test_finding_2_the_limit_is_configurable_with_a_sensible_default(centre_with):
    from queue_server.centre_config import load_centre_config
    assert load_centre_config(DEMO).security.connections_per_address == 100
    assert load_centre_config(centre_with({"connections_per_address": 7})).security.connections_per_address == 7


def test_finding_2_anonymous_snapshot_reads_are_limited_per_address_not_for_devices(make_app, centre_with, tokens_for):
    """A flood of the heaviest public read (the bench's abuse row): displays load it on connect and every minute."""
    app = make_app(centre_with({"rate_limits": {"queue_reads": {"limit": 3, "window_seconds": 60}}}))
    client = app.test_client()
    read = lambda address="10.0.0.7", **headers: client.get("/api/v1/queue", headers=headers,
                                                            environ_base={"REMOTE_ADDR": address})
    assert [read().status_code for _ in range(4)] == [200, 200, 200, 429]
    assert read().get_json()["error"]["code"] == "rate_limited" and read("10.0.0.8").status_code == 200
    display = tokens_for(app, "display", "hall")
    assert all(read(**display).status_code == 200 for _ in range(5))  # a display with its token is not counted


# --- finding 8: a kiosk issues at a human pace ----------------------------------------------------------------

def test_finding_8_a_kiosk_token_issues_a_few_tickets_then_at_a_human_pace(make_app, tokens_for):
    app = make_app()  # the demo centre: no limit configured, the defaults apply
    client, kiosk = app.test_client(), tokens_for(app)
    assert [issue(client, kiosk).status_code for _ in range(5)] == [201] * 5  # a family's burst
    refused = issue(client, kiosk)
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 15
    assert "Xin chờ" in refused.get_json()["error"]["message"]
    # a staff account (not a kiosk) keeps the centre-wide default, and nothing was issued by the refusal
    staff = tokens_for(app, "staff", "canbo")
    assert all(issue(client, staff).status_code == 201 for _ in range(10))
    assert sum(f["waiting"] for f in client.get("/api/v1/queue").get_json()["fields"]) == 15


def test_finding_8_the_kiosk_pace_is_configurable_and_a_named_device_wins(make_app, centre_with, tokens_for):
    app = make_app(centre_with({"rate_limits": {"kiosk_issue": {"limit": 2, "window_seconds": 30},
                                                          "devices": {"robot-1": {"limit": 4, "window_seconds": 60}}}}))
    client = app.test_client()
    kiosk, robot = tokens_for(app), tokens_for(app, "kiosk", "robot-1")
    assert [issue(client, kiosk).status_code for _ in range(3)] == [201, 201, 429]
    assert [issue(client, robot).status_code for _ in range(5)] == [201, 201, 201, 201, 429]


# --- finding 9: the robot relay ---------------------------------------------------------------------------------

@pytest.fixture
def rasa(monkeypatch):
    """Stands in for Rasa's REST channel: records what reaches it and answers one line."""
    received = []

    class Answer:
        def raise_for_status(self):
            pass

        def json(self):
            return [{"recipient_id": "s", "text": "Mời anh/chị đến quầy 1."}]

    def post(url, json, timeout):
        received.append(json["message"])
        return Answer()

    monkeypatch.setattr(assistant_relay.requests, "post", post)
    return received


def chat(client, text, address="10.0.0.7"):
    return client.post("/api/v1/assistant/messages", json={"sender": "s", "text": text},
                       environ_base={"REMOTE_ADDR": address})


def test_finding_9_the_robot_relay_is_limited_per_address(make_app, centre_with, rasa):
    app = make_app(centre_with({"rate_limits": {"assistant": {"limit": 3, "window_seconds": 60}}}))
    client = app.test_client()
    assert [chat(client, "giờ làm việc").status_code for _ in range(3)] == [200, 200, 200]
    refused = chat(client, "giờ làm việc")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    error = refused.get_json()["error"]
    assert error["code"] == "rate_limited" and "Xin chờ" in error["message"] and "wait" in error["message_en"]
    assert len(rasa) == 3  # the refused message never reached Rasa
    assert chat(client, "giờ làm việc", address="10.0.0.8").status_code == 200  # another visitor


def test_finding_9_a_long_message_reaches_the_robot_cut_to_the_cap(make_app, rasa):
    client = make_app().test_client()
    replies = chat(client, "làm giấy khai sinh ở quầy nào " + "a" * 4970).get_json()["replies"]
    assert len(rasa[0]) == 500 and "500" in replies[0]["text"]  # the note says how much was read
    page = client.get("/robot").get_data(as_text=True)
    assert json.loads(page.split('id="page-data">', 1)[1].split("</script>", 1)[0])["max_text"] == 500


# --- finding 10: request size -----------------------------------------------------------------------------------

def test_finding_10_a_huge_body_is_refused_with_a_clear_413(make_app, centre_with, tokens_for):
    app = make_app()
    client, kiosk = app.test_client(), tokens_for(app)
    body = json.dumps({"procedure_id": "khai_sinh", "padding": "x" * (2 * 1024 * 1024)})
    for path, headers in (("/api/v1/tickets", kiosk), ("/api/v1/assistant/messages", {})):
        response = client.post(path, data=body, content_type="application/json", headers=headers)
        assert response.status_code == 413, path
        error = response.get_json()["error"]
        assert error["code"] == "payload_too_large" and error["max_kb"] == 1024 and "1024 KB" in error["message"]
    assert client.get("/api/v1/queue").get_json()["fields"][0]["waiting"] == 0  # nothing was issued
    small = make_app(centre_with({"max_request_kb": 1})).test_client()
    refused = small.post("/login", data={"username": "x" * 4096, "password": "y"})
    assert refused.status_code == 413 and "1 KB" in refused.get_data(as_text=True)
