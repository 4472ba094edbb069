"""Fuzz the API from its own OpenAPI document (schemathesis): no 5xx, every response's status code, content type,
body and headers are the documented ones, schema-valid requests are not refused as malformed, malformed ones
are refused. Runs against the WSGI app on SQLite with an admin token (admin may do everything), so the
state-changing routes are exercised past their guards; a bounded number of examples per operation keeps the
whole run to a few minutes on a busy 2-core machine.

Schema-valid requests may still be refused for what they mean (422 unknown priority or reversed period, 404
unknown counter, 409 transition not allowed, 410 expired link): positive_data_acceptance accepts those."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from page_csrf import page_csrf

MAX_EXAMPLES = 12
MEANINGFUL_REFUSALS = ["2xx", "3xx", "401", "403", "404", "409", "410", "422", "429"]


@pytest.fixture
def database_url(tmp_path):  # SQLite only: the fuzzer checks the API's contract, not the database
    return f"sqlite:///{tmp_path / 'fuzz.db'}"


@pytest.fixture
def fuzz_app(app, centre):
    from queue_server.services import access, issuing
    app.config["FUZZ_TOKEN"] = access.create_token(centre, "admin", "fuzzer")
    for procedure in ("khai_sinh", "chung_thuc_ban_sao", "cap_gcn_lan_dau"):  # something to call and track
        issuing.issue_ticket(centre, procedure, None, "kiosk-1", "fuzzer", "http://localhost")
    return app


@pytest.fixture
def api_schema(fuzz_app):
    config = schemathesis.Config.from_dict({
        "headers": {"Authorization": f"Bearer {fuzz_app.config['FUZZ_TOKEN']}"},
        "checks": {"positive_data_acceptance": {"expected-statuses": MEANINGFUL_REFUSALS}},
    })
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app, config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
          database=None)
def test_api_matches_its_openapi_document(case):
    case.call_and_validate()


def test_what_the_fuzzer_found_stays_fixed(client, auth):
    """Ids beyond 32 bits reached the database driver (500); 7.0 is the JSON integer 7; 405 names Allow."""
    staff = auth("staff")
    assert client.get("/api/v1/tickets/189804005219184991652544512", headers=staff).status_code == 404
    assert client.get("/api/v1/counters/99999999999/last-served").status_code == 404
    # staff act at the counter they hold: then the body is read
    assert client.post("/api/v1/console/claim", json={"counter_number": 1}, headers=staff).status_code == 200
    response = client.post("/api/v1/counters/1/recall", json={"ticket_id": 1158556491686}, headers=staff)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_field"
    response = client.post("/api/v1/console/claim", json={"counter_number": 1.0}, headers=staff)
    assert response.status_code == 200, response.get_json()
    response = client.open("/api/v1/catalogue", method="TRACE")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_finding_16_a_huge_offset_is_a_clear_400(app, centre):
    from queue_server.services import access
    access.create_staff(centre, "quanly", "mat-khau-dai", "Quản lý", "manager")
    client = app.test_client()
    csrf = page_csrf(client)
    client.post("/login", data={"username": "quanly", "password": "mat-khau-dai", "csrf": csrf})
    for offset in ("9223372036854775808", "-1", "abc"):
        refused = client.get(f"/admin/audit?offset={offset}")
        assert refused.status_code == 400 and "offset" in refused.get_data(as_text=True), offset
    assert client.get("/admin/audit?offset=100").status_code == 200
    robot = client.get("/robot?idle=99999999999999999999")  # the robot screen's reset delay, the same way
    assert robot.status_code == 400 and "idle" in robot.get_data(as_text=True)


def conforms(document: dict, schema: dict, value) -> bool:
    """Whether `value` matches `schema` of the OpenAPI document (its $refs resolved in the document)."""
    import jsonschema_rs
    return jsonschema_rs.validator_for({**schema, "components": document["components"]}).is_valid(value)


def test_finding_18_the_document_and_the_api_agree(client, auth, centre):
    """What schemathesis found: a held ticket's status, a print ack's `"error": null`, an empty priority."""
    import yaml
    from pathlib import Path

    from queue_server.services import issuing
    document = yaml.safe_load((Path(__file__).resolve().parents[2] / "queue_server" / "api" / "openapi.yaml")
                              .read_text(encoding="utf-8"))
    body = lambda path: document["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    answer = lambda path: document["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]["schema"]

    # a visitor parked at the counter: the answer is a ticket whose status is `held`
    ticket = issuing.issue_ticket(centre, "khai_sinh", None, "kiosk-1", "test", "http://localhost")
    staff = auth("staff")
    client.post("/api/v1/console/claim", json={"counter_number": 1}, headers=staff)
    assert client.post("/api/v1/counters/1/call-next", json={}, headers=staff).get_json()["ticket"]["id"] == ticket["id"]
    client.post("/api/v1/counters/1/start", json={}, headers=staff)
    held = client.post("/api/v1/counters/1/hold", json={}, headers=staff)
    assert held.status_code == 200 and held.get_json()["ticket"]["status"] == "held"
    assert conforms(document, answer("/api/v1/counters/{number}/hold"), held.get_json())

    # a print agent's failed ack without a message: accepted by the API and by the document
    ack = {"status": "failed", "error": None}
    assert conforms(document, body("/api/v1/print-jobs/{job_id}/ack"), ack)
    jobs = client.get("/api/v1/print-jobs?status=pending", headers=auth("kiosk")).get_json()
    job_id = (jobs if isinstance(jobs, list) else jobs["jobs"])[0]["id"]
    assert client.post(f"/api/v1/print-jobs/{job_id}/ack", json=ack, headers=auth("kiosk")).status_code == 200

    # an empty priority (a form's "none" choice) is valid in the document, and the API takes it as none
    empty = {"procedure_id": "khai_sinh", "priority": ""}
    assert conforms(document, body("/api/v1/tickets"), empty)
    issued = client.post("/api/v1/tickets", json=empty, headers=staff)
    assert issued.status_code == 201 and issued.get_json()["ticket"]["priority"] is None
