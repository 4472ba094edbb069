"""Live events over a real Socket.IO connection to a server process."""

import queue

import pytest
import requests
import socketio


class Listener:
    """A python-socketio client that records every event it receives."""

    def __init__(self, url: str, auth: dict | None = None):
        self.events: queue.Queue = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.client.on("*", lambda name, payload: self.events.put((name, payload)))
        self.client.connect(url, auth=auth or {}, transports=["websocket"], wait_timeout=10)

    def next(self, name: str, timeout: float = 5.0) -> dict:
        while True:
            event, payload = self.events.get(timeout=timeout)
            if event == name:
                return payload

    def close(self):
        self.client.disconnect()


@pytest.fixture
def listen(live_server):
    listeners = []

    def make(auth=None):
        listener = Listener(live_server.url, auth)
        listeners.append(listener)
        return listener

    yield make
    for listener in listeners:
        listener.close()


def issue(server, procedure="khai_sinh"):
    response = requests.post(server.url + "/api/v1/tickets", json={"procedure_id": procedure},
                             headers={"Authorization": "Bearer " + server.tokens["kiosk"]}, timeout=10)
    assert response.status_code == 201
    return response.json()["ticket"]


def counter(server, path, body=None):
    """As the staff member of the server's staff token, at the counter the path names (taken first)."""
    headers = {"Authorization": "Bearer " + server.tokens["staff"]}
    taken = requests.post(f"{server.url}/api/v1/console/claim", json={"counter_number": int(path.split("/")[0])},
                          headers=headers, timeout=10)
    assert taken.status_code == 200, taken.text
    return requests.post(f"{server.url}/api/v1/counters/{path}", json=body or {}, headers=headers, timeout=10)


def test_every_display_hears_issue_call_and_recall(live_server, listen):
    displays = [listen(), listen()]  # displays listen without a token
    ticket = issue(live_server)
    for display in displays:
        issued = display.next("ticket_issued")
        assert issued["ticket"]["number"] == ticket["number"]
        assert "track_token" not in issued["ticket"]  # events are public: no tracking secret in them
        assert display.next("queue_changed")["fields"][0] == {"id": "ho_tich", "waiting": 1}
    counter(live_server, "2/call-next")
    for display in displays:
        called = display.next("ticket_called")
        assert called["ticket"]["number"] == ticket["number"] and called["ticket"]["counter_number"] == 2
        assert called["counter"] == {"number": 2, "name": "Quầy 2 – Hộ tịch", "location": "Tầng 1, bên trái"}
    counter(live_server, "2/recall")
    assert displays[0].next("ticket_recalled")["ticket"]["recall_count"] == 1
    counter(live_server, "2/done")
    assert displays[1].next("ticket_completed")["ticket"]["status"] == "done"


def test_print_jobs_reach_only_the_kiosk_that_issued(live_server, listen):
    kiosk = listen({"token": live_server.tokens["kiosk"]})
    bystander = listen()
    ticket = issue(live_server)
    job = kiosk.next("print_job_created")
    assert job["ticket"]["number"] == ticket["number"] and job["ticket"]["track_url"] == ticket["track_url"]
    assert bystander.next("ticket_issued")["ticket"]["number"] == ticket["number"]
    with pytest.raises(queue.Empty):
        bystander.next("print_job_created", timeout=0.5)


def test_a_wrong_device_token_is_refused_at_connect(live_server):
    with pytest.raises(socketio.exceptions.ConnectionError):
        Listener(live_server.url, {"token": "forged"})


def test_a_display_that_missed_events_catches_up_from_the_snapshot(live_server, listen):
    issue(live_server)
    issue(live_server)
    counter(live_server, "1/call-next")
    late = listen()  # connects after the facts, as after a network drop
    snapshot = requests.get(live_server.url + "/api/v1/queue", timeout=10).json()
    assert next(c for c in snapshot["counters"] if c["number"] == 1)["serving"]["number"] == "A-001"
    assert [t["number"] for t in snapshot["waiting"]] == ["A-002"]
    counter(live_server, "1/call-next")
    assert late.next("ticket_called")["ticket"]["number"] == "A-002"
