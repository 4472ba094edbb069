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
