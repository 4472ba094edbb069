"""kill -9 the server while 8 clients issue tickets.

After the restart every ticket whose issue was acknowledged (201) is there, no number is used twice, nothing
is half-written, and displays (Socket.IO clients that reconnect, as the pages do) are connected again with
the right snapshot within 3 s of the server being back."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter

import pytest

from fault_support import IssueLoad, call_next, free_port, issue, make_tokens, wait_until

pytestmark = pytest.mark.slow


def test_kill_9_while_8_clients_issue_loses_no_acknowledged_ticket(tmp_path, server_factory, displays):
    path = tmp_path / "centre.db"
    server = server_factory(f"sqlite:///{path}", port=free_port())
    tokens = make_tokens(server.env["DATABASE_URL"], ("kiosk", "kiosk-1"), ("staff", "canbo"))
    screens = [displays(server.url), displays(server.url), displays(server.url, transports=("polling",))]

    load = IssueLoad([server.url], [tokens["kiosk"], tokens["staff"]], threads=8).start()
    try:
        wait_until(lambda: load.count_acknowledged() >= 24, 90, "24 tickets issued", interval=0.1)
        server.process.kill()  # SIGKILL: no clean-up of any kind
        server.process.wait(10)
        killed_at = time.monotonic()
        wait_until(lambda: sum(1 for o in load.snapshot() if o.error and o.at > killed_at) >= 8, 30,
                   "the clients noticing the server is gone")
    finally:
        load.stop()
    server.stop()  # closes the old log
    server.start(timeout=90)
    up_at = time.monotonic()

    with sqlite3.connect(path) as db:
        tickets = dict(db.execute("SELECT number, status FROM tickets").fetchall())
        assert db.execute("SELECT count(*) FROM tickets").fetchone()[0] == len(tickets)  # no number twice
        assert db.execute("SELECT count(*) FROM tickets t WHERE (SELECT count(*) FROM ticket_events e "
                          "WHERE e.ticket_id = t.id AND e.kind = 'issued') != 1").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM tickets t WHERE t.kiosk_id IS NOT NULL AND NOT EXISTS "
                          "(SELECT 1 FROM print_jobs j WHERE j.ticket_id = t.id)").fetchone()[0] == 0
    outcomes = load.snapshot()
    assert {o.status for o in outcomes if o.error is None} == {201}, Counter(o.status for o in outcomes)
    acknowledged = [t["number"] for t in load.acknowledged()]
    assert len(acknowledged) == len(set(acknowledged))
    assert set(acknowledged) <= set(tickets), sorted(set(acknowledged) - set(tickets))  # every 201 survived
    in_doubt = sum(1 for o in outcomes if o.unknown)  # the requests cut off by the kill
    assert len(set(tickets) - set(acknowledged)) <= in_doubt
    waiting = sorted(n for n, status in tickets.items() if status == "issued")

    for screen in screens:
        wait_until(lambda: any(at > killed_at for at, _ in screen.snapshots), 20,
                   f"{screen.client.transport()} display reconnecting and reloading the snapshot")
        reconnected, snapshot = next((at, s) for at, s in screen.snapshots if at > killed_at)
        assert reconnected - up_at <= 3.0, f"reconnected {reconnected - up_at:.1f} s after the restart"
        assert sorted(t["number"] for t in snapshot["waiting"]) == waiting

    # and the restarted server carries on: numbers continue, calls reach every display
    fresh = issue(server.url, tokens["staff"]).json()["ticket"]
    assert fresh["number"] not in tickets
    called = call_next(server.url, tokens["staff"], counter=1).json()["ticket"]
    for screen in screens:
        screen.next("ticket_called", lambda p: p["ticket"]["number"] == called["number"])
