"""What every request costs in SQL: the hooks around a request (settings version, bearer token, audit log) must
stay a small, fixed part of it. Counted with SQLAlchemy's cursor events, not timed (see docs/benchmarks.md)."""

import pytest
from sqlalchemy import event

from queue_server.services import access
from tests_support import take_counter

# An issue is 8 statements of its own (SQLite's BEGIN IMMEDIATE, number, ticket, event, the waiting tickets
# (five columns each, for the calling rule played forward), counters with whether each is staffed, busy
# counters (when any is staffed), print job; procedure and fields come from the live config)
# + 1 for the hooks before the request (settings version and token in one SELECT) + 1 for the audit row.
# It was 18 when the token was looked up twice and the settings and the audit log had transactions of their
# own, and 12 while the procedure and the fields were read from the database on every issue.
MAX_ISSUE_STATEMENTS = 10
# A call-next that closes the desk's visitor and calls the next: 10 of its own (BEGIN IMMEDIATE, the counter
# with its fields, the desk's ticket, closing it and its event, the oldest ticket of each group, the claim
# UPDATE ... RETURNING the ticket, the counter's interleave count when it moves, the call's event, the
# queue_changed counts) + 1 for the hooks before (settings version and token) + 1 for the counter claim check
# (holder and own claim in one SELECT) + 1 for the audit row. It was 18 while the counter's fields, the claims
# and the called ticket (twice) were read by the ORM, and the claim check ran in a transaction of its own.
MAX_CALL_NEXT_STATEMENTS = 13


@pytest.fixture
def statements(centre):
    seen: list[str] = []

    def record(conn, cursor, statement, params, context, executemany):
        seen.append(" ".join(statement.split()))

    event.listen(centre.db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(centre.db.engine, "before_cursor_execute", record)


def issue(client, headers, procedure="khai_sinh"):
    response = client.post("/api/v1/tickets", json={"procedure_id": procedure}, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response


def test_an_issue_request_runs_few_statements_and_looks_the_token_up_once(client, auth, statements):
    headers = auth("kiosk")
    issue(client, headers)
    issue(client, headers)  # warm: caches per day and field filled, the token's last-seen time written
    statements.clear()
    issue(client, headers)
    sql = "\n".join(statements)
    assert len(statements) <= MAX_ISSUE_STATEMENTS, f"{len(statements)} statements for one issue:\n{sql}"
    assert sum("api_tokens" in s for s in statements) == 1, sql  # settings version + token: one SELECT
    assert sum(s.startswith("INSERT INTO audit_log") for s in statements) == 1, sql
    assert sum(s.startswith("UPDATE api_tokens") for s in statements) == 0, sql  # last seen < 1 minute ago


def test_a_call_next_request_runs_few_statements(client, auth, statements):
    kiosk, staff = auth("kiosk"), auth("staff")
    take_counter(client, staff, 1)
    for _ in range(4):
        issue(client, kiosk)
    for _ in range(2):  # warm, and a visitor at the desk for the measured call to close
        assert client.post("/api/v1/counters/1/call-next", json={}, headers=staff).status_code == 200
    statements.clear()
    response = client.post("/api/v1/counters/1/call-next", json={}, headers=staff)
    assert response.status_code == 200 and response.get_json()["ticket"]["status"] == "called"
    sql = "\n".join(statements)
    assert len(statements) <= MAX_CALL_NEXT_STATEMENTS, f"{len(statements)} statements for one call:\n{sql}"
    assert sum(s.startswith("UPDATE tickets") for s in statements) == 2, sql  # the desk's visitor, the call
    assert sum(s.startswith("INSERT INTO ticket_events") for s in statements) == 2, sql
    assert sum(s.startswith("INSERT INTO audit_log") for s in statements) == 1, sql


def test_a_revoked_token_is_refused_on_the_next_request(client, auth, centre, tokens):
    headers = auth("kiosk")
    issue(client, headers)
    assert access.revoke_tokens(centre, "kiosk-1") == 1
    refused = client.post("/api/v1/tickets", json={"procedure_id": "khai_sinh"}, headers=headers)
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "invalid_token"
    # a public route does not care about a wrong token; a guarded one refuses it
    assert client.get("/api/v1/catalogue", headers={"Authorization": "Bearer nonsense"}).status_code == 200
    assert client.get("/api/v1/devices/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_the_token_last_seen_time_and_the_audit_row_are_still_written(client, auth, centre, clock):
    from datetime import timedelta

    from sqlalchemy import select

    from queue_server import models

    headers = auth("kiosk")
    issue(client, headers)

    def last_seen():
        with centre.db.reading() as session:
            return session.scalar(select(models.ApiToken.last_seen_at).where(models.ApiToken.name == "kiosk-1"))

    first = last_seen()
    assert first is not None
    clock.moment += timedelta(minutes=2)
    issue(client, headers)
    assert last_seen() > first
    with centre.db.reading() as session:
        rows = session.scalars(select(models.AuditEntry).where(models.AuditEntry.action == "api.issue")).all()
    assert len(rows) == 2 and {(r.actor, r.role, r.status) for r in rows} == {("kiosk-1", "kiosk", 201)}
    assert rows[0].detail.get("procedure_id") == "khai_sinh"
