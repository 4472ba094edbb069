"""POST /print-jobs/<id>/ack, as the print agent calls it: only the printing kiosk may ack, a repeated ack is
harmless, bad input is refused, and a failure reaches the screen of the kiosk that issued the ticket.

Runs on SQLite and PostgreSQL (database_url fixture); live events through Flask-SocketIO's test client."""

import textwrap

import pytest

from queue_server.realtime import socketio
from tests_support import demo_centre_yaml

TWO_KIOSKS = textwrap.dedent("""
    devices:
      kiosks:
        - {id: kiosk-1, name: Kiosk sảnh chính, printer: "dummy:"}
        - {id: kiosk-2, name: Kiosk tầng 2, printer: "dummy:"}
        - {id: robot-1, name: Robot lễ tân, print_via: kiosk-1}
      displays:
        - {id: hall, name: Màn hình sảnh chính, counters: all}
""")


@pytest.fixture
def app(make_app, tmp_path):
    folder = tmp_path / "centre"
    folder.mkdir()
    (folder / "centre.yaml").write_text(demo_centre_yaml(TWO_KIOSKS), encoding="utf-8")
    return make_app(folder)


@pytest.fixture
def kiosk(app, tokens_for):
    """kiosk("kiosk-2") → the bearer header of that kiosk-role device."""
    return lambda name="kiosk-1": tokens_for(app, "kiosk", name)


def issue(client, headers) -> dict:
    response = client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["ticket"]


def pending(client, headers) -> list[dict]:
    return client.get("/api/v1/print-jobs?status=pending", headers=headers).get_json()["jobs"]


def ack(client, job_id, headers, **body):
    return client.post(f"/api/v1/print-jobs/{job_id}/ack", json=body, headers=headers)


def test_another_kiosks_job_is_not_found_and_left_alone(client, kiosk):
    issue(client, kiosk("kiosk-2"))
    [job] = pending(client, kiosk("kiosk-2"))
    refused = ack(client, job["id"], kiosk("kiosk-1"), status="printed")
    assert refused.status_code == 404
    assert refused.get_json()["error"]["code"] == "unknown_print_job"
    assert ack(client, 10**6, kiosk("kiosk-1"), status="printed").status_code == 404  # no such job at all
    assert [j["id"] for j in pending(client, kiosk("kiosk-2"))] == [job["id"]]  # still waiting for its own agent


def test_a_repeated_ack_answers_the_job_as_printed_and_changes_nothing(client, kiosk):
    # The agent resends "printed" when the first answer was lost: it must get a 200, not an error to retry.
    issue(client, kiosk())
    [job] = pending(client, kiosk())
    first = ack(client, job["id"], kiosk(), status="printed")
    assert first.status_code == 200
    printed = first.get_json()["job"]
    assert printed["status"] == "printed" and printed["attempts"] == 1 and printed["last_error"] is None
    again = ack(client, job["id"], kiosk(), status="printed")
    assert again.status_code == 200 and again.get_json()["job"] == printed
    late_failure = ack(client, job["id"], kiosk(), status="failed", error="timeout: no answer")
    assert late_failure.status_code == 200 and late_failure.get_json()["job"] == printed  # a printed job stays so
    assert pending(client, kiosk()) == []


@pytest.mark.parametrize("body, status, code", [
    ({"status": "lost"}, 422, "invalid_status"),
    ({"status": "PRINTED"}, 422, "invalid_status"),
    ({}, 400, "missing_field"),
    ({"status": 1}, 400, "invalid_field"),
])
def test_an_invalid_status_is_refused_and_the_job_stays_pending(client, kiosk, body, status, code):
    issue(client, kiosk())
    [job] = pending(client, kiosk())
    refused = client.post(f"/api/v1/print-jobs/{job['id']}/ack", json=body, headers=kiosk())
    assert refused.status_code == status
    assert refused.get_json()["error"]["code"] == code
    [still] = pending(client, kiosk())
    assert still["attempts"] == 0


def test_no_token_or_a_wrong_one_is_401(client, kiosk):
    issue(client, kiosk())
    [job] = pending(client, kiosk())
    assert ack(client, job["id"], {}, status="printed").status_code == 401
    assert ack(client, job["id"], {"Authorization": "Bearer forged"}, status="printed").status_code == 401
    assert pending(client, kiosk())[0]["status"] == "pending"


def test_a_failed_ack_tells_the_kiosk_that_issued_the_ticket(app, client, kiosk):
    def listen(name):
        listener = socketio.test_client(app, auth={"token": kiosk(name)["Authorization"].split()[1]})
        assert listener.is_connected()
        listener.get_received()
        return listener

    screens = {name: listen(name) for name in ("kiosk-1", "kiosk-2", "robot-1")}
    try:
        ticket = issue(client, kiosk("robot-1"))  # the robot prints through kiosk-1's agent (print_via)
        [job] = pending(client, kiosk("kiosk-1"))
        assert ack(client, job["id"], kiosk("kiosk-1"), status="failed", error="paper_out: hết giấy").status_code == 200
        heard = {name: [e["args"][0] for e in s.get_received() if e["name"] == "print_job_failed"]
                 for name, s in screens.items()}
        assert heard["robot-1"] == [{"id": job["id"], "kind": "ticket", "attempts": 1,
                                     "last_error": "paper_out: hết giấy",
                                     "ticket": {"id": ticket["id"], "number": ticket["number"]}}]
        assert heard["kiosk-1"] == [] and heard["kiosk-2"] == []  # the printing kiosk shows no such ticket

        ack(client, job["id"], kiosk("kiosk-1"), status="printed")  # the retry worked: nothing more to say
        assert not [e for e in screens["robot-1"].get_received() if e["name"] == "print_job_failed"]
    finally:
        for listener in screens.values():
            listener.disconnect()
