"""Redis (Socket.IO's message queue between server processes) goes away and comes back.

The server keeps serving HTTP (issuing, calling) at its usual speed, each process's own displays still get
its events, one clear warning is logged per process (not one per event or per retry), events flow
between the processes again within seconds of Redis coming back, and every process tells its displays to
reload their snapshot then (`resync`), so the calls a display missed meanwhile show on it."""

from __future__ import annotations

import time

import pytest

from fault_support import call_next, free_port, issue, make_tokens, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

DOWN = "Redis message queue unreachable"
BACK = "is back: events are shared again"


def log_since(server, offset: int) -> str:
    with open(server.log_path, "rb") as log:
        log.seek(offset)
        return log.read().decode("utf-8", "replace")


def test_redis_outage_keeps_serving_and_events_resume_when_it_is_back(cluster, displays):
    a, b, redis = cluster.a, cluster.b, cluster.redis
    kiosk, staff = a.tokens["kiosk"], a.tokens["staff"]
    on_a, on_b = displays(a.url), displays(b.url)
    first = issue(a.url, kiosk).json()["ticket"]
    on_b.next("ticket_issued", lambda p: p["ticket"]["number"] == first["number"])  # shared before the outage
    marks = {server: server.log_path.stat().st_size for server in (a, b)}

    redis.kill()
    outage_started = time.monotonic()
    issued = []
    for i in range(6):  # HTTP keeps working, without waiting for Redis
        started = time.monotonic()
        response = issue((a, b)[i % 2].url, kiosk, procedure=("khai_sinh", "chung_thuc_ban_sao")[i % 2])
        assert response.status_code == 201, response.text
        assert time.monotonic() - started < 5
        issued.append(response.json()["ticket"])
    called_meanwhile = {}
    for counter in (3, 1):
        started = time.monotonic()
        response = call_next(a.url, staff, counter=counter)
        assert response.status_code == 200 and response.json()["ticket"], response.text
        assert time.monotonic() - started < 5
        number = called_meanwhile[counter] = response.json()["ticket"]["number"]
        on_a.next("ticket_called", lambda p: p["ticket"]["number"] == number)  # A's own displays still hear A
    for ticket in issued[1::2]:
        on_b.next("ticket_issued", lambda p: p["ticket"]["number"] == ticket["number"])  # and B's hear B

    wait_until(lambda: DOWN in log_since(a, marks[a]) and DOWN in log_since(b, marks[b]), 20,
               "the warning about Redis in both servers' logs")
    while time.monotonic() - outage_started < 5:  # more events and listener retries during the outage...
        assert issue(a.url, kiosk).status_code == 201
        time.sleep(0.3)
    for server in (a, b):  # ... and still one warning per process
        assert log_since(server, marks[server]).count(DOWN) == 1, log_since(server, marks[server])[-3000:]

    assert not on_b.received("ticket_called")  # B's display missed A's calls, and its connection stayed up
    resync_marks = {display: len(display.snapshots) for display in (on_a, on_b)}
    redis.start()
    # Issue 14, finding 17: each process tells its own displays to reload, and B's display then shows the calls
    # it missed (its connection never dropped, so nothing else would have made it reload before a minute).
    for display in (on_a, on_b):
        display.next("resync", timeout=20)
    wait_until(lambda: len(on_b.snapshots) > resync_marks[on_b], 10, "B's display reloading after the resync")
    serving = {c["number"]: (c["serving"] or {}).get("number") for c in on_b.snapshots[-1][1]["counters"]}
    assert all(serving[counter] == number for counter, number in called_meanwhile.items()), serving
    # events resume: what is done on one process reaches the other's displays again
    sent: set[str] = set()

    def b_hears_a():
        sent.add(issue(a.url, kiosk).json()["ticket"]["number"])
        return on_b.received("ticket_issued", lambda p: p["ticket"]["number"] in sent)

    wait_until(b_hears_a, 20, "an event from process A on process B's display after Redis came back", interval=0.5)
    sent.clear()

    def a_hears_b():
        sent.add(issue(b.url, kiosk).json()["ticket"]["number"])
        return on_a.received("ticket_issued", lambda p: p["ticket"]["number"] in sent)

    wait_until(a_hears_b, 20, "an event from process B on process A's display after Redis came back", interval=0.5)
    back_up = time.monotonic()
    called = call_next(b.url, staff, counter=2).json()["ticket"]
    on_a.next("ticket_called", lambda p: p["ticket"]["number"] == called["number"], timeout=5)
    on_b.next("ticket_called", lambda p: p["ticket"]["number"] == called["number"], timeout=5)
    assert time.monotonic() - back_up < 5
    wait_until(lambda: all(BACK in log_since(s, marks[s]) for s in (a, b)), 10, "'Redis is back' in both logs")
    for server in (a, b):
        text = log_since(server, marks[server])
        assert text.count(DOWN) == 1 and "Traceback" not in text, text[-3000:]


def test_a_server_whose_redis_is_not_there_at_all_serves_and_warns_once(tmp_path, server_factory, displays):
    server = server_factory(f"sqlite:///{tmp_path / 'centre.db'}",
                            extra_env={"MOTCUA_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})
    tokens = make_tokens(server.env["DATABASE_URL"], ("kiosk", "kiosk-1"), ("staff", "canbo"))
    display = displays(server.url)
    started = time.monotonic()
    while time.monotonic() - started < 4 or DOWN not in log_since(server, 0):  # events, listener retries
        number = issue(server.url, tokens["kiosk"]).json()["ticket"]["number"]
        display.next("ticket_issued", lambda p: p["ticket"]["number"] == number)
        assert time.monotonic() - started < 60, "no warning about Redis in the log"
        time.sleep(0.02)  # a steady trickle, not a flood: the field's daily cap (999) must not end the test
    called = call_next(server.url, tokens["staff"], counter=1).json()["ticket"]["number"]
    display.next("ticket_called", lambda p: p["ticket"]["number"] == called)
    text = log_since(server, 0)
    assert text.count(DOWN) == 1 and "Traceback" not in text, text[-3000:]
