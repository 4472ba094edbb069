"""Scale-out: two server processes on one PostgreSQL database, Socket.IO events shared through Redis.

Displays connected to one process hear what is done on the other; tickets issued through both at once never
share a number; a script emitting through Redis (as the print agent or the robot's actions may) reaches the
displays of every process; a token revoked from the command line closes its connections on every process."""

from __future__ import annotations

import time
from collections import Counter

import pytest
import socketio
from sqlalchemy import create_engine, text

from fault_support import IssueLoad, call_next, issue, make_tokens, wait_until
from live_server import cli

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_displays_on_one_process_see_calls_made_on_the_other(cluster, displays):
    a, b = cluster.a, cluster.b
    on_a = [displays(a.url), displays(a.url, transports=("polling",))]
    on_b = displays(b.url)
    everyone = (*on_a, on_b)

    ticket = issue(a.url, a.tokens["kiosk"]).json()["ticket"]
    for display in everyone:
        display.next("ticket_issued", lambda p: p["ticket"]["number"] == ticket["number"])

    called = call_next(b.url, b.tokens["staff"], counter=2)  # the oldest waiting ticket (other tests leave some)
    assert called.status_code == 200 and called.json()["ticket"]
    first = called.json()["ticket"]["number"]
    for display in everyone:
        event = display.next("ticket_called", lambda p: p["ticket"]["number"] == first)
        assert event["ticket"]["counter_number"] == 2 and event["counter"]["number"] == 2

    # the other way round; and each event arrives once, not once per process
    issue(b.url, b.tokens["staff"])
    second = call_next(a.url, a.tokens["staff"], counter=1).json()["ticket"]["number"]
    for display in everyone:
        display.next("ticket_called", lambda p: p["ticket"]["number"] == second)
    time.sleep(0.5)  # room for a duplicate to show up, were an event delivered once per process
    for display in everyone:
        display.received("ticket_called")  # takes in what has arrived
        calls = [p["ticket"]["number"] for e, p in display.seen if e == "ticket_called"]
        assert calls == [first, second], calls


def test_an_external_emitter_reaches_the_displays_of_every_process(cluster, displays):
    on_a, on_b = displays(cluster.a.url), displays(cluster.b.url)
    # what a script (or the print agent, or the robot's action server) does to emit without being a server
    emitter = socketio.RedisManager(cluster.redis.url, channel="flask-socketio", write_only=True)
    payload = {"device_id": "kiosk-1", "printer_status": "paper_near_end", "detail": "from a script"}

    def delivered():  # a process may still be subscribing when the display connects: emit until both heard it
        emitter.emit("printer_status_changed", payload, room="public")
        return all(d.received("printer_status_changed", lambda p: p == payload) for d in (on_a, on_b))

    wait_until(delivered, 15, "the script's event on the displays of both processes", interval=0.5)


def test_finding_12_a_revoked_token_loses_its_connections_on_every_process(cluster, displays):
    """Issue 14, finding 12, with several processes: `token revoke` (a process of its own, sharing Redis) closes
    the kiosk's connections on both servers; other connections go on."""
    token = make_tokens(cluster.database, ("kiosk", "kiosk-9"))["kiosk"]
    kiosks = []
    for server in (cluster.a, cluster.b):
        kiosk = socketio.Client(reconnection=False)
        kiosk.connect(server.url, auth={"token": token}, transports=["websocket"], wait_timeout=10)
        kiosks.append(kiosk)
    display = displays(cluster.b.url)
    assert "Revoked 1 token(s) of kiosk-9" in cli(cluster.a.env, "token", "revoke", "--name", "kiosk-9")
    wait_until(lambda: not any(kiosk.connected for kiosk in kiosks), 10, "both kiosk connections closed")
    assert display.client.connected


def test_tickets_issued_through_both_processes_at_once_never_share_a_number(cluster):
    a, b = cluster.a, cluster.b
    engine = create_engine(cluster.database)
    with engine.connect() as conn:
        before = set(conn.execute(text("SELECT number FROM tickets")).scalars())
        jobs_before = conn.execute(text("SELECT count(*) FROM print_jobs")).scalar()
    load = IssueLoad([a.url, b.url], [a.tokens["kiosk"], a.tokens["staff"]], threads=8).start()
    try:
        wait_until(lambda: load.count_acknowledged() >= 120, 120, "120 tickets issued through both processes",
                   interval=0.2)
    finally:
        load.stop()
    outcomes = load.snapshot()
    assert {o.status for o in outcomes} == {201}, Counter(o.status or o.error for o in outcomes)
    by_process = Counter(o.url for o in outcomes)
    assert by_process[a.url] > 20 and by_process[b.url] > 20, by_process
    numbers = [t["number"] for t in load.acknowledged()]
    assert len(numbers) == len(set(numbers)), [n for n, c in Counter(numbers).items() if c > 1]

    with engine.connect() as conn:
        rows = conn.execute(text("SELECT number FROM tickets")).scalars().all()
        jobs = conn.execute(text("SELECT count(*) FROM print_jobs")).scalar()
    engine.dispose()
    assert len(rows) == len(set(rows))
    assert set(rows) - before == set(numbers)  # nothing issued that was not acknowledged, nothing lost
    assert jobs - jobs_before == sum(1 for o in outcomes if o.token_index == 0)  # each kiosk ticket: one print job
    for prefix in {n.split("-")[0] for n in rows}:  # numbers run 1..N without a gap or a repeat, per prefix
        sequence = sorted(int(n.split("-")[1]) for n in rows if n.startswith(prefix + "-"))
        assert sequence == list(range(1, len(sequence) + 1)), prefix
